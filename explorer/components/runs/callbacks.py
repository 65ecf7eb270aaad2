"""The runs' callbacks: their results derived from the scene (paths sent once, cards, the outcome beside Run), the
race table, and the browser's drawing of the runs over the map and in the side plots."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State

from explorer.components.map import ids as map_ids
from explorer.components.training import ids as training_ids
from explorer.core import ids as scene_ids

from . import derive, ids, race


def register(app) -> None:
    export_path = app.get_relative_path("/export/")

    @app.callback(
        output={
            "runs": Output(ids.RUNS, "data"),
            "paths": Output(ids.PATHS, "data"),
            "cards": Output(ids.RUN_LIST, "children"),
            "note": Output(training_ids.MSG_RUN, "children", allow_duplicate=True),
            "waiting": Output(ids.WAIT_NOTE, "hidden", allow_duplicate=True),  # the runs it announced are here
        },
        inputs={"scene_runs": Input(scene_ids.SCENE_RUNS, "data"), "scene_view": Input(scene_ids.SCENE_VIEW, "data")},
        state={"scene_meta": State(scene_ids.SCENE_META, "data"), "known": State(ids.RUNS, "data")},
        prevent_initial_call=True,
    )
    def _derive_runs(scene_runs, scene_view, scene_meta, known):
        return derive.derive_runs(scene_runs, scene_view, scene_meta, known, export_path)

    race.register(app)
    app.clientside_callback(
        ClientsideFunction("explorer", "drawRuns"),
        [Output(map_ids.OVERLAY, "figure"), Output(ids.LOSS, "figure"), Output(ids.RESPONSE, "figure")],
        [Input(ids.RUNS, "data"), Input(ids.PATHS, "data"), Input(map_ids.OVERLAY_BASE, "data")],
        [State(scene_ids.SCENE_DRAFT, "data"), State(ids.LOSS, "figure"), State(ids.RESPONSE, "figure")],
        prevent_initial_call=True,
    )
