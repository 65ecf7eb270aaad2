"""Pure functions from engine results to plotly figures: no dash, no I/O.

The contour map draws log10 F, so that evenly spaced plotly contour levels are the log-spaced levels of
``surface.log_levels``; the colour bar is labelled in F itself. The map and the transparent overlay above it
(where the client-side script draws the runs) share one set of margins and axis ranges, so their plot areas
coincide to the pixel.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

import surface

COLORSCALE = "Viridis"
MAP_HEIGHT = 560
MARGIN = {"l": 72, "r": 112, "t": 16, "b": 58, "pad": 0, "autoexpand": False}
PALETTE = ("#ff4d4d", "#ffffff", "#ff9f1c", "#ff4fd8", "#3de0ff", "#111111", "#b6ff3b", "#c792ea")
"""Run colours, chosen to stand out on every part of the Viridis map."""

KIND_STYLE = {
    "minimum": {"symbol": "circle", "color": "#ffffff", "label": "minimum"},
    "saddle": {"symbol": "x", "color": "#ff4d4d", "label": "saddle point"},
    "maximum": {"symbol": "triangle-up", "color": "#ff9f1c", "label": "maximum"},
    "degenerate": {"symbol": "diamond", "color": "#c792ea", "label": "degenerate point"},
}


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
                vals.append(float(v))
                text.append(f"{m * 10.0**k:.3g}")
    return vals, text


def contour_trace(xs, ys, F, levels) -> go.Contour:
    """The filled contour of F, drawn as log10 F (float32, sent base64-encoded) with lines at ``levels``."""
    logz = np.log10(np.maximum(F, levels[0] * 1e-3)).astype(np.float32)
    start, end = float(np.log10(levels[0])), float(np.log10(levels[-1]))
    size = (end - start) / max(len(levels) - 1, 1)
    tickvals, ticktext = log_ticks(levels)
    return go.Contour(
        x=np.asarray(xs, dtype=np.float32),
        y=np.asarray(ys, dtype=np.float32),
        z=logz,
        colorscale=COLORSCALE,
        contours={"start": start, "end": end, "size": size, "coloring": "fill", "showlines": True},
        line={"width": 0.5, "color": "rgba(255,255,255,0.35)"},
        colorbar={
            "title": {"text": "F", "side": "top"},
            "tickvals": tickvals,
            "ticktext": ticktext,
            "x": 1.02,
            "xanchor": "left",
            "thickness": 14,
            "len": 1.0,
        },
        hovertemplate="(%{x:.4g}, %{y:.4g})<br>F ≈ 10^%{z:.2f}<extra></extra>",
        name="F",
    )


def optimum_trace(xname: str, yname: str) -> go.Scatter:
    """A star at the nominal parameters: the global minimum, F = 0."""
    x0 = float(surface.NOMINAL[surface.PARAMS.index(xname)])
    y0 = float(surface.NOMINAL[surface.PARAMS.index(yname)])
    return go.Scatter(
        x=[x0],
        y=[y0],
        mode="markers",
        marker={"symbol": "star", "size": 16, "color": "#ffd60a", "line": {"color": "black", "width": 1}},
        name="optimum (F = 0)",
        hovertemplate=f"nominal parameters: global minimum F = 0<br>({x0:g}, {y0:g})<extra></extra>",
    )


def critical_traces(xname: str, yname: str, points: list[dict]) -> list[go.Scatter]:
    """One marker trace per kind of stationary point, with F and the Hessian's eigenvalues on hover."""
    traces = []
    for kind, style in KIND_STYLE.items():
        chosen = [p for p in points if p["kind"] == kind]
        if not chosen:
            continue
        text = [
            f"{style['label']}<br>{axis_title(xname)} = {p['point'][0]:.5g}, {axis_title(yname)} = {p['point'][1]:.5g}"
            f"<br>F = {p['F']:.5g}<br>Hessian eigenvalues {p['eigenvalues'][0]:.3g}, {p['eigenvalues'][1]:.3g}"
            for p in chosen
        ]
        traces.append(
            go.Scatter(
                x=[p["point"][0] for p in chosen],
                y=[p["point"][1] for p in chosen],
                mode="markers",
                marker={
                    "symbol": style["symbol"],
                    "size": 11,
                    "color": style["color"],
                    "line": {"color": "black", "width": 1.5},
                },
                name=style["label"],
                text=text,
                hovertemplate="%{text}<extra></extra>",
            )
        )
    return traces


def axes_layout(xname: str, yname: str, xr, yr, *, visible: bool = True) -> dict:
    """Axes, margins and size shared by the map and the overlay."""
    axis = {"showgrid": False, "zeroline": False, "automargin": False, "visible": visible}
    return {
        "xaxis": {**axis, "title": {"text": axis_title(xname)}, "range": [float(xr[0]), float(xr[1])]},
        "yaxis": {**axis, "title": {"text": axis_title(yname)}, "range": [float(yr[0]), float(yr[1])]},
        "margin": MARGIN,
        "height": MAP_HEIGHT,
        "font": {"size": 14},
        "showlegend": False,
    }


def view_revision(view: dict) -> str:
    """Changes with the pair and the window: the user's zoom survives other updates (uirevision)."""
    return f"{view['x']}|{view['y']}|{view['xr']}|{view['yr']}"


def map_figure(view: dict, xs, ys, F, points: list[dict] | None = None) -> go.Figure:
    """The contour map of F over the view's pair, with the optimum and (optionally) stationary points marked."""
    levels = surface.log_levels(F, 24)
    traces = [contour_trace(xs, ys, F, levels), optimum_trace(view["x"], view["y"])]
    traces += critical_traces(view["x"], view["y"], points or [])
    fig = go.Figure(traces)
    fig.update_layout(
        **axes_layout(view["x"], view["y"], view["xr"], view["yr"]),
        uirevision=view_revision(view),
        hovermode="closest",
        dragmode="zoom",
        plot_bgcolor="#440154",
    )
    return fig


def overlay_layout(view: dict) -> dict:
    """The overlay's layout: the map's axes, invisible, on a transparent background."""
    layout = axes_layout(view["x"], view["y"], view["xr"], view["yr"], visible=False)
    layout["xaxis"]["fixedrange"] = True
    layout["yaxis"]["fixedrange"] = True
    return {
        **layout,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "hovermode": False,
        "uirevision": view_revision(view),
    }


def loss_layout() -> dict:
    """F against epoch, log scale (the runs' curves are added in the browser)."""
    return {
        "xaxis": {"title": {"text": "epoch"}, "rangemode": "tozero"},
        "yaxis": {"title": {"text": "F (sum of squared errors)"}, "type": "log", "exponentformat": "power"},
        "margin": {"l": 70, "r": 16, "t": 30, "b": 48},
        "height": 270,
        "title": {"text": "Performance index along each run", "font": {"size": 14}},
        "showlegend": False,
        "hovermode": "closest",
        "uirevision": "loss",
    }


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
        )
    )
    fig.update_layout(
        xaxis={"title": {"text": "p"}, "range": [-2.05, 2.05]},
        yaxis={"title": {"text": "a(p)"}, "range": [0.0, 1.0]},
        margin={"l": 60, "r": 16, "t": 30, "b": 48},
        height=270,
        title={"text": "Network response at the current iterate", "font": {"size": 14}},
        showlegend=False,
        uirevision="response",
    )
    return fig


def run_label(run: dict) -> str:
    """A short name for a run: its algorithm and start, e.g. ``sdbp from (-4, -4)``."""
    x0, y0 = run["start"]
    return f"{run['algorithm']} from ({x0:.4g}, {y0:.4g})"


def surface_figure(view: dict, xs, ys, F, paths: list[dict]) -> go.Figure:
    """The 3-D surface of F over the same window, with each run's path drawn on it.

    ``paths`` holds dicts with ``x``, ``y``, ``F`` arrays, ``color`` and ``label``.
    """
    traces = [
        go.Surface(
            x=np.asarray(xs, dtype=np.float32),
            y=np.asarray(ys, dtype=np.float32),
            z=np.asarray(F, dtype=np.float32),
            colorscale=COLORSCALE,
            showscale=False,
            opacity=0.92,
            name="F",
            hovertemplate="(%{x:.3g}, %{y:.3g})<br>F = %{z:.4g}<extra></extra>",
            contours={"z": {"show": True, "usecolormap": True, "project": {"z": True}, "width": 1}},
        )
    ]
    lift = 0.004 * float(np.nanmax(F) - np.nanmin(F))  # draw the paths just above the surface
    for path in paths:
        traces.append(
            go.Scatter3d(
                x=np.asarray(path["x"], dtype=np.float32),
                y=np.asarray(path["y"], dtype=np.float32),
                z=np.asarray(path["F"], dtype=np.float32) + lift,
                mode="lines",
                line={"color": path["color"], "width": 6},
                name=path["label"],
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(
        scene={
            "xaxis": {"title": {"text": axis_title(view["x"])}, "range": list(view["xr"])},
            "yaxis": {"title": {"text": axis_title(view["y"])}, "range": list(view["yr"])},
            "zaxis": {"title": {"text": "F"}},
            "camera": {"eye": {"x": 1.25, "y": -1.9, "z": 1.15}},
        },
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        height=MAP_HEIGHT,
        showlegend=bool(paths),
        legend={"x": 0.01, "y": 0.99, "bgcolor": "#9aa0a6", "font": {"color": "#111"}},
        uirevision=view_revision(view),
    )
    return fig
