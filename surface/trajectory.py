"""One training run as one record: where it went, how F fell, why it stopped, and what its algorithm saw.

``xs[k]`` is the iterate after k epochs (``xs[0]`` the start); ``F[k]`` and ``grad_norm[k]`` belong to it.
``epoch[k]`` is k for a full record and the original epoch for a display copy; ``evals[k]`` counts the
evaluations of F, ∇F, J and H spent to reach iterate k (``runner.evaluation_cost``), the clock of a fair race.
``extras`` holds an algorithm's own traces: arrays with one value per step (step k leads from ``xs[k]`` to
``xs[k + 1]``) and lists of events, each a dict with an ``"epoch"`` key (rejected trials, line-search probes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

import numpy as np

STATUS_LABELS = {
    "goal": "reached the goal",
    "gradient": "gradient below tolerance",
    "max_epochs": "used every epoch",
    "diverged": "diverged",
    "stalled": "stalled",
    "singular": "singular matrix",
}


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
    def start(self) -> np.ndarray:
        return self.xs[0]

    @property
    def end(self) -> np.ndarray:
        return self.xs[-1]

    def to_dict(self) -> dict:
        """Plain JSON-ready data (lists and numbers)."""
        return {
            "algorithm": self.algorithm,
            "hyper": dict(self.hyper),
            "free": list(self.free),
            "base": list(self.base),
            "xs": self.xs.tolist(),
            "F": self.F.tolist(),
            "grad_norm": self.grad_norm.tolist(),
            "epoch": self.epoch.tolist(),
            "evals": _plain(self.evals),
            "evaluations": dict(self.evaluations),
            "status": self.status,
            "message": self.message,
            "extras": _plain(self.extras),
            "seconds": self.seconds,
        }

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
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), allow_nan=False)

    @classmethod
    def from_json(cls, text: str) -> Trajectory:
        return cls.from_dict(json.loads(text))

    def display(self, max_points: int = 2000) -> Trajectory:
        """A copy with at most ``max_points`` iterates that keeps the start, the end and the shape of the path.

        Half the points are spread evenly over the epochs (so an animation still lingers where training
        did), half evenly along the path's length (so every turn made in a few fast epochs survives).
        Per-step traces are thinned with the iterates; event lists keep at most ``max_points`` events.
        """
        n = len(self.xs)
        max_points = max(2, int(max_points))
        if n <= max_points:
            return self
        keep = display_indices(self.xs, max_points)
        steps = n - 1
        extras = {}
        for name, value in self.extras.items():
            if isinstance(value, np.ndarray) and value.ndim >= 1 and len(value) == steps:
                extras[name] = value[np.minimum(keep[:-1], steps - 1)]
            elif isinstance(value, list) and len(value) > max_points:
                extras[name] = [value[i] for i in np.linspace(0, len(value) - 1, max_points).astype(int)]
            else:
                extras[name] = value
        return replace(
            self,
            xs=self.xs[keep],
            F=self.F[keep],
            grad_norm=self.grad_norm[keep],
            epoch=self.epoch[keep],
            evals=self.evals[keep],
            extras=extras,
        )


def display_indices(xs: np.ndarray, max_points: int) -> np.ndarray:
    """Sorted distinct iterate indices, at most ``max_points``, including the first and the last."""
    n = len(xs)
    if n <= max_points:
        return np.arange(n)
    by_epoch = np.linspace(0, n - 1, max_points // 2).round().astype(np.int64)
    span = np.ptp(xs, axis=0)
    span[span == 0] = 1.0
    steps = np.linalg.norm(np.diff(xs, axis=0) / span, axis=1)
    length = np.concatenate([[0.0], np.cumsum(steps)])
    targets = np.linspace(0.0, length[-1], max_points - len(by_epoch) - 2)
    by_length = np.minimum(np.searchsorted(length, targets), n - 1)
    # at most 2 + max_points // 2 + (max_points - max_points // 2 - 2) = max_points distinct indices
    return np.unique(np.concatenate([[0, n - 1], by_epoch, by_length]))


def _plain(value):
    """numpy arrays and scalars inside nested containers as lists and numbers; non-finite floats as None."""
    if isinstance(value, np.ndarray):
        return _plain(value.tolist())
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def _is_number_list(v) -> bool:
    return isinstance(v, list) and all(isinstance(u, int | float) for u in v) and len(v) > 0
