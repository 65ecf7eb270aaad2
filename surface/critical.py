"""Stationary points of F over a window of two free parameters (minima, saddles, maxima), and its flat regions.

**Where to look.** F is sampled on a lattice that is fixed in parameter space, not laid over the window: a step of
``SPACING`` out to |x| = ``DENSE`` (the sigmoids' features there are about one unit wide: a weight on an input
|p| ≤ 2 or a hidden output a ∈ (0, 1), a bias on the net input itself), then a step that grows in proportion to
|x|, as the features widen when the sigmoids saturate. A window uses the lattice nodes that cover it (and two
beyond each side), so a wider window uses every node, cell and seed of a narrower one inside it, at any zoom:
**the points found in a window are found in every window that contains it** (up to ``MAX_NODES`` nodes per axis,
which covers every window within |x| ≤ 10⁴; beyond, every other node is dropped as often as needed).

**Seeds.** A stationary point is where both components of ∇F vanish, so the lattice cell that holds one sees each
component change sign across its corners. Central differences of the sampled F give those signs for the price of
one grid of F; a difference within rounding of zero has no sign, except on an exact zero line (see ``_changes``).
Newton's method on ∇F = 0 (ch. 9), z ← z − H(z)⁻¹∇F(z), runs from the centre of every such cell whose Hessian is
not flat and whose first Newton step stays within ``MAX_WANDER`` cells, all at once (one batched call of ∇F and H
per iteration, masked as seeds finish), with steps halved until |∇F| falls and never longer than two cells. It
seeks ∇F = 0 whatever the curvature, so it finds saddles and maxima as readily as minima. Every length is
measured in the seed's own lattice cell, never in the window, so what a seed finds does not depend on the window.

**Kinds.** A point is classified by its Hessian's eigenvalues (ch. 8): both positive, a strong minimum; both
negative, a maximum; opposite signs, a saddle. Where F is flat along a direction (an eigenvalue below
``FLAT_RTOL`` of the largest, and F's slope along that direction still that small a cell away) the zero of ∇F is
no point a map can show: it lies on the floor of a valley (or the crest of a ridge) that is flat to one part in
10⁷, and it is reported with the flat regions, not as a point. A point whose Hessian is singular but that F leaves
at higher order is a genuine, isolated, degenerate point. Where F is constant to rounding over a whole cell (the
Hessian vanishes: a plateau of saturated sigmoids) there is no point at all: ``flat_regions`` reports those.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from functools import lru_cache

import numpy as np

from . import kernels
from .grid import evaluate_grid
from .notebook import number, point, table
from .params import full_vector
from .problem import Problem
from .training_set import resolve

SPACING = 0.5
"""The lattice step near the origin, in parameter units."""

DENSE = 16.0
"""Beyond |x| = DENSE the lattice step grows in proportion to |x| (each step SPACING / DENSE of |x|)."""

MAX_NODES = 512
"""The most lattice nodes per axis; a window that needs more uses every 2nd (4th, …) node."""

FARTHEST = 1e306
"""Lattice nodes stop here: beyond, F's net inputs would overflow (every sigmoid is saturated long before)."""

MAX_ITERATIONS = 25  # from a cell that holds a point, Newton converges in 3 to 8 steps (18 near degenerate points)
MAX_HALVINGS = 8
MAX_REACH = 2.0  # the longest Newton step, in cells
MAX_WANDER = 8.0  # a seed that wanders further than this many cells has left its cell's point behind
MAX_LONG_STEPS = 4  # ... and so has one whose step is cut to MAX_REACH this many times in a row

FLAT_RTOL = 1e-7
"""An eigenvalue below this fraction of the Hessian's largest counts as zero: F is flat along its direction."""

ROUNDING = 64 * np.finfo(float).eps
"""Differences of F below ``ROUNDING`` (F + s√F) are rounding: F = Σ e², each e = t − a rounded to about
ε|a| ≤ εs (s = 1 for a log-sigmoid output, the targets' largest magnitude, at least 1, for a linear one), so F is
off by up to about 2εs Σ|e| ≤ 2εs √(Q F), and by its own rounding, ε F per term."""

PLATEAU_CURVATURE = 1e-12
"""A Hessian with every eigenvalue below this (in units of F per unit²) has vanished: a plateau."""


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

    def __repr__(self) -> str:
        """'CriticalPoint(minimum at (10, 1), F = 0, |∇F| = 1.2e-16, λ = (0.0302, 1.156))'"""
        return (
            f"CriticalPoint({self.kind} at {point(self.point)}, F = {number(self.F)}, "
            f"|∇F| = {number(self.gradient_norm, 2)}, λ = {point(self.eigenvalues)})"
        )

    def _repr_html_(self) -> str:
        rows = [
            ("kind", self.kind),
            ("point", point(self.point, 8)),
            ("F", number(self.F, 8)),
            ("|∇F|", number(self.gradient_norm, 3)),
            ("Hessian eigenvalues", point(self.eigenvalues)),
        ]
        return table("CriticalPoint", rows)


@dataclass(frozen=True)
class FlatRegion:
    """Where F is flat: a plateau (constant to rounding) or the floor of a valley (crest of a ridge) flat along
    ``direction`` to one part in 10⁷, with no point on it a map could mark.

    ``box`` is ((x0, x1), (y0, y1)), the lattice cells it covers clipped to the window; ``point`` lies in it
    (for a valley or ridge, its zero of ∇F when one was found); ``cells`` counts the lattice cells.
    """

    kind: str  # "plateau", "valley" or "ridge"
    point: tuple[float, float]
    F: float
    box: tuple[tuple[float, float], tuple[float, float]]
    cells: int
    direction: tuple[float, float] | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def __repr__(self) -> str:
        along = "" if self.direction is None else f", flat along {point(self.direction, 3)}"
        return f"FlatRegion({self.kind} through {point(self.point)}, F = {number(self.F)}, {self.cells} cells{along})"


def critical_points(xname, yname, xrange, yrange, fixed=None, data=None) -> list[CriticalPoint]:
    """Every stationary point of F in the window ``xrange`` x ``yrange`` of ``(xname, yname)``.

    Returns minima, saddles, maxima and isolated degenerate points, sorted by F, then by position; zeros of ∇F
    on flat valleys and plateaus are in ``flat_regions``. ``fixed`` sets the other five parameters (nominal by
    default); ``data`` is the training set (ch. 12's by default).
    """
    return list(_survey(*_key(xname, yname, xrange, yrange, fixed, data))[0])


def flat_regions(xname, yname, xrange, yrange, fixed=None, data=None) -> list[FlatRegion]:
    """The regions of the window where F is flat: plateaus, and valleys or ridges flat along one direction.

    A map should say "flat region" there rather than mark a point (see the module's docstring).
    """
    return list(_survey(*_key(xname, yname, xrange, yrange, fixed, data))[1])


def classify(eigenvalues, rtol: float = FLAT_RTOL) -> str:
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


def stationary_kind(pair, point, fixed=None, *, gradient_tol: float = 1e-8, data=None) -> str | None:
    """What ``point`` is on the slice of ``pair`` through ``fixed``: "minimum", "saddle", "maximum" or
    "degenerate", or None where |∇F| > ``gradient_tol`` (it is no stationary point at all).

    E.g. whether the nominal parameters, projected on the pair, are a minimum of the slice drawn: with b² = 0.5
    fixed they are not even stationary. ``data`` is the training set (ch. 12's by default).
    """
    problem = Problem.make(pair, fixed, data)
    z = np.asarray(point, dtype=float)
    if z.shape != (problem.size,) or not np.all(np.isfinite(z)):
        raise ValueError(f"point must have {problem.size} finite values, one per parameter of the pair")
    if np.linalg.norm(problem.gradient(z)) > gradient_tol:
        return None
    return classify(np.linalg.eigvalsh(problem.hessian(z)))


def lattice(lo: float, hi: float) -> np.ndarray:
    """The nodes of the fixed lattice that cover [lo, hi], with two more beyond each end (see the module doc)."""
    k0, k1 = math.floor(_index(lo)) - 2, math.ceil(_index(hi)) + 2
    stride = 1
    while (k1 - k0) // stride + 1 > MAX_NODES:
        stride *= 2
    k = np.arange(k0 // stride, -(-k1 // stride) + 1) * stride
    return np.unique(np.clip(_position(k), -FARTHEST, FARTHEST))


@np.errstate(over="ignore")
def _position(k: np.ndarray) -> np.ndarray:
    """The lattice node of index k: SPACING k near the origin, then geometric, continuous in step."""
    k = np.asarray(k, dtype=float)
    k_dense = DENSE / SPACING
    far = np.abs(k) > k_dense
    ratio = 1.0 + SPACING / DENSE
    grown = DENSE * ratio ** np.where(far, np.abs(k) - k_dense, 0.0)  # inf beyond 1e308: clipped by the caller
    return np.where(far, np.sign(k) * grown, SPACING * k)


def _index(x: float) -> float:
    """The (fractional) lattice index of position x, the inverse of ``_position``."""
    if abs(x) <= DENSE:
        return x / SPACING
    return math.copysign(DENSE / SPACING + math.log(abs(x) / DENSE) / math.log1p(SPACING / DENSE), x)


def _key(xname, yname, xrange, yrange, fixed, data=None) -> tuple:
    """Hashable, checked arguments for the cached survey (the training set keys by its content)."""
    Problem.make((xname, yname))  # checks the names
    lo = np.array([xrange[0], yrange[0]], dtype=float)
    hi = np.array([xrange[1], yrange[1]], dtype=float)
    if not (np.all(np.isfinite(lo)) and np.all(np.isfinite(hi))):
        raise ValueError("window bounds must be finite")
    if np.any(hi <= lo):
        raise ValueError("each window range must have its low end below its high end")
    window = ((float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1])))
    data = None if data is None or resolve(data).is_nominal else data
    return xname, yname, window, tuple(float(v) for v in full_vector(fixed)), data


def compiled_ready() -> bool:
    """Whether the many-point kernel is compiled in this process (``kernels``): the search then runs on it."""
    return kernels.ready(kernels.MANY)


@lru_cache(maxsize=64)
def _survey(
    xname: str, yname: str, window, base: tuple, data=None
) -> tuple[tuple[CriticalPoint, ...], tuple[FlatRegion, ...]]:
    """The stationary points and flat regions of one window (cached: both public functions read it).

    The search runs on the compiled network once the many-point kernel is compiled (the same numbers, about
    twenty times sooner); before that, on the numpy one, so nothing waits for a compile.
    """
    problem = Problem.make((xname, yname), base, data)
    problem = (problem.compiled() if compiled_ready() else None) or problem
    (x0, x1), (y0, y1) = window
    xs, ys = lattice(x0, x1), lattice(y0, y1)
    f = evaluate_grid(xname, yname, xs, ys, base, data=data)
    scale = _scale(data)
    seeds = _seed_cells(f, scale)
    centres = np.column_stack(
        [(xs[seeds[:, 1]] + xs[seeds[:, 1] + 1]) / 2, (ys[seeds[:, 0]] + ys[seeds[:, 0] + 1]) / 2]
    )
    sizes = np.column_stack([xs[seeds[:, 1] + 1] - xs[seeds[:, 1]], ys[seeds[:, 0] + 1] - ys[seeds[:, 0]]])
    hopeful = _hopeful(problem, centres, sizes)
    z, converged = _newton(problem, centres[hopeful], sizes[hopeful])
    sizes = sizes[hopeful]
    z, sizes = z[converged], sizes[converged]
    keep = _distinct(z, sizes)
    z, sizes = _polish(problem, z[keep]), sizes[keep]
    lo, hi = np.array([x0, y0]), np.array([x1, y1])
    inside = np.all((z >= lo - 1e-9 * (hi - lo)) & (z <= hi + 1e-9 * (hi - lo)), axis=1)
    z, sizes = z[inside], sizes[inside]
    points, flat_points = _classify_points(problem, z, sizes)
    regions = _flat_regions(problem, f, xs, ys, window, flat_points, scale)
    return tuple(sorted(points, key=lambda c: (round(c.F, 12), c.point))), regions


def _flat(eigenvalues: np.ndarray) -> np.ndarray:
    """Hessians (by their eigenvalues) that are flat along some direction: one eigenvalue below ``FLAT_RTOL`` of
    the largest, or every eigenvalue below ``PLATEAU_CURVATURE``."""
    size = np.abs(eigenvalues)
    scale = np.max(size, axis=-1)
    return (np.min(size, axis=-1) <= FLAT_RTOL * scale) | (scale <= PLATEAU_CURVATURE)


def _hopeful(problem: Problem, centres: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """Which seeds are worth Newton's method: not on a flat valley or plateau (no point to mark there), and with
    a first Newton step that stays near the cell (from the centre of a cell that holds a stationary point, the
    step lands near it; one that reaches far beyond says the quadratic model knows of no point here)."""
    if not len(centres):
        return np.zeros(0, dtype=bool)
    h = problem.hessian(centres)
    reach = np.max(np.abs(_newton_direction(h, problem.gradient(centres))) / cells, axis=1)
    return ~_flat(np.linalg.eigvalsh(h)) & (reach <= MAX_WANDER)


def _seed_cells(f: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """(row, column) of every lattice cell across whose corners both components of ∇F change sign.

    The components are central differences of F at the inner nodes; a difference within rounding of zero
    counts as no sign, so that a plateau, where F is constant to rounding, seeds nothing.
    """
    noise = _rounding(f, scale)
    gx = _signs(f[1:-1, 2:] - f[1:-1, :-2], np.maximum(noise[1:-1, 2:], noise[1:-1, :-2]))
    gy = _signs(f[2:, 1:-1] - f[:-2, 1:-1], np.maximum(noise[2:, 1:-1], noise[:-2, 1:-1]))
    both = _changes(gx, gy) & _changes(gy, gx)
    rows, cols = np.nonzero(both)
    return np.column_stack([rows + 1, cols + 1])  # the cell's lower-left node, in lattice indices


def _rounding(f: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """How far each computed F may be from its exact value (see ``ROUNDING``)."""
    return ROUNDING * (f + np.sqrt(f)) if scale == 1.0 else ROUNDING * (f + scale * np.sqrt(f))


def _scale(data) -> float:
    """s of ``ROUNDING``: 1 for a log-sigmoid output, max(1, max |t|) for a linear one."""
    if data is None or not data.linear:
        return 1.0
    return max(1.0, float(np.max(np.abs(data.T))))


def _signs(d: np.ndarray, noise: np.ndarray) -> np.ndarray:
    return np.where(np.abs(d) <= noise, 0, np.sign(d)).astype(np.int8)


def _changes(s: np.ndarray, other: np.ndarray) -> np.ndarray:
    """For each cell of a grid of signs of one component of ∇F: may it vanish inside the cell?

    Yes where a strictly positive and a strictly negative corner meet, and where a corner at which it is zero
    to rounding (while the ``other`` component is not) meets one at which it is not: that is how an exact zero
    line shows, e.g. the line w²₁,ᵢ = 0, where the neuron it weighs is cut off and F does not depend on that
    neuron's weight or bias at all. (On a plateau both components are zero: it seeds nothing.)
    """
    corners = [(np.s_[:-1], np.s_[:-1]), (np.s_[1:], np.s_[:-1]), (np.s_[:-1], np.s_[1:]), (np.s_[1:], np.s_[1:])]
    hi = lo = s[corners[0]]
    zero = (s[corners[0]] == 0) & (other[corners[0]] != 0)
    for c in corners[1:]:
        hi, lo = np.maximum(hi, s[c]), np.minimum(lo, s[c])
        zero = zero | ((s[c] == 0) & (other[c] != 0))
    return ((hi > 0) & (lo < 0)) | (zero & ((hi != 0) | (lo != 0)))


def _newton_direction(h: np.ndarray, g: np.ndarray) -> np.ndarray:
    """-H^-1 g for a batch, through the eigen-decomposition so that a nearly singular H cannot blow up."""
    lam, v = np.linalg.eigh(h)
    floor = 1e-12 * np.maximum(1.0, np.max(np.abs(lam), axis=-1, keepdims=True))
    lam = np.where(np.abs(lam) < floor, np.where(lam < 0, -floor, floor), lam)
    coeff = np.einsum("sji,sj->si", v, g) / lam
    return -np.einsum("sij,sj->si", v, coeff)


def _newton(problem: Problem, z: np.ndarray, cells: np.ndarray):
    """Damped Newton on ∇F = 0 from every seed at once; returns the final points and which converged.

    Lengths are measured in each seed's own cell (``cells`` holds its width and height), so that where a seed
    goes does not depend on the window. A seed has converged when its full Newton step is below 1e-10 of a
    cell; it is dropped when no shortened step lowers |∇F|, when it wanders ``MAX_WANDER`` cells away, or when
    its step has been cut to ``MAX_REACH`` cells ``MAX_LONG_STEPS`` times in a row (it is crossing a flat
    region, far from any stationary point: near one, Newton's steps shrink fast).
    """
    seeds, z = z, z.copy()
    active = np.ones(len(z), dtype=bool)
    converged = np.zeros(len(z), dtype=bool)
    long_steps = np.zeros(len(z), dtype=int)
    for _ in range(MAX_ITERATIONS):
        idx = np.flatnonzero(active)
        if not idx.size:
            break
        zi, scale = z[idx], cells[idx]
        g = problem.gradient(zi)
        d = _newton_direction(problem.hessian(zi), g)
        reach = np.max(np.abs(d) / scale, axis=1)
        done = reach < 1e-10
        converged[idx[done]] = True
        long_steps[idx] = np.where(reach > MAX_REACH, long_steps[idx] + 1, 0)
        d = d * np.minimum(1.0, MAX_REACH / np.maximum(reach, 1e-300))[:, None]
        z_new, moved = _backtrack(problem, zi, g, d)
        z[idx] = np.where(done[:, None], zi, z_new)
        away = np.max(np.abs(z_new - seeds[idx]) / scale, axis=1) > MAX_WANDER
        active[idx[done | ~moved | away | (long_steps[idx] >= MAX_LONG_STEPS)]] = False
    return z, converged


def _backtrack(problem: Problem, z, g, d):
    """Halve each step until |∇F| decreases; returns the new points and whether each moved."""
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


def _polish(problem: Problem, points: np.ndarray, steps: int = 3) -> np.ndarray:
    """A few full Newton steps from each converged point, each kept only if it lowers |∇F|."""
    for _ in range(steps):
        if not len(points):
            break
        g = problem.gradient(points)
        trial = points + _newton_direction(problem.hessian(points), g)
        better = np.linalg.norm(problem.gradient(trial), axis=1) < np.linalg.norm(g, axis=1)
        points = np.where(better[:, None], trial, points)
    return points


def _distinct(points: np.ndarray, cells: np.ndarray, rtol: float = 1e-6) -> np.ndarray:
    """Indices of one representative of each cluster of points closer than ``rtol`` of a cell in every axis.

    (Seeds that converge to the same point agree far more closely than that, and each is polished after.)
    """
    kept: list[int] = []
    for i, p in enumerate(points):
        if not kept or not np.any(np.all(np.abs(points[kept] - p) <= rtol * cells[kept], axis=1)):
            kept.append(i)
    return np.array(kept, dtype=np.int64)


def _classify_points(problem: Problem, z: np.ndarray, cells: np.ndarray):
    """Split converged zeros of ∇F into points to mark and zeros on flat valleys, ridges or plateaus."""
    if not len(z):
        return [], []
    f, g = problem.value_and_gradient(z)
    f = np.atleast_1d(f)
    lam, vec = np.linalg.eigh(problem.hessian(z))
    scale = np.max(np.abs(lam), axis=1)
    soft = np.argmin(np.abs(lam), axis=1)
    v = vec[np.arange(len(z)), :, soft]  # the direction of least curvature
    step = np.linalg.norm(cells, axis=1)[:, None] * v
    slope = np.maximum(
        np.abs(np.einsum("si,si->s", problem.gradient(z + step), v)),
        np.abs(np.einsum("si,si->s", problem.gradient(z - step), v)),
    )
    # flat: the least curvature is below FLAT_RTOL of the largest, and so is F's slope along it a cell away
    flat = (np.abs(lam[np.arange(len(z)), soft]) <= FLAT_RTOL * scale) & (
        slope <= 2 * FLAT_RTOL * scale * np.linalg.norm(cells, axis=1)
    )
    flat |= scale <= PLATEAU_CURVATURE
    points, flats = [], []
    for i in range(len(z)):
        if flat[i]:
            stiff = lam[i, 1 - soft[i]]
            kind = "plateau" if scale[i] <= PLATEAU_CURVATURE else ("valley" if stiff > 0 else "ridge")
            flats.append((kind, z[i], float(f[i]), tuple(float(c) for c in v[i])))
            continue
        points.append(
            CriticalPoint(
                point=(float(z[i, 0]), float(z[i, 1])),
                F=float(f[i]),
                gradient_norm=float(np.linalg.norm(g[i])),
                eigenvalues=(float(lam[i, 0]), float(lam[i, 1])),
                kind=classify(lam[i]),
            )
        )
    return points, flats


def _flat_regions(problem, f, xs, ys, window, flat_points, scale: float = 1.0) -> tuple[FlatRegion, ...]:
    """Plateaus (cells whose four corners agree to rounding) and the flat zeros of ∇F, grouped into regions."""
    (x0, x1), (y0, y1) = window
    corners = (f[:-1, :-1], f[1:, :-1], f[:-1, 1:], f[1:, 1:])
    top = np.maximum(np.maximum(corners[0], corners[1]), np.maximum(corners[2], corners[3]))
    bottom = np.minimum(np.minimum(corners[0], corners[1]), np.minimum(corners[2], corners[3]))
    plateau = top - bottom <= _rounding(top, scale)
    # only cells that overlap the window
    plateau &= ((xs[1:] > x0) & (xs[:-1] < x1))[None, :] & ((ys[1:] > y0) & (ys[:-1] < y1))[:, None]
    regions = []
    for rows, cols in _components(plateau):
        r, c = _nearest_to_middle(rows, cols)
        point = ((xs[c] + xs[c + 1]) / 2, (ys[r] + ys[r + 1]) / 2)
        point = (float(np.clip(point[0], x0, x1)), float(np.clip(point[1], y0, y1)))
        regions.append(
            FlatRegion(
                kind="plateau",
                point=point,
                F=float(problem.performance(np.array(point))),
                box=_box(xs, ys, rows, cols, window),
                cells=len(rows),
            )
        )
    for kind, z, fz, direction in flat_points:
        c = int(np.clip(np.searchsorted(xs, z[0]) - 1, 0, len(xs) - 2))
        r = int(np.clip(np.searchsorted(ys, z[1]) - 1, 0, len(ys) - 2))
        if plateau[r, c]:
            continue  # already inside a plateau
        regions.append(
            FlatRegion(
                kind=kind,
                point=(float(z[0]), float(z[1])),
                F=fz,
                box=_box(xs, ys, np.array([r]), np.array([c]), window),
                cells=1,
                direction=direction,
            )
        )
    return tuple(sorted(regions, key=lambda g: (g.kind, g.point)))


def _box(xs, ys, rows, cols, window):
    (x0, x1), (y0, y1) = window
    return (
        (float(max(xs[cols.min()], x0)), float(min(xs[cols.max() + 1], x1))),
        (float(max(ys[rows.min()], y0)), float(min(ys[rows.max() + 1], y1))),
    )


def _nearest_to_middle(rows: np.ndarray, cols: np.ndarray) -> tuple[int, int]:
    """The cell of a region nearest the middle of its bounding box (a point inside the region)."""
    mr, mc = (rows.min() + rows.max()) / 2, (cols.min() + cols.max()) / 2
    i = int(np.argmin((rows - mr) ** 2 + (cols - mc) ** 2))
    return int(rows[i]), int(cols[i])


def _components(mask: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """The 8-connected regions of a boolean grid, each as (rows, cols) of its cells.

    Runs of consecutive cells in each row are found at once; runs that touch in neighbouring rows are joined
    by union-find (one pass over the runs, so the work grows with the regions' outlines, not their areas).
    """
    if not mask.any():
        return []
    padded = np.pad(mask, ((0, 0), (1, 1))).astype(np.int8)
    edges = np.diff(padded, axis=1)
    srow, scol = np.nonzero(edges == 1)
    _, ecol = np.nonzero(edges == -1)  # one past the run's last cell
    parent = list(range(len(srow)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_row: dict[int, list[int]] = {}
    for i, r in enumerate(srow.tolist()):
        by_row.setdefault(r, []).append(i)
    for r, runs in by_row.items():
        above = by_row.get(r - 1, [])
        j = 0
        for i in runs:  # runs in a row are sorted by column; sweep the row above alongside
            while j < len(above) and ecol[above[j]] < scol[i]:  # ends (one past) before this run starts - 1
                j += 1
            k = j
            while k < len(above) and scol[above[k]] <= ecol[i]:
                parent[find(i)] = find(above[k])
                k += 1
    roots = np.array([find(i) for i in range(len(srow))])
    regions = []
    for root in np.unique(roots):
        members = np.flatnonzero(roots == root)
        rows = np.concatenate([np.full(ecol[m] - scol[m], srow[m]) for m in members])
        cols = np.concatenate([np.arange(scol[m], ecol[m]) for m in members])
        regions.append((rows, cols))
    return regions
