"""The learning-rate map: where the training panel's algorithm ends for every α (log scale) against γ, or against
the start's position along a line, so the edge of stability can be seen. A click on a cell runs that cell.

It is the stage's third view (beside the contour map and the 3-D surface); one ``surface.hyper_map`` call, run
as a background job with progress and Cancel, cached by what it computes.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from dash import ClientsideFunction, Input, Output, State, dcc, html, no_update

import surface
from explorer.components.hypermap.slice import SLICE as HYPERMAP_SLICE
from explorer.components.hypermap.slice import line as hyper_line
from explorer.components.widgets import progress_row, text_input
from explorer.core import data as scene_data
from explorer.core import ids
from explorer.core import scene as scenes
from explorer.core.format import number_text
from explorer.serving import jobs as background


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
                    dcc.RadioItems(
                        id=ids.HMAP_Y,
                        options=[
                            {"label": " against γ", "value": "gamma"},
                            {"label": " along a line of starts", "value": "line"},
                        ],
                        value=h["y"],
                        inline=True,
                        className="check",
                    ),
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
            progress_row(ids.HYPER_PROGRESS, ids.HYPER_STATUS, ids.HYPER_CANCEL, ids.HYPER_BUSY),
            html.Div(
                dcc.Graph(id=ids.HYPER_GRAPH, config={"displaylogo": False, "responsive": True}, className="graph"),
                className="hyper-box",
            ),
        ],
        id=ids.HYPER_VIEW,
        hidden=True,
        className="hyper-view",
    )


def request_for(scene: dict) -> dict | str | None:
    """What the job computes (None when the view is not shown); a message when the algorithm cannot be mapped."""
    view, draft = scene["view"], scene["draft"]
    if view["mode"] != "hyper":
        return None
    algorithm = draft["algorithm"]
    spec = surface.ALGORITHMS[algorithm].SPEC
    h = view["hypermap"]
    if "alpha" not in spec:
        return f"{surface.ALGORITHMS[algorithm].title} has no learning rate α: choose an algorithm that has one."
    if h["y"] == "gamma" and "gamma" not in spec:
        return f"{surface.ALGORITHMS[algorithm].title} has no momentum γ: map it along a line of starts instead."
    mapped = ("alpha", "gamma") if h["y"] == "gamma" else ("alpha",)
    a, b = hyper_line(view, draft["start"])
    return {
        "algorithm": algorithm,
        "hyper": {k: v for k, v in draft["hyper"].items() if k not in mapped},
        "start": draft["start"],
        "pair": [view["x"], view["y"]],
        "fixed": list(scenes.fixed_vector(view)),
        **scene_data.request_part(view),
        "alpha": h["alpha"],
        "y": h["y"],
        "gamma": h["gamma"],
        "line": [a, b],
        "cells": h["cells"],
        "epochs": min(h["epochs"], surface.EPOCH_CAPS[algorithm]),
        "goal": draft["goal"],
        "grad_tol": draft["grad_tol"],
    }


def axes(request: dict) -> tuple[np.ndarray, np.ndarray]:
    """The α values across (log-spaced) and the γ values or line positions t (0 to 1) down."""
    n = request["cells"]
    xs = np.geomspace(*request["alpha"], n)
    ys = np.linspace(*request["gamma"], n) if request["y"] == "gamma" else np.linspace(0.0, 1.0, n)
    return xs, ys


def compute(request: dict, progress=None) -> dict:
    xs, ys = axes(request)
    if request["y"] == "gamma":
        y = ("gamma", ys)
    else:
        (x0, y0), (x1, y1) = request["line"]
        y = ("start", np.column_stack([x0 + ys * (x1 - x0), y0 + ys * (y1 - y0)]))
    result = surface.hyper_map(
        request["algorithm"],
        request["start"],
        tuple(request["pair"]),
        tuple(request["fixed"]),
        data=scene_data.request_set(request),
        x=("alpha", xs),
        y=y,
        epochs=request["epochs"],
        goal=request["goal"],
        grad_tol=request["grad_tol"],
        progress=progress,
        **request["hyper"],
    )
    data = result.to_dict()
    return {"request": request, "F": data["F"], "diverged": data["diverged"], "status": data["status"]}


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


def register(app) -> None:
    @app.callback(
        output={
            "request": Output(ids.HYPER_REQUEST, "data"),
            "message": Output(ids.MSG_HYPERMAP, "children", allow_duplicate=True),
            "gamma_box": Output("hmap-gamma-box", "hidden"),
            "line_box": Output("hmap-line-box", "hidden"),
        },
        inputs={"view": Input(ids.SCENE_VIEW, "data"), "draft": Input(ids.SCENE_DRAFT, "data")},
        state={"current": State(ids.HYPER_REQUEST, "data")},
        prevent_initial_call=True,
    )
    def _request(view, draft, current):
        if view is None:
            return {"request": no_update, "message": no_update, "gamma_box": no_update, "line_box": no_update}
        scene = scenes.check({"view": view, "draft": draft})[0]
        request = request_for(scene)
        message = request if isinstance(request, str) else ""
        request = None if isinstance(request, str) else request
        by_gamma = scene["view"]["hypermap"]["y"] == "gamma"
        return {
            "request": no_update if request == current else request,
            "message": message,
            "gamma_box": not by_gamma,
            "line_box": by_gamma,
        }

    @app.callback(
        output={"result": Output(ids.HYPER_STORE, "data")},
        inputs={"request": Input(ids.HYPER_REQUEST, "data")},
        background=True,
        interval=background.POLL_MS,
        progress=[
            Output(ids.HYPER_PROGRESS, "value"),
            Output(ids.HYPER_PROGRESS, "max"),
            Output(ids.HYPER_STATUS, "children"),
        ],
        running=[
            (Output(ids.HYPER_BUSY, "hidden"), False, True),
            (Output(ids.HYPER_CANCEL, "disabled"), False, True),
        ],
        cancel=[Input(ids.HYPER_CANCEL, "n_clicks")],
        prevent_initial_call=True,
    )
    def _compute(set_progress, request):
        checked = checked_request(request)
        if checked is None:
            return {"result": no_update}
        return {"result": compute(checked, background.progress_feed(set_progress, "learning-rate map"))}

    @app.callback(
        output={"figure": Output(ids.HYPER_GRAPH, "figure")}, inputs={"result": Input(ids.HYPER_STORE, "data")}
    )
    def _figure(result):
        ok = isinstance(result, dict) and isinstance(result.get("request"), dict)
        return {"figure": figure(result if ok else None)}

    # a click on a cell runs it (the page's script reads the cell's own values from the result)
    app.clientside_callback(
        ClientsideFunction("explorer", "hookHyper"),
        Input(ids.HYPER_GRAPH, "figure"),
        State(ids.HYPER_STORE, "data"),
        prevent_initial_call=True,
    )


def checked_request(request) -> dict | None:
    """A request from the page, made again from a checked scene (a store is what a client sends)."""
    raw = request if isinstance(request, dict) else {}
    if not raw:
        return None
    pair = raw.get("pair") if isinstance(raw.get("pair"), list) and len(raw.get("pair")) == 2 else [None, None]
    line = raw.get("line") if isinstance(raw.get("line"), list) and len(raw.get("line")) == 2 else [None, None]
    hyper = raw.get("hyper") if isinstance(raw.get("hyper"), dict) else {}
    scene = scenes.check(
        {
            "view": {
                "x": pair[0],
                "y": pair[1],
                "fixed": dict(zip(surface.PARAMS, raw.get("fixed") or [], strict=False)),
                "data": raw.get("data"),
                "mode": "hyper",
                "hypermap": {k: raw.get(k) for k in ("alpha", "y", "gamma", "cells", "epochs")} | {"line": line[1]},
            },
            "draft": {"algorithm": raw.get("algorithm"), "start": raw.get("start"), "hyper": hyper}
            | {k: raw.get(k) for k in ("goal", "grad_tol")},
        }
    )[0]
    checked = request_for(scene)
    return checked if isinstance(checked, dict) else None


def stores() -> list:
    return [dcc.Store(id=ids.HYPER_REQUEST), dcc.Store(id=ids.HYPER_STORE), dcc.Store(id=ids.HYPER_CLICK)]
