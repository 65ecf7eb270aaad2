"""Checking a gradient against F itself, as seed 003 advises ("verify gradients numerically"): for each parameter,
the analytic derivative, a numerical one from F alone, their relative error, and a flag past a threshold.

The numerical derivative is a central difference refined by one Richardson extrapolation::

    D(h) = (F(x + h eᵢ) − F(x − h eᵢ)) / 2h,      N = (4 D(h/2) − D(h)) / 3

D(h) is off by h² F'''/6 + O(h⁴); N removes the h² term, leaving O(h⁴). The step is h = ``STEP`` / s, where s
is how far a unit change of the parameter can move a net input (``_scales``): an input weight w¹ moves n¹ by up
to max |p| and the output's n² by up to |v| max |p| / 4 (v its neuron's output weight), a hidden bias n¹ by 1
and n² by |v|/4, an output weight or bias n² by at most 1; s is the largest of these and 1. So every step moves
every net input by about ``STEP`` at most, whatever the inputs' scale and the weights' size, and h is rounded so
that x ± h and x ± h/2 are exact in floating point. With ``STEP`` = 10⁻³ the truncation error is about 10⁻¹²
of F's fifth derivative in those units, and the rounding error of N about 3ε|F|/h = 3ε|F|s/``STEP``.

The relative error of a parameter is

    r = |a − n| / max(|a|, |n|, τ),     τ = ``FLOOR`` (1 + |F(x)|) s

where a is the analytic derivative and n the numerical one. τ keeps r finite where both vanish, and is the size
below which a derivative is rounding: N's rounding error over τ is at most 3ε/(``STEP`` ``FLOOR``) ≈ 7·10⁻⁸,
fifteen times below ``THRESHOLD``. r > ``THRESHOLD`` (10⁻⁶) is flagged. A correct gradient stays below 10⁻⁷
at every point the tests try (random points near nominal and near the origin, spreads up to 15, every kind of
training set, both outputs). A planted bug is flagged wherever it changes a derivative by more than 10⁻⁶ τ,
about 10⁻¹¹ (1 + |F|) s: it can hide only where its wrong term all but vanishes, e.g. at a neuron so saturated
that every derivative through it is below that (the tests choose points away from such places), or where a
factor of the wrong term is exactly zero (the hidden biases' s¹p when the output weights are 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .bugs import get_bug, planted
from .network import LABELS, PARAMS
from .notebook import grid, number, point
from .params import finite_number, free_indices
from .problem import Problem
from .training_set import resolve

STEP = 1e-3
"""The central difference's step, in units of the net input it moves (see the module docstring)."""

THRESHOLD = 1e-6
"""A relative error above this is flagged."""

FLOOR = 1e-5
"""τ = FLOOR (1 + |F|) s: the size below which a derivative counts as zero (see the module docstring)."""


@dataclass(frozen=True)
class GradientRow:
    """One parameter's check: the analytic derivative, the numerical one, their relative error and the flag."""

    name: str
    label: str
    analytic: float
    numerical: float
    error: float
    flagged: bool

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "label": self.label,
            "analytic": self.analytic,
            "numerical": self.numerical,
            "error": self.error,
            "flagged": self.flagged,
        }


@dataclass(frozen=True)
class GradientCheck:
    """The check at ``x`` (7 values): one row per parameter checked, the threshold, F there, and the bug (if any)."""

    x: tuple[float, ...]
    F: float
    rows: tuple[GradientRow, ...]
    threshold: float
    bug: str | None = None

    @property
    def flagged(self) -> tuple[str, ...]:
        """The parameters whose relative error passed the threshold."""
        return tuple(r.name for r in self.rows if r.flagged)

    @property
    def passed(self) -> bool:
        """Whether no parameter was flagged."""
        return not self.flagged

    @property
    def words(self) -> str:
        """The verdict in a sentence."""
        worst = max(self.rows, key=lambda r: r.error)
        if self.passed:
            return (
                f"The gradient matches F's central differences at every parameter checked: the largest relative "
                f"error is {worst.error:.1e} ({worst.label}), below the threshold {self.threshold:g}."
            )
        names = ", ".join(LABELS[n] for n in self.flagged)
        return (
            f"The gradient disagrees with F's central differences at {names}: relative error up to "
            f"{worst.error:.2g} ({worst.label}), past the threshold {self.threshold:g}."
        )

    def __repr__(self) -> str:
        """One line: where, how many parameters, which were flagged and the worst error (no rows dumped)."""
        worst = max(self.rows, key=lambda r: r.error)
        flagged = f"flagged {', '.join(self.flagged)}" if self.flagged else "passed"
        bug = f", bug {self.bug!r}" if self.bug else ""
        return (
            f"GradientCheck(F = {number(self.F)}, {len(self.rows)} parameters, {flagged}, worst relative error "
            f"{worst.error:.2g} at {worst.name}{bug})"
        )

    def _repr_html_(self) -> str:
        rows = [
            (r.label, f"{r.analytic:.8g}", f"{r.numerical:.8g}", f"{r.error:.2g}", "flagged" if r.flagged else "")
            for r in self.rows
        ]
        title = f"GradientCheck at {point(self.x)}, F = {number(self.F)}" + (f", bug {self.bug}" if self.bug else "")
        return (
            grid(title, ("parameter", "analytic", "numerical", "relative error", "")) + ""
            if False
            else grid(title, ("parameter", "analytic", "numerical", "relative error", f"> {self.threshold:g}"), rows)
        )

    def to_dict(self) -> dict:
        return {
            "x": list(self.x),
            "F": self.F,
            "rows": [r.to_dict() for r in self.rows],
            "threshold": self.threshold,
            "bug": self.bug,
            "flagged": list(self.flagged),
            "words": self.words,
        }


def gradient_check(
    x, bug=None, data=None, free=PARAMS, *, step: float = STEP, threshold: float = THRESHOLD
) -> GradientCheck:
    """Check the gradient at ``x`` (the seven parameters) for each parameter in ``free``.

    ``bug`` names a planted bug (``surface.BUGS``): the analytic gradient is then the buggy one, as a run with
    it sees it, and F is what such a run computes (for the unnormalised-inputs pitfall, F over the inputs × 100).
    ``data`` is the training set (ch. 12's by default). See the module docstring for the numerical derivative,
    ``step`` and the relative error.
    """
    point = np.array(x, dtype=float).reshape(-1)
    if point.shape != (7,) or not np.all(np.isfinite(point)):
        raise ValueError("x must be the seven parameters, finite")
    index = free_indices(free)
    step = finite_number(step, "step")
    threshold = finite_number(threshold, "threshold")
    if step <= 0 or threshold <= 0:
        raise ValueError("step and threshold must be positive")
    problem = planted(bug, PARAMS, point, data) if bug is not None else Problem.make(PARAMS, point, data)
    analytic = np.asarray(problem.gradient(point))
    scale = _scales(point, float(np.max(np.abs(resolve(problem.data).P))))
    h = _representable(point, step / scale)
    numerical = _richardson(problem, point, h)
    f = float(problem.performance(point))
    rows = []
    for i in index:
        a, n = float(analytic[i]), float(numerical[i])
        tau = FLOOR * (1.0 + abs(f)) * scale[i]
        error = abs(a - n) / max(abs(a), abs(n), tau)
        rows.append(GradientRow(PARAMS[i], LABELS[PARAMS[i]], a, n, error, error > threshold))
    name = None if bug is None else get_bug(bug).name
    return GradientCheck(tuple(float(v) for v in point), f, tuple(rows), threshold, name)


def _scales(x: np.ndarray, inputs: float) -> np.ndarray:
    """s for each parameter: how far a unit step of it moves a net input at most (at least 1; see the module
    docstring). A hidden neuron's weight moves n¹ by up to |p| and n² by up to |v||p|/4, its bias n¹ by 1 and n²
    by up to |v|/4; an output weight moves n² by a¹ ≤ 1, the output bias by 1."""
    v = np.maximum(1.0, np.abs(x[4:6]))
    return np.array([*(max(1.0, inputs) * v), *v, 1.0, 1.0, 1.0])


def _representable(x: np.ndarray, h: np.ndarray) -> np.ndarray:
    """Steps near ``h`` with x ± h and x ± h/2 exact: h rounded through x + h (then halving is exact)."""
    return (x + h) - x


def _richardson(problem, x: np.ndarray, h: np.ndarray) -> np.ndarray:
    """(4 D(h/2) − D(h)) / 3 for each of the seven parameters, from one batched evaluation of F at 28 points."""
    eye = np.eye(7)
    offsets = np.concatenate([eye * h[:, None], -eye * h[:, None], eye * (h / 2)[:, None], -eye * (h / 2)[:, None]])
    f = np.asarray(problem.performance(x + offsets)).reshape(4, 7)
    wide = (f[0] - f[1]) / (2 * h)
    narrow = (f[2] - f[3]) / h
    return (4 * narrow - wide) / 3
