"""``train_batch``: one algorithm from many starts at once, each stopped by the runner's rules on its own.

The compiled loop runs every start to its own end (no start waits for another), on a thread per core; a
hyperparameter may be one value for all starts or one value per start, so a map over hyperparameters is one call.
The same start gives the same end point and status as ``train``: a single run is the n = 1 case of this loop.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace

import numpy as np

from . import kernels
from .algorithms import ALGORITHMS
from .notebook import counts, number, table
from .runner import BOUND, MAX_EPOCHS, _nonnegative, _whole, compiled_form, make_algorithm, network_problem, train
from .training_set import TrainingSet

MAX_STARTS = 1_000_000
"""The most starts one batch may hold."""

MAX_PATH_POINTS = 10_000_000
"""The most path points (starts × points per path) one batch may keep."""

PROGRESS_STEPS = 16
"""How many times a batch with a ``progress`` feed reports, at most (each piece no smaller than ``MIN_PIECE``)."""

MIN_PIECE = 64


@dataclass(frozen=True, eq=False)
class BatchResult:
    """Where each of n starts ended, one row per start.

    ``hyper`` holds each hyperparameter as one value, or as a list of n values where it was given per start.
    ``status`` is the runner's word for why each start stopped (``goal``, ``gradient``, ``max_epochs``,
    ``diverged``, ``stalled``, ``singular``, or an algorithm's own halt), ``epochs`` how many it used. A status
    that needs a run's whole path to decide (one that bounces rather than uses its epochs) is not settled here:
    a batch keeps no paths, and reports the stop. ``paths``, when asked for, holds each
    start's path thinned to at most the requested number of points, its start and its end included.
    """

    algorithm: str
    hyper: dict
    free: tuple[str, ...]
    base: tuple[float, ...]
    starts: np.ndarray
    ends: np.ndarray
    F: np.ndarray
    grad_norm: np.ndarray
    status: np.ndarray
    epochs: np.ndarray
    paths: list[np.ndarray] | None = None
    seconds: float = 0.0
    data: TrainingSet | None = None
    bug: str | None = None

    def __len__(self) -> int:
        return len(self.starts)

    def __repr__(self) -> str:
        """One line: the algorithm, how many starts, how they ended (no arrays)."""
        finite = self.F[np.isfinite(self.F)]
        spread = f", F {number(finite.min())}…{number(finite.max())}" if finite.size else ""
        return f"BatchResult({self.algorithm}: {number(len(self))} starts, {counts(self.status)}{spread})"

    def _repr_html_(self) -> str:
        found, times = np.unique(self.status, return_counts=True)
        rows = [(status, f"{number(n)} ({n / len(self):.0%})") for status, n in zip(found, times, strict=True)]
        return table(f"BatchResult: {self.algorithm} from {number(len(self))} starts", rows)

    def to_dict(self) -> dict:
        """Plain JSON-ready data (lists, numbers and strings; a non-finite F as None); the training set (unless
        it is ch. 12's) and the planted bug only when the batch has them."""
        tags = {}
        if self.data is not None and not self.data.is_nominal:
            tags["data"] = self.data.to_dict()
        if self.bug is not None:
            tags["bug"] = self.bug
        return tags | {
            "algorithm": self.algorithm,
            "hyper": {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in self.hyper.items()},
            "free": list(self.free),
            "base": list(self.base),
            "starts": self.starts.tolist(),
            "ends": self.ends.tolist(),
            "F": [float(f) if math.isfinite(f) else None for f in self.F.tolist()],
            "grad_norm": [float(g) if math.isfinite(g) else None for g in self.grad_norm.tolist()],
            "status": self.status.tolist(),
            "epochs": self.epochs.tolist(),
            "paths": None if self.paths is None else [p.tolist() for p in self.paths],
            "seconds": self.seconds,
        }


def train_batch(
    algorithm: str,
    starts,
    pair=("w1_11", "w2_11"),
    fixed=None,
    *,
    epochs: int,
    goal: float = 0.0,
    grad_tol: float = 1e-8,
    bound: float = BOUND,
    paths: int | None = None,
    problem=None,
    progress=None,
    data=None,
    bug=None,
    **hyper,
) -> BatchResult:
    """Train ``pair`` (two or more names) from each row of ``starts`` (n, k) with ``algorithm``.

    The stop rules are ``train``'s. A numeric hyperparameter may be an array of n values, one per start.
    ``paths=N`` keeps each start's path, thinned to at most N points by a fixed stride. ``problem`` replaces
    the network as in ``train``; one without a compiled form runs the numpy reference, one start at a time.
    ``progress(done, total)``, when given, is called as the starts are done, in about ``PROGRESS_STEPS`` pieces
    (a progress bar's feed; the results are the same as without it). ``data`` is the training set (ch. 12's by
    default); ``bug`` a planted bug (``surface.BUGS``), whose runs take the numpy reference path, one at a time.
    """
    clock = time.perf_counter()
    problem = network_problem(pair, fixed, data, problem, bug)
    starts = _starts(starts, problem.size)
    n = len(starts)
    epochs = _whole(epochs, "epochs", 0, MAX_EPOCHS)
    goal = _nonnegative(goal, "goal")
    grad_tol = _nonnegative(grad_tol, "grad_tol")
    bound = _nonnegative(bound, "bound") or BOUND
    points = None if paths is None else _whole(paths, "paths", 2, max(2, MAX_PATH_POINTS // n))
    scalar, per_start = _split_hyper(algorithm, hyper, n)
    algo = make_algorithm(algorithm, **scalar, **{k: v[0] for k, v in per_start.items()})
    _check_rows(algorithm, scalar, per_start)
    stops = dict(epochs=epochs, goal=goal, grad_tol=grad_tol, bound=bound)
    network = compiled_form(problem)
    if network is not None and kernels.answers_now(algo.name, epochs, problem.size, n):
        network = None  # its kernel is being prepared: the numpy reference answers this small batch as well, now
    if network is None:
        run = _reference(algorithm, problem, starts, scalar, per_start, points, stops, progress)
    else:
        run = _compiled(algo, network, starts, per_start, points, stops, progress)
    ends, f, gn, status, used, kept = run
    return BatchResult(
        algorithm=algo.name,
        hyper=algo.hyper() | {k: np.asarray(v) for k, v in per_start.items()},
        free=tuple(getattr(problem, "free", tuple(f"z{i}" for i in range(problem.size)))),
        base=tuple(float(v) for v in getattr(problem, "base", ())),
        starts=starts,
        ends=ends,
        F=f,
        grad_norm=gn,
        status=status,
        epochs=used,
        paths=kept,
        seconds=time.perf_counter() - clock,
        data=getattr(problem, "data", None),
        bug=getattr(getattr(problem, "bug", None), "name", None),
    )


def _starts(starts, k: int) -> np.ndarray:
    a = np.array(starts, dtype=float)
    if a.ndim == 1 and a.size == k:
        a = a[None, :]
    if a.ndim != 2 or a.shape[1] != k or len(a) == 0:
        raise ValueError(f"starts must be an (n, {k}) array, one row per start, got shape {a.shape}")
    if len(a) > MAX_STARTS:
        raise ValueError(f"at most {MAX_STARTS:,} starts per batch, got {len(a):,}")
    if not np.all(np.isfinite(a)):
        raise ValueError("starts must be finite")
    return a


def _split_hyper(algorithm: str, hyper: dict, n: int) -> tuple[dict, dict]:
    """Hyperparameters given once, and those given per start (arrays of n numbers)."""
    scalar, per_start = {}, {}
    spec = ALGORITHMS[algorithm].SPEC if algorithm in ALGORITHMS else {}
    for name, value in hyper.items():
        if np.ndim(value) == 0:
            scalar[name] = value
            continue
        if name in spec and spec[name].kind == "choice":
            raise ValueError(f"{spec[name].label} must be one value for the whole batch")
        values = np.asarray(value)
        if values.ndim != 1 or len(values) != n:
            raise ValueError(f"{name} per start must have one value per start ({n}), got shape {values.shape}")
        if not np.issubdtype(values.dtype, np.number):
            raise ValueError(f"{name} per start must be numbers")
        per_start[name] = values
    return scalar, per_start


def _check_rows(algorithm: str, scalar: dict, per_start: dict) -> None:
    """Every distinct combination of per-start values passes the algorithm's own checks."""
    if not per_start:
        return
    names = list(per_start)
    rows = np.unique(np.column_stack([per_start[k] for k in names]), axis=0)
    for row in rows:
        make_algorithm(algorithm, **scalar, **{k: v.item() for k, v in zip(names, row, strict=True)})


def _compiled(algo, network, starts, per_start, points, stops, progress=None):
    kernels.ensure(algo.name)  # compiles its kernel on first use, or waits for the thread compiling it
    from .compiled import runs

    n = len(starts)
    epochs = stops["epochs"]
    stride, rows = 1, 0
    if points is not None:  # iterates 0, s, 2s, … with room left for the end point
        stride = max(1, math.ceil(epochs / (points - 2))) if points > 2 else epochs + 1
        rows = epochs // stride + 1
    hypers = runs.hyper_rows(algo, n, per_start)
    pieces = []
    for lo, hi in _pieces(n, progress):
        pieces.append(
            runs.run_many(
                algo,
                starts[lo:hi],
                hypers[lo:hi],
                network.base,
                network.index,
                **stops,
                rows=rows,
                stride=stride,
                data=network.data,
            )
        )
        if progress is not None:
            progress(hi, n)
    raw = pieces[0] if len(pieces) == 1 else _joined(pieces)
    status = raw.statuses(algo)
    kept = None
    if points is not None:
        kept = []
        for i, used in enumerate(raw.epochs.tolist()):
            path = raw.xs[i, : used // stride + 1]
            kept.append(path if used % stride == 0 else np.vstack([path, raw.ends[i]]))
    return raw.ends, raw.F, raw.grad_norm, status, raw.epochs, kept


def _pieces(n: int, progress) -> list[tuple[int, int]]:
    """The batch in one piece, or, with a progress feed, in up to ``PROGRESS_STEPS`` pieces of ``MIN_PIECE``+."""
    if progress is None:
        return [(0, n)]
    size = max(MIN_PIECE, math.ceil(n / PROGRESS_STEPS))
    return [(lo, min(n, lo + size)) for lo in range(0, n, size)]


def _joined(pieces):
    """The runs of several pieces as one record, start by start (the event log belongs to single starts only)."""
    fields = {f: np.concatenate([getattr(p, f) for p in pieces]) for f in pieces[0].__dataclass_fields__ if f != "log"}
    return replace(pieces[0], **fields)


def _reference(algorithm, problem, starts, scalar, per_start, points, stops, progress=None):
    """A problem without a compiled form: ``train`` (the numpy reference) for each start in turn."""
    runs = []
    for i, start in enumerate(starts):
        runs.append(train(algorithm, start, problem=problem, compiled=False, **stops, **scalar, **_row(per_start, i)))
        if progress is not None and ((i + 1) % MIN_PIECE == 0 or i + 1 == len(starts)):
            progress(i + 1, len(starts))
    kept = None
    if points is not None:
        kept = [tr.xs[np.unique(np.linspace(0, len(tr.xs) - 1, points).round().astype(int))] for tr in runs]
    return (
        np.array([tr.end for tr in runs]),
        np.array([tr.F[-1] for tr in runs]),
        np.array([tr.grad_norm[-1] for tr in runs]),
        np.array([tr.status for tr in runs]),
        np.array([tr.epochs for tr in runs]),
        kept,
    )


def _row(per_start: dict, i: int) -> dict:
    return {k: v[i].item() for k, v in per_start.items()}
