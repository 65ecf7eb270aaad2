"""Second-order methods: Newton, Levenberg–Marquardt (LMBP) and Bayesian regularization (ch. 9, 12, 13)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np

from .base import Algorithm, Compiled, Hyper, Inside, State, Trace
from .inside import SINGULAR, normal_equations, nothing, solve_stack

MAX_TRIALS = 64
MAX_CONDITION = 1e14  # Newton refuses a Hessian whose condition number is larger
F_FLOOR = 1e-300  # Bayesian regularization's β = (n − γ) / 2E_D divides by at least this
EPS = float(np.finfo(float).eps)
ROUNDING = 1e-12
"""A bound on the rounding of Bayesian regularization's index G = βE_D + αE_W, relative to G (see ``lowers``)."""


def lowers(trial: float, current: float, predicted: float) -> bool:
    """Whether a trial of Bayesian regularization lowers its index: ``trial`` and ``current`` are G there and
    here, ``predicted`` the decrease the step's quadratic model promises, ½Δxᵀ(2βJᵀJ + 2αI)Δx + μ|Δx|² ≥ 0.

    The run ends at the minimum of G, where the last trials' decreases shrink to its last digits, and those
    digits depend on how F is computed: the compiled loop's exponential and sums and numpy's agree to a few
    units in the last place, not to the last bit. Comparing ``trial < current`` there was a coin toss, and the
    two paths halted an epoch apart (the compiled run from (−4, 10) stopped at 25, the reference at 26). The
    model's decrease has no such rounding (a sum of positive terms), so it decides where rounding would:

    * a step it says lowers G by at most half a unit in G's last place cannot lower G's floating-point value:
      refused (μ then grows past μ max, the normal finish);
    * a decrease below G's rounding (``ROUNDING``): the actual change is rounding, and only a rise beyond it
      refuses the step;
    * otherwise the step must lower G, as Levenberg–Marquardt's must lower F.

    NaN refuses.
    """
    if not predicted > 0.5 * EPS * abs(current):
        return False
    if predicted < ROUNDING * abs(current):
        return trial < current + ROUNDING * abs(current)
    return trial < current


def solve(a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """a⁻¹ b by an LU solve (never an explicit inverse); None when a is singular or the answer is not finite."""
    try:
        x = np.linalg.solve(a, b)
    except np.linalg.LinAlgError:
        return None
    return x if np.all(np.isfinite(x)) else None


def levenberg_inside(at) -> dict:
    """``mu`` (n,) μ of the accepted step, ``damped`` (n, 2) −(JᵀJ + μI)⁻¹Jᵀe, ``gauss_newton`` (n, 2) −(JᵀJ)⁻¹Jᵀe
    (its μ → 0 limit), ``steepest`` (n, 2) −Jᵀe/μ (its μ → ∞ limit), ``jtj`` (n, 3), ``jte`` (n, 2),
    ``rejected``: per iterate the trials ``{"point", "F", "mu"}``."""
    mu = at.trace("mu")
    jtj, jte = normal_equations(at)
    eye = np.eye(jtj.shape[-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        steepest = -jte / mu[:, None]
    return {
        "mu": mu,
        "damped": solve_stack(jtj + mu[:, None, None] * eye, -jte, SINGULAR)[:, :2],
        "gauss_newton": solve_stack(jtj, -jte, MAX_CONDITION)[:, :2],
        "steepest": steepest[:, :2],
        "jtj": np.stack([jtj[:, 0, 0], jtj[:, 0, 1], jtj[:, 1, 1]], -1),
        "jte": jte[:, :2],
        "rejected": at.events("rejected"),
    }


def bayesian_inside(at) -> dict:
    """``alpha`` and ``beta`` (n,) of the index the step used, ``gamma`` (n,) estimated after it, ``mu`` (n,),
    ``damped`` (n, 2) −(2βJᵀJ + 2αI + μI)⁻¹(2βJᵀe + 2αx), ``rejected`` as for LM."""
    alpha, beta, mu = at.trace("alpha"), at.trace("beta"), at.trace("mu")
    jtj, jte = normal_equations(at)
    eye = np.eye(jtj.shape[-1])
    system = 2.0 * beta[:, None, None] * jtj + (2.0 * alpha + mu)[:, None, None] * eye
    rhs = 2.0 * beta[:, None] * jte + 2.0 * alpha[:, None] * at.z
    return {
        "alpha": alpha,
        "beta": beta,
        "gamma": at.trace("gamma"),
        "mu": mu,
        "damped": solve_stack(system, -rhs, SINGULAR)[:, :2],
        "rejected": at.events("rejected"),
    }


@dataclass(frozen=True)
class Newton(Algorithm):
    """Newton's method (ch. 9): x_{k+1} = x_k − H(x_k)⁻¹ ∇F(x_k) with the exact Hessian.

    It seeks ∇F = 0, so it is drawn to saddle points and maxima as readily as to minima; the runner says so
    when a run ends at one.
    """

    name: ClassVar[str] = "newton"
    title: ClassVar[str] = "Newton's method"
    chapter: ClassVar[str] = "ch. 9"
    SPEC: ClassVar[dict] = {}
    HALTS: ClassVar[tuple[str, ...]] = ("singular",)
    EQUATION: ClassVar[str] = r"$$x_{k+1} = x_k - H(x_k)^{-1}\,\nabla F(x_k)$$"
    DEFAULT_EPOCHS: ClassVar[int] = 200
    EPOCH_CAP: ClassVar[int] = 20_000
    TRACE: ClassVar = None
    INSIDE: ClassVar = Inside("newton", nothing)
    STABILITY: ClassVar = None  # its step is the quadratic model's own
    COMPILED: ClassVar = Compiled(
        "newton", lambda h: (0.0,), batch=2, seconds=3.3, reference=230e-6
    )  # no hyperparameter: one unused column

    def step(self, problem, state: State) -> State:
        h = problem.hessian(state.x)
        dx = solve(h, -state.g)
        if dx is None or np.linalg.cond(h) > MAX_CONDITION:
            return replace(state, info={}, halt=self.halt("singular", state))
        return self.evaluate(problem, state, state.x + dx)

    def halt(self, reason: str, state: State) -> tuple[str, str]:
        return {"singular": ("singular", "the Hessian is singular here: no Newton step exists")}[reason]


@dataclass(frozen=True, eq=False)
class LMState(State):
    mu: float = 0.0


MU = Hyper("μ (initial)", 1e-12, 1e6, "damping: Δx = −(JᵀJ + μI)⁻¹Jᵀe", log=True)
THETA = Hyper("θ (factor)", 1.0001, 1e3, "μ ← μ/θ after a success, μ ← μθ after a failure", log=True)
MU_MAX = Hyper("μ max", 1.0, 1e20, "the run stops when μ passes this", log=True)


@dataclass(frozen=True)
class LevenbergMarquardt(Algorithm):
    """Levenberg–Marquardt backpropagation, LMBP (ch. 12), with e = t − a and J = de/dx::

    Δx_k = −(JᵀJ + μ_k I)⁻¹ Jᵀ e

    If F(x_k + Δx_k) < F(x_k) the step is taken and μ ← μ/θ; otherwise μ ← μθ and the system is solved
    again. ``extras["mu"]`` is the μ of each accepted step, ``extras["rejected"]`` the failed trials. When μ
    passes μ max (status ``mu_max``) no step lowers F any more: for large μ, Δx ≈ −∇F/(2μ), a steepest-descent
    step too short to matter, so F cannot fall below its rounding here.
    """

    name: ClassVar[str] = "lmbp"
    title: ClassVar[str] = "Levenberg–Marquardt (LMBP)"
    chapter: ClassVar[str] = "ch. 12"
    SPEC: ClassVar[dict] = {"mu": MU, "theta": THETA, "mu_max": MU_MAX}
    STATE: ClassVar[type] = LMState
    TRACES: ClassVar[tuple[str, ...]] = ("mu",)
    EVENTS: ClassVar[tuple[str, ...]] = ("rejected",)
    HALTS: ClassVar[tuple[str, ...]] = ("singular", "mu_max")
    EQUATION: ClassVar[str] = (
        r"$$\Delta x_k = -\left(J^T J + \mu_k I\right)^{-1} J^T e$$"
        "\n\n"
        r"F falls: take the step, $\mu \leftarrow \mu/\theta$. Otherwise $\mu \leftarrow \mu\theta$ and solve again."
    )
    DEFAULT_EPOCHS: ClassVar[int] = 200
    EPOCH_CAP: ClassVar[int] = 20_000
    TRACE: ClassVar = Trace("mu", "μ", "Levenberg–Marquardt's μ")
    INSIDE: ClassVar = Inside("damped", levenberg_inside)
    STABILITY: ClassVar = None  # μ adapts to the curvature
    COMPILED: ClassVar = Compiled(
        "levenberg",
        lambda h: (h["mu"], h["theta"], h["mu_max"]),
        init="init_levenberg",
        trial="mu",
        state=lambda c: {"mu": c[0]},
        batch=3,
        seconds=4.6,
        reference=450e-6,
    )

    mu: float = 0.01
    theta: float = 10.0
    mu_max: float = 1e10

    def validate(self) -> None:
        if self.mu >= self.mu_max:
            raise ValueError(f"μ (initial) must be below μ max ({self.mu_max:g})")

    def initial(self, x, g) -> dict:
        return {"mu": self.mu}

    def step(self, problem, state: LMState) -> LMState:
        e = problem.residuals(state.x)
        j = problem.jacobian(state.x)
        jtj, jte = j.T @ j, j.T @ e
        mu, rejected = state.mu, []
        for _ in range(MAX_TRIALS):
            if mu > self.mu_max:
                break
            dx = solve(jtj + mu * np.eye(len(jte)), -jte)
            if dx is None:
                return replace(state, info={"mu": mu, "rejected": rejected}, halt=self.halt("singular", state))
            trial = state.x + dx
            f_trial = float(problem.performance(trial))
            if f_trial < state.F:
                return self.evaluate(problem, state, trial, mu=mu / self.theta, info={"mu": mu, "rejected": rejected})
            rejected.append({"point": trial.tolist(), "F": f_trial, "mu": mu})
            mu *= self.theta
        # every trial failed up to μ max: not even a step as short as −∇F/(2μ) lowers F (outcome says where)
        return replace(state, mu=mu, info={"mu": mu, "rejected": rejected}, halt=self.halt("mu_max", state))

    def halt(self, reason: str, state: State) -> tuple[str, str]:
        """(status, detail) of a halt, the same words whichever path (numpy or compiled) ran the step."""
        return {
            "singular": ("singular", "JᵀJ + μI is singular"),
            "mu_max": ("mu_max", "no step lowers F"),
        }[reason]


@dataclass(frozen=True, eq=False)
class BayesState(LMState):
    alpha_w: float = 0.0  # α, the weight-decay coefficient of E_W
    beta_d: float = 1.0  # β, the coefficient of E_D
    gamma_eff: float = 0.0  # γ, the effective number of parameters


@dataclass(frozen=True)
class BayesianRegularization(Algorithm):
    """Bayesian regularization (MacKay, 1992; Foresee & Hagan, 1997; ch. 13)::

        G(x) = β E_D + α E_W,   E_D = Σ e² (the drawn F),   E_W = Σ x² (the free parameters)
        Δx = −(2β JᵀJ + 2α I + μ I)⁻¹ (2β Jᵀe + 2α x)      (LM on G, Gauss–Newton Hessian)
        γ = N − 2α tr(H⁻¹),   α ← γ / (2 E_W),   β ← (n − γ) / (2 E_D)

    H = 2β JᵀJ + 2α I, N free parameters, n = 41 errors; γ is the effective number of parameters. μ adapts as
    in LMBP. α starts at 0 and β at 1, so the first step is plain LM. ``extras`` holds per iteration the α and
    β the step used, the γ estimated after it, μ, and the regularized index at the new point. Its normal finish
    is μ passing μ max because no step lowers βE_D + αE_W: the run is at that index's minimum (status
    ``converged``), where ∇F = −(2α/β)x rather than 0.
    """

    name: ClassVar[str] = "br"
    title: ClassVar[str] = "Bayesian regularization (BR)"
    chapter: ClassVar[str] = "ch. 13"
    SPEC: ClassVar[dict] = {"mu": MU, "theta": THETA, "mu_max": MU_MAX}
    STATE: ClassVar[type] = BayesState
    TRACES: ClassVar[tuple[str, ...]] = ("mu", "alpha", "beta", "gamma", "objective")
    EVENTS: ClassVar[tuple[str, ...]] = ("rejected",)
    HALTS: ClassVar[tuple[str, ...]] = ("singular", "mu_max")
    EQUATION: ClassVar[str] = (
        r"$$G = \beta E_D + \alpha E_W$$"
        "\n$$"
        r"\Delta x = -\left(2\beta J^T J + 2\alpha I + \mu I\right)^{-1}\left(2\beta J^T e + 2\alpha x\right)$$"
        "\n\n"
        r"$$\gamma = N - 2\alpha\,\mathrm{tr}\,H^{-1},\quad \alpha \leftarrow \frac{\gamma}{2E_W},\quad "
        r"\beta \leftarrow \frac{n-\gamma}{2E_D}$$"
    )
    DEFAULT_EPOCHS: ClassVar[int] = 200
    EPOCH_CAP: ClassVar[int] = 20_000
    TRACE: ClassVar = Trace("gamma", "γ", "Bayesian regularization's effective number of parameters γ")
    INSIDE: ClassVar = Inside("regularized", bayesian_inside)
    STABILITY: ClassVar = None  # μ adapts to the curvature
    COMPILED: ClassVar = Compiled(
        "bayes",
        lambda h: (h["mu"], h["theta"], h["mu_max"]),
        init="init_bayes",
        trial="mu",
        state=lambda c: {"mu": c[0], "alpha_w": c[1], "beta_d": c[2], "gamma_eff": c[3]},
        batch=3,
        seconds=2.8,  # after Levenberg–Marquardt's, whose trial loop it shares
        reference=450e-6,
    )

    mu: float = 0.005
    theta: float = 10.0
    mu_max: float = 1e10

    BETA_MAX: ClassVar[float] = 1e12  # E_D → 0 would send β to infinity

    validate = LevenbergMarquardt.validate

    def initial(self, x, g) -> dict:
        return {"mu": self.mu, "alpha_w": 0.0, "beta_d": 1.0, "gamma_eff": float(x.shape[-1])}

    def step(self, problem, state: BayesState) -> BayesState:
        a, b = state.alpha_w, state.beta_d
        e = problem.residuals(state.x)
        j = problem.jacobian(state.x)
        n_free = state.x.size
        hess = 2.0 * b * (j.T @ j) + 2.0 * a * np.eye(n_free)
        grad = 2.0 * b * (j.T @ e) + 2.0 * a * state.x
        objective = b * state.F + a * float(state.x @ state.x)
        mu, rejected = state.mu, []
        for _ in range(MAX_TRIALS):
            if mu > self.mu_max:
                break
            dx = solve(hess + mu * np.eye(n_free), -grad)
            if dx is None:
                return replace(state, info={"mu": mu, "rejected": rejected}, halt=self.halt("singular", state))
            trial = state.x + dx
            e_d = float(problem.performance(trial))
            trial_objective = b * e_d + a * float(trial @ trial)
            predicted = 0.5 * (float(-grad @ dx) + mu * float(dx @ dx))
            if lowers(trial_objective, objective, predicted):
                return self._accept(problem, state, trial, mu, rejected)
            rejected.append({"point": trial.tolist(), "F": e_d, "mu": mu})
            mu *= self.theta
        # the normal finish: at the minimum of the regularized index, no step lowers it
        return replace(state, mu=mu, info={"mu": mu, "rejected": rejected}, halt=self.halt("mu_max", state))

    def halt(self, reason: str, state: BayesState) -> tuple[str, str]:
        """(status, detail) of a halt, the same words whichever path (numpy or compiled) ran the step."""
        if reason == "singular":
            return "singular", "the LM system is singular"
        a, b = state.alpha_w, state.beta_d
        x = np.asarray(state.x, dtype=float)
        objective = b * state.F + a * float(x @ x)
        return "converged", (
            f"no step lowers βE_D + αE_W = {objective:.4g} (α = {a:.3g}, β = {b:.3g}; γ = {state.gamma_eff:.3g} "
            f"of the {x.size} parameters are well determined)"
        )

    def _accept(self, problem, state: BayesState, x, mu, rejected) -> BayesState:
        """Take the step, then re-estimate γ, α and β at the new point (Foresee & Hagan's GN approximation)."""
        f, g = problem.value_and_gradient(x)
        f = float(f)
        j = problem.jacobian(x)
        n_free, n_err = x.size, problem.samples
        hess = 2.0 * state.beta_d * (j.T @ j) + 2.0 * state.alpha_w * np.eye(n_free)
        h_inv = solve(hess, np.eye(n_free)) if state.alpha_w > 0 else None  # tr(H⁻¹) needs the inverse itself
        if h_inv is None:
            gamma = float(n_free)
        else:
            gamma = float(np.clip(n_free - 2.0 * state.alpha_w * np.trace(h_inv), 0.0, n_free))
        e_w = float(x @ x)
        alpha = gamma / (2.0 * e_w) if e_w > 0 else 0.0
        beta = min((n_err - gamma) / (2.0 * max(f, F_FLOOR)), self.BETA_MAX)
        used = {"alpha": state.alpha_w, "beta": state.beta_d, "gamma": gamma}
        info = {"mu": mu, "rejected": rejected, **used, "objective": state.beta_d * f + state.alpha_w * e_w}
        return replace(
            state,
            x=x,
            F=f,
            g=g,
            mu=mu / self.theta,
            alpha_w=alpha,
            beta_d=beta,
            gamma_eff=gamma,
            rejected=False,
            halt=None,
            info=info,
        )
