"""Polylines that stay within a tolerance of every point they stand for: Ramer–Douglas–Peucker, batched.

A long run is drawn from a few thousand of its iterates: the polyline through the kept iterates, in order. Its
error at an iterate k is the distance from k to the *segment that spans it*, the segment between the kept
iterates i < k < j next to it (not the nearest piece of the whole polyline: the drawn head passes k on that
segment). Distances are measured in window-normalised units, x divided by the window's width and y by its
height, so a tolerance of 1e-3 is a thousandth of the map whatever its axes.

``simplify`` keeps the fewest points it can by Ramer–Douglas–Peucker (Ramer, 1972; Douglas & Peucker, 1973):
a segment whose farthest interior point lies beyond the tolerance is split at that point, until none does.
The splits form a fixed tree (a segment's split point does not depend on the tolerance), so the points kept for
a tolerance t are those whose ancestors all deviate by more than t. The segments are split in passes, every
pass one vectorised sweep over the iterates still in play, worst deviations first; when a point budget stops
the splitting short, the budget has gone to the largest deviations.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

LONG_SEGMENT = 512
"""Segments longer than this (in iterates) that split near an end are also cut in the middle (see ``simplify``)."""

Window = tuple[tuple[float, float], tuple[float, float]]


def normalise(xy: np.ndarray, window: Window | None = None) -> np.ndarray:
    """Points (n, 2) in window units: x over the window's width, y over its height (offsets do not matter).

    ``window`` is ``((x0, x1), (y0, y1))``; by default the points' own bounding box. A window of zero width or
    height (or a path that never moves along an axis) counts that axis in its own units.
    """
    xy = np.asarray(xy, dtype=float)
    if window is None:
        span = np.ptp(xy, axis=0) if len(xy) else np.ones(2)
    else:
        (x0, x1), (y0, y1) = window
        span = np.abs(np.array([x1 - x0, y1 - y0], dtype=float))
    span = np.where(np.isfinite(span) & (span > 0), span, 1.0)
    return xy / span


def segment_distances(xy: np.ndarray, kept) -> np.ndarray:
    """The distance from every point to the segment between the kept points that bracket it (0 at kept points).

    ``kept`` holds sorted point indices that include the first and the last point.
    """
    xy = np.asarray(xy, dtype=float)
    kept = np.asarray(kept, dtype=np.int64)
    if len(xy) == 0:
        return np.zeros(0)
    if kept[0] != 0 or kept[-1] != len(xy) - 1 or np.any(np.diff(kept) <= 0):
        raise ValueError("kept must be increasing indices from the first point to the last")
    right = np.clip(np.searchsorted(kept, np.arange(len(xy)), side="right"), 1, len(kept) - 1)
    return _distance_to_segment(xy, xy[kept[right - 1]], xy[kept[right]])


def deviation(xy: np.ndarray, kept, window: Window | None = None) -> float:
    """The largest distance from a point to the drawn segment that spans it, in window units (see module doc)."""
    return float(np.max(segment_distances(normalise(xy, window), kept), initial=0.0))


class Simplified(NamedTuple):
    """What ``simplify`` kept, and the largest deviation left."""

    kept: np.ndarray
    deviation: float


def simplify(xy: np.ndarray, tolerance: float, budget: int, breaks=None) -> Simplified:
    """The points to keep (sorted indices) so that every point lies within ``tolerance`` of its segment.

    Keeps the first and last points and ``breaks`` (indices that must stay, e.g. time samples), then splits
    segments by Ramer–Douglas–Peucker until every point lies within ``tolerance`` (in the units of ``xy``) of
    the segment that spans it. At most ``budget`` points are kept: if the tolerance needs more, each pass spends
    what is left of the budget on the segments that deviate most, and the deviation left exceeds the tolerance.
    """
    xy = np.asarray(xy, dtype=float)
    n = len(xy)
    if n <= 2:
        return Simplified(np.arange(n), 0.0)
    x, y = np.ascontiguousarray(xy[:, 0]), np.ascontiguousarray(xy[:, 1])
    base = np.array([0, n - 1]) if breaks is None else np.concatenate([[0, n - 1], np.asarray(breaks, dtype=np.int64)])
    base = np.unique(np.clip(base, 0, n - 1))
    budget = max(int(budget), len(base))
    a, b = base[:-1], base[1:]
    open_ = b - a >= 2
    a, b = a[open_], b[open_]
    d2, split = _farthest(x, y, a, b)
    tol2 = float(tolerance) ** 2
    splits = []
    room = budget - len(base)
    for _ in range(n):  # every pass keeps at least one more point, and there are n points
        if room <= 0 or not np.any(d2 > tol2):
            break
        # worst first: split every segment within a factor of two (in distance) of the worst one
        chosen = np.flatnonzero(d2 > max(tol2, float(d2.max()) / 4.0))
        if len(chosen) > room:
            chosen = chosen[np.argpartition(d2[chosen], len(chosen) - room)[len(chosen) - room :]]
        s = split[chosen]
        ca, cb = a[chosen], b[chosen]
        # a long segment whose farthest point lies near one end would be peeled a point per pass (a zig-zag
        # that grows before a long steady stretch): cut it in the middle too, so every pass halves it
        long = np.flatnonzero((cb - ca > LONG_SEGMENT) & (np.minimum(s - ca, cb - s) < (cb - ca) // 8))
        long = long[((ca + cb) // 2)[long] != s[long]][: max(room - len(chosen), 0)]
        middle = (ca + cb)[long] // 2
        new = np.concatenate([s, middle])
        room -= len(new)
        splits.append(new)
        rest = np.ones(len(a), dtype=bool)
        rest[chosen] = False
        owner = np.arange(len(chosen))
        na, nb = _pieces(np.concatenate([ca, cb, s, middle]), np.concatenate([owner, owner, owner, long]))
        a, b = np.concatenate([a[rest], na]), np.concatenate([b[rest], nb])
        nd2, ns = _farthest(x, y, na, nb)
        d2, split = np.concatenate([d2[rest], nd2]), np.concatenate([split[rest], ns])
    kept = np.unique(np.concatenate([base, *splits])) if splits else base
    return Simplified(kept, float(np.sqrt(d2.max(initial=0.0))))


def _pieces(cuts: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The segments between consecutive cuts of each owner that still have interior points."""
    order = np.lexsort((cuts, owner))
    cuts, owner = cuts[order], owner[order]
    same = owner[1:] == owner[:-1]
    a, b = cuts[:-1][same], cuts[1:][same]
    inner = b - a >= 2
    return a[inner], b[inner]


def _distance_to_segment(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """|p − the nearest point of segment ab| for rows of points; a degenerate segment is its end point.

    Column by column (x and y apart): one pass of plain arithmetic per column, no (n, 2) temporaries."""
    abx, aby = b[:, 0] - a[:, 0], b[:, 1] - a[:, 1]
    apx, apy = p[:, 0] - a[:, 0], p[:, 1] - a[:, 1]
    den = abx * abx + aby * aby
    t = (apx * abx + apy * aby) / np.where(den > 0, den, 1.0)
    np.clip(t, 0.0, 1.0, out=t)
    dx, dy = apx - t * abx, apy - t * aby
    return np.sqrt(dx * dx + dy * dy)


def _farthest(x: np.ndarray, y: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For segments (a[i], b[i]) with b − a ≥ 2: the largest squared distance of an interior point from the
    segment, and the first interior index that attains it. One vectorised pass over all interior points."""
    if not len(a):
        return np.zeros(0), np.zeros(0, dtype=np.int64)
    inner = b - a - 1
    starts = np.cumsum(inner) - inner
    idx = np.repeat(a + 1 - starts, inner)
    idx += np.arange(len(idx))
    ax, ay = x[a], y[a]
    dx, dy = x[b] - ax, y[b] - ay
    den = dx * dx + dy * dy
    inv = np.divide(1.0, den, out=np.zeros_like(den), where=den > 0)  # a degenerate segment is its end point
    px = x[idx]
    px -= np.repeat(ax, inner)
    py = y[idx]
    py -= np.repeat(ay, inner)
    dx, dy = np.repeat(dx, inner), np.repeat(dy, inner)
    t = px * dx
    t += py * dy
    t *= np.repeat(inv, inner)
    np.clip(t, 0.0, 1.0, out=t)
    dx *= t
    dy *= t
    px -= dx
    py -= dy
    px *= px
    py *= py
    px += py  # the squared distance from the nearest point of the segment
    worst = np.maximum.reduceat(px, starts)
    hits = np.flatnonzero(px == np.repeat(worst, inner))
    owner = np.searchsorted(starts, hits, side="right")
    first = hits[np.concatenate([[True], owner[1:] != owner[:-1]])]
    return worst, idx[first]
