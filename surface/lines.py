"""F along straight lines in the seven parameters: from a run's start to its end, and between the two copies of a
minimum that swapping the hidden neurons makes.

Goodfellow, Vinyals and Saxe ("Qualitatively characterizing neural network optimization problems", ICLR 2015)
plot F along the straight line from a run's initial parameters to its final ones, F((1 − t) a + t b) for t in
[0, 1]: if it falls steadily, the path's detours were not needed; a bump is a barrier the run went around.

The 1-2-1 network computes the same function when its two hidden neurons trade places (each with its input
weight, its bias and its output weight): ``swap_hidden`` maps x to that twin, with the same F on every training
set. So every minimum has a twin, and the straight line between the two shows the barrier between them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import performance
from .notebook import number, point, table
from .params import finite_number

MAX_LINE_POINTS = 100_001
"""The most points a line profile may have."""

REFINE = 60
"""Golden-section steps that locate the top of a barrier between its grid neighbours (to (0.618)^60 of them)."""

SWAP = (1, 0, 3, 2, 5, 4, 6)
"""The permutation of ``PARAMS`` that exchanges the hidden neurons: w¹₁,₁ ↔ w¹₂,₁, b¹₁ ↔ b¹₂, w²₁,₁ ↔ w²₁,₂."""


@dataclass(frozen=True)
class Barrier:
    """The highest F on the segment from a to b, above the higher of its two ends.

    ``height`` = max_t F((1 − t)a + t b) − max(F(a), F(b)) (0 when F never rises above the higher end), reached
    at ``t`` (the point ``point``, where F = ``top``); ``ends`` is (F(a), F(b)).
    """

    height: float
    t: float
    point: tuple[float, ...]
    top: float
    ends: tuple[float, float]

    @property
    def words(self) -> str:
        """The barrier in a sentence."""
        if self.height <= 0:
            return "F never rises above the higher end along the line: no barrier separates the two points."
        return (
            f"Along the line F rises to {self.top:.4g} at t = {self.t:.3f}, a barrier {self.height:.4g} above the "
            f"higher end (F = {max(self.ends):.4g})."
        )

    def to_dict(self) -> dict:
        return {"height": self.height, "t": self.t, "point": list(self.point), "top": self.top, "ends": list(self.ends)}

    def __repr__(self) -> str:
        """'Barrier(0.1234 above the higher end, at t = 0.431 where F = 0.2168; ends F = (0, 0.09342))'"""
        return (
            f"Barrier({number(self.height)} above the higher end, at t = {self.t:.3f} where F = {number(self.top)}; "
            f"ends F = {point(self.ends)})"
        )

    def _repr_html_(self) -> str:
        return table("Barrier", [("in words", self.words), ("at", point(self.point)), ("ends F", point(self.ends))])


def line_profile(a, b, n: int = 201, data=None, t_range=(0.0, 1.0)) -> tuple[np.ndarray, np.ndarray]:
    """(t, F): F at (1 − t) a + t b for ``n`` values of t evenly spaced over ``t_range`` ([0, 1]: from a to b;
    a wider range, as Goodfellow et al. draw, looks beyond both ends), on the training set ``data``."""
    a, b = _point(a, "a"), _point(b, "b")
    n = int(finite_number(n, "n"))
    if not 2 <= n <= MAX_LINE_POINTS:
        raise ValueError(f"n must be between 2 and {MAX_LINE_POINTS:,}, got {n}")
    t0, t1 = (finite_number(v, "t_range") for v in t_range)
    if not t0 < t1:
        raise ValueError("t_range must run from a smaller to a larger t")
    t = np.linspace(t0, t1, n)
    return t, np.atleast_1d(performance(a + t[:, None] * (b - a), data))


def swap_hidden(x) -> np.ndarray:
    """The parameters with the two hidden neurons exchanged (each with its input weight, bias and output
    weight): the same network function, so the same F on any training set. ``x`` may be a batch (..., 7)."""
    x = np.asarray(x, dtype=float)
    if x.shape[-1:] != (7,):
        raise ValueError(f"parameters must have a last axis of length 7, got shape {x.shape}")
    return x[..., list(SWAP)]


def barrier(a, b, data=None, n: int = 201) -> Barrier:
    """The barrier on the straight segment from ``a`` to ``b``: F sampled at ``n`` points, its highest sample's
    neighbourhood then searched by golden sections (``REFINE`` steps) for the top."""
    t, f = line_profile(a, b, n, data)
    a, b = _point(a, "a"), _point(b, "b")
    k = int(np.argmax(f))
    lo, hi = t[max(k - 1, 0)], t[min(k + 1, len(t) - 1)]
    top_t, top = _golden_max(lambda s: float(performance(a + s * (b - a), data)), lo, hi, t[k], float(f[k]))
    ends = (float(f[0]), float(f[-1]))
    height = max(0.0, top - max(ends))
    return Barrier(height, top_t, tuple(float(v) for v in a + top_t * (b - a)), top, ends)


def symmetry_barrier(x, data=None, n: int = 201) -> Barrier:
    """The barrier between ``x`` and its twin ``swap_hidden(x)`` (at a minimum: between the two global minima
    the permutation symmetry makes)."""
    return barrier(x, swap_hidden(x), data, n)


def _golden_max(f, lo: float, hi: float, best_t: float, best: float) -> tuple[float, float]:
    """The largest F found by golden-section search on [lo, hi] (F unimodal there), and the sample's if higher."""
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    c, d = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fc, fd = f(c), f(d)
    for _ in range(REFINE):
        if fc >= fd:
            hi, d, fd = d, c, fc
            c = hi - ratio * (hi - lo)
            fc = f(c)
        else:
            lo, c, fc = c, d, fd
            d = lo + ratio * (hi - lo)
            fd = f(d)
    for t, v in ((c, fc), (d, fd)):
        if v > best:
            best_t, best = t, v
    return float(best_t), float(best)


def _point(x, label: str) -> np.ndarray:
    v = np.array(x, dtype=float).reshape(-1)
    if v.shape != (7,) or not np.all(np.isfinite(v)):
        raise ValueError(f"{label} must be 7 finite parameter values")
    return v
