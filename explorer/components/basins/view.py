"""Where each start ends: the basin overlay's panel, its legend and its key (``job.py`` is the long job).

The overlay runs the training panel's algorithm, with its hyperparameters, from every cell of a grid over the
window (``surface.basin_map``) and colours each cell by the stationary point it reached (or: still moving, stalled
in a flat region, diverged), or shades it by the epochs it needed; the contour lines stay on top. The job runs in
the background with a progress bar and a Cancel button, and is cached by what it computes: the request holds only
the view's and the training panel's parts it uses, so moving the start or changing the shading runs nothing.
A click on a cell of the overlay runs the training panel's algorithm from there (assets/40-map-input.js).
"""

from __future__ import annotations

import numpy as np
from dash import html

from explorer.components.basins.figures import basin_trace, destination_colors
from explorer.components.basins.slice import SLICE as BASINS_SLICE
from explorer.components.jobs.callbacks import result
from explorer.components.jobs.ids import part
from explorer.components.jobs.layout import panel as job_panel
from explorer.components.widgets import boxes, choice
from explorer.core import data as scene_data
from explorer.core import scene as scenes
from explorer.core.registry import Overlay, View, scene

from . import ids


def panel() -> html.Section:
    basins = BASINS_SLICE.default()
    return html.Section(
        [
            html.H2("Where each start ends"),
            html.P("The training panel's algorithm, run from every cell of the window.", className="note"),
            boxes(
                ("cells per axis", ids.BASIN_CELLS, str(basins["cells"]), "4em"),
                ("epochs each", ids.BASIN_EPOCHS, str(basins["epochs"]), "5.5em"),
            ),
            choice(
                ids.SHADE,
                {"destination": " colour by destination", "epochs": " shade by epochs needed"},
                basins["shade"],
            ),
            html.Div(id=ids.MSG_BASINS, className="message", role="alert"),
            *job_panel("basins"),
            html.Div(id=ids.BASIN_LEGEND, className="legend"),
        ],
        id=ids.BASIN_PANEL,
        className="basin-panel",
        hidden=True,
    )


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


def key() -> html.Div:
    """Its entries in the key line above the map (``map_key``)."""
    return html.Div(id=ids.BASIN_KEY, className="basin-key")


def shown(view: dict) -> bool:
    """Whether the panel shows: the overlay is on, on the pair's map."""
    return "basins" in view["overlays"] and view["plane"] is None


def legend_view(done, scene_view) -> dict:
    """{the panel's legend, the map's key entry, the panel hidden} for a finished job and the scene's view."""
    checked = scenes.check({"view": scene_view})[0]["view"]
    layer, shade = layer_for(result(done), checked), checked["basins"]["shade"]
    on_map = layer if checked["mode"] == "contour" and checked["plane"] is None else None  # what the map shows
    return {"legend": legend(layer, shade), "key": map_key(on_map, shade), "hidden": not shown(checked)}


VIEWS = (
    View(
        "basins",
        reads={"done": (part("basins", "result"), "data"), **scene("view")},
        writes={
            "legend": (ids.BASIN_LEGEND, "children"),
            "key": (ids.BASIN_KEY, "children"),
            "hidden": (ids.BASIN_PANEL, "hidden"),
        },
        build=legend_view,
    ),
)


# ---------- the overlay, as the map asks it (``map.layers``) ----------


def basins_layer(view: dict, draft: dict, context: dict):
    """Where each start ends, beneath the contour lines, when the finished map is this window's (else hidden)."""
    layer = layer_for(context.get("basins"), view)
    return basin_trace(layer, view["basins"]["shade"])


def basins_drawn(view: dict, draft: dict, context: dict):
    """What the layer shows: the shading and the request the map answers (None while there is none to show)."""
    layer = layer_for(context.get("basins"), view)
    return [view["basins"]["shade"], layer["request"]] if layer else None


OVERLAY = Overlay(
    "basins",
    " where each start ends (the training panel's algorithm)",
    rank=10,
    uid="basins",
    beneath=True,
    under=True,
    job="basins",
    hidden=lambda: basin_trace(None),
    trace=basins_layer,
    drawn=basins_drawn,
)
