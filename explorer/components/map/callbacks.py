"""The map's callbacks: the map drawn when the view (or the stability overlay's input) changes and again when a
basin map arrives; each axis dropdown offering the parameters not on the other axis; and the browser's hooks
(exact clicks and hover values on the map, the start marker)."""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Input, Output, State

import surface
from explorer.components.curvature import ids as curvature_ids
from explorer.components.jobs.callbacks import result
from explorer.components.jobs.ids import part
from explorer.core import ids as scene_ids

from . import draw, hover, ids, layers, layout


def axis_options(x, y):
    """Each dropdown lists the seven parameters with the other axis's one disabled; the axis parameters' fixed
    boxes are disabled (they vary along the map)."""
    disabled = [name in (x, y) for name in surface.PARAMS]
    return {"x_options": layout.parameter_options(y), "y_options": layout.parameter_options(x), "disabled": disabled}


def map_for(scene_view, drawn, draft, stability=None, **results) -> dict:
    """The map's outputs: the shared first map when it is one, else a drawing (or a patch, or nothing).
    ``results`` name the finished long jobs the overlays draw (``job_<name>``), read from the job store."""
    context = {name: result(results.get(f"job_{name}")) for name in layers.jobs()}
    return draw.first_map(scene_view, context, drawn, draft) or draw.draw_map(scene_view, context, drawn, draft)


def register(app) -> None:
    # the map, drawn when the view changes and again when a long job it draws (where each start ends) finishes;
    # each is read as State by the other registration, which Dash does not wait for
    outputs = {
        "figure": Output(ids.MAP, "figure"),
        "base": Output(ids.OVERLAY_BASE, "data"),
        "info": Output(ids.MAP_INFO, "children"),
    }
    finished = {f"job_{name}": part(name, "result") for name in layers.jobs()}
    # the training panel's draft is read as State: what the stability overlay reads of it arrives as the
    # stability input, which the browser sets only while that overlay is on (a moved start redraws nothing)
    app.callback(
        output=outputs,
        inputs={
            "scene_view": Input(scene_ids.SCENE_VIEW, "data"),
            "stability": Input(curvature_ids.STABILITY_INPUT, "data"),
        },
        state={
            "drawn": State(ids.OVERLAY_BASE, "data"),
            "draft": State(scene_ids.SCENE_DRAFT, "data"),
            **{name: State(id_, "data") for name, id_ in finished.items()},
        },
    )(map_for)
    if finished:
        app.callback(
            output={k: Output(o.component_id, o.component_property, allow_duplicate=True) for k, o in outputs.items()},
            inputs={name: Input(id_, "data") for name, id_ in finished.items()},
            state={
                "scene_view": State(scene_ids.SCENE_VIEW, "data"),
                "drawn": State(ids.OVERLAY_BASE, "data"),
                "draft": State(scene_ids.SCENE_DRAFT, "data"),
            },
            prevent_initial_call=True,
        )(map_for)
    app.callback(
        output={
            "x_options": Output(ids.X_PARAM, "options"),
            "y_options": Output(ids.Y_PARAM, "options"),
            "disabled": Output({"type": ids.FIXED, "name": ALL}, "disabled"),
        },
        inputs={"x": Input(ids.X_PARAM, "value"), "y": Input(ids.Y_PARAM, "value")},
    )(axis_options)
    app.clientside_callback(
        ClientsideFunction("explorer", "hookMap"), Input(ids.MAP, "figure"), prevent_initial_call=True
    )
    hover.register(app)
    app.clientside_callback(
        ClientsideFunction("explorer", "showStart"), Input(scene_ids.SCENE_DRAFT, "data"), prevent_initial_call=True
    )
