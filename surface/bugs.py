"""Planted bugs: the backpropagation pitfalls of seed 003 ("Backpropagation in Artificial Neural Networks",
its *Common Pitfalls*), each a named, documented variant of the gradient computation, to train with and to catch.

``BUGS`` maps each name to a ``Bug``: a title, the pitfall in words, the correct line of backpropagation and the
buggy one (plain text and LaTeX, for the explorer to set side by side), and the parameters whose derivatives it
changes (``touches``, derived from where the wrong quantity enters the recurrences: see ``backprop.Variant``).
``planted(...)`` gives the problem a training run sees with a bug switched on: F is computed correctly, the
gradient (and the Jacobian, for the methods that use it) the buggy way. It is a subclass of ``Problem`` that does
not declare a compiled form, so every run on it takes the numpy reference path.

One pitfall is not in the gradient at all: inputs that are not normalised. It is modelled as the training set
with every input multiplied by 100 (``training_set.scaled_inputs``): F is then the sum of squared errors over
those inputs, which is what the network is given, and its gradient is exact. A gradient check finds nothing
wrong (``touches`` is empty); what changes is the surface itself: F varies 100 times faster along w¹, the
hidden neurons saturate for all but the smallest weights, and a step that suited the normalised inputs
overshoots or stalls.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import backprop
from .backprop import Variant
from .network import PARAMS
from .problem import Problem
from .training_set import scaled_inputs

INPUT_SCALE = 100.0
"""The factor the unnormalised-inputs pitfall multiplies every input by."""


@dataclass(frozen=True)
class Bug:
    """One planted bug: what it is, the line it changes, and what it touches.

    ``correct`` and ``buggy`` (and their ``_tex`` forms) are backpropagation's line as it should be and as the bug
    writes it; ``{Fdot2}`` in them stands for the output's derivative Ḟ²(n²), filled in by ``lines(output)``.
    ``variant`` is the wrong computation (None for a pitfall in the data); ``input_scale`` multiplies the inputs.
    """

    name: str
    title: str
    pitfall: str
    correct: str
    buggy: str
    correct_tex: str
    buggy_tex: str
    effect: str
    variant: Variant | None = None
    input_scale: float = 1.0
    seed_pitfall: int | None = field(default=None)

    @property
    def touches(self) -> tuple[str, ...]:
        """The parameters whose derivative the bug changes (``Variant.touches``; none for a data pitfall)."""
        return () if self.variant is None else tuple(PARAMS[i] for i in self.variant.touches)

    @property
    def in_gradient(self) -> bool:
        """Whether the bug is in the gradient computation (False for a pitfall in the data)."""
        return self.variant is not None

    def lines(self, output: str = "logsig", tex: bool = False) -> tuple[str, str]:
        """(correct, buggy) lines for a network whose output transfer function is ``output``."""
        if output not in _DERIVATIVES:
            raise ValueError(f"output must be one of {', '.join(_DERIVATIVES)}, got {output!r}")
        own, other = (pair[int(tex)] for pair in _DERIVATIVES[output])
        correct, buggy = (self.correct_tex, self.buggy_tex) if tex else (self.correct, self.buggy)
        return _fill(correct, own, own), _fill(buggy, own, other)

    def to_dict(self, output: str = "logsig") -> dict:
        """Plain data for the explorer: the words, both lines in both forms, and what it touches."""
        correct, buggy = self.lines(output)
        correct_tex, buggy_tex = self.lines(output, tex=True)
        return {
            "name": self.name,
            "title": self.title,
            "pitfall": self.pitfall,
            "effect": self.effect,
            "correct": correct,
            "buggy": buggy,
            "correct_tex": correct_tex,
            "buggy_tex": buggy_tex,
            "touches": list(self.touches),
            "in_gradient": self.in_gradient,
        }


_LOGSIG_DERIVATIVE = "a²(1 − a²)"
_LOGSIG_DERIVATIVE_TEX = r"a^2(1 - a^2)"
_TANSIG_DERIVATIVE = "1 − (a²)²"
_TANSIG_DERIVATIVE_TEX = r"1 - (a^2)^2"

_DERIVATIVES = {
    "logsig": ((_LOGSIG_DERIVATIVE, _LOGSIG_DERIVATIVE_TEX), (_TANSIG_DERIVATIVE, _TANSIG_DERIVATIVE_TEX)),
    "purelin": (("1", "1"), (_LOGSIG_DERIVATIVE, _LOGSIG_DERIVATIVE_TEX)),
}
"""For each output transfer function: (its own derivative Ḟ², the one the wrong-function bug uses), each as
(text, LaTeX)."""


def _fill(line: str, own: str, other: str) -> str:
    """A line with ``{Fdot2}`` and ``{other}`` replaced (plain replacement: LaTeX has braces of its own)."""
    return line.replace("{Fdot2}", own).replace("{other}", other)


_HIDDEN_TEX = r"s^1 = \dot F^1(n^1)(W^2)^T s^2,\quad \dot F^1(n^1) = \mathrm{diag}\big({x} \circ (1 - {x})\big)"

_SENSITIVITY = "s² = −2 Ḟ²(n²)(t − a²),  Ḟ²(n²) = {Fdot2}"
_SENSITIVITY_TEX = r"s^2 = -2\,\dot F^2(n^2)\,(t - a^2),\quad \dot F^2(n^2) = {Fdot2}"

BUGS: dict[str, Bug] = {
    bug.name: bug
    for bug in (
        Bug(
            name="derivative_of_net_input",
            title="Activation derivative of the net input",
            pitfall=(
                "Seed 003, pitfall 1 (misusing the derivative of the activation): the log-sigmoid's derivative "
                "a(1 − a) is written in terms of the neuron's output a, and here it is handed the net input n "
                "instead, so the hidden layer's Ḟ¹ is n¹(1 − n¹), which is not even positive for n¹ > 1."
            ),
            correct="s¹ = Ḟ¹(n¹)(W²)ᵀs²,  Ḟ¹(n¹) = diag(a¹ ∘ (1 − a¹))",
            buggy="s¹ = Ḟ¹(n¹)(W²)ᵀs²,  Ḟ¹(n¹) = diag(n¹ ∘ (1 − n¹))",
            correct_tex=_HIDDEN_TEX.replace("{x}", "a^1"),
            buggy_tex=_HIDDEN_TEX.replace("{x}", "n^1"),
            effect="the first layer's weights and biases step along wrong, often reversed, directions",
            variant=Variant(hidden_derivative="net_input"),
            seed_pitfall=1,
        ),
        Bug(
            name="wrong_function_derivative",
            title="Derivative of another transfer function",
            pitfall=(
                "Seed 003, pitfall 1 (using the derivative of a different activation function than the one "
                "applied): the output layer's Ḟ² is that of another function: tansig's 1 − a² for a log-sigmoid "
                "output, or logsig's a(1 − a) for a linear output copied from the log-sigmoid layer's code."
            ),
            correct=_SENSITIVITY,
            buggy="s² = −2 Ḟ²(n²)(t − a²),  Ḟ²(n²) = {other}",
            correct_tex=_SENSITIVITY_TEX,
            buggy_tex=r"s^2 = -2\,\dot F^2(n^2)\,(t - a^2),\quad \dot F^2(n^2) = {other}",
            effect="every component is weighted by the wrong slope, sample by sample",
            variant=Variant(output_derivative="other"),
            seed_pitfall=1,
        ),
        Bug(
            name="bias_like_weight",
            title="Bias gradient computed like a weight's",
            pitfall=(
                "Seed 003, pitfall 2 (ignoring that biases are not multiplied by the previous activations): the "
                "hidden biases' gradient is s¹p, as if a bias were a weight on the input p, instead of s¹. (The "
                "output bias is spared: its previous layer's output a¹ has two elements and b² one, so the same "
                "mistake there would not fit; in the first layer p has one element and it fits silently.)"
            ),
            correct="∂F/∂b¹ = Σ_q s¹_q",
            buggy="∂F/∂b¹ = Σ_q s¹_q p_q",
            correct_tex=r"\partial F/\partial b^1 = \sum_q s^1_q",
            buggy_tex=r"\partial F/\partial b^1 = \sum_q s^1_q\, p_q",
            effect="the hidden biases move by the input-weighted signal: they drift, or stall where p ≈ 0",
            variant=Variant(bias_input="previous"),
            seed_pitfall=2,
        ),
        Bug(
            name="output_sign",
            title="Sign error in the output sensitivity",
            pitfall=(
                "An algebraic slip of the kind seed 003 advises catching by verifying gradients numerically: the "
                "output sensitivity is written s² = +2Ḟ²(n²)(t − a²), the derivative of the error's sign "
                "flipped. Every sensitivity inherits it: the whole gradient points uphill."
            ),
            correct=_SENSITIVITY,
            buggy="s² = +2 Ḟ²(n²)(t − a²),  Ḟ²(n²) = {Fdot2}",
            correct_tex=_SENSITIVITY_TEX,
            buggy_tex=r"s^2 = +2\,\dot F^2(n^2)\,(t - a^2),\quad \dot F^2(n^2) = {Fdot2}",
            effect="training climbs: F rises at every step of steepest descent",
            variant=Variant(sign=-1.0),
            seed_pitfall=None,
        ),
        Bug(
            name="missing_factor_2",
            title="Loss derivative without its factor 2",
            pitfall=(
                "Seed 003, pitfall 3 (a loss derivative that does not match the loss): ∂F/∂a² is taken as "
                "−(t − a²), the derivative of ½Σe² (the seed's own code divides its loss by 2), while the F drawn "
                "and reported is Σe². Every component is half its true value."
            ),
            correct=_SENSITIVITY,
            buggy="s² = −Ḟ²(n²)(t − a²),  Ḟ²(n²) = {Fdot2}",
            correct_tex=_SENSITIVITY_TEX,
            buggy_tex=r"s^2 = -\dot F^2(n^2)\,(t - a^2),\quad \dot F^2(n^2) = {Fdot2}",
            effect="steps are half as long as α promises: the path is right, the pace halved",
            variant=Variant(loss="half"),
            seed_pitfall=3,
        ),
        Bug(
            name="mean_not_sum",
            title="Mean instead of sum",
            pitfall=(
                "Seed 003, pitfall 3 (a loss derivative that does not match the loss): the gradient of the mean "
                "(1/Q)Σe² (the seed's code divides by the batch size m) is used for F = Σe². Every component is "
                "1/Q of its true value (1/41 on ch. 12's set); a single-sample step, whose batch is one sample, "
                "is unchanged."
            ),
            correct="∇F = Σ_q ∇(t_q − a²_q)²",
            buggy="∇F = (1/Q) Σ_q ∇(t_q − a²_q)²",
            correct_tex=r"\nabla F = \sum_q \nabla (t_q - a^2_q)^2",
            buggy_tex=r"\nabla F = \frac{1}{Q}\sum_q \nabla (t_q - a^2_q)^2",
            effect="steps are Q times shorter than α promises: batch methods crawl",
            variant=Variant(loss="mean"),
            seed_pitfall=3,
        ),
        Bug(
            name="unnormalised_inputs",
            title="Inputs not normalised (p × 100)",
            pitfall=(
                "Seed 003, pitfall 5 (neglecting to normalise input data): the inputs reach the network 100 times "
                "larger, p from −200 to 200 on ch. 12's set. No line of backpropagation is wrong: F is the sum of "
                "squared errors over those inputs and its gradient is exact, so a gradient check passes. The "
                "surface is what changes: along w¹ it varies 100 times faster and the hidden neurons saturate."
            ),
            correct="n¹ = w¹ p + b¹",
            buggy="n¹ = w¹ (100 p) + b¹",
            correct_tex=r"n^1 = w^1 p + b^1",
            buggy_tex=r"n^1 = w^1\,(100\,p) + b^1",
            effect="the gradient along w¹ is about 100 times larger: a step that suited normalised inputs overshoots",
            variant=None,
            input_scale=INPUT_SCALE,
            seed_pitfall=5,
        ),
    )
}


def get_bug(name) -> Bug:
    """The bug named ``name`` (a ``Bug`` passes through); a ValueError naming the choices otherwise."""
    if isinstance(name, Bug):
        return name
    try:
        return BUGS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown bug {name!r}; choose from {', '.join(BUGS)}") from None


@dataclass(frozen=True, eq=False)
class BuggyProblem(Problem):
    """The network with a planted bug in its gradient: F, e and H are exact, ∇F (whole-set and per sample) and J
    are computed by ``backprop`` with the bug's variant. As a subclass of ``Problem`` that does not opt in to
    ``COMPILABLE`` it has no compiled form: every run on it takes the numpy reference path."""

    bug: Bug | None = None

    def _variant(self) -> Variant:
        return self.bug.variant or backprop.CORRECT

    def gradient(self, z) -> np.ndarray:
        return backprop.gradient(self.embed(z), self.data, self._variant())[..., self.index]

    def value_and_gradient(self, z):
        f = self.performance(z)
        return f, self.gradient(z)

    def sample_gradient(self, z, q: int) -> np.ndarray:
        return backprop.sample_gradient(self.embed(z), q, self.data, self._variant())[..., self.index]

    def jacobian(self, z) -> np.ndarray:
        return backprop.jacobian(self.embed(z), self.data, self._variant())[..., self.index]

    @property
    def clean(self) -> Problem:
        """The same problem with the bug's gradient put right (on the same training set: for the data pitfall,
        the scaled one)."""
        return Problem(self.free, self.base, self.index, self.data)


def planted(bug, free=("w1_11", "w2_11"), fixed=None, data=None) -> BuggyProblem:
    """The problem a run with ``bug`` switched on trains: ``free`` parameters, the others at ``fixed``, on
    ``data`` (its inputs scaled for the unnormalised-inputs pitfall)."""
    bug = get_bug(bug)
    problem = Problem.make(free, fixed, data)
    if bug.input_scale != 1.0:
        scaled = scaled_inputs(problem.training_set, bug.input_scale)
        problem = Problem(problem.free, problem.base, problem.index, scaled)
    return with_bug(problem, bug)


def with_bug(problem: Problem, bug) -> BuggyProblem:
    """``problem`` (its free parameters, fixed values and training set as they are) with ``bug``'s gradient."""
    return BuggyProblem(problem.free, problem.base, problem.index, problem.data, get_bug(bug))


def bug_words(problem: BuggyProblem, x, gradient_norm: float) -> str:
    """What a run with a planted bug must say first: which bug, and for a gradient bug how far the true gradient
    is from zero where it stopped at ``x`` (its own, buggy, gradient having length ``gradient_norm``)."""
    bug = problem.bug
    if not bug.in_gradient:
        lo, hi = problem.training_set.input_range
        return (
            f"Planted pitfall: {bug.title[0].lower()}{bug.title[1:]}. The network is given inputs from {lo:g} to "
            f"{hi:g}; F and its exact gradient are those of that set."
        )
    true = float(np.linalg.norm(problem.clean.gradient(np.asarray(x, dtype=float))))
    return (
        f"Planted bug: {bug.title[0].lower()}{bug.title[1:]}. The run followed the buggy gradient; F is computed "
        f"correctly. Where it stopped the true |∇F| is {true:.3g} (the buggy gradient's length "
        f"{gradient_norm:.3g})."
    )
