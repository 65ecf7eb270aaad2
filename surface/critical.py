"""Stationary points of F over a window of two free parameters: minima, saddles, maxima.

Newton's method on the gradient, z <- z - H(z)^-1 grad F(z) (ch. 9), finds every kind of stationary point, since
it seeks grad F = 0 whatever the curvature. It runs from a grid of seeds at once (one batched call per iteration),
with a backtracking step that never lets |grad F| grow and never jumps more than a quarter of the window. The
points it converges to inside the window are de-duplicated and classified by the signs of the Hessian's
eigenvalues (ch. 8): both positive, a strong minimum; both negative, a maximum; opposite signs, a saddle;
an eigenvalue that is zero to rounding, degenerate.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from .problem import Problem

SEEDS_PER_AXIS = 20
MAX_ITERATIONS = 60
MAX_HALVINGS = 12
MAX_LONG_STEPS = 6


@dataclass(frozen=True)
class CriticalPoint:
    """One stationary point: where, how high, how flat, and of what kind."""

    point: tuple[float, float]
    F: float
    gradient_norm: float
    eigenvalues: tuple[float, float]
    kind: str

    def to_dict(self) -> dict:
        """Plain numbers for JSON."""
        return asdict(self)

    def __getitem__(self, key):
        return getattr(self, key)


def critical_points(xname, yname, xrange, yrange, fixed=None, *, seeds_per_axis: int = SEEDS_PER_AXIS):
    """Every stationary point of F in the window ``xrange`` x ``yrange`` of ``(xname, yname)``.

    Returns a list of ``CriticalPoint`` sorted by F, then by position. ``fixed`` sets the other five parameters
    (nominal by default).
    """
    problem = Problem.make((xname, yname), fixed)
    lo, hi = _window(xrange, yrange)
    seeds_per_axis = int(np.clip(seeds_per_axis, 2, 64))
    z = _seed_grid(lo, hi, seeds_per_axis)
    z, converged = _newton(problem, z, lo, hi)
    inside = converged & np.all((z >= lo - 1e-9 * (hi - lo)) & (z <= hi + 1e-9 * (hi - lo)), axis=1)
    points = _polish(problem, _distinct(z[inside], hi - lo))
    if not len(points):
        return []
    f, g = problem.value_and_gradient(points)
    h = problem.hessian(points)
    eig = np.linalg.eigvalsh(h)
    found = [
        CriticalPoint(
            point=(float(p[0]), float(p[1])),
            F=float(fi),
            gradient_norm=float(np.linalg.norm(gi)),
            eigenvalues=(float(e[0]), float(e[1])),
            kind=classify(e),
        )
        for p, fi, gi, e in zip(points, np.atleast_1d(f), g, eig, strict=True)
        if _is_isolated(e)
    ]
    return sorted(found, key=lambda c: (round(c.F, 12), c.point))


def classify(eigenvalues, rtol: float = 1e-7) -> str:
    """The kind of a stationary point from its Hessian's eigenvalues (ch. 8's second-order conditions)."""
    e = np.asarray(eigenvalues, dtype=float)
    tol = rtol * max(1.0, float(np.max(np.abs(e))))
    if np.any(np.abs(e) <= tol):
        return "degenerate"
    if np.all(e > 0):
        return "minimum"
    if np.all(e < 0):
        return "maximum"
    return "saddle"


def _is_isolated(eigenvalues) -> bool:
    """False on a plateau where F is constant to rounding (the Hessian vanishes): no point to mark there."""
    return float(np.max(np.abs(eigenvalues))) > 1e-12


def _window(xrange, yrange) -> tuple[np.ndarray, np.ndarray]:
    lo = np.array([xrange[0], yrange[0]], dtype=float)
    hi = np.array([xrange[1], yrange[1]], dtype=float)
    if not (np.all(np.isfinite(lo)) and np.all(np.isfinite(hi))):
        raise ValueError("window bounds must be finite")
    if np.any(hi <= lo):
        raise ValueError("each window range must have its low end below its high end")
    return lo, hi


def _seed_grid(lo, hi, n) -> np.ndarray:
    """Seeds at the centres of an n x n partition of the window."""
    frac = (np.arange(n) + 0.5) / n
    gx, gy = np.meshgrid(lo[0] + frac * (hi[0] - lo[0]), lo[1] + frac * (hi[1] - lo[1]))
    return np.column_stack([gx.ravel(), gy.ravel()])


def _newton_direction(h: np.ndarray, g: np.ndarray) -> np.ndarray:
    """-H^-1 g for a batch, through the eigen-decomposition so that a nearly singular H cannot blow up."""
    lam, v = np.linalg.eigh(h)
    floor = 1e-12 * np.maximum(1.0, np.max(np.abs(lam), axis=-1, keepdims=True))
    lam = np.where(np.abs(lam) < floor, np.where(lam < 0, -floor, floor), lam)
    coeff = np.einsum("sji,sj->si", v, g) / lam
    return -np.einsum("sij,sj->si", v, coeff)


def _newton(problem: Problem, z: np.ndarray, lo, hi):
    """Damped Newton on grad F = 0 for every seed; returns the final points and which converged.

    A seed has converged when its full Newton step is below 1e-10 of the window; it is dropped when no
    shortened step lowers |grad F| (a plateau), when it wanders a whole window away, or when its Newton step
    has been cut to a quarter of the window ``MAX_LONG_STEPS`` times in a row (it is crossing a flat region,
    far from any stationary point: near one, Newton's steps shrink fast).
    """
    scale = hi - lo
    z = z.copy()
    active = np.ones(len(z), dtype=bool)
    converged = np.zeros(len(z), dtype=bool)
    long_steps = np.zeros(len(z), dtype=int)
    for _ in range(MAX_ITERATIONS):
        idx = np.flatnonzero(active)
        if not idx.size:
            break
        zi = z[idx]
        g = problem.gradient(zi)
        d = _newton_direction(problem.hessian(zi), g)
        reach = np.max(np.abs(d) / scale, axis=1)
        done = reach < 1e-10
        converged[idx[done]] = True
        long_steps[idx] = np.where(reach > 0.25, long_steps[idx] + 1, 0)
        # never jump more than a quarter of the window in one step
        d = d * np.minimum(1.0, 0.25 / np.maximum(reach, 1e-300))[:, None]
        z_new, moved = _backtrack(problem, zi, g, d)
        z[idx] = np.where(done[:, None], zi, z_new)
        away = np.any((z_new < lo - scale) | (z_new > hi + scale), axis=1)
        active[idx[done | ~moved | away | (long_steps[idx] >= MAX_LONG_STEPS)]] = False
    return z, converged


def _polish(problem: Problem, points: np.ndarray, steps: int = 3) -> np.ndarray:
    """A few full Newton steps from each converged point, each kept only if it lowers |grad F|."""
    for _ in range(steps):
        if not len(points):
            break
        g = problem.gradient(points)
        trial = points + _newton_direction(problem.hessian(points), g)
        better = np.linalg.norm(problem.gradient(trial), axis=1) < np.linalg.norm(g, axis=1)
        points = np.where(better[:, None], trial, points)
    return points


def _backtrack(problem: Problem, z, g, d):
    """Halve each step until |grad F| decreases; returns the new points and whether each moved."""
    g2 = np.einsum("si,si->s", g, g)
    t = np.ones(len(z))
    z_new = z.copy()
    pending = np.arange(len(z))
    moved = np.zeros(len(z), dtype=bool)
    for _ in range(MAX_HALVINGS):
        if not pending.size:
            break
        trial = z[pending] + t[pending, None] * d[pending]
        gt = problem.gradient(trial)
        ok = np.einsum("si,si->s", gt, gt) <= (1.0 - 1e-4 * t[pending]) * g2[pending]
        z_new[pending[ok]] = trial[ok]
        moved[pending[ok]] = True
        pending = pending[~ok]
        t[pending] *= 0.5
    return z_new, moved


def _distinct(points: np.ndarray, scale: np.ndarray, rtol: float = 1e-6) -> np.ndarray:
    """One representative of each cluster of points closer than ``rtol`` of the window in every axis."""
    kept: list[np.ndarray] = []
    for p in points:
        if not any(np.all(np.abs(p - k) <= rtol * scale) for k in kept):
            kept.append(p)
    return np.array(kept).reshape(-1, 2)
