"""The 3-D surface: its tab's choice of F or log F, and its graph."""

from __future__ import annotations

from dash import dcc, html

from explorer.components.widgets import GRAPH_CONFIG
from explorer.components.widgets import shown as default_shown

from . import ids


def zscale() -> html.Div:
    return html.Div(
        dcc.RadioItems(
            id=ids.ZSCALE,
            options=[{"label": " F", "value": "linear"}, {"label": " log F", "value": "log"}],
            value=default_shown()["zscale"],
            inline=True,
            className="tabs zscale",
        ),
        id=ids.ZSCALE_BOX,
        hidden=default_shown()["mode"] != "3d",
    )


def view() -> html.Div:
    return html.Div(dcc.Graph(id=ids.SURFACE, config=GRAPH_CONFIG, className="graph"), id=ids.SURFACE_VIEW, hidden=True)
