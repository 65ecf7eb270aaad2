"""The stage's "along a line" view: F along straight lines through the seven parameters, in two plots.

- Every run's line from its start to its end, F((1 − t) x_start + t x_end) for t from −0.25 to 1.25 (Goodfellow,
  Vinyals and Saxe, "Qualitatively characterizing neural network optimization problems", ICLR 2015): a steady
  fall says the path's detours were not needed, a bump is a barrier the run went around.
- The line between the global minimum (the nominal parameters, F = 0) and its twin with the two hidden neurons
  swapped (``surface.swap_hidden``): the 1-2-1 network of Hagan et al., *Neural Network Design*, ch. 12, computes
  the same function either way, so F has (at least) two global minima, and this line shows the barrier between
  them (``surface.symmetry_barrier``), its height written and its top marked.

Both follow the training set: every function takes ``data`` (the nominal set by default) and passes it on.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from dash import ClientsideFunction, Input, dcc, html, no_update

import surface
from explorer.components import plots
from explorer.components.planes import build as planes_build
from explorer.core import data as scene_data
from explorer.core import scene as scenes
from explorer.core.format import display_number
from explorer.core.registry import View, scene
from explorer.serving.cache import cache

from . import ids

T_RANGE = (-0.25, 1.25)
"""The stretch of each line drawn: a quarter beyond both ends, so the ends are seen (as Goodfellow et al.)."""

POINTS = 301
"""Points along each line (bounded: one vectorised call of F per line)."""

GRAPH_CONFIG = {"displaylogo": False, "responsive": True}


def view_panel() -> html.Div:
    return html.Div(
        [
            html.Div(dcc.Graph(id=ids.LINE_RUNS_GRAPH, config=GRAPH_CONFIG, className="graph"), className="line-box"),
            html.Div(dcc.Graph(id=ids.LINE_SWAP_GRAPH, config=GRAPH_CONFIG, className="graph"), className="line-box"),
            html.Div(id=ids.LINE_BARRIER, className="note line-barrier", **{"aria-live": "polite"}),
        ],
        id=ids.LINE_VIEW,
        hidden=True,
        className="line-view",
    )


# ---------- the numbers ----------


def run_lines(results: list[dict], data=None) -> list[dict]:
    """For each run (``planes_build.run_results``): t, F along its line from start to end, and F at both ends."""
    out = []
    for r in results:
        a = planes_build.full_point(r, r["start"])
        b = planes_build.full_point(r, r["end"])
        if np.array_equal(a, b) or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
            continue  # a run that never moved, or ended beyond the numbers, has no line to draw
        t, F = surface.line_profile(a, b, POINTS, data, T_RANGE)
        ends = surface.performance(np.vstack([a, b]), data)
        out.append({"label": r["label"], "color": r["color"], "t": t, "F": F, "ends": np.atleast_1d(ends)})
    return out


@cache.memoize()
def _symmetry(point: tuple) -> dict:
    return symmetry(np.array(point))


def symmetry(point=None, data=None) -> dict:
    """The line from ``point`` (the global minimum, nominal, by default) to its permutation twin: t, F, the twin,
    F at both, and the barrier between them (``surface.symmetry_barrier``)."""
    x = np.array(surface.NOMINAL if point is None else point, dtype=float)
    if data is None and point is None:
        return _symmetry(tuple(x.tolist()))
    twin = surface.swap_hidden(x)
    t, F = surface.line_profile(x, twin, POINTS, data, T_RANGE)
    ends = np.atleast_1d(surface.performance(np.vstack([x, twin]), data))
    return {"point": x, "twin": twin, "t": t, "F": F, "ends": ends, "barrier": surface.symmetry_barrier(x, data)}


def at_minimum(sym: dict) -> bool:
    """Whether the line starts at a global minimum (F = 0 at nominal: ch. 12's own training set); on another
    set (scene_data) the nominal parameters are no minimum, and the line is no barrier between minima."""
    return bool(sym["ends"][0] < 1e-10)


def barrier_text(sym: dict) -> str:
    """The barrier in words, with its height as the engine gives it; on another training set, what the line
    is instead (the nominal parameters are not that set's minimum)."""
    b = sym["barrier"]
    twin = ", ".join(display_number(v) for v in sym["twin"])
    if at_minimum(sym):
        return (
            f"Barrier height {b.height:.4g}: on the straight line from the global minimum (F = {sym['ends'][0]:.3g}) "
            f"to its twin ({twin}), the same network with its hidden neurons swapped (F = {sym['ends'][1]:.3g}), "
            f"F rises to {b.top:.4g} at t = {b.t:.3f}."
        )
    return (
        f"On this training set the nominal parameters are not a minimum (F = {sym['ends'][0]:.3g}), so this line "
        f"joins no minima: from them to their twin ({twin}), the same network with its hidden neurons swapped "
        f"(the same F), F rises to {b.top:.4g} at t = {b.t:.3f}, {b.height:.4g} above its ends."
    )


# ---------- the figures ----------


def _ends(fig: go.Figure, labels=("start", "end")) -> None:
    """Dotted lines at t = 0 and t = 1, labelled."""
    for t, text in zip((0.0, 1.0), labels, strict=True):
        fig.add_vline(x=t, line={"dash": "dot", "color": "#5b6475", "width": 1})
        fig.add_annotation(
            x=t, y=1.0, yref="paper", text=f"{text} (t = {t:g})", showarrow=False, yanchor="bottom", font={"size": 12}
        )


def _layout(fig: go.Figure, title: str, xtitle: str) -> None:
    fig.update_layout(
        title={"text": title, "font": {"size": 15}, "x": 0.01, "xanchor": "left", "y": 0.98, "yanchor": "top"},
        xaxis={"title": {"text": xtitle}, "range": list(T_RANGE), "zeroline": False},
        yaxis={"title": {"text": "F"}, "rangemode": "tozero"},
        margin={"l": 64, "r": 20, "t": 56, "b": 50},
        legend={"orientation": "h", "x": 0, "y": -0.22, "yanchor": "top"},
        hovermode="x unified",
        plot_bgcolor="#ffffff",
        uirevision="lines",
    )


def side_color(index: int) -> str:
    """A run's colour as on the map, but grey for the white one (unseen on a white plot), as the side plots do."""
    colors = plots.PALETTES["plain"]
    color = colors[index % len(colors)]
    return "#8a8f98" if color.lower() == "#ffffff" else color


def runs_figure(lines: list[dict]) -> go.Figure:
    """F along each run's straight line from its start (t = 0) to its end (t = 1), in the run's colour."""
    fig = go.Figure()
    if not lines:
        fig.update_layout(plots.empty_note("Add a run: F along the straight line from its start to its end."))
        return fig
    for line in lines:
        color = side_color(line["color"])
        fig.add_trace(
            go.Scatter(
                x=line["t"],
                y=line["F"],
                mode="lines",
                line={"color": color, "width": 2.5},
                name=line["label"],
                hovertemplate="F = %{y:.4g}",
                uid=f"line-run-{line['color']}",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[0.0, 1.0],
                y=line["ends"],
                mode="markers",
                marker={"color": color, "size": 9, "symbol": ["circle", "square"]},
                showlegend=False,
                hoverinfo="skip",
                uid=f"line-ends-{line['color']}",
            )
        )
    _ends(fig)
    _layout(fig, "F on the straight line from each run's start to its end", "t: (1 − t)·start + t·end")
    return fig


def swap_figure(sym: dict) -> go.Figure:
    """F on the line from the global minimum to its twin with the hidden neurons swapped, the barrier's top
    marked and its height written (on another training set, the line from the nominal parameters, which are
    no minimum there: its highest point, not a barrier between minima)."""
    b, minimum = sym["barrier"], at_minimum(sym)
    fig = go.Figure(
        [
            go.Scatter(
                x=sym["t"],
                y=sym["F"],
                mode="lines",
                line={"color": "#0072B2", "width": 2.5},
                name="F along the line",
                hovertemplate="F = %{y:.4g}",
                uid="line-swap",
            ),
            go.Scatter(
                x=[b.t],
                y=[b.top],
                mode="markers+text",
                marker={"color": "#D55E00", "size": 11, "symbol": "triangle-down"},
                text=[f"{'barrier' if minimum else 'rises by'} {b.height:.4g}"],
                textposition="top center",
                textfont={"size": 13, "color": "#D55E00"},
                name=f"{'barrier height' if minimum else 'highest F, above the ends by'} {b.height:.4g}",
                hovertemplate=f"highest F on the line: {b.top:.4g} at t = {b.t:.3f}<extra></extra>",
                uid="line-barrier",
            ),
        ]
    )
    if minimum:
        _ends(fig, ("minimum", "its twin"))
        _layout(fig, "F between the global minimum and its twin (hidden neurons swapped)", "t: (1 − t)·x* + t·swap(x*)")
    else:
        _ends(fig, ("nominal", "its twin"))
        _layout(
            fig, "F between the nominal parameters and their twin (hidden neurons swapped)", "t: (1 − t)·x + t·swap(x)"
        )
    fig.update_yaxes(range=[0, 1.18 * max(b.top, float(np.nanmax(sym["F"][(sym["t"] >= 0) & (sym["t"] <= 1)])))])
    return fig


# ---------- the callback ----------


def draw(scene_view, scene_runs, data=None):
    """{hidden, runs figure, swap figure, barrier text} for the scene; nothing is drawn unless it is shown."""
    if scene_view is None:
        return dict.fromkeys(("hidden", "runs", "swap", "barrier"), no_update)
    view, runs = scenes.checked_parts(scene_view, scene_runs)
    if view["mode"] != "line":
        return {"hidden": True, "runs": no_update, "swap": no_update, "barrier": no_update}
    runs_figure_, swap_figure_, barrier = figures_for(view, runs, data)
    return {"hidden": False, "runs": runs_figure_, "swap": swap_figure_, "barrier": barrier}


def figures_for(view: dict, runs: list[dict], data=None) -> tuple[go.Figure, go.Figure, str]:
    """The tab's two figures and the barrier in words, for a checked view and runs (the page and its exports)."""
    if data is None:  # the scene's training set (None: the nominal one)
        data = scene_data.training_set(scene_data.data_key(view.get("data")))
    lines = run_lines(planes_build.run_results(view, runs), data)
    sym = symmetry(data=data)
    return runs_figure(lines), swap_figure(sym), barrier_text(sym)


VIEW = View(
    "lines",
    reads=scene("view", "runs"),
    writes={
        "hidden": (ids.LINE_VIEW, "hidden"),
        "runs": (ids.LINE_RUNS_GRAPH, "figure"),
        "swap": (ids.LINE_SWAP_GRAPH, "figure"),
        "barrier": (ids.LINE_BARRIER, "children"),
    },
    build=draw,
    initial=False,
)


def register(app) -> None:
    # presentation mode restyles new figures in the browser (assets/60-presentation.js)
    app.clientside_callback(
        ClientsideFunction("explorer", "restyleViews"),
        [Input(ids.LINE_RUNS_GRAPH, "figure"), Input(ids.LINE_SWAP_GRAPH, "figure")],
        prevent_initial_call=True,
    )
