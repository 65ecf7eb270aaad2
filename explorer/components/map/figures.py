"""Pure functions from engine results to plotly figures: no dash, no I/O.

The contour map draws log10 F, so that evenly spaced plotly contour levels are the log-spaced levels of
``surface.log_levels``; the colour bar is labelled in F itself, over its whole range. The map and the transparent
overlay above it (where the client-side script draws the runs) share one set of margins, axis ranges and aspect
constraint, so their plot areas coincide to the pixel at any size. The runs themselves are drawn in the browser
(assets/20-overlay.js, 50-surface3d.js), the same way on the map and on the 3-D surface.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

import surface

from . import layers as map_layers

COLORSCALE = "Viridis"
MARGIN = {"l": 72, "r": 118, "t": 12, "b": 58, "pad": 0, "autoexpand": False}


KIND_STYLE = {
    "minimum": {"symbol": "circle", "color": "#ffffff", "label": "minimum"},
    "saddle": {"symbol": "x", "color": "#ff4d4d", "label": "saddle point"},
    "maximum": {"symbol": "triangle-up", "color": "#ff9f1c", "label": "maximum"},
    "degenerate": {"symbol": "diamond", "color": "#c792ea", "label": "degenerate point"},
}


KINDS = {"w1": "input weight", "b1": "hidden bias", "w2": "output weight", "b2": "output bias"}
"""Parameters of one kind share units and scale: a map over two of them is drawn with equal scales."""


def axis_title(name: str) -> str:
    """The book's notation for a parameter, e.g. ``w¹₁,₁``."""
    return surface.LABELS[name]


def kind(name: str) -> str:
    return KINDS[name.split("_")[0]]


def equal_aspect(view: dict) -> bool:
    """Whether one unit is as long on the y axis as on the x axis: asked for, or automatic for like parameters."""
    if view.get("aspect") == "equal":
        return True
    return view.get("aspect", "auto") == "auto" and kind(view["x"]) == kind(view["y"])


def log_ticks(levels: np.ndarray) -> tuple[list[float], list[str]]:
    """Colour-bar ticks at the powers of ten (and 2x, 5x when few decades) inside the levels' span, and at both
    ends of it, so the bar labels its whole range."""
    lo, hi = float(np.log10(levels[0])), float(np.log10(levels[-1]))
    mantissas = (1, 2, 5) if hi - lo < 4 else (1,)
    vals, text = [], []
    for k in range(int(np.floor(lo)), int(np.ceil(hi)) + 1):
        for m in mantissas:
            v = np.log10(m) + k
            if lo - 1e-9 <= v <= hi + 1e-9:
                vals.append(float(v))
                text.append(tick_label(m * 10.0**k, 3))
    gap = 0.07 * (hi - lo)  # end labels only where they do not crowd a power of ten (about 30 px apart)
    if not vals or vals[0] - lo > gap:
        vals.insert(0, lo)
        text.insert(0, tick_label(10**lo, 2))
    if hi - vals[-1] > gap:
        vals.append(hi)
        text.append(tick_label(10**hi, 2))
    return vals, text


def tick_label(v: float, digits: int) -> str:
    """``v`` to ``digits`` significant digits as a person reads it on a colour bar: 2,900 rather than 2.9e+03
    (up to a million), 1e6 beyond, 0.00028 below one (as ``g`` writes it down to 1e-4, then 1e-5 and so on)."""
    text = f"{v:.{digits}g}"
    if "e+" in text:
        r = float(text)
        if r < 1e6:
            return f"{r:,.0f}" if r.is_integer() else f"{r:,}"
        return text.replace("e+0", "e").replace("e+", "e")
    return text.replace("e-0", "e-")


def contour_trace(xs, ys, F, levels) -> go.Contour:
    """The filled contour of F, drawn as log10 F (float32, sent base64-encoded) with lines at ``levels``.

    Its own hover label is off ("none" keeps the click events): the browser shows F itself at the pointer,
    computed from the network there, not 10 to a power at the nearest grid node.
    """
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
        hoverinfo="none",
        name="F",
        uid="surface",
    )


def optimum_trace(point, F: float) -> go.Scatter:
    """A star at the nominal parameters, where they are a minimum of the slice shown."""
    x0, y0 = point
    return go.Scatter(
        x=[x0],
        y=[y0],
        mode="markers",
        marker={"symbol": "star", "size": 17, "color": "#ffd60a", "line": {"color": "black", "width": 1}},
        name=f"nominal parameters (F = {F:.3g})",
        hovertemplate=f"nominal parameters, a minimum here: F = {F:.4g}<br>({x0:g}, {y0:g})<extra></extra>",
        uid="optimum",
    )


def critical_traces(xname: str, yname: str, points: list[dict]) -> list[go.Scatter]:
    """One marker trace per kind of stationary point, with F and the Hessian's eigenvalues on hover."""
    traces = []
    for kind_, style in KIND_STYLE.items():
        chosen = [p for p in points if p["kind"] == kind_]
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
                    "size": 12,
                    "color": style["color"],
                    "line": {"color": "black", "width": 1.5},
                },
                name=style["label"],
                text=text,
                hovertemplate="%{text}<extra></extra>",
                uid=f"critical-{kind_}",
            )
        )
    return traces


def axes_layout(view: dict, *, visible: bool = True) -> dict:
    """Axes, margins and aspect shared by the map and the overlay (their size comes from the page)."""
    axis = {"showgrid": False, "zeroline": False, "automargin": False, "visible": visible, "constrain": "domain"}
    yaxis = {**axis, "title": {"text": axis_title(view["y"])}, "range": [float(v) for v in view["yr"]]}
    if equal_aspect(view):
        yaxis.update(scaleanchor="x", scaleratio=1)
    return {
        "xaxis": {**axis, "title": {"text": axis_title(view["x"])}, "range": [float(v) for v in view["xr"]]},
        "yaxis": yaxis,
        "margin": MARGIN,
        "autosize": True,
        "font": {"size": 14},
        "showlegend": False,
    }


def view_revision(view: dict) -> str:
    """Changes with the pair and the window: the user's zoom survives other updates (uirevision)."""
    return f"{view['x']}|{view['y']}|{view['xr']}|{view['yr']}|{equal_aspect(view)}"


def marker_traces(view: dict, points: list[dict] | None, optimum) -> list[go.Scatter]:
    """The star and the stationary points: on the map (for their hover text) and again on top of the runs.

    The minimum at the nominal parameters is drawn as the star alone, not as a circle hiding it.
    """
    points = points or []
    if optimum is not None:
        (x0, y0), _ = optimum
        scale = (view["xr"][1] - view["xr"][0], view["yr"][1] - view["yr"][0])
        points = [
            p
            for p in points
            if not (abs(p["point"][0] - x0) <= 1e-6 * scale[0] and abs(p["point"][1] - y0) <= 1e-6 * scale[1])
        ]
    traces = [] if optimum is None else [optimum_trace(*optimum)]
    return traces + critical_traces(view["x"], view["y"], points)


CONTOUR_FILLED = {"contours": {"coloring": "fill"}, "line": {"width": 0.5, "color": "rgba(255,255,255,0.35)"}}
CONTOUR_OVER_BASINS = {"contours": {"coloring": "lines"}, "line": {"width": 1, "color": "rgba(20,20,30,0.55)"}}
BACKGROUND = {"fill": "#440154", "lines": "#f4f5f7"}
"""The plot area's colour behind the contour: Viridis's lowest under the filled map (no seam at its edges); a
light grey where the contour is drawn as lines over a layer that leaves cells blank (the condition number)."""


def trace_json(trace) -> dict:
    """A trace as a figure sends it, its numpy arrays as base64 typed arrays, for a ``Patch`` (which sends a
    plain dict as it is: numpy arrays in it would travel as JSON lists of numbers, twice the size or more)."""
    return go.Figure(data=[trace]).to_plotly_json()["data"][0]


def overlay_base(view: dict, points: list[dict] | None = None, optimum=None) -> dict:
    """What the overlay is drawn from: the map's axes, invisible, on a transparent background, and the markers
    that must stay above the runs (the browser adds the runs beneath them)."""
    layout = axes_layout(view, visible=False)
    layout["xaxis"]["fixedrange"] = True
    layout["yaxis"]["fixedrange"] = True
    layout.update(
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hovermode=False,
        uirevision=view_revision(view),
    )
    markers = [t.to_plotly_json() for t in marker_traces(view, points, optimum)]
    return {"layout": layout, "markers": markers, "pair": [view["x"], view["y"]], "overlays": list(view["overlays"])}


def contour_style(lines: bool) -> tuple[dict, str]:
    """The contour's style (filled, or lines only so that a layer beneath shows) and the plot area's colour."""
    if lines:
        return CONTOUR_OVER_BASINS, BACKGROUND["lines"]
    return CONTOUR_FILLED, BACKGROUND["fill"]


def shows(trace) -> bool:
    return trace.visible is not False


def map_figure(
    view: dict, xs, ys, F, points: list[dict] | None = None, optimum=None, beneath=None, layers=None
) -> go.Figure:
    """The contour map of F over the view's pair, with the nominal star (``optimum`` = (point, F), where it is
    a minimum of this slice) and, optionally, the stationary points marked. ``beneath`` are the layers drawn under
    the contour (where each start ends) and ``layers`` those above it (the curvature overlays), each an overlay's
    trace or its hidden place, in the registry's order (``map.layers``); hidden places where not given. While a
    layer marked ``under`` shows, the contour is drawn as lines over it."""
    levels = surface.log_levels(F, 24)
    contour = contour_trace(xs, ys, F, levels)
    beneath = list(beneath) if beneath is not None else [map_layers.place(o) for o in map_layers.beneath()]
    layers = list(layers) if layers is not None else [map_layers.place(o) for o in map_layers.above()]
    expected = [o.uid for o in map_layers.layered()]
    if [t.uid for t in (*beneath, *layers)] != expected:
        raise ValueError(f"the map's layers must be {expected}, in that order")
    lines = any(o.under and shows(t) for o, t in zip(map_layers.layered(), (*beneath, *layers), strict=True))
    style, background = contour_style(lines)
    contour.update(style)
    fig = go.Figure([*beneath, contour, *layers, *marker_traces(view, points, optimum)])
    fig.update_layout(
        **axes_layout(view),
        uirevision=view_revision(view),
        hovermode="closest",
        dragmode="zoom",
        plot_bgcolor=background,
    )
    return fig


def static_map(view: dict, xs, ys, F, points, optimum, paths: list[dict], layers=None, beneath=None) -> go.Figure:
    """The map with each run's whole path drawn on it, in one figure (for an export that stands alone).

    ``paths`` holds dicts with ``label``, ``color``, the ``x``, ``y`` of the path's display copy and its ``dash``
    (solid unless given: a planted bug's run is dashed beside its correct twin); ``layers``
    the curvature overlays (``curvature_view.traces``), each shown in the legend by its name.
    """
    fig = map_figure(view, xs, ys, F, points, optimum, beneath=beneath, layers=layers)
    given = {o.uid for o in map_layers.layered()}
    shown = [t for t in fig.data if t.uid in given and shows(t)]
    for trace in shown:
        trace.showlegend = True
    for path in paths:
        x, y = np.asarray(path["x"], dtype=float), np.asarray(path["y"], dtype=float)
        outline = "#000000" if path["color"] != "#111111" else "#ffffff"
        line = {"color": path["color"], "width": 3, "dash": path.get("dash", "solid")}
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", line=line, name=path["label"]))
        fig.add_trace(
            go.Scatter(
                x=[x[0], x[-1]],
                y=[y[0], y[-1]],
                mode="markers",
                marker={
                    "symbol": ["circle", "square"],
                    "size": 11,
                    "color": path["color"],
                    "line": {"color": outline, "width": 1.5},
                },
                name=f"{path['label']}: start and end",
                showlegend=False,
            )
        )
    fig.update_layout(
        showlegend=bool(paths or shown), legend={"bgcolor": "rgba(255,255,255,0.85)", "x": 0.01, "y": 0.99}
    )
    fig.data[0].hoverinfo = "x+y+z"
    return fig
