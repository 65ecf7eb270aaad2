"""What every training algorithm shares: its state, its hyperparameter specs, and how it is built and checked.

An algorithm is a small frozen dataclass of hyperparameters with two pure methods, in the manner of optax:
``init(problem, x0) -> State`` and ``step(problem, state) -> State``. ``step`` receives the whole problem
(F, grad F, e, J, H over the free parameters) because line searches and Levenberg-Marquardt evaluate F
themselves. Only the runner decides when to stop.

The gradient methods (steepest descent, momentum, Nesterov, RMSprop, Adam) are written elementwise, so their
``init`` and ``step`` take a batch of starts ``(n, k)`` as readily as one point (for basin-of-attraction maps);
the methods that branch per point (VLBP's rejections, CG's line search, LM's μ) take one point at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar

import numpy as np

from ..params import finite_number

HALT_REASONS = ("singular", "mu_max", "no_lower_point")
"""Why an algorithm's step may stop a run; the compiled steps report the index of one of these."""


@dataclass(frozen=True, eq=False)
class State:
    """Where an algorithm is: the iterate ``x`` with its F and gradient ``g``, and what the last step reports.

    ``info`` holds the last step's per-step values (e.g. the learning rate it used) and its events (lists of
    dicts, e.g. rejected trials). ``rejected`` marks a step that deliberately left ``x`` where it was;
    ``halt`` is ``(status, message)`` when the algorithm cannot go on.
    """

    x: np.ndarray
    F: float
    g: np.ndarray
    info: dict = field(default_factory=dict)
    rejected: bool = False
    halt: tuple[str, str] | None = None


@dataclass(frozen=True)
class Hyper:
    """A hyperparameter's label, bounds and meaning, for validation and for the explorer's controls."""

    label: str
    low: float
    high: float
    help: str
    kind: str = "float"  # "float", "int" or "choice"
    choices: tuple[str, ...] = ()
    log: bool = False  # better stepped on a log scale

    def check(self, name: str, value: Any) -> Any:
        """The value, converted, or a ValueError that names the hyperparameter and its bounds."""
        if self.kind == "choice":
            if value not in self.choices:
                raise ValueError(f"{self.label} must be one of {', '.join(self.choices)}, got {value!r}")
            return value
        v = finite_number(value, self.label)
        if not self.low <= v <= self.high:
            raise ValueError(f"{self.label} must be between {self.low:g} and {self.high:g}, got {v:g}")
        if self.kind == "int":
            if v != int(v):
                raise ValueError(f"{self.label} must be a whole number, got {v:g}")
            return int(v)
        return v


@dataclass(frozen=True)
class Algorithm:
    """Base of the registry's algorithms; subclasses set ``name``, ``title``, ``SPEC`` and the two methods."""

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    chapter: ClassVar[str] = ""
    SPEC: ClassVar[dict[str, Hyper]] = {}
    STATE: ClassVar[type] = None  # the State subclass, when the algorithm keeps more than x, F and g
    TRACES: ClassVar[tuple[str, ...]] = ()  # per-step values in State.info, gathered into arrays
    EVENTS: ClassVar[tuple[str, ...]] = ()  # event lists in State.info, concatenated
    HALTS: ClassVar[tuple[str, ...]] = ()  # the reasons (from HALT_REASONS) for which ``step`` may stop the run
    EPOCH_CAP: ClassVar[int] = 300_000  # the most epochs the explorer asks for: 300,000 compiled ones well under 0.3 s
    compiled: ClassVar[bool] = True  # every algorithm has a compiled loop (``surface.compiled``)

    @classmethod
    def make(cls, **hyper) -> Algorithm:
        """Build from keyword hyperparameters, each checked against its spec; unknown names are refused."""
        unknown = set(hyper) - set(cls.SPEC)
        if unknown:
            names = ", ".join(repr(name) for name in sorted(unknown))
            known = ", ".join(spec.label for spec in cls.SPEC.values()) or "none"
            raise ValueError(f"{cls.title} has no hyperparameter {names}; it takes {known}")
        algo = cls(**{k: cls.SPEC[k].check(k, v) for k, v in hyper.items()})
        algo.validate()
        return algo

    def validate(self) -> None:
        """Cross-checks between hyperparameters; the default has none."""

    def hyper(self) -> dict:
        """The hyperparameters as a plain dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def defaults(cls) -> dict:
        return {f.name: f.default for f in fields(cls)}

    def init(self, problem, x0) -> State:
        """The state at x0: one point ``(k,)`` or a batch of points ``(..., k)``."""
        x = np.array(x0, dtype=float)
        f, g = problem.value_and_gradient(x)
        return (self.STATE or State)(x=x, F=_scalar_or_array(f), g=g, **self.initial(x, g))

    def initial(self, x: np.ndarray, g: np.ndarray) -> dict:
        """The algorithm's own state fields at the start (momenta, learning rates, search directions)."""
        return {}

    def step(self, problem, state: State) -> State:  # pragma: no cover - every algorithm overrides it
        raise NotImplementedError

    def halt(self, reason: str, state: State) -> tuple[str, str]:
        """The runner's ``(status, message)`` when ``step`` stops the run for ``reason`` (one of ``HALTS``) at
        ``state`` (the state the halting step began from, where the run ends).

        The one place these words live: the numpy ``step`` and the compiled loop both report through it. The
        compiled loop passes the state as it knows it: x, F and ∇F, and the algorithm's scalars (μ; BR's α, β
        and γ), without the vectors it keeps (CG's direction).
        """
        raise ValueError(f"{self.name} does not stop itself ({reason!r})")

    def evaluate(self, problem, state: State, x: np.ndarray, **changes) -> State:
        """The state at a new point ``x``: F and the gradient evaluated there, other fields changed as given."""
        f, g = problem.value_and_gradient(x)
        changes.setdefault("info", {})
        return replace(state, x=x, F=_scalar_or_array(f), g=g, rejected=False, halt=None, **changes)


def _scalar_or_array(f):
    """F as a float for one point, as an array for a batch."""
    return float(f) if np.ndim(f) == 0 else np.asarray(f, dtype=float)
