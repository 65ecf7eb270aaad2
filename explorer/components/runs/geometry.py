"""Where a drawn path meets the window's edge: pure geometry on the display copy of a run."""

from __future__ import annotations

import math

import numpy as np

EDGES = ("left", "right", "bottom", "top")


def first_exit(xs, ys, xr, yr) -> dict | None:
    """The first point where the polyline (xs, ys) leaves the window xr × yr, or None if it never does.

    Returns the index of the first vertex outside, the crossing point on the edge, which edge it crosses
    (left, right, bottom, top), and the direction of travel there (a step in data units), so an arrow can point
    the way the path went (the browser turns it into an angle on screen). A path that starts outside has no exit.
    """
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    (x0, x1), (y0, y1) = xr, yr
    inside = (xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1)
    if not len(xs) or not inside[0] or inside.all():
        return None
    k = int(np.argmin(inside))  # the first vertex outside
    ax, ay, bx, by = xs[k - 1], ys[k - 1], xs[k], ys[k]
    dx, dy = bx - ax, by - ay
    t, edge = 1.0, None
    for name, lo_or_hi, start, delta in (
        ("left", x0, ax, dx),
        ("right", x1, ax, dx),
        ("bottom", y0, ay, dy),
        ("top", y1, ay, dy),
    ):
        if delta == 0 or not math.isfinite(delta):
            continue
        s = (lo_or_hi - start) / delta
        if 0.0 <= s <= t:
            other = (ay + s * dy) if name in ("left", "right") else (ax + s * dx)
            lo, hi = (y0, y1) if name in ("left", "right") else (x0, x1)
            if lo - 1e-12 * (hi - lo) <= other <= hi + 1e-12 * (hi - lo):
                t, edge = s, name
    if edge is None:  # the vertex lies outside by rounding only
        t, edge = 1.0, nearest_edge(bx, by, xr, yr)
    px, py = ax + t * dx, ay + t * dy
    px, py = min(max(px, x0), x1), min(max(py, y0), y1)
    return {"index": k, "point": [float(px), float(py)], "edge": edge, "direction": [float(dx), float(dy)]}


def nearest_edge(x, y, xr, yr) -> str:
    (x0, x1), (y0, y1) = xr, yr
    gaps = {"left": (x0 - x) / (x1 - x0), "right": (x - x1) / (x1 - x0), "bottom": (y0 - y) / (y1 - y0)}
    gaps["top"] = (y - y1) / (y1 - y0)
    return max(gaps, key=gaps.get)
