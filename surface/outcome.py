"""What a run did, in words: the status decided after the run, and a message that names the cause.

The runner stops a run and says why (the goal, the gradient tolerance, the epochs, divergence, a step that no
longer moves, or the algorithm's own halt). ``describe`` then reads the whole record and says what happened:

* A run that stopped improving long ago and keeps bouncing is **oscillating** (``oscillation``). The message
  names the stationary point it circles, found by Newton's method from the middle of its bouncing, and, for the
  fixed-step methods, the stability condition it breaks there (``stable_alpha``): steepest descent is stable
  near a point whose Hessian has largest eigenvalue λmax only for α < 2/λmax (ch. 9); momentum in the book's
  filtered form only for α < 2(1 + γ)/((1 − γ)λmax) (ch. 12). Incremental steepest descent that jitters around a
  minimum where the samples' errors do not vanish is not oscillating: the noise of single-sample steps moves it.
* A run that ends at a minimum says whether it is the **global minimum** of the slice or a **local** one
  (``standing``): F ≥ 0 everywhere, so a minimum with F = 0 is global; a slice whose fixed parameters are nominal
  holds the nominal point, where F = 0 on the nominal training set, so any other minimum there is local; on other
  slices (and on other training sets, whose F need not vanish anywhere) a minimum is compared with the lowest one
  a search of a wide window finds, and is called "the lowest minimum found", never "global".
* Levenberg–Marquardt's μ passing μ max is ``mu_max``; Bayesian regularization's normal finish (μ passes μ max
  at the minimum of its regularized index) is ``converged``.

Messages use the book's symbols (α, γ, μ, λ) and its parameter names (w¹₁,₁ …).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .algorithms import ALGORITHMS
from .critical import FLAT_RTOL, classify, critical_points
from .network import LABELS, NOMINAL, PARAMS, performance
from .problem import Problem
from .windows import default_window

STATUS_LABELS = {
    "goal": "reached the goal",
    "gradient": "gradient below tolerance",
    "max_epochs": "used every epoch",
    "oscillating": "oscillating",
    "diverged": "diverged",
    "stalled": "stalled",
    "singular": "singular matrix",
    "mu_max": "μ passed μ max",
    "converged": "converged (regularized)",
}
"""A short human label for every status a run can end with."""

ZERO_F = 1e-20
"""F at or below this is zero to rounding (41 errors of about 1e-16 each): the global minimum, F ≥ 0."""

MIN_EPOCHS = 40
"""Runs shorter than this are never called oscillating: too little history to tell."""


@dataclass(frozen=True)
class Bounce:
    """How a run oscillates: its best F and when, and the band F bounces in over the last ``tail`` epochs."""

    best_epoch: int
    best: float
    low: float
    high: float
    tail: int


@dataclass(frozen=True)
class Run:
    """What ``describe`` knows of a run: the algorithm and problem, the record, and the stop rules it had."""

    algo: object
    problem: object
    xs: np.ndarray
    fs: np.ndarray
    gns: np.ndarray
    detail: str
    goal: float
    grad_tol: float
    bound: float
    epochs: int
    end_gn: float | None = None

    @property
    def k(self) -> int:
        return len(self.xs) - 1

    @property
    def facts(self) -> str:
        """'F = 0.09342, |∇F| = 1.71e-10'"""
        return f"F = {self.fs[-1]:.4g}, |∇F| = {self.gns[-1]:.3g}"

    @property
    def ending(self) -> str:
        return ending(self.problem, self.xs[-1], float(self.gns[-1] if self.end_gn is None else self.end_gn))


def describe(
    algo, status, detail, problem, xs, fs, gns, *, goal, grad_tol, bound, epochs, end_gradient_norm=None
) -> tuple[str, str]:
    """The run's final status and its human message (see the module's docstring).

    ``algo`` is the algorithm that ran (its name and hyperparameters), ``status`` and ``detail`` what the runner
    or the algorithm said when it stopped, ``xs``, ``fs`` and ``gns`` the iterates, F and |∇F| as the run saw
    them. ``end_gradient_norm``, when given, is the true |∇F| at the end (a run with a planted bug saw another):
    where it ended is judged by it and by ``problem``, the true one.
    """
    arrays = (np.asarray(a, dtype=float) for a in (xs, fs, gns))
    run = Run(algo, problem, *arrays, detail, goal, grad_tol, bound, epochs, end_gradient_norm)
    if status == "max_epochs":
        bounce = oscillation(run.fs, run.xs)
        if bounce is not None:
            return _bouncing(run, bounce)
    return status, _MESSAGES.get(status, _stopped)(run, status)


def _used_every_epoch(run: Run, status: str) -> str:
    rose = run.fs[-1] > run.fs[0] * (1 + 1e-9)
    overshoot = f" F rose from {run.fs[0]:.4g} at the start: the steps overshoot." if rose else ""
    n = max(MIN_EPOCHS // 2, run.k // 4)
    turns = _turns(run.xs[-n - 1 :]) if run.k >= MIN_EPOCHS else 0.0
    zigzag = (
        f" Its step turns back in {turns:.0%} of the last {n:,} epochs: it zig-zags, though F still falls."
        if turns >= 0.5
        else ""
    )
    return f"Used all {run.epochs:,} epochs; {run.facts}.{run.ending}{overshoot}{zigzag}"


def _turns(xs: np.ndarray) -> float:
    """The fraction of steps that turn back on the step before (Δx_k · Δx_{k−1} < 0)."""
    moves = np.diff(xs, axis=0)
    if len(moves) < 2:
        return 0.0
    return float(np.mean(np.einsum("ij,ij->i", moves[:-1], moves[1:]) < 0))


def _goal(run: Run, status: str) -> str:
    return f"Reached the goal F ≤ {run.goal:g} after {run.k:,} epochs (F = {run.fs[-1]:.4g}).{run.ending}"


def _gradient(run: Run, status: str) -> str:
    return f"|∇F| fell below {run.grad_tol:g} after {run.k:,} epochs; F = {run.fs[-1]:.4g}.{run.ending}"


def _diverged(run: Run, status: str) -> str:
    if run.detail == "bound":
        return (
            f"Diverged at epoch {run.k:,}: a parameter left |x| ≤ {run.bound:g} "
            f"(the step is too large for the curvature, or the path ran off down a flat valley)."
        )
    return f"Diverged at epoch {run.k + 1:,}: F or the parameters stopped being finite; the last finite point is kept."


def _stalled(run: Run, status: str) -> str:
    reason = run.detail or "the step no longer changes the parameters (it is below their rounding)"
    return f"Stalled after {run.k:,} epochs: {reason}; {run.facts}.{run.ending}"


def _mu_max(run: Run, status: str) -> str:
    return (
        f"μ passed μ max = {run.algo.mu_max:g} after {run.k:,} iterations: not even a step as short as −∇F/(2μ) "
        f"lowers F any more; {run.facts}.{run.ending}"
    )


def _converged(run: Run, status: str) -> str:
    return (
        f"Converged after {run.k:,} iterations: μ passed μ max = {run.algo.mu_max:g} because {run.detail}, so the "
        f"run is at the minimum of its regularized index. There F = {run.fs[-1]:.4g} and ∇F = −(2α/β)x, not 0 "
        f"(|∇F| = {run.gns[-1]:.3g}): the weight penalty αE_W holds it short of F's own stationary point."
    )


def _stopped(run: Run, status: str) -> str:
    return f"Stopped ({STATUS_LABELS.get(status, status)}) after {run.k:,} epochs: {run.detail}; F = {run.fs[-1]:.4g}."


_MESSAGES = {
    "max_epochs": _used_every_epoch,
    "goal": _goal,
    "gradient": _gradient,
    "diverged": _diverged,
    "stalled": _stalled,
    "mu_max": _mu_max,
    "converged": _converged,
}


def oscillation(fs, xs) -> Bounce | None:
    """Whether a run has stopped improving and keeps bouncing, judged from its last quarter (the tail).

    All four must hold: the run bounces in the tail (F rises, or the step turns back, in at least a tenth of its
    steps; a two-point cycle on a symmetric bowl keeps F constant but turns back every step); the tail sets no
    new low (its lowest F is not below the best before it, nor its second half's below its first half's, by more
    than a tenth of its own band: a record set by chance while jittering is no progress, a zig-zag across a
    valley that still descends it is);
    the bouncing does not die down (the band of the tail's last eighth, above the best F, is at least half
    that of its first eighth); and the iterates keep moving (their median step is above rounding). A run that
    crawls down a flat valley improves; one that spirals into a minimum settles; one that has converged does
    not move.
    """
    fs, xs = np.asarray(fs, dtype=float), np.asarray(xs, dtype=float)
    k = len(fs) - 1
    if k < MIN_EPOCHS:
        return None
    n = max(MIN_EPOCHS // 2, k // 4)
    tail, before = fs[k - n :], fs[: k - n + 1]
    low, high = float(tail.min()), float(tail.max())
    best_epoch = int(np.argmin(fs))
    best = float(fs[best_epoch])
    rounding = 64 * np.finfo(float).eps * (np.abs(tail[:-1]) + np.sqrt(np.abs(tail[:-1])))
    moves = np.diff(xs[k - n :], axis=0)
    turns = np.einsum("ij,ij->i", moves[:-1], moves[1:]) < 0  # the step reverses
    bounces = max(np.count_nonzero(np.diff(tail) > rounding), np.count_nonzero(turns)) >= 0.1 * (n - 1)
    half = len(tail) // 2
    no_progress = low >= float(before.min()) - 0.1 * (high - low)  # no new low ...
    no_progress &= float(tail[half:].min()) >= float(tail[:half].min()) - 0.1 * (high - low)  # ... nor a falling one
    eighth = max(2, n // 8)
    band_first, band_last = float(tail[:eighth].max()) - best, float(tail[-eighth:].max()) - best
    sustained = band_last > 0 and band_last >= 0.5 * band_first
    moving = float(np.median(np.linalg.norm(moves, axis=1))) > 1e-9 * (1.0 + float(np.max(np.abs(xs[-1]))))
    if bounces and no_progress and sustained and moving:
        return Bounce(best_epoch, best, low, high, n)
    return None


def stable_alpha(algorithm: str, lam_max: float, gamma: float = 0.0) -> float:
    """The largest stable learning rate of a fixed-step method near a point whose Hessian's largest eigenvalue
    is ``lam_max`` (on the quadratic model of F there; inf when ``lam_max`` ≤ 0).

    Steepest descent (ch. 9): along an eigenvector of eigenvalue λ the error obeys e_{k+1} = (1 − αλ) e_k, which
    shrinks iff |1 − αλ| < 1, i.e. 0 < αλ < 2: α < 2/λmax.

    Momentum in the book's filtered form (ch. 12), Δx_k = γΔx_{k−1} − (1 − γ)α∇F(x_k), x_{k+1} = x_k + Δx_k:
    along the same eigenvector, with c = (1 − γ)αλ,

        e_{k+1} = e_k + γ(e_k − e_{k−1}) − c e_k = (1 + γ − c) e_k − γ e_{k−1},

    whose characteristic polynomial z² − (1 + γ − c) z + γ has both roots inside the unit circle iff (Jury's
    conditions for z² + a₁z + a₀: |a₀| < 1, 1 + a₁ + a₀ > 0, 1 − a₁ + a₀ > 0) γ < 1, c > 0 and
    2(1 + γ) − c > 0. So for 0 ≤ γ < 1 it is stable iff 0 < (1 − γ)αλ < 2(1 + γ): α < 2(1 + γ)/((1 − γ)λmax).
    With γ = 0 this is steepest descent's 2/λmax; momentum lets α grow by (1 + γ)/(1 − γ), 9 times at γ = 0.8.

    Each algorithm declares its limit (``STABILITY``); ``gamma`` is used by those that have a γ.
    """
    cls = ALGORITHMS.get(algorithm)
    if cls is None or cls.STABILITY is None or cls.STABILITY.batch:
        raise ValueError(f"{algorithm} has no fixed-step stability limit")
    if lam_max <= 0:
        return float("inf")
    return cls.STABILITY.limit(cls.make(**({"gamma": gamma} if "gamma" in cls.SPEC else {})), lam_max)


def ending(problem, x, gn: float) -> str:
    """A sentence on where a run ended, from ∇F and the Hessian there (empty when it is not stationary)."""
    try:
        eig = np.linalg.eigvalsh(problem.hessian(x))
    except (np.linalg.LinAlgError, ValueError):
        return ""
    if not np.all(np.isfinite(eig)):
        return ""
    scale = float(np.max(np.abs(eig)))
    if scale < 1e-6:
        return " It ended in a flat region: every curvature is below 1e-6, F barely changes here."
    if gn > 1e-4 * max(scale, 1.0):
        return ""
    kind = classify(eig)
    values = ", ".join(f"{v:.3g}" for v in eig)
    if kind == "minimum":
        return f" It ended at {standing(problem, x)}."
    if kind == "saddle":
        return f" It ended at a saddle point, not a minimum (Hessian eigenvalues {values})."
    if kind == "maximum":
        return f" It ended at a maximum (Hessian eigenvalues {values})."
    return f" It ended where F is flat in some direction (Hessian eigenvalues {values})."


def standing(problem, x) -> str:
    """What the minimum near ``x`` is: "the global minimum …", "a local minimum …" or "the lowest minimum found …".

    The minimum is found by a few Newton steps from ``x`` (a run stops a little short of it).
    """
    name, detail = _standing(problem, x)
    return f"{name}, {detail}"


def _standing(problem, x) -> tuple[str, str]:
    """(what the minimum near ``x`` is, what that rests on): see ``standing``."""
    z, _ = settle(problem, x)
    f = float(problem.performance(z))
    if f <= ZERO_F:
        return "the global minimum of this slice", "where F = 0"
    if not isinstance(problem, Problem):
        return "a minimum", f"F = {f:.4g}"
    free = list(problem.index)
    fixed = [i for i in range(len(PARAMS)) if i not in free]
    if np.array_equal(problem.base[fixed], NOMINAL[fixed]) and performance(NOMINAL, problem.data) <= ZERO_F:
        return "a local minimum", f"F = {f:.4g}, not the global one: F = 0 at {_at(problem, NOMINAL[free])}"
    if problem.size != 2:
        return "a minimum", f"F = {f:.4g} (lower ones are searched for on slices of two parameters only)"
    lowest, where, window = lowest_minimum(problem.free, tuple(problem.base), problem.data)
    if lowest is None or f <= lowest * (1 + 1e-9) + ZERO_F:
        (x0, x1), (y0, y1) = window
        a, b = (LABELS[n] for n in problem.free)
        return "the lowest minimum found on this slice", (
            f"F = {f:.4g}: a search of {a} in [{x0:g}, {x1:g}] and {b} in [{y0:g}, {y1:g}] found none lower"
        )
    return "a local minimum", f"F = {f:.4g}: a lower one, F = {lowest:.4g}, lies at {_at(problem, np.array(where))}"


@lru_cache(maxsize=128)
def lowest_minimum(free: tuple[str, str], base: tuple[float, ...], data=None):
    """(F, point, window) of the lowest minimum of a two-parameter slice in a wide window: the pair's default
    window made ten times wider and higher about its centre (the search costs 10-40 ms there), on the training
    set ``data``. F and point are None when the window holds no minimum. Cached (on the training set too), since
    every run that ends at a minimum of it asks."""
    window = tuple((c - 5 * w, c + 5 * w) for c, w in ((sum(r) / 2, r[1] - r[0]) for r in default_window(*free)))
    minima = [p for p in critical_points(*free, *window, base, data=data) if p.kind == "minimum"]
    if not minima:
        return None, None, window
    best = min(minima, key=lambda p: p.F)
    return best.F, best.point, window


def settle(problem, x, steps: int = 20) -> tuple[np.ndarray, float]:
    """Newton's method on ∇F = 0 from ``x`` (each step halved until |∇F| falls); the point and its |∇F|."""
    z = np.array(x, dtype=float)
    g = problem.gradient(z)
    gn = float(np.linalg.norm(g))
    for _ in range(steps):
        if gn == 0.0:
            break
        lam, v = np.linalg.eigh(problem.hessian(z))
        floor = 1e-12 * max(1.0, float(np.max(np.abs(lam))))
        lam = np.where(np.abs(lam) < floor, np.copysign(floor, lam), lam)
        d = -v @ ((v.T @ g) / lam)
        for _ in range(30):
            trial = z + d
            gt = problem.gradient(trial)
            if np.all(np.isfinite(gt)) and np.linalg.norm(gt) < gn:
                z, g, gn = trial, gt, float(np.linalg.norm(gt))
                break
            d = d / 2
        else:
            break
    return z, gn


def _bouncing(run: Run, bounce: Bounce) -> tuple[str, str]:
    """Status and message of a run that keeps bouncing: ``oscillating``, or SGD's sampling noise."""
    where = _circled(run.problem, run.xs[-bounce.tail :], bounce.high)
    sgd = run.algo.INCREMENTAL
    verb = "jittering" if sgd else "bouncing"
    best, low, high = _figures(bounce.best, bounce.low, bounce.high)
    if bounce.best_epoch < run.k - bounce.tail:
        head = (
            f"F fell to {best} at epoch {bounce.best_epoch:,} and has not gone lower since: over the last "
            f"{bounce.tail:,} of its {run.epochs:,} epochs it kept {verb} between {low} and {high}."
        )
    else:
        head = f"Over the last {bounce.tail:,} of its {run.epochs:,} epochs F kept {verb} between {low} and {high}."
    if sgd and where is not None and where.F > ZERO_F:
        return "max_epochs", (
            f"Used all {run.epochs:,} epochs; {run.facts}. {head} The noise of single-sample steps keeps it moving "
            f"around {where.phrase}: there the samples' errors do not vanish, each pulls its own way and their "
            f"pulls cancel only over a whole epoch (a smaller α shrinks the jitter)."
        )
    return "oscillating", f"Oscillating: {head} {_cause(run.algo, where)}"


@dataclass(frozen=True)
class Circled:
    """The stationary point a bouncing run moves around: where, its F, its Hessian's largest eigenvalue, in words."""

    point: np.ndarray
    F: float
    lam_max: float
    phrase: str


def _circled(problem, tail: np.ndarray, high: float) -> Circled | None:
    """The stationary point a bouncing run circles, or None if none is near.

    Newton's method from the mean of the tail. The point counts when it lies within twice the tail's extent of
    that mean (a two-point cycle straddles its point, not always symmetrically), or when F's quadratic model
    about it puts the mean within the band the run bounces in (``high`` is its top): noisy steps along a flat
    valley wander far along it, and their mean with them.
    """
    middle = tail.mean(axis=0)
    try:
        z, gn = settle(problem, middle)
        h = problem.hessian(z)
        eig = np.linalg.eigvalsh(h)
        fz = float(problem.performance(z))
    except (np.linalg.LinAlgError, ValueError):
        return None
    extent = float(np.linalg.norm(np.ptp(tail, axis=0)))
    scale = float(np.max(np.abs(eig)))
    if not (np.all(np.isfinite(eig)) and gn <= 1e-8 * max(scale, 1.0)):
        return None
    d = middle - z
    near = np.linalg.norm(d) <= 2 * extent + 1e-9 * (1 + np.linalg.norm(middle))
    within_band = fz <= high and 0.5 * float(d @ h @ d) <= 4 * (high - fz)
    if not (near or within_band):
        return None
    kind = classify(eig, FLAT_RTOL)
    if kind == "minimum":
        phrase = f"{_standing(problem, z)[0]} at {_at(problem, z)}"
    else:
        phrase = {"saddle": "the saddle point", "maximum": "the maximum"}.get(kind, "the flat stationary point")
        phrase = f"{phrase} at {_at(problem, z)}"
    return Circled(z, fz, float(eig.max()), phrase)


def _cause(algo, where: Circled | None) -> str:
    """Why it bounces: the stability limit of a fixed step at the point it circles, or what can be said."""
    if where is None:
        return "It bounces around no stationary point: its steps are too large for the curvature where it goes."
    lam, phrase = where.lam_max, where.phrase
    if algo.INCREMENTAL:
        return (
            f"It bounces around {phrase}, where every sample's error vanishes: this is no sampling noise, the "
            f"single-sample steps are too long for the curvature there."
        )
    stability = algo.STABILITY
    if stability is None:
        return (
            f"It bounces around {phrase} without settling. (A stability limit on α is worked out for steepest "
            f"descent and momentum only, not for {algo.title}.)"
        )
    alpha = algo.alpha
    limit = stability.limit(algo, lam) if lam > 0 else float("inf")
    rule, product = stability.rule(algo), stability.excess(algo, lam)
    said = f"It bounces around {phrase}, where the largest curvature is λmax = {lam:.4g}: {rule} ≈ {limit:.3g}"
    if alpha > limit:
        return f"{said}, and α = {alpha:g} is above it{product}."
    return (
        f"{said}, and α = {alpha:g} is below it: small steps near the point would settle, so the bouncing is "
        f"wider than the quadratic picture of the point covers."
    )


def _figures(best: float, low: float, high: float) -> list[str]:
    """The three values with as many significant digits (3 to 10) as it takes to tell ``low`` from ``high``."""
    for digits in range(3, 11):
        text = [f"{v:.{digits}g}" for v in (best, low, high)]
        if text[1] != text[2] or low == high:
            break
    return text


def _at(problem, z) -> str:
    """'(w¹₁,₁, w²₁,₁) = (10, 1)': a point with the names of the free parameters."""
    values = ", ".join(f"{float(v):.4g}" for v in np.atleast_1d(z))
    names = getattr(problem, "free", None)
    if not names:
        return f"({values})"
    return f"({', '.join(LABELS.get(n, n) for n in names)}) = ({values})"
