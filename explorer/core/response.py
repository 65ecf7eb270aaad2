"""What the response plot draws for a run: the network's response a(p) at keyframes along its display copy.

The plot beside the map shows a(p) at the iterate the clock has reached. The engine computes it
(``surface.output``, for the run's training set, with all seven parameters of every point drawn, so a run of the
whole network is the whole network's), at ``RESPONSE_POINTS`` inputs over [−2, 2] or the set's own inputs where
they reach further. Sent at every display point that would be 161 numbers a point (1.3 MB for 2,000); the curve
changes little between most of them, so it is sent at keyframes, and the plot steps from one to the next: a
point's curve is drawn as the latest keyframe's at or before it, which lies within ``TOLERANCE`` of the point's
own curve everywhere (a share of the targets' span, at least 1: under half a pixel of the plot on a 1920 x 1080
screen). The last point is always a keyframe, so a run's end is drawn exactly. A run that needs more than
``MAX_KEYFRAMES`` (one that zig-zags, its curve flipping at every step) keeps the smallest tolerance that fits
them, so a run's payload stays under about 200 kB (``tolerance`` says what was kept). About a hundred keyframes
is also about as often as the plot is redrawn in one play-through (8 s at 60 frames a second, every fourth).

Pure: numpy and the engine only; no Dash, no cache.
"""

from __future__ import annotations

import numpy as np

import surface

from . import codec

RESPONSE_POINTS = 161
"""Inputs p the response is drawn at."""

TOLERANCE = 3e-3
"""How far a keyframe's curve may lie from the curve of a point it stands for, as a share of the targets' span."""

MAX_KEYFRAMES = 100
"""The most keyframes chosen for one run (100 x 161 float32: 64 kB, 86 kB as base64), the last point aside."""

LOOKAHEAD = 256
"""Rows compared with a keyframe at once while looking for the next."""

FAR = 1e6
"""Where a value that is not finite is put while keyframes are chosen (drawn, it stays what it is)."""


def inputs(data=None) -> np.ndarray:
    """The p the response is drawn at: [−2, 2], or the training set's inputs' range where it is wider."""
    P = surface.P if data is None else data.P
    return np.linspace(min(-2.0, float(P.min())), max(2.0, float(P.max())), RESPONSE_POINTS)


def greedy(curves: np.ndarray, tolerance: float, limit: int) -> np.ndarray | None:
    """The keyframe rows of ``curves`` (finite) for ``tolerance``: the first row, then each first row that lies
    farther than the tolerance from the latest keyframe somewhere; None when that takes more than ``limit``."""
    n, out, key, start = len(curves), [0], 0, 1
    while start < n:
        stop = min(n, start + LOOKAHEAD)  # a block at a time: the next keyframe is usually near
        far = np.flatnonzero(np.abs(curves[start:stop] - curves[key]).max(axis=1) > tolerance)
        if not far.size:
            start = stop
            continue
        key = start + int(far[0])
        out.append(key)
        if len(out) > limit:
            return None
        start = key + 1
    return np.array(out)


def keyframes(curves: np.ndarray, tolerance: float) -> tuple[np.ndarray, float]:
    """(the keyframe rows of ``curves`` (n, m), the tolerance they keep): ``greedy`` at ``tolerance``, or at the
    smallest tolerance (found by halving the interval, in ratios) that takes at most ``MAX_KEYFRAMES``."""
    curves = np.where(np.isfinite(curves), curves, FAR)  # a curve that is not finite differs from any that is
    rows = greedy(curves, tolerance, MAX_KEYFRAMES)
    if rows is not None:
        return rows, tolerance
    low, high = tolerance, 2 * tolerance
    while (found := greedy(curves, high, MAX_KEYFRAMES)) is None:
        low, high = high, 2 * high
    for _ in range(8):
        middle = np.sqrt(low * high)
        rows = greedy(curves, middle, MAX_KEYFRAMES)
        if rows is None:
            low = middle
        else:
            high, found = middle, rows
    return found, float(high)


def path_part(shown: surface.Trajectory, data=None) -> dict:
    """{"response": {p, at (display indices of the keyframes), a (keyframes x p, float32), tolerance}} for the
    display copy ``shown`` of a run trained on ``data``."""
    p = inputs(data)
    full = surface.full_path(shown)
    with np.errstate(over="ignore", invalid="ignore"):
        curves = surface.output(full, p, data=data)
    T = surface.T if data is None else data.T
    span = max(1.0, float(np.ptp(T)))
    at, tolerance = keyframes(curves, TOLERANCE * span)
    if at[-1] != len(curves) - 1:  # the last point's own curve: the end of a run is drawn exactly
        at = np.append(at, len(curves) - 1)
    return {
        "response": {
            "p": codec.encode(p),
            "at": codec.encode(at, "i4"),
            "a": codec.encode(curves[at], "f4"),
            "tolerance": tolerance,
        }
    }
