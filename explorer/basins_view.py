"""Where each start ends: the basin overlay, its side panel, and the long job that computes it.

The overlay runs the training panel's algorithm, with its hyperparameters, from every cell of a grid over the
window (``surface.basin_map``) and colours each cell by the stationary point it reached (or: still moving, stalled
in a flat region, diverged), or shades it by the epochs it needed; the contour lines stay on top. The job runs in
the background with a progress bar and a Cancel button, and is cached by what it computes: the request holds only
the view's and the training panel's parts it uses, so moving the start or changing the shading runs nothing.
A click on a cell of the overlay runs the training panel's algorithm from there (assets/40-map-input.js).
"""

from __future__ import annotations

import numpy as np
from dash import Input, Output, State, dcc, html, no_update

import surface

from . import background, ids, scene_data
from . import scene as scenes
from .figures import destination_colors
from .widgets import progress_row, text_input


def panel() -> html.Section:
    basins = scenes.default_basins()
    return html.Section(
        [
            html.H2("Where each start ends"),
            html.P("The training panel's algorithm, run from every cell of the window.", className="note"),
            html.Div(
                [
                    html.Label("cells per axis", htmlFor=ids.BASIN_CELLS),
                    text_input(ids.BASIN_CELLS, str(basins["cells"]), width="4em"),
                    html.Label("epochs each", htmlFor=ids.BASIN_EPOCHS),
                    text_input(ids.BASIN_EPOCHS, str(basins["epochs"]), width="5.5em"),
                ],
                className="row inline",
            ),
            dcc.RadioItems(
                id=ids.SHADE,
                options=[
                    {"label": " colour by destination", "value": "destination"},
                    {"label": " shade by epochs needed", "value": "epochs"},
                ],
                value=basins["shade"],
                inline=True,
                className="check",
            ),
            html.Div(id=ids.MSG_BASINS, className="message", role="alert"),
            progress_row(ids.BASIN_PROGRESS, ids.BASIN_STATUS, ids.BASIN_CANCEL, ids.BASIN_BUSY),
            html.Div(id=ids.BASIN_LEGEND, className="legend"),
        ],
        id=ids.BASIN_PANEL,
        className="basin-panel",
        hidden=True,
    )


def request_for(view: dict, draft: dict) -> dict | None:
    """What the job computes, as plain values (None when the overlay is off): the window's grid of starts, the
    fixed values, and the training panel's algorithm, hyperparameters, goal and tolerance, run for the basin
    epochs (at most the algorithm's own cap)."""
    if "basins" not in view["overlays"]:
        return None
    basins = view["basins"]
    algorithm = draft["algorithm"]
    return {
        "pair": [view["x"], view["y"]],
        "xr": view["xr"],
        "yr": view["yr"],
        "fixed": list(scenes.fixed_vector(view)),
        **scene_data.request_part(view),
        "cells": basins["cells"],
        "epochs": min(basins["epochs"], surface.EPOCH_CAPS[algorithm]),
        "algorithm": algorithm,
        "hyper": draft["hyper"],
        "goal": draft["goal"],
        "grad_tol": draft["grad_tol"],
    }


def compute(request: dict, progress=None) -> dict:
    """The basin map a request asks for, as plain data, with the request it answers."""
    xs = np.linspace(*request["xr"], request["cells"])
    ys = np.linspace(*request["yr"], request["cells"])
    result = surface.basin_map(
        request["algorithm"],
        request["pair"],
        xs,
        ys,
        tuple(request["fixed"]),
        data=scene_data.request_set(request),
        epochs=request["epochs"],
        goal=request["goal"],
        grad_tol=request["grad_tol"],
        progress=progress,
        **request["hyper"],
    )
    return {**result.to_dict(), "request": request}


def layer_for(basins, view: dict):
    """The basin result to draw under this view's contours, or None when it was computed for another window."""
    if not isinstance(basins, dict) or "basins" not in view["overlays"]:
        return None
    asked = basins.get("request") or {}
    here = {
        "pair": [view["x"], view["y"]],
        "xr": view["xr"],
        "yr": view["yr"],
        "fixed": list(scenes.fixed_vector(view)),
        **scene_data.request_part(view),
    }
    same = all(asked.get(k) == v for k, v in here.items()) and asked.get("data") == here.get("data")
    return basins if same else None


KEY_ENTRIES = 4
KEY_SHARE = 0.01
"""The line above the map names the largest destinations (at most ``KEY_ENTRIES``, each of at least ``KEY_SHARE``
of the starts) and counts the rest; the panel lists them all."""

SHORT = {"moving": "still moving", "stalled": "stalled", "diverged": "diverged"}


def short_title(destination: dict) -> str:
    """A destination in a few words: its kind and point, e.g. "minimum (10, 1)"."""
    if destination.get("point") is None:
        return SHORT.get(destination["kind"], destination["kind"])
    where = ", ".join(f"{v:.3g}" for v in destination["point"])
    return f"{destination['kind']} ({where})"


def map_key(basins: dict | None, shade: str) -> list:
    """The legend in one line above the map, where a class sees it: the largest destinations with their colours
    and shares, or the epochs' shading from few to many."""
    if not basins:
        return []
    if shade == "epochs":
        epochs = np.asarray(basins["epochs"], dtype=float)
        return [
            html.Span("epochs needed:"),
            html.Span(f"{int(epochs.min()):,}"),
            html.Span(className="gradient-bar"),
            html.Span(f"{int(epochs.max()):,}"),
        ]
    total = int(np.size(basins["labels"]))
    destinations = basins["destinations"]
    colors = destination_colors(destinations)
    order = sorted(range(len(destinations)), key=lambda i: -destinations[i]["count"])
    order = [i for i in order if destinations[i]["count"] >= KEY_SHARE * total] or order[:1]
    entries = [
        html.Span(
            [
                html.Span(className="swatch square", style={"background": colors[i]}),
                f"{short_title(destinations[i])} {100 * destinations[i]['count'] / total:.0f} %",
            ],
            title=destinations[i]["title"],
        )
        for i in order[:KEY_ENTRIES]
    ]
    rest = len(destinations) - min(len(order), KEY_ENTRIES)
    if rest:
        entries.append(html.Span(f"+{rest} more", className="note", title="listed under Where each start ends"))
    return entries


def legend(basins: dict | None, shade: str) -> list:
    """Each destination with its colour, its words and how many starts went there (or the epochs' shading)."""
    if not basins:
        return []
    total = int(np.size(basins["labels"]))
    request = basins["request"]
    head = html.P(
        f"{request['algorithm']}, {request['cells']}×{request['cells']} starts, at most {request['epochs']:,} epochs "
        f"each ({basins['seconds']:.2g} s).",
        className="note",
    )
    if shade == "epochs":
        epochs = np.asarray(basins["epochs"], dtype=float)
        return [
            head,
            html.Div(
                [
                    html.Span(f"{int(epochs.min()):,}"),
                    html.Span(className="gradient-bar"),
                    html.Span(f"{int(epochs.max()):,} epochs"),
                ],
                className="gradient-legend",
            ),
        ]
    rows = []
    for d, color in zip(basins["destinations"], destination_colors(basins["destinations"]), strict=True):
        share = 100 * d["count"] / total
        rows.append(
            html.Li(
                [
                    html.Span(className="swatch square", style={"background": color}),
                    html.Span(d["title"]),
                    html.Span(f"{d['count']:,} ({share:.0f} %)", className="note count"),
                ]
            )
        )
    return [head, html.Ul(rows, className="legend-list"), html.P("Click a cell to run from it.", className="note")]


def request_update(view, draft, current):
    """(request, hidden) for the job's input: no update when the request is as it was, so no job starts; none
    either while a plane is shown (the basin map belongs to the pair's map: it is asked for on the way back)."""
    if view is None:
        return no_update, no_update
    scene = scenes.check({"view": view, "draft": draft})[0]
    if scene["view"]["plane"] is not None:
        return no_update, True
    request = request_for(scene["view"], scene["draft"])
    return no_update if request == current else request, request is None


def register(app, manager) -> None:
    @app.callback(
        output={"request": Output(ids.BASIN_REQUEST, "data"), "hidden": Output(ids.BASIN_PANEL, "hidden")},
        inputs={"view": Input(ids.SCENE_VIEW, "data"), "draft": Input(ids.SCENE_DRAFT, "data")},
        state={"current": State(ids.BASIN_REQUEST, "data")},
    )
    def _request(view, draft, current):
        return dict(zip(("request", "hidden"), request_update(view, draft, current), strict=True))

    @app.callback(
        output={"basins": Output(ids.BASIN_STORE, "data")},
        inputs={"request": Input(ids.BASIN_REQUEST, "data")},
        background=True,
        manager=manager,
        interval=background.POLL_MS,
        progress=[
            Output(ids.BASIN_PROGRESS, "value"),
            Output(ids.BASIN_PROGRESS, "max"),
            Output(ids.BASIN_STATUS, "children"),
        ],
        running=[
            (Output(ids.BASIN_BUSY, "hidden"), False, True),
            (Output(ids.BASIN_CANCEL, "disabled"), False, True),
        ],
        cancel=[Input(ids.BASIN_CANCEL, "n_clicks")],
        prevent_initial_call=True,
    )
    def _compute(set_progress, request):
        if not request:
            return {"basins": None}
        checked = checked_request(request)
        return {"basins": compute(checked, background.progress_feed(set_progress, "where each start ends"))}

    @app.callback(
        output={"legend": Output(ids.BASIN_LEGEND, "children"), "key": Output(ids.BASIN_KEY, "children")},
        inputs={"basins": Input(ids.BASIN_STORE, "data"), "view": Input(ids.SCENE_VIEW, "data")},
    )
    def _legend(basins, view):
        checked = scenes.check({"view": view})[0]["view"]
        layer, shade = layer_for(basins, checked), checked["basins"]["shade"]
        on_map = layer if checked["mode"] == "contour" and checked["plane"] is None else None  # what the map shows
        return {"legend": legend(layer, shade), "key": map_key(on_map, shade)}


def checked_request(request) -> dict:
    """A request from the page, made again from a checked scene (a store is what a client sends)."""
    raw = request if isinstance(request, dict) else {}
    pair = raw.get("pair") if isinstance(raw.get("pair"), list) and len(raw.get("pair")) == 2 else [None, None]
    view = {
        "x": pair[0],
        "y": pair[1],
        "xr": raw.get("xr"),
        "yr": raw.get("yr"),
        "fixed": dict(zip(surface.PARAMS, raw.get("fixed") or [], strict=False)),
        "data": raw.get("data"),
        "overlays": ["basins"],
        "basins": {"cells": raw.get("cells", 60), "epochs": raw.get("epochs", 1000)},
    }
    draft = {k: raw.get(k) for k in ("algorithm", "hyper", "goal", "grad_tol")} | {"start": [0, 0]}
    scene = scenes.check({"view": view, "draft": draft})[0]
    return request_for(scene["view"], scene["draft"])
