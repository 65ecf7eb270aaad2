"""The runs' list (a card each) in the controls, and the side plots that follow the runs: F along each run, and the
network's response at the current iterate."""

from __future__ import annotations

from dash import dcc, html

from explorer.components.widgets import SIDE_CONFIG
from explorer.core.limits import MAX_RUNS

from . import figures as run_figures
from . import ids


def section() -> html.Section:
    return html.Section(
        [html.H2("Runs"), html.Div(id=ids.RUN_LIST, children=empty_run_list())],
        className="runs",
    )


def empty_run_list() -> html.P:
    return html.P(f"No runs yet. Each run is drawn in its own colour; at most {MAX_RUNS} at once.", className="note")


def loss_graph() -> html.Div:
    return html.Div(
        dcc.Graph(id=ids.LOSS, figure=run_figures.loss_figure(), config=SIDE_CONFIG), className="side-graph"
    )


def response_graph() -> html.Div:
    return html.Div(
        dcc.Graph(id=ids.RESPONSE, figure=run_figures.response_figure(), config=SIDE_CONFIG), className="side-graph"
    )


def stores() -> list:
    return [dcc.Store(id=ids.RUNS, data=[]), dcc.Store(id=ids.PATHS, data={}), dcc.Store(id=ids.WAIT)]
