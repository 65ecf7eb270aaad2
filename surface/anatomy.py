"""The inside of each step: what a training algorithm saw at an iterate and what it did there (Hagan et al.,
*Neural Network Design*, ch. 9, 12 and 13), for drawing on the map and for the panel that writes the update
equation with the numbers substituted.

``step_anatomy(run, indices)`` takes a whole run (the record ``train`` returns) and the iterates to describe
(its display copy's ``epoch``, typically), and evaluates F's derivatives at all of them in one batched call each.
Every array is aligned with ``index``: entry i describes iterate k = ``index[i]``. Vectors are in parameter units
and have the first two free parameters (the map's axes) as their two components.

At every iterate (``StepAnatomy``'s fields):

* ``x`` (n, 2), ``F`` (n,): the iterate x_k and F there (as recorded), the sum of squared errors;
* ``gradient`` (n, 2): ∇F(x_k), in F per unit;
* ``hessian`` (n, 3): ∂²F/∂x², ∂²F/∂x∂y, ∂²F/∂y² of the two, in F per unit²; ``eigenvalues`` (n, 2): its
  λmin ≤ λmax; ``angle`` (n,): the direction of λmin's eigenvector, in radians from the x axis, in (−π/2, π/2]
  (λmax's is perpendicular; ``eigenvectors`` gives both). The local quadratic model F(x_k + d) ≈ F_k + gᵀd + ½dᵀHd
  has level-curve axes along them, of half-lengths ∝ 1/√λ;
* ``step_in`` (n, 2): x_k − x_{k−1}, the step that led here (zero at k = 0); ``step_out`` (n, 2): x_{k+1} − x_k,
  the step that leaves (zero at the last iterate), both from the whole run;
* ``newton`` (n, 2): the Newton step −H⁻¹∇F to the stationary point of the quadratic model, with H the Hessian
  over all the free parameters (NaN where its condition number passes Newton's own limit, 1e14);
  ``indefinite`` (n,): H has eigenvalues of both signs, so that step heads for a saddle point.

In ``inside``, what the algorithm does within the step that leaves iterate k (step k, ``extras``' convention);
scalars are constant over the run, arrays are aligned with ``index``, NaN where there is no step k (the last
iterate). Each algorithm's class declares them (``INSIDE``: an ``algorithms.Inside`` whose ``parts`` computes
them), with the kind of drawing they make (``drawing``, one of ``algorithms.DRAWINGS``, so that the page draws by
kind, never by algorithm), a sentence for the panel (``note``) and the key of a rejected trial's parameter
(``trial``: VLBP's ``alpha``, LM's and BR's ``mu``). ``momentum_term + gradient_term`` is that step for the
methods written as a sum of the two:

* ``sdbp``, ``sgd``: ``alpha`` (x_{k+1} = x_k − α∇F; an ``sgd`` epoch is one single-sample step of that α per
  training pair);
* ``mobp``: ``alpha``, ``gamma``, ``velocity`` Δx_{k−1} (= ``step_in``), ``momentum_term`` γΔx_{k−1},
  ``gradient_term`` −(1 − γ)α∇F(x_k);
* ``nesterov``: ``alpha``, ``gamma``, ``velocity`` v_k (= ``step_in``), ``lookahead`` x_k + γv_k,
  ``gradient_ahead`` ∇F there, ``momentum_term`` γv_k, ``gradient_term`` −α∇F(x_k + γv_k);
* ``rmsprop``, ``adam``: ``alpha`` and ``rate`` (n, 2), the effective learning rate of each parameter,
  −(x_{k+1} − x_k)_i / (∇F_i): exact from the recorded iterates (their own scale α/(√ŝ + ε) needs the running
  averages, which only the whole gradient history gives). For RMSprop it is α/(√s_{k+1} + ε); for Adam it also
  holds m̂/∇F, the momentum's share. NaN where ∇F_i = 0;
* ``vlbp``: ``alpha`` (n,) the α step k used, ``gamma`` (n,) its γ (0 after a rejected step), ``momentum`` (n,)
  whether γ > 0, ``accepted`` (n,), ``velocity``, ``momentum_term``, ``gradient_term`` (the trial step, taken or
  not), ``rejected``: per iterate the list of rejected trials ``{"point", "F", "alpha"}`` (point: all free
  parameters);
* ``cgbp``: ``direction`` (n, 2) the search direction p_k searched last, ``step`` (n,) a_k (x_{k+1} = x_k + a_k p_k),
  ``beta`` (n,) β_{k+1} of the next direction p_{k+1} = −∇F_{k+1} + β_{k+1}p_k (0 at a restart), ``restarted`` (n,)
  whether p_k is −∇F_k (the start, a restart every n iterations, or one after a direction that did not descend),
  ``line_search``: per iterate the list of searches (two when the first found nothing lower), each
  ``{"origin", "direction", "probes", "points", "bracket", "interval", "step", "unbounded"}`` as in ``extras``,
  with ``probes`` an (m, 2) array of (a, F) in the order evaluated and ``points`` (m, 2) their places on the
  map, origin + a·direction;
* ``lmbp``: ``mu`` (n,) μ of the accepted step, ``damped`` (n, 2) −(JᵀJ + μI)⁻¹Jᵀe, ``gauss_newton`` (n, 2)
  −(JᵀJ)⁻¹Jᵀe (its μ → 0 limit; NaN where JᵀJ is singular), ``steepest`` (n, 2) −Jᵀe/μ (its μ → ∞ limit,
  −∇F/(2μ)), ``jtj`` (n, 3) and ``jte`` (n, 2) (so that the whole curve of steps over μ can be drawn),
  ``rejected``: per iterate the trials ``{"point", "F", "mu"}``; e = t − a, J = ∂e/∂x;
* ``newton``: nothing more (``newton`` and ``indefinite`` above are its step);
* ``br``: ``alpha`` and ``beta`` (n,) of the regularized index βE_D + αE_W the step used, ``gamma`` (n,) the
  effective number of parameters estimated after it, ``mu`` (n,), ``damped`` (n, 2)
  −(2βJᵀJ + 2αI + μI)⁻¹(2βJᵀe + 2αx), ``rejected`` as for LM.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .algorithms import ALGORITHMS
from .algorithms.inside import SINGULAR, solve_stack
from .algorithms.second_order import MAX_CONDITION
from .bugs import with_bug
from .curvature import eigenvector_angle, symmetric_eigenvalues
from .notebook import grid, number, point
from .problem import Problem
from .trajectory import Trajectory, to_plain

__all__ = ["SINGULAR", "StepAnatomy", "step_anatomy"]


@dataclass(frozen=True, eq=False)
class StepAnatomy:
    """The inside of the steps at iterates ``index`` of one run: see the module's docstring for every field."""

    algorithm: str
    hyper: dict
    free: tuple[str, ...]
    index: np.ndarray
    x: np.ndarray
    F: np.ndarray
    gradient: np.ndarray
    hessian: np.ndarray
    eigenvalues: np.ndarray
    angle: np.ndarray
    step_in: np.ndarray
    step_out: np.ndarray
    newton: np.ndarray
    indefinite: np.ndarray
    inside: dict = field(default_factory=dict)
    drawing: str = ""
    note: str = ""
    trial: str = ""

    ARRAYS = ("index", "x", "F", "gradient", "hessian", "eigenvalues", "angle", "step_in", "step_out", "newton")

    @property
    def eigenvectors(self) -> np.ndarray:
        """(n, 2, 2): unit eigenvectors as columns, of λmin then λmax (as ``numpy.linalg.eigh`` orders them)."""
        c, s = np.cos(self.angle), np.sin(self.angle)
        return np.stack([np.stack([c, s], -1), np.stack([-s, c], -1)], -1)

    def __len__(self) -> int:
        return len(self.index)

    def __repr__(self) -> str:
        """One line: the algorithm, which iterates, the kind of drawing and the names of its own values."""
        span = f"iterates {self.index[0]}…{self.index[-1]}" if len(self) else "no iterate"
        own = ", ".join(self.inside) or "none"
        return f"StepAnatomy({self.algorithm}: {number(len(self))} {span}, drawing {self.drawing!r}, inside: {own})"

    def _repr_html_(self) -> str:
        rows = [
            (
                int(k),
                point(self.x[i]),
                number(self.F[i]),
                point(self.eigenvalues[i], 3),
                point(self.step_out[i], 3),
                "yes" if self.indefinite[i] else "",
            )
            for i, k in enumerate(self.index[:12])
        ]
        more = f" (the first 12 of {len(self)})" if len(self) > 12 else ""
        title = f"StepAnatomy: {self.algorithm}, drawing {self.drawing}{more}"
        return grid(title, ("k", "x_k", "F", "λmin, λmax", "step out", "indefinite"), rows)

    def to_dict(self) -> dict:
        """Plain JSON-ready data: lists and numbers, NaN as None (``json.dumps(..., allow_nan=False)`` takes it)."""
        out = {"algorithm": self.algorithm, "hyper": dict(self.hyper), "free": list(self.free)}
        out |= {name: to_plain(getattr(self, name)) for name in self.ARRAYS}
        out["indefinite"] = self.indefinite.tolist()
        out["inside"] = to_plain(self.inside)
        out |= {"drawing": self.drawing, "note": self.note, "trial": self.trial}
        return out


def step_anatomy(run: Trajectory, indices=None, problem=None) -> StepAnatomy:
    """What ``run``'s algorithm saw and did at the iterates ``indices``: see the module's docstring.

    ``run`` is the whole record ``train`` returned (not a display copy: the steps come from every iterate).
    ``indices`` are iterate numbers (epochs) of it, or a display copy of it (its ``epoch``); all of them by
    default. ``problem`` is the problem the run trained on (by default the network with the run's free
    parameters, fixed values and training set).
    """
    if len(run.xs) and not (run.epoch[0] == 0 and run.epoch[-1] == len(run.xs) - 1):
        raise ValueError("step_anatomy needs the whole run, not a display copy: pass the copy as the indices")
    if run.xs.shape[1] < 2:
        raise ValueError("step_anatomy describes steps on a map of two parameters: the run needs two free ones")
    cls = ALGORITHMS.get(run.algorithm)
    if cls is None:
        raise ValueError(f"unknown algorithm {run.algorithm!r}: step_anatomy knows {', '.join(ALGORITHMS)}")
    index = _indices(run, indices)
    if problem is None:
        if len(run.base) != 7:
            raise ValueError("the run trained on a problem of its own, not the network: pass it as problem=")
        problem = Problem.make(run.free, run.base, run.data)
        if run.bug is not None:  # what the run saw: the buggy gradient
            problem = with_bug(problem, run.bug)
    at = _Evaluated(run, index, problem)
    lam_min, lam_max = symmetric_eigenvalues(*at.hessian2)
    return StepAnatomy(
        algorithm=run.algorithm,
        hyper=dict(run.hyper),
        free=tuple(run.free),
        index=index,
        x=at.z[:, :2],
        F=run.F[index],
        gradient=at.g[:, :2],
        hessian=np.stack(at.hessian2, -1),
        eigenvalues=np.stack([lam_min, lam_max], -1),
        angle=eigenvector_angle(*at.hessian2),
        step_in=at.step_in[:, :2],
        step_out=at.step_out[:, :2],
        newton=_solve(at.h, -at.g)[:, :2],
        indefinite=_indefinite(at.h),
        inside=cls.INSIDE.parts(at),
        drawing=cls.INSIDE.drawing,
        note=cls.INSIDE.note,
        trial=cls.COMPILED.trial,
    )


def _indices(run: Trajectory, indices) -> np.ndarray:
    """The iterate numbers asked for, checked: every iterate by default, or a display copy's epochs."""
    if indices is None:
        return np.arange(len(run.xs))
    if isinstance(indices, Trajectory):
        shown = indices
        index = np.asarray(shown.epoch, dtype=np.int64)
        inside = not index.size or (index.min() >= 0 and index.max() < len(run.xs))
        if not (inside and np.array_equal(shown.xs, run.xs[index])):
            raise ValueError("the display copy is not one of this run: its iterates are not the run's at its epochs")
        return index
    index = np.asarray(indices)
    if index.ndim != 1 or (index.size and not np.issubdtype(index.dtype, np.integer)):
        raise ValueError("indices must be a one-dimensional sequence of iterate numbers")
    index = index.astype(np.int64)
    if index.size and (index.min() < 0 or index.max() >= len(run.xs)):
        raise ValueError(f"indices must lie between 0 and {len(run.xs) - 1}, the run's last iterate")
    return index


class _Evaluated:
    """The run at the requested iterates: x_k, ∇F and H there (one batched call each), the steps around them,
    and what the per-algorithm parts ask for (traces, events, J and e, ∇F elsewhere)."""

    def __init__(self, run: Trajectory, index: np.ndarray, problem):
        self.run, self.index, self.problem = run, index, problem
        self.hyper = run.hyper
        self.batched = isinstance(problem, Problem)  # Problem's every function broadcasts over leading axes
        last = len(run.xs) - 1
        self.z = run.xs[index]
        self.g = self.call(problem.gradient, self.z)
        self.h = self.call(problem.hessian, self.z)
        self.hessian2 = (self.h[:, 0, 0], self.h[:, 0, 1], self.h[:, 1, 1])
        self.step_in = self.z - run.xs[np.maximum(index - 1, 0)]
        self.step_out = run.xs[np.minimum(index + 1, last)] - self.z
        self.has_step = index < last
        self._sorted = {}

    def call(self, fn, z: np.ndarray) -> np.ndarray:
        """``fn`` at every row of ``z``: one call on a Problem, a loop on a one-point test problem."""
        if self.batched:
            return np.asarray(fn(z), dtype=float)
        if not len(z):
            return np.zeros((0, *np.shape(fn(self.run.xs[0]))))
        return np.array([fn(zi) for zi in z], dtype=float)

    def trace(self, name: str, shift: int = 0) -> np.ndarray:
        """Per-step trace ``name`` at step k + shift for each requested k; NaN where there is no such step."""
        values = np.asarray(self.run.extras.get(name, []), dtype=float)
        k = self.index + shift
        out = np.full(len(k), np.nan)
        ok = (k >= 0) & (k < len(values))
        out[ok] = values[k[ok]]
        return out

    def events(self, name: str, shift: int = 0) -> list[list[dict]]:
        """The events ``name`` of step k + shift for each requested k (copies, without their ``epoch``)."""
        events, lo, hi = self._spans(name, shift)
        return [[_without_epoch(events[i]) for i in range(a, b)] for a, b in zip(lo, hi, strict=True)]

    def last_event(self, name: str, shift: int = 0) -> list[dict | None]:
        """The last event ``name`` of step k + shift for each requested k (the run's own, not a copy), or None."""
        events, lo, hi = self._spans(name, shift)
        return [events[b - 1] if b > a else None for a, b in zip(lo, hi, strict=True)]

    def _spans(self, name: str, shift: int) -> tuple[list[dict], list[int], list[int]]:
        """The run's events ``name`` in order of epoch, and where those of each step k + shift begin and end."""
        if name not in self._sorted:
            events = self.run.extras.get(name) or []
            epochs = np.fromiter((e["epoch"] for e in events), dtype=np.int64, count=len(events))
            if np.any(np.diff(epochs) < 0):
                order = np.argsort(epochs, kind="stable")
                events, epochs = [events[i] for i in order], epochs[order]
            self._sorted[name] = events, epochs
        events, epochs = self._sorted[name]
        k = self.index + shift
        return events, np.searchsorted(epochs, k, "left").tolist(), np.searchsorted(epochs, k, "right").tolist()

    def no_step(self, values: np.ndarray) -> np.ndarray:
        """``values`` with NaN at the iterates no step leaves (the last one)."""
        values = np.array(values, dtype=float)
        values[~self.has_step] = np.nan
        return values


def _without_epoch(event: dict) -> dict:
    return {k: v for k, v in event.items() if k != "epoch"}


def _solve(a: np.ndarray, b: np.ndarray, max_condition: float = MAX_CONDITION) -> np.ndarray:
    """a⁻¹b for stacks a (n, k, k) and b (n, k), by LU; NaN rows where a's condition number passes
    ``max_condition`` (by default Newton's own test, ``second_order.MAX_CONDITION``), where a is singular, and
    where a or b is not finite (``algorithms.inside.solve_stack``)."""
    return solve_stack(a, b, max_condition)


def _indefinite(h: np.ndarray) -> np.ndarray:
    """Whether each symmetric matrix has eigenvalues of both signs (NaN entries: False)."""
    ok = np.all(np.isfinite(h), axis=(1, 2))
    eig = np.linalg.eigvalsh(np.where(ok[:, None, None], h, 0.0)) if len(h) else np.zeros((0, h.shape[-1]))
    return ok & (eig[:, 0] < 0) & (eig[:, -1] > 0)
