"""One training run as one record: where it went, how F fell, why it stopped, and what its algorithm saw.

``xs[k]`` is the iterate after k epochs (``xs[0]`` the start); ``F[k]`` and ``grad_norm[k]`` belong to it.
``epoch[k]`` is k for a full record and the original epoch for a display copy; ``evals[k]`` counts the
evaluations of F, ∇F, J and H spent to reach iterate k (``runner.evaluation_cost``), the clock of a fair race.
``extras`` holds an algorithm's own traces: arrays with one value per step (step k leads from ``xs[k]`` to
``xs[k + 1]``) and lists of events, each a dict with an ``"epoch"`` key (rejected trials, line-search probes).
``data`` is the training set F was computed on (None: ch. 12's 41 pairs) and ``bug`` the name of the planted
bug (``surface.BUGS``) the run's gradient had, or None.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

import numpy as np

from . import polyline
from .notebook import number, point, settings, table
from .training_set import TrainingSet

DISPLAY_POINTS = 4000
"""The most iterates a display copy keeps by default."""

DISPLAY_TOLERANCE = 1e-3
"""How far (in window units) the drawn polyline may pass from any iterate: a thousandth of the window."""


@dataclass(frozen=True, eq=False)
class Trajectory:
    """The record of one run of ``surface.train``."""

    algorithm: str
    hyper: dict
    free: tuple[str, ...]
    base: tuple[float, ...]
    xs: np.ndarray
    F: np.ndarray
    grad_norm: np.ndarray
    evaluations: dict
    status: str
    message: str
    extras: dict = field(default_factory=dict)
    epoch: np.ndarray | None = None
    seconds: float = 0.0
    evals: np.ndarray | None = None
    data: TrainingSet | None = None
    bug: str | None = None

    def __post_init__(self):
        xs = np.asarray(self.xs, dtype=float).reshape(-1, len(self.free))
        object.__setattr__(self, "xs", xs)
        object.__setattr__(self, "F", np.asarray(self.F, dtype=float))
        object.__setattr__(self, "grad_norm", np.asarray(self.grad_norm, dtype=float))
        epoch = np.arange(len(xs)) if self.epoch is None else np.asarray(self.epoch, dtype=np.int64)
        object.__setattr__(self, "epoch", epoch)
        evals = np.full(len(xs), np.nan) if self.evals is None else np.asarray(self.evals, dtype=float)
        object.__setattr__(self, "evals", evals)
        if not (len(self.F) == len(self.grad_norm) == len(epoch) == len(evals) == len(xs)):
            raise ValueError("xs, F, grad_norm, epoch and evals must have one entry per iterate")

    @property
    def epochs(self) -> int:
        """How many epochs (iterations) the run took."""
        return int(self.epoch[-1])

    @property
    def is_copy(self) -> bool:
        """Whether this is a display copy (fewer iterates than epochs), not the whole run."""
        return not (int(self.epoch[0]) == 0 and int(self.epoch[-1]) == len(self.xs) - 1)

    def __repr__(self) -> str:
        """One line: the algorithm, where it went, for how long, F, and why it stopped (no arrays)."""
        hyper = f", {settings(self.hyper)}" if self.hyper else ""
        if len(self.free) <= 3:
            moved = f"({', '.join(self.free)}) {point(self.start)} → {point(self.end)}"
        else:
            moved = f"{len(self.free)} free parameters"
        copy = f", a display copy of {number(len(self.xs))} iterates" if self.is_copy else ""
        return (
            f"Trajectory({self.algorithm}{hyper}: {moved} in {number(self.epochs)} epochs, "
            f"F {number(self.F[0])} → {number(self.F[-1])}, {self.status!r}{copy})"
        )

    def _repr_html_(self) -> str:
        rows = [
            ("algorithm", self.algorithm),
            ("hyperparameters", settings(self.hyper) or "none"),
            ("free parameters", ", ".join(self.free)),
            ("start", point(self.start)),
            ("end", point(self.end)),
            ("epochs", number(self.epochs) + (f" ({number(len(self.xs))} iterates kept)" if self.is_copy else "")),
            ("F", f"{number(self.F[0])} → {number(self.F[-1])}"),
            ("|∇F| at the end", number(self.grad_norm[-1], 3)),
            ("status", self.status),
            ("message", self.message),
            ("evaluations", settings(self.evaluations) or "none"),
            ("seconds", number(self.seconds, 3)),
        ]
        if self.data is not None and not self.data.is_nominal:
            rows.append(("training set", self.data.name))
        if self.bug is not None:
            rows.append(("planted bug", self.bug))
        return table("Trajectory", rows)

    @property
    def start(self) -> np.ndarray:
        return self.xs[0]

    @property
    def end(self) -> np.ndarray:
        return self.xs[-1]

    def to_dict(self) -> dict:
        """Plain JSON-ready data (lists and numbers); ``data`` and ``bug`` only when a run has them."""
        return {
            "algorithm": self.algorithm,
            "hyper": dict(self.hyper),
            "free": list(self.free),
            "base": list(self.base),
            "xs": self.xs.tolist(),
            "F": self.F.tolist(),
            "grad_norm": self.grad_norm.tolist(),
            "epoch": self.epoch.tolist(),
            "evals": to_plain(self.evals),
            "evaluations": dict(self.evaluations),
            "status": self.status,
            "message": self.message,
            "extras": to_plain(self.extras),
            "seconds": self.seconds,
        } | self._tags()

    def _tags(self) -> dict:
        """The training set (unless it is ch. 12's) and the planted bug (if any), as plain data."""
        tags = {}
        if self.data is not None and not self.data.is_nominal:
            tags["data"] = self.data.to_dict()
        if self.bug is not None:
            tags["bug"] = self.bug
        return tags

    @classmethod
    def from_dict(cls, d: dict) -> Trajectory:
        extras = {k: (np.asarray(v, dtype=float) if _is_number_list(v) else v) for k, v in d["extras"].items()}
        return cls(
            algorithm=d["algorithm"],
            hyper=dict(d["hyper"]),
            free=tuple(d["free"]),
            base=tuple(float(v) for v in d["base"]),
            xs=np.asarray(d["xs"], dtype=float),
            F=np.asarray(d["F"], dtype=float),
            grad_norm=np.asarray(d["grad_norm"], dtype=float),
            evaluations=dict(d["evaluations"]),
            status=d["status"],
            message=d["message"],
            extras=extras,
            epoch=np.asarray(d["epoch"], dtype=np.int64),
            evals=np.asarray([np.nan if v is None else v for v in d["evals"]], dtype=float),
            seconds=float(d.get("seconds", 0.0)),
            data=TrainingSet.from_dict(d["data"]) if d.get("data") else None,
            bug=d.get("bug"),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> Trajectory:
        return cls.from_dict(json.loads(text))

    def display_copy(
        self, max_points: int = DISPLAY_POINTS, window=None, tolerance: float = DISPLAY_TOLERANCE
    ) -> Trajectory:
        """A copy of at most ``max_points`` iterates whose polyline is the path, to ``tolerance`` of the window.

        ``window`` is ``((x0, x1), (y0, y1))`` for the first two free parameters (by default the path's own
        bounding box). Every iterate lies within ``tolerance`` (in window units: x over the window's width, y
        over its height) of the drawn segment that spans it, the segment between the kept iterates whose epochs
        bracket it (``polyline.deviation`` measures it). A quarter of ``max_points`` are spaced evenly in epochs,
        so that an animation that moves the head by epoch between kept points keeps its pace; the shape adds
        what Ramer–Douglas–Peucker needs between them, in window coordinates.

        Shape wins over pace: if the two do not fit in ``max_points``, the shape is simplified alone and gets
        what time samples its leftover room allows (in a path that jitters, every forced point costs repairs).
        If even the shape needs more (a path that jitters or bounces chaotically in every epoch), the budget goes
        to the largest deviations first: the polyline is then as close as the budget allows (Ramer–Douglas–
        Peucker spending it worst first), and further than ``tolerance`` from some iterates;
        ``polyline.deviation`` says how far.

        The copy keeps F, |∇F|, ``evals`` and the epochs of the kept iterates (``epoch`` says which they are);
        per-step traces are taken at the steps that leave the kept iterates; event lists keep at most
        ``max_points`` events. A run of at most ``max_points`` iterates is its own display copy.
        """
        return self.display_and_deviation(max_points, window, tolerance)[0]

    def display_and_deviation(
        self, max_points: int = DISPLAY_POINTS, window=None, tolerance: float = DISPLAY_TOLERANCE
    ) -> tuple[Trajectory, float]:
        """``display_copy``'s copy, and how far its polyline lies from the farthest iterate in window units: what
        ``display_deviation`` would measure, known already from the simplification that chose the copy."""
        n = len(self.xs)
        max_points = max(2, int(max_points))
        if n <= max_points:
            return self, 0.0
        chosen = display_selection(self.xs, max_points, window, tolerance, self.epoch)
        keep = chosen.kept
        steps = n - 1
        extras = {}
        for name, value in self.extras.items():
            if isinstance(value, np.ndarray) and value.ndim >= 1 and len(value) == steps:
                extras[name] = value[np.minimum(keep[:-1], steps - 1)]
            elif isinstance(value, list) and len(value) > max_points:
                extras[name] = [value[i] for i in np.linspace(0, len(value) - 1, max_points).astype(int)]
            else:
                extras[name] = value
        shown = replace(
            self,
            xs=self.xs[keep],
            F=self.F[keep],
            grad_norm=self.grad_norm[keep],
            epoch=self.epoch[keep],
            evals=self.evals[keep],
            extras=extras,
        )
        return shown, chosen.deviation


def display_indices(
    xs: np.ndarray, max_points: int, window=None, tolerance: float = DISPLAY_TOLERANCE, epoch=None
) -> np.ndarray:
    """Sorted distinct iterate indices, at most ``max_points``, with the first and the last: see ``display_copy``.

    The time samples go in first, as points the simplification must keep, so that every segment it checks is
    short; Ramer–Douglas–Peucker then adds the points the shape needs between them. When the two do not fit
    together, the shape is simplified alone and gets what time samples its leftover room allows.
    """
    return display_selection(xs, max_points, window, tolerance, epoch).kept


def display_selection(
    xs: np.ndarray, max_points: int, window=None, tolerance: float = DISPLAY_TOLERANCE, epoch=None
) -> polyline.Simplified:
    """``display_indices`` and the largest deviation of an iterate from the polyline through them."""
    n = len(xs)
    max_points = max(2, int(max_points))
    if n <= max_points:
        return polyline.Simplified(np.arange(n), 0.0)
    points = polyline.normalise(_plane(xs), window)
    epoch = np.arange(n) if epoch is None else np.asarray(epoch)
    samples = _by_epoch(epoch, max_points // 4)
    paced = polyline.simplify(points, tolerance, 4 * max_points, samples)  # how many it takes, up to 4 budgets
    if paced.deviation <= tolerance and len(paced.kept) <= max_points:
        return paced
    candidates = []
    if paced.deviation <= tolerance:  # the tolerance is within reach, the time samples cost too much: shape first
        shape = polyline.simplify(points, tolerance, max_points)
        if shape.deviation <= tolerance:
            room = (max_points - len(shape.kept)) // 2
            if room > 0:  # as many time samples as the shape leaves room for, with their repairs
                both = polyline.simplify(points, tolerance, max_points, np.union1d(shape.kept, _by_epoch(epoch, room)))
                if both.deviation <= tolerance:
                    return both
            return shape
        candidates.append(shape)
    # no budget meets the tolerance: spend this one where the path deviates most
    candidates.append(polyline.simplify(points, tolerance, max_points, samples))
    return min(candidates, key=lambda c: c.deviation)


def display_deviation(full: Trajectory, shown: Trajectory, window=None) -> float:
    """How far ``full``'s iterates lie from the polyline of its display copy ``shown``, in window units."""
    kept = np.searchsorted(full.epoch, shown.epoch)
    if np.any(kept >= len(full.epoch)) or not np.array_equal(
        full.epoch[np.minimum(kept, len(full.epoch) - 1)], shown.epoch
    ):
        raise ValueError("shown is not a display copy of full: its epochs are not among full's")
    return polyline.deviation(_plane(full.xs), kept, window)


def _plane(xs: np.ndarray) -> np.ndarray:
    """The first two coordinates of each iterate (a one-parameter path lies on the x axis)."""
    xs = np.asarray(xs, dtype=float)
    return xs[:, :2] if xs.shape[1] >= 2 else np.column_stack([xs[:, 0], np.zeros(len(xs))])


def _by_epoch(epoch: np.ndarray, count: int) -> np.ndarray:
    """Indices of ``count`` iterates evenly spaced in epochs (the nearest at or after each target)."""
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    targets = np.linspace(float(epoch[0]), float(epoch[-1]), max(count, 2))
    return np.unique(np.minimum(np.searchsorted(epoch, targets), len(epoch) - 1))


def to_plain(value):
    """numpy arrays and scalars inside nested containers as lists and numbers; non-finite floats as None (JSON
    has no NaN). Numeric arrays go in one vectorised pass; the engine's records (trajectories, maps of many
    starts, step anatomies) all pass through here."""
    if isinstance(value, np.ndarray):
        return _plain_array(value) if value.dtype.kind in "biuf" else to_plain(value.tolist())
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def _plain_array(a: np.ndarray) -> list:
    """A numeric array as nested lists, NaN and ±inf as None."""
    if a.dtype.kind in "biu":
        return a.tolist()
    finite = np.isfinite(a)
    if finite.all():
        return a.tolist()
    o = a.astype(object)
    o[~finite] = None
    return o.tolist()


def _is_number_list(v) -> bool:
    return isinstance(v, list) and all(isinstance(u, int | float) for u in v) and len(v) > 0
