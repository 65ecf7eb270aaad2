"""The learning-rate map: where the training panel's algorithm ends for every α (log scale) against γ, or against
the start's position along a line, so the edge of stability can be seen. A click on a cell runs that cell.

It is the stage's third view (beside the contour map and the 3-D surface); one ``surface.hyper_map`` call, done as
a long job (``job.py``) with progress and Cancel, shared by every page that asks for the same map.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from dash import ClientsideFunction, Input, State, dcc, html

from explorer.components.hypermap.job import axes
from explorer.components.hypermap.slice import SLICE as HYPERMAP_SLICE
from explorer.components.jobs.callbacks import result
from explorer.components.jobs.ids import part
from explorer.components.jobs.layout import panel as job_panel
from explorer.components.widgets import choice, text_input
from explorer.core import scene as scenes
from explorer.core.format import number_text
from explorer.core.registry import View, scene

from . import ids


def view_panel() -> html.Div:
    h = HYPERMAP_SLICE.default()
    return html.Div(
        [
            html.Div(
                [
                    html.Label("α from", htmlFor=ids.HMAP_ALPHA_LO),
                    text_input(ids.HMAP_ALPHA_LO, number_text(h["alpha"][0]), width="4.5em"),
                    html.Label("to", htmlFor=ids.HMAP_ALPHA_HI),
                    text_input(ids.HMAP_ALPHA_HI, number_text(h["alpha"][1]), width="4.5em"),
                    choice(ids.HMAP_Y, {"gamma": " against γ", "line": " along a line of starts"}, h["y"]),
                    html.Span(
                        [
                            html.Label("γ from", htmlFor=ids.HMAP_GAMMA_LO),
                            text_input(ids.HMAP_GAMMA_LO, number_text(h["gamma"][0]), width="4.5em"),
                            html.Label("to", htmlFor=ids.HMAP_GAMMA_HI),
                            text_input(ids.HMAP_GAMMA_HI, number_text(h["gamma"][1]), width="4.5em"),
                        ],
                        className="inline",
                        id="hmap-gamma-box",
                    ),
                    html.Span(
                        [
                            html.Label("line to", htmlFor=ids.HMAP_LINE_X),
                            text_input(ids.HMAP_LINE_X, "", width="4em", placeholder="corner"),
                            text_input(ids.HMAP_LINE_Y, "", width="4em", placeholder="corner"),
                        ],
                        className="inline",
                        id="hmap-line-box",
                    ),
                    html.Label("cells", htmlFor=ids.HMAP_CELLS),
                    text_input(ids.HMAP_CELLS, str(h["cells"]), width="3.5em"),
                    html.Label("epochs", htmlFor=ids.HMAP_EPOCHS),
                    text_input(ids.HMAP_EPOCHS, str(h["epochs"]), width="5em"),
                ],
                className="row inline hmap-controls",
            ),
            html.Div(id=ids.MSG_HYPERMAP, className="message", role="alert"),
            *job_panel("hypermap"),
            html.Div(
                dcc.Graph(id=ids.HYPER_GRAPH, config={"displaylogo": False, "responsive": True}, className="graph"),
                className="hyper-box",
            ),
        ],
        id=ids.HYPER_VIEW,
        hidden=True,
        className="hyper-view",
    )


def figure(result: dict | None) -> go.Figure:
    """Final F per cell (log10, Viridis), diverged cells in red; α on a log axis."""
    fig = go.Figure()
    if result:
        request = result["request"]
        xs, ys = axes(request)
        F = np.array([[np.nan if f is None else f for f in row] for row in result["F"]], dtype=float)
        diverged = np.asarray(result["diverged"], dtype=bool)
        logf = np.log10(np.maximum(F, 1e-300))
        ylabel = "γ" if request["y"] == "gamma" else "t along the line"
        fig.add_trace(
            go.Heatmap(
                x=xs,
                y=ys,
                z=np.where(diverged, np.nan, logf),
                colorscale="Viridis",
                colorbar={"title": {"text": "log₁₀ F", "side": "top"}, "thickness": 14},
                hovertemplate="α = %{x:.3g}, " + ylabel + " = %{y:.3g}<br>final F = 10^%{z:.2f}<extra></extra>",
                uid="final-F",
            )
        )
        fig.add_trace(
            go.Heatmap(
                x=xs,
                y=ys,
                z=np.where(diverged, 1.0, np.nan),
                colorscale=[[0, "#e15759"], [1, "#e15759"]],
                showscale=False,
                hovertemplate="α = %{x:.3g}, " + ylabel + " = %{y:.3g}<br>diverged<extra></extra>",
                uid="diverged",
            )
        )
        (a, b) = request["line"]
        red = "; red: diverged" if diverged.any() else ""
        title = (
            f"{request['algorithm']} from ({a[0]:.4g}, {a[1]:.4g}), {request['epochs']:,} epochs a cell: final F{red}. "
            "Click a cell to run it."
            if request["y"] == "gamma"
            else f"{request['algorithm']}, starts along the line ({a[0]:.4g}, {a[1]:.4g}) → ({b[0]:.4g}, {b[1]:.4g}), "
            f"{request['epochs']:,} epochs a cell: final F{red}. Click a cell to run it."
        )
        fig.update_layout(
            xaxis={"type": "log", "title": {"text": "α (learning rate)"}},
            yaxis={"title": {"text": ylabel}},
            title={"text": title, "font": {"size": 13}, "x": 0.01, "xanchor": "left"},
        )
    fig.update_layout(margin={"l": 70, "r": 20, "t": 40, "b": 56}, autosize=True, uirevision="hypermap")
    return fig


def figure_view(done, scene_view) -> dict:
    """{the map of learning rates, the result a click reads, which of the γ and line boxes is hidden}."""
    shown = result(done)
    ok = isinstance(shown, dict) and isinstance(shown.get("request"), dict)
    by_gamma = scenes.check({"view": scene_view})[0]["view"]["hypermap"]["y"] == "gamma"
    return {
        "figure": figure(shown if ok else None),
        "result": shown if ok else None,  # what a click on a cell reads (the page's script)
        "gamma_box": not by_gamma,
        "line_box": by_gamma,
    }


VIEWS = (
    View(
        "hypermap",
        reads={"done": (part("hypermap", "result"), "data"), **scene("view")},
        writes={
            "figure": (ids.HYPER_GRAPH, "figure"),
            "result": (ids.HYPER_STORE, "data"),
            "gamma_box": ("hmap-gamma-box", "hidden"),
            "line_box": ("hmap-line-box", "hidden"),
        },
        build=figure_view,
    ),
)


def register(app) -> None:
    # a click on a cell runs it (the page's script reads the cell's own values from the result)
    app.clientside_callback(
        ClientsideFunction("explorer", "hookHyper"),
        Input(ids.HYPER_GRAPH, "figure"),
        State(ids.HYPER_STORE, "data"),
        prevent_initial_call=True,
    )


def stores() -> list:
    return [dcc.Store(id=ids.HYPER_STORE), dcc.Store(id=ids.HYPER_CLICK)]
