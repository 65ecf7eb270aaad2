"""Pure functions from engine results to plotly figures: no dash, no I/O.

The contour map draws log10 F, so that evenly spaced plotly contour levels are the log-spaced levels of
``surface.log_levels``; the colour bar is labelled in F itself.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

import surface

COLORSCALE = "Viridis"


def axis_title(name: str) -> str:
    """The book's notation for a parameter, e.g. ``w¹₁,₁``."""
    return surface.LABELS[name]


def log_ticks(levels: np.ndarray) -> tuple[list[float], list[str]]:
    """Colour-bar ticks at the powers of ten (and 2x, 5x when few decades) inside the levels' span."""
    lo, hi = float(np.log10(levels[0])), float(np.log10(levels[-1]))
    mantissas = (1, 2, 5) if hi - lo < 4 else (1,)
    vals, text = [], []
    for k in range(int(np.floor(lo)), int(np.ceil(hi)) + 1):
        for m in mantissas:
            v = np.log10(m) + k
            if lo - 1e-9 <= v <= hi + 1e-9:
                vals.append(v)
                text.append(f"{m * 10.0**k:.3g}")
    return vals, text


def contour_trace(xs, ys, F, levels) -> go.Contour:
    """The filled contour of F (drawn as log10 F) with lines at ``levels``."""
    logz = np.log10(np.maximum(F, levels[0] * 1e-3)).astype(np.float32)
    start, end = float(np.log10(levels[0])), float(np.log10(levels[-1]))
    size = (end - start) / max(len(levels) - 1, 1)
    tickvals, ticktext = log_ticks(levels)
    return go.Contour(
        x=np.asarray(xs, dtype=np.float32),
        y=np.asarray(ys, dtype=np.float32),
        z=logz,
        customdata=None,
        colorscale=COLORSCALE,
        contours={"start": start, "end": end, "size": size, "coloring": "fill", "showlines": True},
        line={"width": 0.6, "color": "rgba(255,255,255,0.35)"},
        colorbar={"title": {"text": "F", "side": "right"}, "tickvals": tickvals, "ticktext": ticktext},
        hovertemplate="x %{x:.4g}<br>y %{y:.4g}<br>log₁₀F %{z:.3f}<extra></extra>",
        name="F",
    )


def optimum_trace(xname: str, yname: str) -> go.Scatter:
    """A marker at the nominal parameters, the global minimum F = 0."""
    x0 = float(surface.NOMINAL[surface.PARAMS.index(xname)])
    y0 = float(surface.NOMINAL[surface.PARAMS.index(yname)])
    return go.Scatter(
        x=[x0],
        y=[y0],
        mode="markers",
        marker={"symbol": "star", "size": 14, "color": "white", "line": {"color": "black", "width": 1}},
        name="optimum (F = 0)",
        hovertemplate=f"global minimum<br>{axis_title(xname)} = {x0:g}, {axis_title(yname)} = {y0:g}<extra></extra>",
    )


def contour_figure(xname: str, yname: str, xs, ys, F, levels) -> go.Figure:
    """The contour map of F over ``(xname, yname)`` with the optimum marked and the axes in the book's notation."""
    fig = go.Figure([contour_trace(xs, ys, F, levels), optimum_trace(xname, yname)])
    fig.update_layout(
        xaxis={"title": {"text": axis_title(xname)}, "range": [float(xs[0]), float(xs[-1])]},
        yaxis={"title": {"text": axis_title(yname)}, "range": [float(ys[0]), float(ys[-1])]},
        margin={"l": 60, "r": 20, "t": 30, "b": 50},
        showlegend=False,
    )
    return fig
