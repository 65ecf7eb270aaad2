"""The training algorithms, one registry keyed by name (no if-chains).

Each algorithm is one class that declares everything the project needs to know of it (``base.REQUIRED``: its
equation, its epoch budgets, its own trace, what "inside the step" draws, its stability limit, its compiled
step); ``register`` refuses a class that lacks a fact, naming it. Adding an algorithm is one class, registered
here, and one compiled step in ``surface.compiled.steps``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .base import (
    DRAWINGS,
    MISSING,
    REQUIRED,
    Algorithm,
    Compiled,
    Hyper,
    Inside,
    Stability,
    State,
    Trace,
)
from .cg import BETA_RULES, ConjugateGradient
from .first_order import Adam, Incremental, Momentum, Nesterov, RMSprop, SteepestDescent, sample_order
from .second_order import BayesianRegularization, LevenbergMarquardt, Newton
from .vlbp import VariableLearningRate

ALGORITHMS: dict[str, type[Algorithm]] = {}
"""The registry: every algorithm by its name, in the order the explorer lists them."""

EPOCH_CAPS: dict[str, int] = {}
"""The most epochs (iterations) the explorer asks of each algorithm: each answers in well under 0.3 s at its cap
(see benchmarks/README.md)."""

DEFAULT_EPOCHS: dict[str, int] = {}
"""The epoch budget the explorer offers when an algorithm is chosen."""

_NAME = re.compile(r"[a-z][a-z0-9_]*")


def check(cls: type) -> None:
    """Refuse (TypeError) an algorithm class that does not declare every fact of ``REQUIRED``, or declares one
    that cannot be used; the message names the class and the fact."""
    who = getattr(cls, "__name__", repr(cls))
    if not (isinstance(cls, type) and issubclass(cls, Algorithm)):
        raise TypeError(f"{who} is not an Algorithm")
    for fact, meaning in REQUIRED.items():
        if getattr(cls, fact, MISSING) is MISSING:
            raise TypeError(f"{who} does not declare {fact}: {meaning}")

    def refuse(fact: str, why: str):
        raise TypeError(f"{who} declares {fact} wrongly: {why} ({REQUIRED.get(fact, fact)})")

    if not isinstance(cls.name, str) or not _NAME.fullmatch(cls.name):
        refuse("name", f"{cls.name!r} is not a short lower-case word")
    if not isinstance(cls.title, str) or not cls.title:
        refuse("title", "it is empty")
    if not isinstance(cls.SPEC, Mapping) or not all(isinstance(h, Hyper) for h in cls.SPEC.values()):
        refuse("SPEC", "it must map hyperparameter names to Hyper specs")
    if set(cls.defaults()) != set(cls.SPEC):
        refuse("SPEC", "every hyperparameter field needs a spec, and every spec a field")
    if not isinstance(cls.EQUATION, str) or not cls.EQUATION.strip():
        refuse("EQUATION", "it is empty")
    for fact in ("DEFAULT_EPOCHS", "EPOCH_CAP"):
        value = getattr(cls, fact)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            refuse(fact, f"{value!r} is not a positive whole number")
    if cls.DEFAULT_EPOCHS > cls.EPOCH_CAP:
        refuse("DEFAULT_EPOCHS", f"{cls.DEFAULT_EPOCHS:,} is past its EPOCH_CAP of {cls.EPOCH_CAP:,}")
    if cls.TRACE is not None and not (isinstance(cls.TRACE, Trace) and cls.TRACE.name in cls.TRACES):
        refuse("TRACE", "it must be None or a Trace of one of its TRACES")
    if not isinstance(cls.INSIDE, Inside) or cls.INSIDE.drawing not in DRAWINGS or not callable(cls.INSIDE.parts):
        refuse("INSIDE", f"it must be an Inside whose drawing is one of {', '.join(DRAWINGS)}")
    if cls.STABILITY is not None and not isinstance(cls.STABILITY, Stability):
        refuse("STABILITY", "it must be None or a Stability")
    if cls.STABILITY is not None and "alpha" not in cls.SPEC:
        refuse("STABILITY", "a fixed-step limit is a limit on α, and it has no α")
    compiled = cls.COMPILED
    if not isinstance(compiled, Compiled) or not callable(compiled.hyper):
        refuse("COMPILED", "it must be a Compiled")
    try:
        columns = tuple(float(v) for v in compiled.hyper(cls.defaults()))
    except Exception as exc:  # any failure of the packing is the declaration's fault
        refuse("COMPILED", f"its hyper packing fails on the defaults ({exc!r})")
    if not columns:
        refuse("COMPILED", "its hyper packing gives no column (give one unused column for none)")
    if "rejected" in cls.EVENTS and not compiled.trial:
        refuse("COMPILED", "it lists rejected trials, so it must name the parameter a trial records (trial=)")


def register(cls: type[Algorithm]) -> type[Algorithm]:
    """Check ``cls`` (``check``) and add it to the registry under its name; returns it (usable as a decorator).
    A name already taken by another class is refused."""
    check(cls)
    if ALGORITHMS.get(cls.name, cls) is not cls:
        raise ValueError(f"the name {cls.name!r} is already registered for {ALGORITHMS[cls.name].__name__}")
    ALGORITHMS[cls.name] = cls
    EPOCH_CAPS[cls.name] = cls.EPOCH_CAP
    DEFAULT_EPOCHS[cls.name] = cls.DEFAULT_EPOCHS
    return cls


def unregister(name: str) -> None:
    """Remove an algorithm from the registry (for one added at test time)."""
    for table in (ALGORITHMS, EPOCH_CAPS, DEFAULT_EPOCHS):
        table.pop(name, None)


for _cls in (
    SteepestDescent,
    Incremental,
    Momentum,
    VariableLearningRate,
    ConjugateGradient,
    LevenbergMarquardt,
    Newton,
    Nesterov,
    RMSprop,
    Adam,
    BayesianRegularization,
):
    register(_cls)

__all__ = [
    "ALGORITHMS",
    "BETA_RULES",
    "DEFAULT_EPOCHS",
    "DRAWINGS",
    "EPOCH_CAPS",
    "REQUIRED",
    "Algorithm",
    "Compiled",
    "Hyper",
    "Inside",
    "Stability",
    "State",
    "Trace",
    "check",
    "register",
    "sample_order",
    "unregister",
]
