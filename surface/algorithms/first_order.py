"""Gradient methods: steepest descent (batch and incremental), momentum, and the modern adaptive steps.

A learning rate alpha always multiplies the exact gradient of the F that is drawn (the book's demo programs step
by lr * (-grad F / 2), so their lr is 2 alpha here).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np

from .base import PLAIN, Algorithm, Compiled, Hyper, Inside, Stability, State

ALPHA = Hyper("α (learning rate)", 0.0, 1e6, "step size: x ← x − α∇F", log=True)
GAMMA = Hyper("γ (momentum)", 0.0, 0.999, "momentum coefficient, 0 ≤ γ < 1")


class SteepestStep(Stability):
    """Steepest descent's limit (ch. 9): along an eigenvector of eigenvalue λ the error obeys
    e_{k+1} = (1 − αλ) e_k, which shrinks iff 0 < αλ < 2: α < 2/λmax."""

    def __init__(self, batch: bool = False):
        self.batch = batch

    def limit(self, algo, lam_max: float) -> float:
        return 2.0 / lam_max

    def rule(self, algo) -> str:
        return "steepest descent is stable there only for α < 2/λmax"

    def excess(self, algo, lam_max: float) -> str:
        return f" (α·λmax = {algo.alpha * lam_max:.3g} > 2)"


class MomentumStep(Stability):
    """Momentum's limit in the book's filtered form (ch. 12): α < 2(1 + γ)/((1 − γ)λmax) (``outcome.stable_alpha``
    derives it)."""

    def limit(self, algo, lam_max: float) -> float:
        return 2.0 * (1.0 + algo.gamma) / ((1.0 - algo.gamma) * lam_max)

    def rule(self, algo) -> str:
        return f"momentum with γ = {algo.gamma:g} is stable there only for α < 2(1 + γ)/((1 − γ)λmax)"

    def excess(self, algo, lam_max: float) -> str:
        gamma = algo.gamma
        return f" ((1 − γ)α·λmax = {(1 - gamma) * algo.alpha * lam_max:.3g} > 2(1 + γ) = {2 * (1 + gamma):.3g})"

    def setting(self, algo, number=PLAIN) -> str:
        return f"α = {number(algo.alpha)}, γ = {number(algo.gamma)}"

    def edge_words(self, algo, number=PLAIN) -> str:
        return f"2(1+γ)/(1−γ) = {number(self.edge(algo))}"


# ---------- inside the step (``surface.anatomy``): each method's own values at the iterates looked inside ----------


def steepest_inside(at) -> dict:
    """``alpha`` (x_{k+1} = x_k − α∇F; an ``sgd`` epoch is one single-sample step of that α per pair)."""
    return {"alpha": float(at.hyper["alpha"])}


def momentum_inside(at) -> dict:
    """``alpha``, ``gamma``, ``velocity`` Δx_{k−1} (= ``step_in``), ``momentum_term`` γΔx_{k−1},
    ``gradient_term`` −(1 − γ)α∇F(x_k)."""
    alpha, gamma = float(at.hyper["alpha"]), float(at.hyper["gamma"])
    velocity = at.step_in[:, :2]
    return {
        "alpha": alpha,
        "gamma": gamma,
        "velocity": velocity,
        "momentum_term": at.no_step(gamma * velocity),
        "gradient_term": at.no_step(-(1.0 - gamma) * alpha * at.g[:, :2]),
    }


def nesterov_inside(at) -> dict:
    """``alpha``, ``gamma``, ``velocity`` v_k (= ``step_in``), ``lookahead`` x_k + γv_k, ``gradient_ahead`` ∇F
    there, ``momentum_term`` γv_k, ``gradient_term`` −α∇F(x_k + γv_k)."""
    alpha, gamma = float(at.hyper["alpha"]), float(at.hyper["gamma"])
    ahead = at.z + gamma * at.step_in
    g_ahead = at.call(at.problem.gradient, ahead)
    return {
        "alpha": alpha,
        "gamma": gamma,
        "velocity": at.step_in[:, :2],
        "lookahead": ahead[:, :2],
        "gradient_ahead": g_ahead[:, :2],
        "momentum_term": at.no_step(gamma * at.step_in[:, :2]),
        "gradient_term": at.no_step(-alpha * g_ahead[:, :2]),
    }


def scaled_inside(at) -> dict:
    """``alpha`` and ``rate`` (n, 2), each parameter's effective learning rate −(x_{k+1} − x_k)_i / ∇F_i."""
    g = at.g[:, :2]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(g != 0.0, -at.step_out[:, :2] / g, np.nan)
    return {"alpha": float(at.hyper["alpha"]), "rate": at.no_step(rate)}


@dataclass(frozen=True)
class SteepestDescent(Algorithm):
    """Batch steepest descent backpropagation, SDBP (ch. 11, 12)::

    x_{k+1} = x_k − α ∇F(x_k)

    On a quadratic with Hessian A it is stable exactly when α < 2 / λ_max(A) (ch. 9).
    """

    name: ClassVar[str] = "sdbp"
    title: ClassVar[str] = "Steepest descent (SDBP)"
    chapter: ClassVar[str] = "ch. 9, 11, 12"
    SPEC: ClassVar[dict] = {"alpha": ALPHA}
    EQUATION: ClassVar[str] = r"$$x_{k+1} = x_k - \alpha\,\nabla F(x_k)$$"
    DEFAULT_EPOCHS: ClassVar[int] = 20_000
    EPOCH_CAP: ClassVar[int] = 300_000  # 300,000 compiled epochs take well under 0.3 s
    TRACE: ClassVar = None
    INSIDE: ClassVar = Inside("steepest", steepest_inside)
    STABILITY: ClassVar = SteepestStep()
    COMPILED: ClassVar = Compiled("momentum", lambda h: (h["alpha"], 0.0), seconds=0.5, reference=95e-6)

    alpha: float = 0.5

    def step(self, problem, state: State) -> State:
        return self.evaluate(problem, state, state.x - self.alpha * state.g)


@dataclass(frozen=True, eq=False)
class MomentumState(State):
    dx: np.ndarray | None = None  # the previous change Δx_{k−1}


@dataclass(frozen=True)
class Momentum(Algorithm):
    """Momentum backpropagation, MOBP, in the book's low-pass-filter form (ch. 12)::

    Δx_k = γ Δx_{k−1} − (1 − γ) α ∇F(x_k),   Δx_{−1} = 0,   x_{k+1} = x_k + Δx_k

    With γ = 0 it is steepest descent, to the last bit.
    """

    name: ClassVar[str] = "mobp"
    title: ClassVar[str] = "Momentum (MOBP)"
    chapter: ClassVar[str] = "ch. 12"
    SPEC: ClassVar[dict] = {"alpha": ALPHA, "gamma": GAMMA}
    STATE: ClassVar[type] = MomentumState
    EQUATION: ClassVar[str] = (
        r"$$\Delta x_k = \gamma\,\Delta x_{k-1} - (1-\gamma)\,\alpha\,\nabla F(x_k)$$"
        "\n$$"
        r"x_{k+1} = x_k + \Delta x_k$$"
    )
    DEFAULT_EPOCHS: ClassVar[int] = 20_000
    EPOCH_CAP: ClassVar[int] = 300_000
    TRACE: ClassVar = None
    INSIDE: ClassVar = Inside("momentum", momentum_inside)
    STABILITY: ClassVar = MomentumStep()
    COMPILED: ClassVar = Compiled(
        "momentum", lambda h: (h["alpha"], h["gamma"]), batch=1.1, seconds=0.5, reference=95e-6
    )

    alpha: float = 0.5
    gamma: float = 0.8

    def initial(self, x, g) -> dict:
        return {"dx": np.zeros_like(x)}

    def step(self, problem, state: MomentumState) -> MomentumState:
        dx = self.gamma * state.dx - (1.0 - self.gamma) * self.alpha * state.g
        return self.evaluate(problem, state, state.x + dx, dx=dx)


@dataclass(frozen=True, eq=False)
class IncrementalState(State):
    epoch: int = 0


@dataclass(frozen=True)
class Incremental(Algorithm):
    """Incremental (stochastic) steepest descent (ch. 11): one sample's gradient at a time::

    for q in a shuffled order of the 41 samples:   x ← x − α ∇(t_q − a_q)²

    The order of each epoch is drawn from a generator seeded by ``seed`` (``sample_order``), so a run can be
    replayed exactly. One iterate, with the whole-set F, is recorded per epoch.
    """

    name: ClassVar[str] = "sgd"
    title: ClassVar[str] = "Incremental steepest descent (SGD)"
    chapter: ClassVar[str] = "ch. 11"
    SPEC: ClassVar[dict] = {
        "alpha": ALPHA,
        "seed": Hyper("seed", 0, 2**31 - 1, "seed of the sample order", kind="int"),
    }
    STATE: ClassVar[type] = IncrementalState
    INCREMENTAL: ClassVar[bool] = True
    EQUATION: ClassVar[str] = (
        r"$$\text{for } q \text{ in a shuffled order:}\quad x \leftarrow x - \alpha\,\nabla (t_q - a_q)^2$$"
    )
    DEFAULT_EPOCHS: ClassVar[int] = 20_000
    EPOCH_CAP: ClassVar[int] = 50_000  # 41 dependent single-sample steps an epoch: ≈ 2 µs, 82 exps in a row
    TRACE: ClassVar = None
    INSIDE: ClassVar = Inside(
        "steepest", steepest_inside, note="An epoch is one single-sample step per training pair, in a shuffled order."
    )
    STABILITY: ClassVar = SteepestStep(batch=True)  # the batch step α∇F its epoch adds up to
    COMPILED: ClassVar = Compiled(
        "incremental", lambda h: (h["alpha"], h["seed"]), batch=9, seconds=1.3, reference=2.2e-3
    )

    alpha: float = 0.5
    seed: int = 0

    def initial(self, x, g) -> dict:
        return {"epoch": 0}

    def step(self, problem, state: IncrementalState) -> IncrementalState:
        x = state.x
        for q in sample_order(self.seed, state.epoch, problem.samples):
            x = x - self.alpha * problem.sample_gradient(x, q)
        return self.evaluate(problem, state, x, epoch=state.epoch + 1)


_MASK = (1 << 64) - 1


def splitmix64(z: int) -> int:
    """One output of the SplitMix64 generator for counter ``z`` (Steele, Lea & Flood, 2014)."""
    z = (z + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def seed_key(seed: int) -> int:
    """The generator key of a seed: SplitMix64(seed), shared by ``sample_order`` and the compiled loop."""
    return splitmix64(seed & _MASK)


def sample_order(seed: int, epoch: int, n: int) -> np.ndarray:
    """The order of the n samples in ``epoch``: a Fisher-Yates shuffle driven by SplitMix64 of (seed, epoch).

    A pure function of its arguments, so the compiled loop draws exactly the same orders.
    """
    key = seed_key(seed)
    order = np.arange(n)
    for i in range(n - 1, 0, -1):
        h = splitmix64((key + epoch * n + i) & _MASK)
        j = ((h >> 32) * (i + 1)) >> 32  # uniform in 0..i (Lemire's multiply-shift)
        order[i], order[j] = order[j], order[i]
    return order


@dataclass(frozen=True, eq=False)
class NesterovState(State):
    v: np.ndarray | None = None


@dataclass(frozen=True)
class Nesterov(Algorithm):
    """Nesterov's accelerated gradient (Sutskever et al., 2013): momentum that looks ahead before stepping::

    v_{k+1} = γ v_k − α ∇F(x_k + γ v_k),   x_{k+1} = x_k + v_{k+1}
    """

    name: ClassVar[str] = "nesterov"
    title: ClassVar[str] = "Nesterov momentum"
    chapter: ClassVar[str] = "modern"
    SPEC: ClassVar[dict] = {"alpha": ALPHA, "gamma": GAMMA}
    STATE: ClassVar[type] = NesterovState
    EQUATION: ClassVar[str] = (
        r"$$v_{k+1} = \gamma v_k - \alpha\,\nabla F(x_k + \gamma v_k)$$" "\n" r"$$x_{k+1} = x_k + v_{k+1}$$"
    )
    DEFAULT_EPOCHS: ClassVar[int] = 2_000
    EPOCH_CAP: ClassVar[int] = 300_000
    TRACE: ClassVar = None
    INSIDE: ClassVar = Inside("lookahead", nesterov_inside)
    STABILITY: ClassVar = None  # not analysed here
    COMPILED: ClassVar = Compiled(
        "nesterov", lambda h: (h["alpha"], h["gamma"]), batch=1.7, seconds=0.4, reference=155e-6
    )

    alpha: float = 0.1
    gamma: float = 0.9

    def initial(self, x, g) -> dict:
        return {"v": np.zeros_like(x)}

    def step(self, problem, state: NesterovState) -> NesterovState:
        ahead = problem.gradient(state.x + self.gamma * state.v)
        v = self.gamma * state.v - self.alpha * ahead
        return self.evaluate(problem, state, state.x + v, v=v)


@dataclass(frozen=True, eq=False)
class MomentState(State):
    m: np.ndarray | None = None  # first moment (Adam)
    s: np.ndarray | None = None  # second moment
    t: int = 0


@dataclass(frozen=True)
class RMSprop(Algorithm):
    """RMSprop (Tieleman & Hinton, 2012): steps scaled by a running root mean square of the gradient::

    s_{k+1} = ρ s_k + (1 − ρ) ∇F(x_k)²,   x_{k+1} = x_k − α ∇F(x_k) / (√s_{k+1} + ε)

    Its steps have length about α wherever the gradient is steady, so with a constant α it ends circling the
    minimum at a distance of about α / 2 rather than converging to it.
    """

    name: ClassVar[str] = "rmsprop"
    title: ClassVar[str] = "RMSprop"
    chapter: ClassVar[str] = "modern"
    SPEC: ClassVar[dict] = {
        "alpha": ALPHA,
        "rho": Hyper("ρ (decay)", 0.0, 0.9999, "decay of the running mean of ∇F²"),
        "eps": Hyper("ε", 1e-12, 1.0, "keeps the division finite", log=True),
    }
    STATE: ClassVar[type] = MomentState
    EQUATION: ClassVar[str] = (
        r"$$s_{k+1} = \rho\, s_k + (1-\rho)\,\nabla F(x_k)^2$$"
        "\n$$"
        r"x_{k+1} = x_k - \frac{\alpha\,\nabla F(x_k)}{\sqrt{s_{k+1}} + \varepsilon}$$"
    )
    DEFAULT_EPOCHS: ClassVar[int] = 2_000
    EPOCH_CAP: ClassVar[int] = 300_000
    TRACE: ClassVar = None
    INSIDE: ClassVar = Inside("rates", scaled_inside)
    STABILITY: ClassVar = None  # its steps adapt to the gradient's scale
    COMPILED: ClassVar = Compiled("rmsprop", lambda h: (h["alpha"], h["rho"], h["eps"]), seconds=0.4, reference=100e-6)

    alpha: float = 0.01
    rho: float = 0.9
    eps: float = 1e-8

    def initial(self, x, g) -> dict:
        return {"s": np.zeros_like(x)}

    def step(self, problem, state: MomentState) -> MomentState:
        s = self.rho * state.s + (1.0 - self.rho) * state.g**2
        x = state.x - self.alpha * state.g / (np.sqrt(s) + self.eps)
        return self.evaluate(problem, state, x, s=s)


@dataclass(frozen=True)
class Adam(Algorithm):
    """Adam (Kingma & Ba, 2015): momentum and RMS scaling with bias corrections::

    m_{k+1} = β₁ m_k + (1 − β₁) ∇F,   s_{k+1} = β₂ s_k + (1 − β₂) ∇F²,
    x_{k+1} = x_k − α m̂ / (√ŝ + ε),   m̂ = m_{k+1} / (1 − β₁^{k+1}),   ŝ = s_{k+1} / (1 − β₂^{k+1})
    """

    name: ClassVar[str] = "adam"
    title: ClassVar[str] = "Adam"
    chapter: ClassVar[str] = "modern"
    SPEC: ClassVar[dict] = {
        "alpha": ALPHA,
        "beta1": Hyper("β₁", 0.0, 0.9999, "decay of the mean gradient"),
        "beta2": Hyper("β₂", 0.0, 0.99999, "decay of the mean squared gradient"),
        "eps": Hyper("ε", 1e-12, 1.0, "keeps the division finite", log=True),
    }
    STATE: ClassVar[type] = MomentState
    EQUATION: ClassVar[str] = (
        r"$$m_{k+1} = \beta_1 m_k + (1-\beta_1)\nabla F$$"
        "\n"
        r"$$s_{k+1} = \beta_2 s_k + (1-\beta_2)\nabla F^2$$"
        "\n\n"
        r"$$x_{k+1} = x_k - \frac{\alpha\,\hat m}{\sqrt{\hat s} + \varepsilon}$$"
        "\n"
        r"$$\hat m = \frac{m_{k+1}}{1-\beta_1^{k+1}},\ \hat s = \frac{s_{k+1}}{1-\beta_2^{k+1}}$$"
    )
    DEFAULT_EPOCHS: ClassVar[int] = 2_000
    EPOCH_CAP: ClassVar[int] = 300_000
    TRACE: ClassVar = None
    INSIDE: ClassVar = Inside("rates", scaled_inside, note="The rate includes the momentum's share.")
    STABILITY: ClassVar = None  # its steps adapt to the gradient's scale
    COMPILED: ClassVar = Compiled(
        "adam", lambda h: (h["alpha"], h["beta1"], h["beta2"], h["eps"]), seconds=0.4, reference=110e-6
    )

    alpha: float = 0.05
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def initial(self, x, g) -> dict:
        return {"m": np.zeros_like(x), "s": np.zeros_like(x), "t": 0}

    def step(self, problem, state: MomentState) -> MomentState:
        t = state.t + 1
        m = self.beta1 * state.m + (1.0 - self.beta1) * state.g
        s = self.beta2 * state.s + (1.0 - self.beta2) * state.g**2
        m_hat = m / (1.0 - self.beta1**t)
        s_hat = s / (1.0 - self.beta2**t)
        x = state.x - self.alpha * m_hat / (np.sqrt(s_hat) + self.eps)
        return self.evaluate(problem, replace(state, t=t), x, m=m, s=s)
