"""The whole network on the map (ch. 12): the gap in a run's card, and the slice that follows the iterate.

A run that trains more than the two parameters on the map is drawn projected on it (its two coordinates), with
F of the slice under it dotted beneath its loss curve (``whole_data``, drawn by assets/30-side.js). Its card
says how far apart the two are, in the engine's words.

*Slice follows the iterate* (a toggle in the playback bar, ``playback.follow`` in the scene and ``follow=1`` in
the link): the map is redrawn through the followed run's other five values at its keyframes
(``surface.keyframes``, log-spaced in epochs), so that the picture under the path is the real one at those
moments. The keyframe maps are computed here, once per run and window (through the cache, at most
``FOLLOW_RESOLUTION`` points a side), sent with the run, and switched in the browser as the playback passes
each keyframe (assets/90-whole.js), so playing costs the server nothing.
"""

from __future__ import annotations

import numpy as np
from dash import ClientsideFunction, Input, dcc, html, no_update

import surface
from explorer.components.map import ids as map_ids
from explorer.components.whole import panel as whole_panel
from explorer.core import codec, compute
from explorer.core import ids as scene_ids
from explorer.core import scene as scenes
from explorer.core.format import display_number
from explorer.core.registry import View, scene
from explorer.core.run import labels

from . import ids

FOLLOW_RESOLUTION = 120
"""Grid points per axis of a keyframe's map (the map's own resolution when that is lower)."""

NOTHING_TO_FOLLOW = (
    "The slice follows a run that trains more than the two on the axes: no run here does, so this map is the "
    "slice every run moves in."
)


# ---------- the page ----------


def follow_toggle() -> dcc.Checklist:
    """The playback bar's switch: the map redrawn through the iterate at keyframes."""
    return dcc.Checklist(
        id=ids.FOLLOW,
        options=[{"label": " slice follows the iterate", "value": "follow"}],
        value=[],
        className="check follow",
    )


def card_lines(run: dict) -> list:
    """The lines a run of the whole network adds to its card: the gap between its loss and the slice under it."""
    gap = run.get("gap")
    if not isinstance(gap, dict):
        return []
    names, end = run.get("pair", []), run.get("end", [])
    others = ", ".join(f"{surface.LABELS[p]} = {display_number(v)}" for p, v in zip(names[2:], end[2:], strict=False))
    return [
        html.Div(
            [html.Strong(f"Gap to the map's own slice: {gap['size']}. "), gap["words"]],
            className=f"run-gap gap-{gap['size']} outcome",
        ),
        html.Div(
            "With the slice following the iterate, the dotted curve is F of the slice shown instead: the loss "
            "itself at each keyframe, drifting from it in between.",
            className="note outcome",
        ),
        html.Div(f"The others that trained ended at {others}.", className="note outcome"),
    ]


# ---------- the keyframe maps ----------


def followed(view: dict, runs: list[dict]) -> dict | None:
    """The run the map follows: the first that trains more than the two on the axes."""
    axes = (view["x"], view["y"])
    return next((r for r in runs if any(p not in axes for p in r.get("free", ()))), None)


def follow_data(scene_playback, scene_runs, scene_view) -> dict | None:
    """The keyframe maps of the followed run (None when following is off or no run trains more than two):
    for each keyframe its epoch and log10 F over the window through the iterate's other five values (float32 in
    the one encoding, ``codec``; floored as the map's contour is), with the run's key and the axes' values."""
    if not isinstance(scene_playback, dict) or scene_playback.get("follow") is not True:
        return None
    view, runs = scenes.checked_parts(scene_view, scene_runs)
    run = followed(view, runs)
    if run is None:  # following on, but nothing to follow: say so on the map
        return {"key": None, "message": NOTHING_TO_FOLLOW}
    result = compute.run(*compute.run_args(run, view), compute.view_window(view))
    n = min(view["res"], FOLLOW_RESOLUTION)
    _, _, F_map = compute.view_grid(view)
    floor = float(surface.log_levels(F_map, 24)[0]) * 1e-3  # the map's own floor (figures.contour_trace)
    axes = (view["x"], view["y"])
    frames = []
    for frame in result.get("keyframes", []):
        fixed = tuple(float(v) for v in frame["x"])
        F = compute.grid(*axes, tuple(view["xr"]), tuple(view["yr"]), n, fixed, compute.view_data(view))[2]
        logz = np.log10(np.maximum(F, floor))
        frames.append(
            {
                "epoch": frame["epoch"],
                "z": codec.encode(logz, "f4"),
                "values": {k: v for k, v in surface.through(axes, frame["x"]).items()},
            }
        )
    return {
        "key": compute.result_key(run, view),
        "label": labels(runs)[runs.index(run)],
        "n": n,
        "x": compute.axis_values(*view["xr"], n).tolist(),
        "y": compute.axis_values(*view["yr"], n).tolist(),
        "frames": frames,
    }


# ---------- the callbacks ----------


def register(app) -> None:
    app.clientside_callback(ClientsideFunction("whole", "setFollow"), Input(ids.FOLLOW_STORE, "data"))
    # a callback without outputs is known by its inputs alone: the map's start marker also listens to the draft
    # alone, so this one listens to the page's configuration too (it never changes; its script ignores it)
    app.clientside_callback(
        ClientsideFunction("whole", "openPanel"), Input(scene_ids.SCENE_DRAFT, "data"), Input(scene_ids.CONFIG, "data")
    )


def free_options(x, y):
    """The ticks of the parameters that train, the two on the axes greyed (they always train)."""
    if x not in surface.PARAMS or y not in surface.PARAMS:
        return no_update
    return whole_panel.free_options((x, y))


def follow_update(scene_playback, scene_runs, scene_view, drawn):
    """{the follow store's next value, its key}: no update when the browser holds those maps already (``drawn``
    is the key it holds; a store is what a client sends, so anything else is simply not that key)."""
    if scene_view is None:
        return {"data": no_update, "key": no_update}
    data = follow_data(scene_playback, scene_runs, scene_view)
    if data is None:
        return {"data": no_update, "key": no_update} if drawn is None else {"data": None, "key": None}
    if data["key"] is None:
        key = ["nothing"]
    else:
        key = [data["key"], data["n"], data["x"][0], data["x"][-1], data["y"][0], data["y"][-1]]
    if drawn == key:
        return {"data": no_update, "key": no_update}
    return {"data": data, "key": key}


def stores() -> list:
    return [dcc.Store(id=ids.FOLLOW_STORE), dcc.Store(id=ids.FOLLOW_KEY)]


VIEWS = (
    View(
        "whole-free",
        reads={"x": (map_ids.X_PARAM, "value"), "y": (map_ids.Y_PARAM, "value")},
        writes={"options": (ids.WHOLE_FREE, "options")},
        build=lambda x, y: {"options": free_options(x, y)},
    ),
    View(
        "follow",
        reads=scene("playback", "runs", "view"),
        state={"drawn": (ids.FOLLOW_KEY, "data")},
        writes={"data": (ids.FOLLOW_STORE, "data"), "key": (ids.FOLLOW_KEY, "data")},
        build=follow_update,
        initial=False,
    ),
)
