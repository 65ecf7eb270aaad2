"""Variable learning rate backpropagation, VLBP (ch. 12)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np

from .base import Algorithm, Hyper, State
from .first_order import ALPHA


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
