"""The plots beside the map that follow the runs: F along each run, and the network's response at the current
iterate (the browser adds the runs' curves)."""

from __future__ import annotations

import plotly.graph_objects as go

import surface
from explorer.components.plots import empty_note


def loss_layout() -> dict:
    """F against the clock, log scale (the runs' curves are added in the browser)."""
    return {
        "xaxis": {"title": {"text": "epoch"}, "rangemode": "tozero"},
        "yaxis": {"title": {"text": "F (sum of squared errors)"}, "type": "log", "exponentformat": "power"},
        "margin": {"l": 70, "r": 16, "t": 34, "b": 48},
        "title": {"text": "Performance index along each run", "font": {"size": 14}, "x": 0.02, "xanchor": "left"},
        "showlegend": False,
        "hovermode": "closest",
        "uirevision": "loss",
        "autosize": True,
    }


def loss_figure() -> dict:
    """The loss plot before any run: it says what it will show (its axes wait, hidden, with their settings)."""
    layout, note = loss_layout(), empty_note("F against epoch appears here for each run")
    for axis in ("xaxis", "yaxis"):
        layout[axis] = {**layout[axis], **note.pop(axis)}
    return {"data": [], "layout": {**layout, **note}}


def response_figure() -> go.Figure:
    """The 41 training targets over p in [−2, 2]; the runs' current responses are added in the browser."""
    fig = go.Figure(
        go.Scatter(
            x=surface.P.tolist(),
            y=surface.T.tolist(),
            mode="markers",
            marker={"size": 6, "color": "#222", "symbol": "circle-open"},
            name="targets t",
            hovertemplate="p = %{x:.1f}<br>t = %{y:.4f}<extra></extra>",
            uid="targets",
        )
    )
    fig.update_layout(
        xaxis={"title": {"text": "p"}, "range": [-2.05, 2.05]},
        yaxis={"title": {"text": "a(p)"}, "range": [0.0, 1.0]},
        margin={"l": 60, "r": 16, "t": 34, "b": 48},
        title={"text": "Network response at the current iterate", "font": {"size": 14}, "x": 0.02, "xanchor": "left"},
        showlegend=False,
        uirevision="response",
        autosize=True,
    )
    return fig
