"""The map's controls (the pair, the window, the resolution, the fixed values, the overlays, the aspect), the view
tabs and the key line above the stage, and the map itself: the contour below, the transparent graph above it
where the browser draws the runs."""

from __future__ import annotations

from dash import dcc, html

import surface
from explorer.components.widgets import GRAPH_CONFIG, choice, default_scene, labelled, message, text_input
from explorer.components.widgets import shown as default_shown
from explorer.core import registry
from explorer.core.limits import MAX_RESOLUTION, MIN_RESOLUTION

from . import hover, ids


def parameter_options(disabled: str | None = None) -> list[dict]:
    """The seven parameters in the book's notation; the one on the other axis is disabled."""
    return [
        {"label": f"{surface.LABELS[name]}  ({name})", "value": name, "disabled": name == disabled}
        for name in surface.PARAMS
    ]


def axis_dropdown(id_: str, value: str, other: str) -> dcc.Dropdown:
    """The parameter on one axis; the other axis's parameter is offered but disabled."""
    return dcc.Dropdown(id=id_, options=parameter_options(other), value=value, clearable=False, searchable=False)


def controls() -> html.Section:
    view, shown = default_scene()["view"], default_shown()
    return html.Section(
        [
            html.H2("Surface"),
            html.Div(
                [
                    labelled("x axis", axis_dropdown(ids.X_PARAM, view["x"], view["y"])),
                    labelled("y axis", axis_dropdown(ids.Y_PARAM, view["y"], view["x"])),
                ],
                className="row",
            ),
            *registry.places("map-controls"),
            html.Div(
                [
                    labelled("x from", text_input(ids.X_MIN, shown["xmin"], width="5.5em"), html_for=ids.X_MIN),
                    labelled("to", text_input(ids.X_MAX, shown["xmax"], width="5.5em"), html_for=ids.X_MAX),
                    labelled("y from", text_input(ids.Y_MIN, shown["ymin"], width="5.5em"), html_for=ids.Y_MIN),
                    labelled("to", text_input(ids.Y_MAX, shown["ymax"], width="5.5em"), html_for=ids.Y_MAX),
                ],
                className="row window",
            ),
            message(ids.MSG_WINDOW),
            html.Div(
                [
                    html.Button("Reset window", id=ids.RESET_WINDOW, n_clicks=0, className="secondary"),
                    labelled(
                        "grid points per axis",
                        text_input(ids.RESOLUTION, shown["res"], width="4.5em"),
                        f"{MIN_RESOLUTION}–{MAX_RESOLUTION}",
                        html_for=ids.RESOLUTION,
                    ),
                ],
                className="row",
            ),
            message(ids.MSG_RESOLUTION),
            html.Details(
                [
                    html.Summary("Other parameters (held fixed)"),
                    html.Div([fixed_input(name) for name in surface.PARAMS], className="fixed-grid"),
                    html.Button("Reset to nominal", id=ids.RESET_FIXED, n_clicks=0, className="secondary"),
                    message(ids.MSG_FIXED),
                ],
                open=False,
                className="fixed",
            ),
            dcc.Checklist(
                id=ids.OVERLAYS,
                options=[{"label": o.label, "value": o.name} for o in sorted(registry.overlays(), key=by_rank)],
                value=view["overlays"],
                className="check",
            ),
            choice(
                ids.ASPECT,
                {"auto": " equal scales for like parameters", "equal": " always equal", "free": " fill the panel"},
                view["aspect"],
                className="check aspect",
                inline=False,
            ),
            html.Div(id=ids.MAP_INFO, className="note"),
        ]
    )


def fixed_input(name: str) -> html.Div:
    box = text_input(
        {"type": ids.FIXED, "name": name},
        default_shown()["fixed"][name],
        width="5em",
        disabled=name in (default_scene()["view"]["x"], default_scene()["view"]["y"]),
    )
    return html.Div([html.Label(f"{surface.LABELS[name]}"), box], className="field fixed-field")


def by_rank(overlay) -> int:
    return overlay.rank


def tabs() -> dcc.RadioItems:
    """Which view the stage shows."""
    return dcc.RadioItems(
        id=ids.MODE,
        options=[
            {"label": " contour map", "value": "contour"},
            {"label": " 3-D surface", "value": "3d"},
            {"label": " learning rates", "value": "hyper"},
            {"label": " along a line", "value": "line"},
        ],
        value=default_shown()["mode"],
        inline=True,
        className="tabs",
    )


def key_line() -> html.Div:
    """The line above the map where each overlay that is on says what its colours mean."""
    return html.Div(registry.places("map-key"), id=ids.MAP_KEY, className="map-key")


def stack() -> html.Div:
    return html.Div(
        [
            dcc.Graph(id=ids.MAP, config={**GRAPH_CONFIG, "doubleClick": "reset"}, className="graph"),
            dcc.Graph(
                id=ids.OVERLAY,
                config={"staticPlot": True, "responsive": True},
                figure={"data": [], "layout": {}},
                className="graph",
            ),
            hover.tip(),
        ],
        id=ids.MAP_VIEW,
        className="map-stack",
    )


def stores() -> list:
    return [dcc.Store(id=ids.OVERLAY_BASE), *hover.stores()]
