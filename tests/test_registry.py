"""Each algorithm is declared once: its class carries every fact the project needs, and the registry refuses a
class that lacks one. A throwaway algorithm added here, at test time, is one class and one compiled step: it
appears in the registry with every fact, trains on both paths, and is looked inside like the others."""

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pytest
from numba import njit

import surface
from surface import algorithms
from surface.algorithms import REQUIRED, Algorithm, Compiled, Hyper, Inside, Stability, Trace
from surface.algorithms.first_order import ALPHA, SteepestStep, steepest_inside
from surface.compiled import steps


@njit(cache=True, error_model="numpy")
def clipped_step(net, free, h, z, f, g, u, w, c, tmp, order, log, nlog, epoch, info, counts):
    """The throwaway's compiled step: x ← x − s∇F, s = α, or clip/|∇F| when α|∇F| > clip."""
    alpha, clip = h[0], h[1]
    size = 0.0
    for j in range(z.size):
        size += g[j] * g[j]
    size = math.sqrt(size)
    scale = alpha if alpha * size <= clip else clip / size
    for j in range(z.size):
        z[j] = z[j] - scale * g[j]
    return steps.evaluate(net, free, z, g, counts), steps.MOVED, nlog


@dataclass(frozen=True)
class Clipped(Algorithm):
    """Steepest descent whose step is at most ``clip`` long: x ← x − α∇F, shortened to length ``clip``."""

    name: ClassVar[str] = "clipped"
    title: ClassVar[str] = "Clipped steepest descent"
    SPEC: ClassVar[dict] = {"alpha": ALPHA, "clip": Hyper("clip", 1e-6, 1e3, "the longest step", log=True)}
    EQUATION: ClassVar[str] = r"$$x_{k+1} = x_k - \min\left(\alpha, \frac{c}{|\nabla F|}\right)\nabla F(x_k)$$"
    DEFAULT_EPOCHS: ClassVar[int] = 1_000
    EPOCH_CAP: ClassVar[int] = 100_000
    TRACE: ClassVar = None
    INSIDE: ClassVar = Inside("steepest", steepest_inside)
    STABILITY: ClassVar = SteepestStep()
    COMPILED: ClassVar = Compiled(f"{__name__}:clipped_step", lambda h: (h["alpha"], h["clip"]))

    alpha: float = 0.5
    clip: float = 0.5

    def step(self, problem, state):
        size = math.sqrt(float(state.g @ state.g))
        scale = self.alpha if self.alpha * size <= self.clip else self.clip / size
        return self.evaluate(problem, state, state.x - scale * state.g)


@pytest.fixture
def clipped():
    algorithms.register(Clipped)
    try:
        yield Clipped
    finally:
        algorithms.unregister(Clipped.name)
    assert "clipped" not in surface.ALGORITHMS


def test_every_algorithm_declares_every_fact():
    assert set(REQUIRED) == {
        "name", "title", "SPEC", "EQUATION", "DEFAULT_EPOCHS", "EPOCH_CAP", "TRACE", "INSIDE", "STABILITY", "COMPILED"
    }  # fmt: skip
    for name, cls in surface.ALGORITHMS.items():
        algorithms.check(cls)
        assert cls.name == name and cls.EQUATION.startswith(("$$", r"$"))
        assert 1 <= cls.DEFAULT_EPOCHS <= cls.EPOCH_CAP == surface.EPOCH_CAPS[name]
        assert surface.DEFAULT_EPOCHS[name] == cls.DEFAULT_EPOCHS
        assert cls.TRACE is None or cls.TRACE.name in cls.TRACES
        assert cls.INSIDE.drawing in algorithms.DRAWINGS
        assert cls.STABILITY is None or isinstance(cls.STABILITY, Stability)
        assert isinstance(cls.COMPILED, Compiled) and cls.COMPILED.seconds > 0 and cls.COMPILED.reference > 0


def test_a_class_added_at_test_time_has_every_fact_and_trains_on_both_paths(clipped):
    assert surface.ALGORITHMS["clipped"] is clipped
    assert surface.EPOCH_CAPS["clipped"] == 100_000 and surface.DEFAULT_EPOCHS["clipped"] == 1_000
    for fact in REQUIRED:
        assert getattr(clipped, fact) is not algorithms.MISSING
    kw = dict(epochs=3000, grad_tol=0.0, alpha=0.5, clip=0.05)
    fast = surface.train("clipped", (-4.0, -4.0), **kw)  # its own compiled step, compiled here on first use
    slow = surface.train("clipped", (-4.0, -4.0), compiled=False, **kw)
    assert fast.algorithm == "clipped" and fast.status == slow.status and fast.epochs == slow.epochs
    np.testing.assert_allclose(fast.xs, slow.xs, rtol=0, atol=1e-10)
    steps_taken = np.linalg.norm(np.diff(fast.xs, axis=0), axis=1)
    assert steps_taken.max() <= 0.05 + 1e-12 and np.isclose(steps_taken.max(), 0.05)  # the clip is what ran
    assert np.min(steps_taken) < 0.04  # and α where the gradient is small
    assert surface.kernels.ready("clipped")
    # what the rest of the engine reads from the class
    assert surface.stability_edge("clipped") == 2.0
    anatomy = surface.step_anatomy(fast, [0, 10, 100])
    assert anatomy.drawing == "steepest" and anatomy.inside == {"alpha": 0.5}
    batch = surface.train_batch("clipped", [(-4.0, -4.0), (-4.0, 10.0)], epochs=200, clip=0.25)
    assert batch.algorithm == "clipped" and batch.hyper["clip"] == 0.25
    with pytest.raises(ValueError, match="already registered"):
        algorithms.register(type("Impostor", (Clipped,), {"__doc__": "x"}))


def _facts(**changes) -> dict:
    """A complete declaration for a class of no hyperparameters, with ``changes`` (a value of None for a fact
    removes it)."""
    facts = {
        "name": "lacking",
        "title": "Lacking",
        "SPEC": {},
        "EQUATION": r"$$x_{k+1} = x_k$$",
        "DEFAULT_EPOCHS": 10,
        "EPOCH_CAP": 100,
        "TRACE": None,
        "INSIDE": Inside("newton", algorithms.inside.nothing),
        "STABILITY": None,
        "COMPILED": Compiled("newton", lambda h: (0.0,)),
    }
    facts.update(changes)
    return {k: v for k, v in facts.items() if v is not _GONE}


_GONE = object()


def _class(**changes) -> type:
    return dataclass(frozen=True)(type("Lacking", (Algorithm,), {"__doc__": "A test class.", **_facts(**changes)}))


def test_a_complete_declaration_passes():
    algorithms.check(_class())


@pytest.mark.parametrize("fact", sorted(REQUIRED))
def test_a_class_missing_a_fact_is_refused_by_name(fact):
    cls = _class(**{fact: _GONE})
    with pytest.raises(TypeError, match=f"does not declare {fact}: "):
        algorithms.register(cls)
    assert "lacking" not in surface.ALGORITHMS


@pytest.mark.parametrize(
    "changes, fact",
    [
        ({"EQUATION": "  "}, "EQUATION"),
        ({"DEFAULT_EPOCHS": 1000}, "DEFAULT_EPOCHS"),  # past its cap
        ({"EPOCH_CAP": 0}, "EPOCH_CAP"),
        ({"TRACE": Trace("mu", "μ", "not one of its traces")}, "TRACE"),
        ({"INSIDE": Inside("a kind no page draws", algorithms.inside.nothing)}, "INSIDE"),
        ({"STABILITY": SteepestStep()}, "STABILITY"),  # a limit on α, and it has no α
        ({"COMPILED": "newton"}, "COMPILED"),
        ({"COMPILED": Compiled("newton", lambda h: (h["alpha"],))}, "COMPILED"),  # packs a hyperparameter it lacks
        ({"EVENTS": ("rejected",)}, "COMPILED"),  # rejected trials, but no trial= naming their parameter
        ({"name": "Not A Name"}, "name"),
    ],
)
def test_a_fact_that_cannot_be_used_is_refused_by_name(changes, fact):
    with pytest.raises(TypeError, match=f"declares {fact} wrongly"):
        algorithms.check(_class(**changes))


def test_the_explorer_reads_the_classes():
    from explorer.components.training import layout
    from explorer.core import compute, limits

    for name, cls in surface.ALGORITHMS.items():
        (help_,) = layout.algorithm_help(name)
        assert help_.children[-1].children == cls.EQUATION  # the panel sets the class's own equations
        assert limits.DEFAULT_EPOCHS[name] == cls.DEFAULT_EPOCHS and limits.EPOCH_CAPS[name] == cls.EPOCH_CAP
        assert compute.OWN_TRACES.get(name) == (None if cls.TRACE is None else tuple(vars(cls.TRACE).values()))
