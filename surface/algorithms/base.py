"""What every training algorithm shares: its state, its hyperparameter specs, what it declares, how it is built.

An algorithm is a small frozen dataclass of hyperparameters with two pure methods, in the manner of optax:
``init(problem, x0) -> State`` and ``step(problem, state) -> State``. ``step`` receives the whole problem
(F, grad F, e, J, H over the free parameters) because line searches and Levenberg-Marquardt evaluate F
themselves. Only the runner decides when to stop.

The gradient methods (steepest descent, momentum, Nesterov, RMSprop, Adam) are written elementwise, so their
``init`` and ``step`` take a batch of starts ``(n, k)`` as readily as one point (for basin-of-attraction maps);
the methods that branch per point (VLBP's rejections, CG's line search, LM's μ) take one point at a time.

Everything the rest of the project knows of an algorithm is declared on its class (``REQUIRED``): its update
equation, its default and largest epoch budgets, its own trace, what "inside the step" draws (``Inside``), its
stability limit (``Stability``, or None) and its compiled step (``Compiled``). ``surface.algorithms.register``
checks that a class declares all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


class _Missing:
    """The value of a fact an algorithm has not declared (see ``REQUIRED``)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Trace:
    """An algorithm's own trace, plotted under the loss curve against the run's clock: the per-step value
    ``name`` (one of the class's ``TRACES``), written ``symbol`` on the axis and ``words`` in its legend."""

    name: str
    symbol: str
    words: str


DRAWINGS = {
    "steepest": "the step −α∇F, and α·λmax against the limit 2",
    "momentum": "the velocity and the two terms of the step, γΔx and the gradient's",
    "lookahead": "the velocity, the look-ahead point and the two terms of the step",
    "trial": "the momentum step as a trial, accepted or rejected (dashed), with α and γ",
    "line_search": "the search line with its probes and the golden-section bracket",
    "damped": "the damped step on the curve of steps from Gauss–Newton (μ → 0) to −∇F (μ → ∞), rejected trials",
    "regularized": "the damped step of βE_D + αE_W with α, β and γ, rejected trials",
    "newton": "Newton's step to the quadratic model's stationary point: a minimum, a saddle or a maximum",
    "rates": "each parameter's effective learning rate",
}
"""The kinds of drawing "inside the step" knows: an algorithm names its kind, and the panel and the map draw
that kind (what it draws, in words) from the values its ``Inside.parts`` computes."""


@dataclass(frozen=True)
class Inside:
    """What "inside the step" draws for an algorithm: the kind of drawing (one of ``DRAWINGS``), ``parts``, a
    function of the run at the requested iterates (``anatomy._Evaluated``) that gives the algorithm's own values
    (``StepAnatomy.inside``: see ``surface.anatomy``), and ``note``, a sentence the panel adds."""

    drawing: str
    parts: Callable[[Any], dict]
    note: str = ""


PLAIN: Callable[[float], str] = "{:g}".format
"""How a stability limit's words write a number unless told otherwise."""


class Stability:
    """A fixed step's stability limit on the quadratic model of F near a point (Hagan et al., ch. 9 and 12).

    A subclass writes the limit on α for a largest Hessian eigenvalue λmax (``limit``; inversely proportional
    to λmax, so the product α·λmax has a fixed ``edge``) and the words a message uses. ``batch`` marks a method
    whose epoch adds up to a batch step α∇F (incremental steepest descent): the limit is that step's.
    """

    batch: bool = False

    def limit(self, algo, lam_max: float) -> float:  # pragma: no cover - every subclass overrides it
        """The largest stable α near a point whose Hessian's largest eigenvalue is ``lam_max`` > 0."""
        raise NotImplementedError

    def edge(self, algo) -> float:
        """The largest stable α·λmax: the limit at λmax = 1."""
        return self.limit(algo, 1.0)

    def rule(self, algo) -> str:  # pragma: no cover - every subclass overrides it
        """The condition in words, e.g. 'steepest descent is stable there only for α < 2/λmax'."""
        raise NotImplementedError

    def excess(self, algo, lam_max: float) -> str:  # pragma: no cover - every subclass overrides it
        """The product that passes the edge, in words, e.g. ' (α·λmax = 2.02 > 2)'."""
        raise NotImplementedError

    def setting(self, algo, number: Callable[[float], str] = PLAIN) -> str:
        """The hyperparameters the limit depends on, e.g. 'α = 0.5' (``number`` writes each value)."""
        return f"α = {number(algo.alpha)}"

    def edge_words(self, algo, number: Callable[[float], str] = PLAIN) -> str:
        """The edge of α·λmax in words, e.g. '2', or '2(1+γ)/(1−γ) = 18' for momentum at γ = 0.8."""
        return number(self.edge(algo))


def _no_state(scalars: list) -> dict:
    return {}


@dataclass(frozen=True)
class Compiled:
    """An algorithm's compiled step, from which its own kernel (``surface.compiled.driver``) is built.

    ``step`` and ``init`` name numba functions with the driver's signatures (``driver.STEP`` and
    ``driver.INIT``; see ``surface.compiled.steps``): a bare name is one in ``surface.compiled.steps``,
    ``"package.module:function"`` one elsewhere; algorithms whose step and init are the same share one kernel
    (steepest descent is momentum with γ = 0). ``hyper`` maps
    the hyperparameters (a mapping of scalars, or of arrays of one value per start) to the tuple of columns the
    step reads; ``trial`` names the parameter a rejected trial records (VLBP's α, LM's μ); ``state`` maps the
    step's scalars (the driver's ``c``) to the fields of the algorithm's ``State``, for the words of a halt.

    The figures let a request know whether it would wait, and for how long (``surface.kernels``): ``seconds``
    is what compiling its step costs on top of the loop and the network's functions every kernel shares, with
    an empty numba cache, and ``reference`` what one epoch of the numpy reference costs with two free parameters, both
    measured on the project's 2-core machine (``python -m benchmarks.startup``). ``batch`` is what one epoch
    from one start costs in a batch of many starts (``surface.train_batch``), against steepest descent's
    (``BATCH_EPOCH_SECONDS``): the figure a long job's cost is estimated from before it starts.
    """

    step: str
    hyper: Callable[[Mapping], tuple]
    init: str = "init_nothing"
    trial: str = ""
    state: Callable[[list], dict] = _no_state
    seconds: float = 2.0
    reference: float = 1e-4
    batch: float = 1.0

    @property
    def kernel(self) -> str:
        """The kernel's name: its step's, and its init's unless it has none, e.g. ``momentum``,
        ``levenberg+init_levenberg``."""
        return self.step if self.init == "init_nothing" else f"{self.step}+{self.init}"


BATCH_EPOCH_SECONDS = 1.2e-7
"""Seconds of one steepest-descent epoch from one start in ``surface.train_batch`` from 400 starts spread over
both cores of the project's machine, kernels warm; each algorithm's ``Compiled.batch`` is a multiple of it
(incremental steepest descent's 41 single-sample updates, CG's line searches)."""


REQUIRED = {
    "name": "its registry name",
    "title": "its title",
    "SPEC": "the specs of its hyperparameters (an empty dict for none)",
    "EQUATION": "its update equation (LaTeX for dcc.Markdown(mathjax=True))",
    "DEFAULT_EPOCHS": "the epoch budget the explorer offers by default",
    "EPOCH_CAP": "the most epochs the explorer asks of it",
    "TRACE": "its own trace under the loss curve (a Trace, or None)",
    "INSIDE": "what 'inside the step' draws (an Inside)",
    "STABILITY": "its stability limit (a Stability, or None)",
    "COMPILED": "its compiled step (a Compiled)",
}
"""What every algorithm declares, and what each fact is: ``algorithms.check`` refuses a class that lacks one."""


@dataclass(frozen=True)
class Algorithm:
    """Base of the registry's algorithms: a subclass declares every fact of ``REQUIRED`` and writes ``step``
    (and ``initial``, ``validate``, ``halt`` where it has them)."""

    name: ClassVar[str] = MISSING
    title: ClassVar[str] = MISSING
    chapter: ClassVar[str] = ""
    SPEC: ClassVar[dict[str, Hyper]] = MISSING
    STATE: ClassVar[type] = None  # the State subclass, when the algorithm keeps more than x, F and g
    TRACES: ClassVar[tuple[str, ...]] = ()  # per-step values in State.info, gathered into arrays
    EVENTS: ClassVar[tuple[str, ...]] = ()  # event lists in State.info, concatenated
    HALTS: ClassVar[tuple[str, ...]] = ()  # the reasons (from HALT_REASONS) for which ``step`` may stop the run
    INCREMENTAL: ClassVar[bool] = False  # steps by one sample's gradient at a time (ch. 11)
    EQUATION: ClassVar[str] = MISSING
    DEFAULT_EPOCHS: ClassVar[int] = MISSING
    EPOCH_CAP: ClassVar[int] = MISSING  # each algorithm answers in well under 0.3 s at its cap, compiled
    TRACE: ClassVar[Trace | None] = MISSING
    INSIDE: ClassVar[Inside] = MISSING
    STABILITY: ClassVar[Stability | None] = MISSING
    COMPILED: ClassVar[Compiled] = MISSING
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
