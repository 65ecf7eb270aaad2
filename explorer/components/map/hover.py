"""F under the pointer on the map, as the engine has it.

The browser (``assets/40-map-input.js``) writes where the pointer is over the map into a store, at most one
request in flight; this callback answers with F there on the slice the map shows: the view's own, or, while the
slice follows a run of the whole network (``whole_view``), the keyframe's the browser names. The browser writes
the answer into the tip beside the pointer; it never computes the network itself.
"""

from __future__ import annotations

import math

import numpy as np
from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update

import surface
from explorer.components.whole import view as whole_view
from explorer.core import compute
from explorer.core import data as scene_data
from explorer.core import ids as scene_ids
from explorer.core import scene as scenes
from explorer.core.limits import MAX_MAGNITUDE

from . import ids


def stores() -> list:
    """Where the pointer is (written by the browser) and F there (written by the server)."""
    return [dcc.Store(id=ids.MAP_HOVER), dcc.Store(id=ids.MAP_HOVER_VALUE)]


def tip() -> html.Div:
    """The tip beside the pointer, in the map's stack (the browser places it)."""
    return html.Div(id=ids.MAP_TIP, className="map-tip", hidden=True)


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) and abs(value) <= MAX_MAGNITUDE else None


def slice_values(view: dict, runs: list[dict], keyframe) -> list[float]:
    """The seven values the map's slice goes through: the view's, or the followed run's at ``keyframe``."""
    fixed = list(scenes.fixed_vector(view))
    run = whole_view.followed(view, runs) if isinstance(keyframe, int) and not isinstance(keyframe, bool) else None
    if run is None:
        return fixed
    frames = compute.run(*compute.run_args(run, view), compute.view_window(view)).get("keyframes", [])
    return list(frames[keyframe]["x"]) if 0 <= keyframe < len(frames) else fixed


def value_at(point, scene_view, scene_runs) -> dict:
    """{"F" at the pointer (None where it is not finite), the point and the request's "at"}, or no update for a
    request that is not a point."""
    if not isinstance(point, dict) or scene_view is None:
        return no_update
    x, y = _number(point.get("x")), _number(point.get("y"))
    if x is None or y is None:
        return no_update
    view, runs = scenes.checked_parts(scene_view, scene_runs if isinstance(scene_runs, list) else [])
    values = np.array(slice_values(view, runs, point.get("keyframe")), dtype=float)
    values[surface.PARAMS.index(view["x"])] = x
    values[surface.PARAMS.index(view["y"])] = y
    F = surface.performance(values, data=scene_data.training_set(compute.view_data(view)))
    return {"x": x, "y": y, "F": F if math.isfinite(F) else None, "at": point.get("at")}


def register(app) -> None:
    app.callback(
        output={"value": Output(ids.MAP_HOVER_VALUE, "data")},
        inputs={"point": Input(ids.MAP_HOVER, "data")},
        state={"scene_view": State(scene_ids.SCENE_VIEW, "data"), "scene_runs": State(scene_ids.SCENE_RUNS, "data")},
        prevent_initial_call=True,
    )(lambda point, scene_view, scene_runs: {"value": value_at(point, scene_view, scene_runs)})
    # the answer, as the tip beside the pointer says it (and shows it, while the pointer is over the map)
    app.clientside_callback(
        ClientsideFunction("explorer", "hoverValue"),
        [Output(ids.MAP_TIP, "children"), Output(ids.MAP_TIP, "hidden")],
        [Input(ids.MAP_HOVER_VALUE, "data")],
        prevent_initial_call=True,
    )
