"""Variable learning rate backpropagation, VLBP (ch. 12)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np

from .base import Algorithm, Compiled, Hyper, Inside, State, Trace
from .first_order import ALPHA


def variable_inside(at) -> dict:
    """``alpha`` (n,) the α step k used, ``gamma`` (n,) its γ (0 after a rejected step), ``momentum`` (n,) whether
    γ > 0, ``accepted`` (n,), ``velocity``, ``momentum_term``, ``gradient_term`` (the trial step, taken or not),
    ``rejected``: per iterate the list of rejected trials ``{"point", "F", "alpha"}`` (point: all free
    parameters)."""
    alpha = at.trace("alpha")
    rejected = at.events("rejected")
    after_rejection = np.array([bool(e) for e in at.events("rejected", shift=-1)])
    gamma = np.where(after_rejection, 0.0, float(at.hyper["gamma"]))
    velocity = at.step_in[:, :2]
    return {
        "alpha": alpha,
        "gamma": at.no_step(gamma),
        "momentum": (gamma > 0) & at.has_step,
        "accepted": np.array([not e for e in rejected]) & at.has_step,
        "velocity": velocity,
        "momentum_term": at.no_step(gamma[:, None] * velocity),
        "gradient_term": -(1.0 - gamma[:, None]) * alpha[:, None] * at.g[:, :2],
        "rejected": rejected,
    }


@dataclass(frozen=True, eq=False)
class VLBPState(State):
    alpha: float = 0.0  # the learning rate the next step will use
    gamma: float = 0.0  # the momentum the next step will use (0 after a rejected step)
    dx: np.ndarray | None = None


@dataclass(frozen=True)
class VariableLearningRate(Algorithm):
    """Variable learning rate backpropagation with momentum, the book's three rules (ch. 12)::

        trial step:              Δx = γ Δx_{k−1} − (1 − γ) α ∇F(x_k)
        F rises by more than ζ:  reject it,  α ← ρ α,  γ ← 0
        F falls:                 accept it,  α ← η α,  γ restored
        otherwise:               accept it,  α unchanged,  γ restored

    Each iteration is one epoch; a rejected one leaves x where it was and is listed in ``extras["rejected"]``.
    ``extras["alpha"]`` is the α each step used.
    """

    name: ClassVar[str] = "vlbp"
    title: ClassVar[str] = "Variable learning rate (VLBP)"
    chapter: ClassVar[str] = "ch. 12"
    SPEC: ClassVar[dict] = {
        "alpha": ALPHA,
        "eta": Hyper("η (increase)", 1.0, 10.0, "α ← ηα after a step that lowers F"),
        "rho": Hyper("ρ (decrease)", 0.0, 1.0, "α ← ρα after a rejected step"),
        "zeta": Hyper("ζ (tolerance)", 0.0, 10.0, "relative rise of F that rejects a step (0.04 = 4%)"),
        "gamma": Hyper("γ (momentum)", 0.0, 0.999, "momentum coefficient, 0 ≤ γ < 1"),
    }
    STATE: ClassVar[type] = VLBPState
    TRACES: ClassVar[tuple[str, ...]] = ("alpha",)
    EVENTS: ClassVar[tuple[str, ...]] = ("rejected",)
    EQUATION: ClassVar[str] = (
        r"$$\Delta x = \gamma\,\Delta x_{k-1} - (1-\gamma)\,\alpha\,\nabla F(x_k)$$"
        "\n\n"
        r"F rises by more than $\zeta$: reject, $\alpha \leftarrow \rho\alpha$, $\gamma \leftarrow 0$. "
        r"F falls: accept, $\alpha \leftarrow \eta\alpha$. Otherwise accept, $\alpha$ unchanged."
    )
    DEFAULT_EPOCHS: ClassVar[int] = 2_000
    EPOCH_CAP: ClassVar[int] = 300_000
    TRACE: ClassVar = Trace("alpha", "α", "VLBP's learning rate α")
    INSIDE: ClassVar = Inside("trial", variable_inside)
    STABILITY: ClassVar = None  # its α adapts to the curvature
    COMPILED: ClassVar = Compiled(
        "variable",
        lambda h: (h["alpha"], h["eta"], h["rho"], h["zeta"], h["gamma"]),
        init="init_variable",
        trial="alpha",
        batch=1.5,
        seconds=0.8,
        reference=92e-6,
    )

    alpha: float = 0.5
    eta: float = 1.05
    rho: float = 0.7
    zeta: float = 0.04
    gamma: float = 0.8

    def validate(self) -> None:
        if not 0.0 < self.rho < 1.0:
            raise ValueError(f"ρ (decrease) must lie strictly between 0 and 1, got {self.rho:g}")

    def initial(self, x, g) -> dict:
        return {"alpha": self.alpha, "gamma": self.gamma, "dx": np.zeros_like(x)}

    def step(self, problem, state: VLBPState) -> VLBPState:
        dx = state.gamma * state.dx - (1.0 - state.gamma) * state.alpha * state.g
        trial = state.x + dx
        f_trial, g_trial = problem.value_and_gradient(trial)
        f_trial = float(f_trial)
        used = {"alpha": state.alpha}
        if not f_trial <= state.F * (1.0 + self.zeta):  # also rejects a NaN
            event = {"point": trial.tolist(), "F": f_trial, "alpha": state.alpha}
            return replace(
                state,
                alpha=state.alpha * self.rho,
                gamma=0.0,
                dx=np.zeros_like(dx),
                rejected=True,
                info={**used, "rejected": [event]},
            )
        alpha = state.alpha * self.eta if f_trial < state.F else state.alpha
        return replace(
            state, x=trial, F=f_trial, g=g_trial, alpha=alpha, gamma=self.gamma, dx=dx, rejected=False, info=used
        )
