"""The curvature overlays' traces: two constraint-contour shadings (unstable, not convex), the condition number as a
heatmap beneath the contour lines, and the arrows of the gradient field."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

import surface
from explorer.components.map import layers as map_layers

from .compute import stability_threshold, stability_words

ARROW_PX, BARB_PX, BARB_DEGREES = 17, 6.5, 28
"""An arrow's length, its head's two barbs' length and their angle to the shaft, on the screen (CSS pixels)
whatever the axes' scales."""


LINE_NS = 1.4
"""plotly's "line-ns" marker is 1.4 × its size long, centred on its point (``standoff`` moves it back)."""


STABILITY_FILL, STABILITY_EDGE = "rgba(255, 40, 40, 0.34)", "#ff2828"


NONCONVEX_FILL, NONCONVEX_EDGE = "rgba(255, 255, 255, 0.36)", "rgba(25, 25, 40, 0.8)"


CONDITION_DECADES = 6
"""The condition number's colours run from 1 to 10⁶ (larger is darkest)."""


CONDITION_COLORS = [[0.0, "#fff7ec"], [0.35, "#fdbb84"], [0.7, "#e34a33"], [1.0, "#7f0000"]]


FIELD_COLOR, FIELD_HALO = "#ffffff", "rgba(0, 0, 0, 0.75)"


SWATCH_UNDER = "#31688e"
"""A mid Viridis colour, under the translucent swatches of the key, so they look as they do on the map."""


def _axes(xs, ys) -> dict:
    return {"x": np.asarray(xs, dtype=np.float32), "y": np.asarray(ys, dtype=np.float32)}


def _float32(values, empty: float = 0.0) -> np.ndarray:
    """float32 values that keep their sign (a negative too small for float32 stays negative), within its range;
    NaN as ``empty``."""
    v = np.nan_to_num(np.asarray(values, dtype=float), nan=empty, posinf=3e38, neginf=-3e38)
    out = np.clip(v, -3e38, 3e38).astype(np.float32)
    tiny = np.nextafter(np.float32(0), np.float32(1))
    out[(v < 0) & (out == 0)] = -tiny
    out[(v > 0) & (out == 0)] = tiny
    return out


def stability_trace(xs, ys, lam_max, spec: dict) -> go.Contour | go.Scatter:
    """Where a fixed step is unstable: λmax > edge/α shaded (a constraint contour of λmax at that level, which
    keeps λmax ≤ edge/α and fills the rest); hidden when no cell can be (no fixed step, or α = 0)."""
    threshold = stability_threshold(spec)
    if threshold is None:
        return map_layers.hidden("stability")
    return go.Contour(
        **_axes(xs, ys),
        z=_float32(lam_max),
        contours={"type": "constraint", "operation": "<=", "value": threshold},
        fillcolor=STABILITY_FILL,
        line={"color": STABILITY_EDGE, "width": 2},
        hoverinfo="skip",
        showscale=False,
        showlegend=False,
        name=stability_words(spec),
        uid="stability",
    )


def nonconvex_trace(xs, ys, lam_min) -> go.Contour:
    """Where F is not convex: λmin < 0 shaded (a constraint contour of λmin keeping λmin ≥ 0)."""
    return go.Contour(
        **_axes(xs, ys),
        z=_float32(lam_min),
        contours={"type": "constraint", "operation": ">=", "value": 0.0},
        fillcolor=NONCONVEX_FILL,
        line={"color": NONCONVEX_EDGE, "width": 1.5, "dash": "dot"},
        hoverinfo="skip",
        showscale=False,
        showlegend=False,
        name="not convex: λmin < 0",
        uid="nonconvex",
    )


def condition_trace(xs, ys, lam_min, lam_max) -> go.Heatmap:
    """log₁₀ of the condition number λmax/λmin where both are positive, NaN (blank) elsewhere; coloured from
    1 to 10⁶, beneath the contour lines."""
    kappa = surface.condition_number(lam_min, lam_max)
    z = np.log10(kappa).astype(np.float32)
    return go.Heatmap(
        **_axes(xs, ys),
        z=z,
        zmin=0.0,
        zmax=float(CONDITION_DECADES),
        colorscale=CONDITION_COLORS,
        zsmooth="best",
        showscale=False,
        hoverinfo="skip",
        showlegend=False,
        name="condition number λmax/λmin, 1 to 10⁶ (log scale)",
        uid="condition",
    )


def field_trace(xs, ys, gx, gy, window) -> go.Scatter:
    """Arrows of −∇F, one per cell, direction only, of a fixed size on the screen.

    An arrow is three line markers ("line-ns") at its tip, each after a point on its tail: plotly turns a marker
    along tail → tip on the screen (``angleref="previous"``), so the arrows point along −∇F as drawn on any axes'
    scales; ``standoff`` moves each back from the tip by half its length, so the shaft and the two barbs (turned
    a further ±``BARB_DEGREES``) end at the tip. Each is drawn twice, dark and wide first, so that the white arrow
    over it reads on every colour of the map. Every per-marker value is a number (plotly validates an array of
    symbol names or colours one by one: a fifth of a second for these). Tail and tip lie 0.6 of a cell apart along
    −∇F in units of the cell (cells about square on the screen), about the cell's centre; cells where ∇F is 0 or
    not finite have no arrow.
    """
    (x0, x1), (y0, y1) = window
    cw, ch = (x1 - x0) / len(xs), (y1 - y0) / len(ys)
    cx, cy = np.meshgrid(xs, ys)
    u, v = -np.asarray(gx, dtype=float) / cw, -np.asarray(gy, dtype=float) / ch
    with np.errstate(over="ignore", invalid="ignore"):
        norm = np.hypot(u, v)
        keep = np.isfinite(norm) & (norm > 0)
        du, dv = 0.3 * cw * u[keep] / norm[keep], 0.3 * ch * v[keep] / norm[keep]
    cx, cy = cx[keep], cy[keep]
    tail, tip = (cx - du, cy - dv), (cx + du, cy + dv)
    # per arrow: (tail, tip) for the shaft and the two barbs, dark and wide, then again in white
    lines = [(ARROW_PX, 0.0), (BARB_PX, BARB_DEGREES), (BARB_PX, -BARB_DEGREES)]
    marks = [(length, angle, shade, width) for shade, width in ((0, 5), (1, 2)) for length, angle in lines]
    k, n = len(marks), cx.size

    def per_point(values, dtype) -> np.ndarray:  # (tail: nothing drawn, tip: the value) per mark, every arrow
        return np.tile(np.ravel([(0, value) for value in values]), n).astype(dtype)

    marker = {  # the smallest typed arrays that hold the values: they travel base64-encoded, 6 bytes a point
        "symbol": "line-ns",
        "size": per_point([length / LINE_NS for length, *_ in marks], np.float32),
        "standoff": per_point([length / 2 for length, *_ in marks], np.float32),
        "angle": per_point([angle for _, angle, *_ in marks], np.int16),
        "angleref": "previous",
        "line": {
            "color": per_point([shade for *_, shade, _ in marks], np.uint8),
            "colorscale": [[0.0, FIELD_HALO], [1.0, FIELD_COLOR]],
            "cmin": 0.0,
            "cmax": 1.0,
            "width": per_point([width for *_, width in marks], np.uint8),
        },
    }
    x = np.stack([tail[0], tip[0]] * k, axis=1).ravel().astype(np.float32)
    y = np.stack([tail[1], tip[1]] * k, axis=1).ravel().astype(np.float32)
    common = {"hoverinfo": "skip", "showlegend": False, "name": "direction of −∇F", "uid": "field"}
    return go.Scatter(x=x, y=y, mode="markers", marker=marker, **common)
