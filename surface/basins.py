"""Where every start ends: basin maps, random restarts and hyperparameter maps, each one ``train_batch`` call.

- ``basin_map`` runs an algorithm from every cell of a grid over two parameters and labels each cell by its
  destination: the stationary point it reached (its kind from the Hessian's eigenvalues, its point and F), or
  "still moving when the budget ran out", "stalled in a flat region", "diverged".
- ``restarts`` runs N random starts, as the book advises against local minima, and says how many reached the
  lowest minimum found and which did best.
- ``hyper_map`` runs one start over a grid of a hyperparameter against another (or against the start's position
  along a line), so the edge of stability can be seen.

Every result is a small dataclass with ``to_dict()`` giving plain JSON-ready data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import notebook, training_set
from .batch import MAX_STARTS, BatchResult, train_batch
from .critical import classify
from .initial import nguyen_widrow
from .notebook import counts, grid, number, settings, table
from .params import finite_axis, finite_number, free_indices
from .problem import Problem
from .trajectory import to_plain

MAX_CELLS_PER_AXIS = 1000
"""The most values an axis of a basin or hyperparameter map may have."""

STATIONARY = 1e-6
"""A run that stopped (or ran out of epochs) with |∇F| at most this has arrived at a stationary point."""

SAME_POINT = 1e-3
"""End points closer than this fraction of the window in every axis reached the same stationary point."""

POLISH_STEPS = 30
"""Newton steps that confirm a cluster of end points as a stationary point (and find it to rounding)."""

OTHER = {
    "moving": "still moving when the budget ran out",
    "stalled": "stalled in a flat region",
    "diverged": "diverged",
}
"""The destinations that are not stationary points, with their words."""


@dataclass(frozen=True)
class Destination:
    """What a label stands for: a stationary point (``kind`` minimum, saddle or maximum, with its point, F and
    Hessian eigenvalues), a point where the algorithm stopped though F is not stationary there (``kind``
    stopped, also with point, F and eigenvalues), or one of ``OTHER`` (``kind`` moving, stalled or diverged)."""

    label: int
    kind: str
    title: str
    count: int
    point: tuple[float, ...] | None = None
    F: float | None = None
    eigenvalues: tuple[float, ...] | None = None

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "kind": self.kind,
            "title": self.title,
            "count": self.count,
            "point": None if self.point is None else list(self.point),
            "F": self.F,
            "eigenvalues": None if self.eigenvalues is None else list(self.eigenvalues),
        }


@dataclass(frozen=True, eq=False)
class BasinMap:
    """Where the start in each cell of ``xs`` × ``ys`` ended: ``labels[i, j]`` for the start (xs[j], ys[i]) is the
    index of its entry in ``destinations``; ``epochs`` and ``F`` are what the run used and where it ended."""

    algorithm: str
    hyper: dict
    pair: tuple[str, str]
    xs: np.ndarray
    ys: np.ndarray
    labels: np.ndarray
    epochs: np.ndarray
    F: np.ndarray
    destinations: tuple[Destination, ...]
    seconds: float = 0.0

    def __repr__(self) -> str:
        """One line: the algorithm, the grid of starts, and the largest destinations with their shares."""
        cells = self.labels.size
        top = sorted(self.destinations, key=lambda d: -d.count)[:3]
        shares = "; ".join(f"{_place(d)} {d.count / cells:.0%}" for d in top)
        more = f"; {len(self.destinations) - 3} more" if len(self.destinations) > 3 else ""
        return (
            f"BasinMap({self.algorithm} on {self.pair[0]} × {self.pair[1]}, {len(self.xs)}×{len(self.ys)} starts: "
            f"{shares}{more})"
        )

    def _repr_html_(self) -> str:
        cells = self.labels.size
        rows = [
            (d.label, d.kind, d.title, number(d.count), f"{d.count / cells:.1%}", "" if d.F is None else number(d.F))
            for d in sorted(self.destinations, key=lambda d: -d.count)
        ]
        title = f"BasinMap: {self.algorithm} ({settings(self.hyper)}) from {len(self.xs)}×{len(self.ys)} starts"
        return grid(title, ("label", "kind", "where", "starts", "share", "F"), rows)

    def to_dict(self) -> dict:
        """Plain JSON-ready data (a non-finite F as None)."""
        return {
            "algorithm": self.algorithm,
            "hyper": dict(self.hyper),
            "pair": list(self.pair),
            "xs": self.xs.tolist(),
            "ys": self.ys.tolist(),
            "labels": self.labels.tolist(),
            "epochs": self.epochs.tolist(),
            "F": to_plain(self.F),
            "destinations": [d.to_dict() for d in self.destinations],
            "seconds": self.seconds,
        }


def _place(d: Destination) -> str:
    """'minimum (10, 1)', or the destination's title where it has no point."""
    return d.title if d.point is None else f"{d.kind} {notebook.point(d.point)}"


def basin_map(
    algorithm: str,
    pair,
    xs,
    ys,
    fixed=None,
    *,
    epochs: int,
    goal: float = 0.0,
    grad_tol: float = 1e-8,
    progress=None,
    data=None,
    **hyper,
) -> BasinMap:
    """Run ``algorithm`` from every cell of the grid ``xs`` × ``ys`` over the two parameters ``pair`` and label
    each cell by where it ended. The stop rules are ``train``'s; ``fixed`` sets the other parameters and ``data``
    the training set; ``progress(done, total)`` is called as the starts are done (see ``train_batch``)."""
    pair = tuple(pair)
    if len(pair) != 2:
        raise ValueError(f"a basin map needs two parameters, got {len(pair)}")
    xs = finite_axis(xs, "xs", MAX_CELLS_PER_AXIS)
    ys = finite_axis(ys, "ys", MAX_CELLS_PER_AXIS)
    gx, gy = np.meshgrid(xs, ys)
    starts = np.column_stack([gx.ravel(), gy.ravel()])
    run = train_batch(
        algorithm,
        starts,
        pair,
        fixed,
        epochs=epochs,
        goal=goal,
        grad_tol=grad_tol,
        progress=progress,
        data=data,
        **hyper,
    )
    window = (np.ptp(xs), np.ptp(ys))
    labels, destinations = destinations_of(run, Problem.make(pair, fixed, data), window, grad_tol)
    shape = (ys.size, xs.size)
    return BasinMap(
        algorithm=run.algorithm,
        hyper=run.hyper,
        pair=pair,
        xs=xs,
        ys=ys,
        labels=labels.reshape(shape),
        epochs=run.epochs.reshape(shape),
        F=run.F.reshape(shape),
        destinations=destinations,
        seconds=run.seconds,
    )


def destinations_of(run: BatchResult, problem: Problem, window, grad_tol: float = 0.0):
    """(label per start, destinations): ends at the same place share a label.

    Every run that stopped (on the gradient, the goal or an algorithm's own halt), and every run whose |∇F| is at
    most ``STATIONARY`` anyway, is grouped with the others that ended within ``SAME_POINT`` of the window
    (``_clusters``). A group is then
    - a stationary point, if Newton's method confirms one nearby (``polish``, which finds it to rounding) and its
      Hessian says which kind (minimum, saddle or maximum: no curvature zero);
    - "stalled in a flat region", if |∇F| is that small there without one, or the Hessian is singular there (a
      plateau, or far along a valley that flattens out);
    - otherwise a point where the algorithm stopped for reasons of its own ("stopped at …": Bayesian
      regularization at the minimum of its regularized index, say).
    Runs that used every epoch are "still moving", runs that left the bound or stopped being finite "diverged".
    Destinations come in that order, points lowest F first.
    """
    fast = problem.compiled()
    reach = SAME_POINT * np.where(np.asarray(window, dtype=float) > 0, window, 1.0)
    small = run.grad_norm <= max(grad_tol, STATIONARY)
    ended = (run.status != "diverged") & ((run.status != "max_epochs") | small)
    at = np.flatnonzero(ended)
    clusters = _clusters(run.ends[at], run.grad_norm[at], reach)
    best = np.array([at[b] for _, b in clusters], dtype=np.int64)
    points, confirmed = polish(fast, run.ends[best], reach) if len(best) else ([], [])
    groups: dict[str, list] = {"point": [], "stopped": []}  # [point, member indices into run]
    flat = []
    for (members, _), b, point, ok in zip(clusters, best, points, confirmed, strict=True):
        if ok:
            same = [g for g in groups["point"] if np.all(np.abs(g[0] - point) <= reach)]
            if same:
                same[0][1] = np.concatenate([same[0][1], at[members]])
            else:
                groups["point"].append([point, at[members]])
        elif small[b] or run.status[b] == "singular":
            flat.append(at[members])
        else:
            groups["stopped"].append([run.ends[b], at[members]])
    labels = np.full(len(run), -1, dtype=np.int64)
    destinations: list[Destination] = []

    def add(kind, title, members, point=None, f=None, eig=None):
        labels[members] = len(destinations)
        destinations.append(
            Destination(
                label=len(destinations),
                kind=kind,
                title=title,
                count=len(members),
                point=None if point is None else tuple(float(v) for v in point),
                F=None if f is None else float(f),
                eigenvalues=None if eig is None else tuple(float(v) for v in eig),
            )
        )

    for key in ("point", "stopped"):
        if not groups[key]:
            continue
        f, _, hessians = fast.value_gradient_hessian(np.array([point for point, _ in groups[key]]))
        for i in np.lexsort((np.arange(len(f)), f)):  # lowest F first
            (point, members), eig = groups[key][i], np.linalg.eigvalsh(hessians[i])
            where = f"({', '.join(f'{v:.4g}' for v in point)}), F = {f[i]:.4g}"
            kind = classify(eig)
            if kind == "degenerate":  # a curvature vanishes: F is flat in some direction here
                flat.append(members)
                continue
            kind = kind if key == "point" else "stopped"
            add(kind, f"{kind} at {where}", members, point, f[i], eig)
    rest = labels < 0
    moving = np.flatnonzero(rest & (run.status == "max_epochs") & ~small)
    stalled = np.concatenate(flat).astype(np.int64) if flat else np.zeros(0, dtype=np.int64)
    diverged = np.flatnonzero(run.status == "diverged")
    for kind, members in (("moving", moving), ("stalled", stalled), ("diverged", diverged)):
        if len(members):
            add(kind, OTHER[kind], members)
    return labels, tuple(destinations)


def polish(fast, points: np.ndarray, reach: np.ndarray):
    """Newton's method on ∇F = 0 from each of ``points`` (n, k), all at once with the compiled F, ∇F and H
    (``fast``, a ``CompiledNetwork``): (where each converged, whether it converged within ``reach`` of where it
    began). From a plateau or an asymptotic valley, where |∇F| is small but no stationary point is near, Newton
    leaves or wanders and the point is not confirmed."""
    z = np.array(points, dtype=float)
    done = np.zeros(len(z), dtype=bool)
    for _ in range(POLISH_STEPS):
        if done.all():
            break
        _, g, h = fast.value_gradient_hessian(z)
        lam, v = np.linalg.eigh(h)
        flat = np.abs(lam) < 1e-12 * np.maximum(1.0, np.max(np.abs(lam), axis=-1, keepdims=True))
        step = -np.einsum("nij,nj->ni", v, np.einsum("nji,nj->ni", v, g) / np.where(flat, np.inf, lam))
        step[done | ~np.all(np.isfinite(step), axis=1)] = 0.0
        z = z + step
        done |= np.all(np.abs(step) <= 1e-12 * np.maximum(reach, np.abs(z)), axis=1)
    return z, done & np.all(np.abs(z - points) <= reach, axis=1)


def _clusters(points: np.ndarray, grad_norm: np.ndarray, size: np.ndarray):
    """Groups of points that sit together: each point falls in a cell ``size`` wide, and touching cells are one
    group (a point on a cell's edge may fall on either side). Each group comes as (member
    indices, index of its member with the smallest |∇F|, the best estimate of the point)."""
    if not len(points):
        return []
    cells, inverse = np.unique(np.floor(points / size).astype(np.int64), axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    where = {tuple(c): i for i, c in enumerate(cells.tolist())}
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]] = parent[parent[parent[i]]]
            i = parent[i]
        return i

    around = [off for off in np.ndindex(*(3,) * cells.shape[1]) if any(o != 1 for o in off)]
    for i, c in enumerate(cells.tolist()):
        for off in around:
            j = where.get(tuple(v + o - 1 for v, o in zip(c, off, strict=True)))
            if j is not None:
                parent[root(i)] = root(j)
    group = np.array([root(i) for i in range(len(cells))])[inverse]
    clusters = []
    for g in np.unique(group):
        members = np.flatnonzero(group == g)
        clusters.append((members, int(members[np.argmin(grad_norm[members])])))
    return clusters


@dataclass(frozen=True, eq=False)
class Restarts:
    """N runs from random starts: where each began and ended, and how many reached the lowest minimum found."""

    algorithm: str
    hyper: dict
    pair: tuple[str, ...]
    init: str
    seed: int
    starts: np.ndarray
    ends: np.ndarray
    F: np.ndarray
    status: np.ndarray
    epochs: np.ndarray
    lowest: float
    tolerance: float
    reached: np.ndarray
    best: int
    seconds: float = 0.0

    @property
    def fraction(self) -> float:
        """The fraction of starts that reached the lowest minimum found (F within ``tolerance`` of it)."""
        return float(np.mean(self.reached))

    def __repr__(self) -> str:
        """One line: how many random starts reached the lowest minimum found, and the best."""
        return (
            f"Restarts({self.algorithm}: {number(len(self.starts))} starts ({self.init}, seed {self.seed}), "
            f"{self.fraction:.0%} reached the lowest minimum found, F = {number(self.lowest)}; "
            f"the best is start {self.best}, ending at {notebook.point(self.ends[self.best])})"
        )

    def _repr_html_(self) -> str:
        b = self.best
        rows = [
            ("algorithm", f"{self.algorithm} ({settings(self.hyper)})"),
            ("starts", f"{number(len(self.starts))} ({self.init}, seed {self.seed})"),
            ("lowest minimum found", f"F = {number(self.lowest)}"),
            ("reached it", f"{number(int(np.sum(self.reached)))} ({self.fraction:.0%})"),
            ("best", f"start {b}: {notebook.point(self.starts[b])} → {notebook.point(self.ends[b])}"),
            ("statuses", counts(self.status)),
        ]
        return table("Restarts", rows)

    def to_dict(self) -> dict:
        return {
            "algorithm": self.algorithm,
            "hyper": dict(self.hyper),
            "pair": list(self.pair),
            "init": self.init,
            "seed": self.seed,
            "starts": self.starts.tolist(),
            "ends": self.ends.tolist(),
            "F": to_plain(self.F),
            "status": self.status.tolist(),
            "epochs": self.epochs.tolist(),
            "lowest": self.lowest,
            "tolerance": self.tolerance,
            "reached": self.reached.tolist(),
            "fraction": self.fraction,
            "best": self.best,
            "seconds": self.seconds,
        }


INITS = ("uniform", "small", "nguyen_widrow")


def restarts(
    algorithm: str,
    pair,
    n: int,
    window,
    fixed=None,
    *,
    init: str = "uniform",
    seed: int = 0,
    epochs: int,
    goal: float = 0.0,
    grad_tol: float = 1e-8,
    tolerance: float = 1e-6,
    progress=None,
    data=None,
    **hyper,
) -> Restarts:
    """Run ``algorithm`` from ``n`` random starts: uniform in ``window`` (one (low, high) range per parameter of
    ``pair``), ``init="small"``: uniform in [−1, 1], the book's small random initial weights, or
    ``init="nguyen_widrow"``: Nguyen and Widrow's initialisation for the training set's input range
    (``initial.nguyen_widrow``; ``window`` is not used by either). Reproducible: the starts come from
    ``numpy.random.default_rng(seed)``. A start has reached the global minimum of the slice when its final F is
    within ``tolerance`` of the lowest F any start reached (F = 0 at nominal on ch. 12's training set)."""
    pair = tuple(pair)
    n = int(finite_number(n, "n"))
    if not 1 <= n <= MAX_STARTS:
        raise ValueError(f"n must be between 1 and {MAX_STARTS:,}, got {n}")
    if init not in INITS:
        raise ValueError(f"init must be one of {', '.join(INITS)}, got {init!r}")
    tolerance = finite_number(tolerance, "tolerance")
    rng = np.random.default_rng(int(seed))
    if init == "nguyen_widrow":
        index = free_indices(pair)
        starts = nguyen_widrow(rng, n, training_set.resolve(data).input_range)[:, index]
    else:
        if init == "small":
            low, high = -np.ones(len(pair)), np.ones(len(pair))
        else:
            bounds = np.array(window, dtype=float).reshape(-1, 2)
            ok = bounds.shape == (len(pair), 2) and np.all(np.isfinite(bounds)) and np.all(bounds[:, 1] > bounds[:, 0])
            if not ok:
                raise ValueError(f"window must give a finite (low, high) range, low < high, for each of {len(pair)}")
            low, high = bounds[:, 0], bounds[:, 1]
        starts = rng.uniform(low, high, size=(n, len(pair)))
    run = train_batch(
        algorithm,
        starts,
        pair,
        fixed,
        epochs=epochs,
        goal=goal,
        grad_tol=grad_tol,
        progress=progress,
        data=data,
        **hyper,
    )
    finite = np.isfinite(run.F) & (run.status != "diverged")
    lowest = float(np.min(run.F[finite])) if finite.any() else math.inf
    reached = finite & (lowest + tolerance >= run.F)
    best = int(np.argmin(np.where(finite, run.F, np.inf)))
    return Restarts(
        algorithm=run.algorithm,
        hyper=run.hyper,
        pair=pair,
        init=init,
        seed=int(seed),
        starts=starts,
        ends=run.ends,
        F=run.F,
        status=run.status,
        epochs=run.epochs,
        lowest=lowest,
        tolerance=tolerance,
        reached=reached,
        best=best,
        seconds=run.seconds,
    )


@dataclass(frozen=True, eq=False)
class HyperMap:
    """One run per cell: the x hyperparameter along columns, the y one (or the start's position) along rows.

    ``F[i, j]`` is where the run for (x[j], y[i]) ended, NaN where it diverged (``diverged[i, j]``)."""

    algorithm: str
    pair: tuple[str, ...]
    x: tuple[str, np.ndarray]
    y: tuple[str, np.ndarray]
    F: np.ndarray
    diverged: np.ndarray
    status: np.ndarray
    epochs: np.ndarray
    starts: np.ndarray
    seconds: float = 0.0

    def __repr__(self) -> str:
        """One line: the two axes, how many runs diverged, and the range of F where they did not."""
        finite = self.F[np.isfinite(self.F)]
        spread = f", F {number(finite.min())}…{number(finite.max())}" if finite.size else ""
        return (
            f"HyperMap({self.algorithm}: {self.x[0]} × {self.y[0]}, {len(self.x[1])}×{len(self.y[1])} runs, "
            f"{np.mean(self.diverged):.0%} diverged{spread})"
        )

    def _repr_html_(self) -> str:
        rows = [
            ("algorithm", self.algorithm),
            (f"x: {self.x[0]}", f"{number(self.x[1].min())} … {number(self.x[1].max())} ({len(self.x[1])} values)"),
            (f"y: {self.y[0]}", f"{number(self.y[1].min())} … {number(self.y[1].max())} ({len(self.y[1])} values)"),
            ("diverged", f"{np.mean(self.diverged):.0%}"),
            ("statuses", counts(self.status.ravel())),
        ]
        return table("HyperMap", rows)

    def to_dict(self) -> dict:
        return {
            "algorithm": self.algorithm,
            "pair": list(self.pair),
            "x": [self.x[0], self.x[1].tolist()],
            "y": [self.y[0], self.y[1].tolist()],
            "F": to_plain(self.F),
            "diverged": self.diverged.tolist(),
            "status": self.status.tolist(),
            "epochs": self.epochs.tolist(),
            "starts": self.starts.tolist(),
            "seconds": self.seconds,
        }


def hyper_map(
    algorithm: str,
    start,
    pair=("w1_11", "w2_11"),
    fixed=None,
    *,
    x,
    y,
    epochs: int,
    goal: float = 0.0,
    grad_tol: float = 1e-8,
    progress=None,
    data=None,
    **hyper,
) -> HyperMap:
    """Final F of ``algorithm`` over a grid: ``x = (name, values)`` a hyperparameter along the columns, ``y`` another
    ``(name, values)`` along the rows, or ``("start", points)``: rows run from each of ``points`` (m, k) instead
    of ``start``. One ``train_batch`` call with a row of hyperparameters per cell; ``data`` is the training set."""
    xname, xvalues = x[0], finite_axis(x[1], "x values", MAX_CELLS_PER_AXIS)
    yname = y[0]
    k = len(tuple(pair))
    if yname == "start":
        points = np.array(y[1], dtype=float).reshape(-1, k)
        if len(points) > MAX_CELLS_PER_AXIS or not np.all(np.isfinite(points)):
            raise ValueError(f"start points must be at most {MAX_CELLS_PER_AXIS} finite rows of {k} values")
        yvalues = points
        starts = np.repeat(points, xvalues.size, axis=0)
        per_cell = {xname: np.tile(xvalues, len(points))}
    else:
        yvalues = finite_axis(y[1], "y values", MAX_CELLS_PER_AXIS)
        starts = np.broadcast_to(np.asarray(start, dtype=float).reshape(1, k), (yvalues.size * xvalues.size, k))
        gx, gy = np.meshgrid(xvalues, yvalues)
        per_cell = {xname: gx.ravel(), yname: gy.ravel()}
    if xname in hyper or yname in hyper:
        raise ValueError("a mapped hyperparameter cannot also be given once")
    run = train_batch(
        algorithm,
        starts,
        pair,
        fixed,
        epochs=epochs,
        goal=goal,
        grad_tol=grad_tol,
        progress=progress,
        data=data,
        **per_cell,
        **hyper,
    )
    shape = (len(yvalues), xvalues.size)
    diverged = (run.status == "diverged").reshape(shape)
    return HyperMap(
        algorithm=run.algorithm,
        pair=tuple(pair),
        x=(xname, xvalues),
        y=(yname, yvalues),
        F=np.where(diverged, np.nan, run.F.reshape(shape)),
        diverged=diverged,
        status=run.status.reshape(shape),
        epochs=run.epochs.reshape(shape),
        starts=run.starts,
        seconds=run.seconds,
    )
