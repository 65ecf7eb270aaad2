"""One step of every training algorithm, compiled: the equations of ``surface.algorithms``, operation for operation.

Every step has the one signature the driver calls (``driver.run``, built once per algorithm)::

    step(net, free, h, z, f, g, u, w, c, tmp, order, log, nlog, epoch, info, counts) -> (F, outcome, nlog)

It receives the network's table ``net`` and the free indices ``free`` (see ``network``), its row of
hyperparameters ``h`` (in the order its class's ``Compiled.hyper`` packs them), the iterate ``z`` with its F
``f`` and gradient ``g``, and its own state: two k-vectors ``u`` and ``w`` and four scalars ``c`` (zeroed at the
start, then set by its ``init``: a momentum, a search direction, μ…), scratch rows ``tmp`` (3, k) and ``order``
(one entry per sample), and the epoch. It returns the new F, an ``outcome`` (``MOVED``; ``REJECTED``,
deliberately left where it was, as VLBP does; or the index in ``HALT_REASONS`` of why it cannot go on) and the
length of the event log. A step that moves updates ``z`` and ``g`` in place, one that is rejected or halts
leaves them as they were. Steps with events or traces write them:

- ``log``, ``nlog``: the event log and its length, one row per event (``LOG_COLUMNS + 2k`` wide: epoch, kind, up
  to eight scalars, two k-vectors); the driver leaves room for ``EVENTS_PER_STEP`` rows before each step;
- ``info``: the step's traces (VLBP's α, CG's step and β, LM's μ, …) in the order of the algorithm's ``TRACES``.

``counts`` tallies the evaluations of F, ∇F, J, H and single-sample gradients (``COUNTED``), as the reference's
``CountingProblem`` does. Every operation is written in the order the numpy reference performs it, so the two
agree to rounding (the reference's sums run through BLAS, ours in plain loops: the last bit may differ).
Steps that allocate nothing are compiled without reference counting (``network.LEAN``); the second-order ones
allocate their small matrices and keep it.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, uint64

from ..algorithms.base import HALT_REASONS
from ..algorithms.cg import MAX_DOUBLINGS, MAX_REDUCTIONS, TAU
from ..algorithms.second_order import EPS, F_FLOOR, MAX_CONDITION, MAX_TRIALS, ROUNDING, BayesianRegularization
from . import linalg
from .network import (
    A1,
    A2,
    D1,
    D2,
    LEAN,
    P,
    T,
    X,
    copy,
    fill,
    is_linear,
    logsig_serial,
    residuals_jacobian,
    samples,
    transfer_serial,
    value,
    value_and_gradient,
)
from .network import hessian as network_hessian

MOVED, REJECTED = -1, -2
SINGULAR, MU_MAX, NO_LOWER_POINT = (HALT_REASONS.index(r) for r in ("singular", "mu_max", "no_lower_point"))

COUNTED = ("F", "gradient", "jacobian", "hessian", "sample gradient")
F, GRADIENT, JACOBIAN, HESSIAN, SAMPLE = range(5)

# the event log: one row per event; kinds, and where the two vectors start
REJECTED_TRIAL, SEARCH, PROBE = range(3)
LOG_COLUMNS = 10
EVENTS_PER_STEP = 2 * (MAX_DOUBLINGS + MAX_REDUCTIONS + 3)  # CG's two line searches; LM's trials are fewer
TRACE_SLOTS = 5
BETA_MAX = BayesianRegularization.BETA_MAX
GOLDEN = 1.0 - TAU
assert MAX_TRIALS <= EVENTS_PER_STEP


@njit(**LEAN)
def evaluate(net, free, z, g, counts):
    """F(z), and ∇F(z) into g, counted."""
    counts[F] += 1
    counts[GRADIENT] += 1
    return value_and_gradient(net, free, z, g)


@njit(**LEAN)
def _value(net, free, z, counts):
    counts[F] += 1
    return value(net, free, z)


@njit(**LEAN)
def _log_trial(log, nlog, epoch, f, parameter, point):
    """A rejected trial: its F, the α or μ it used, and the point."""
    log[nlog, 0], log[nlog, 1], log[nlog, 2], log[nlog, 3] = epoch, REJECTED_TRIAL, f, parameter
    copy(log[nlog, LOG_COLUMNS:], point)
    return nlog + 1


@njit(cache=True, inline="always")
def _dot(a, b):
    s = 0.0
    for j in range(a.size):
        s += a[j] * b[j]
    return s


# ---------- the algorithms' own state at the start: init(h, z, g, c, u), ``c`` and ``u`` arriving zeroed ----------


@njit(**LEAN)
def init_nothing(h, z, g, c, u):
    """No state beyond zeros (the momentum methods, RMSprop, Adam, Newton)."""


@njit(**LEAN)
def init_variable(h, z, g, c, u):
    """VLBP: the α and γ of the next step."""
    c[0], c[1] = h[0], h[4]


@njit(**LEAN)
def init_conjugate(h, z, g, c, u):
    """CGBP: the search direction −g."""
    for j in range(z.size):
        u[j] = -g[j]


@njit(**LEAN)
def init_levenberg(h, z, g, c, u):
    """LMBP: μ."""
    c[0] = h[0]


@njit(**LEAN)
def init_bayes(h, z, g, c, u):
    """Bayesian regularization: μ, α = 0, β = 1 and γ = the number of free parameters."""
    c[0], c[1], c[2], c[3] = h[0], 0.0, 1.0, float(z.size)


# ---------- gradient methods (ch. 9, 11, 12, and the modern adaptive steps) ----------


@njit(**LEAN)
def momentum(net, free, h, z, f, g, u, w, c, tmp, order, log, nlog, epoch, info, counts):
    """MOBP, and SDBP as γ = 0: Δx = γ Δx_{k−1} − (1 − γ) α ∇F, x ← x + Δx.  h = (α, γ); ``u`` holds Δx_{k−1}."""
    alpha, gamma, dx = h[0], h[1], u
    rate = (1.0 - gamma) * alpha
    for j in range(z.size):
        dx[j] = gamma * dx[j] - rate * g[j]
        z[j] = z[j] + dx[j]
    return evaluate(net, free, z, g, counts), MOVED, nlog


@njit(**LEAN)
def nesterov(net, free, h, z, f, g, u, w, c, tmp, order, log, nlog, epoch, info, counts):
    """v ← γ v − α ∇F(x + γ v), x ← x + v.  h = (α, γ); ``u`` holds v, ``tmp`` (≥ 2, k) scratch."""
    alpha, gamma, v = h[0], h[1], u
    ahead, g_ahead = tmp[0], tmp[1]
    for j in range(z.size):
        ahead[j] = z[j] + gamma * v[j]
    counts[GRADIENT] += 1
    value_and_gradient(net, free, ahead, g_ahead)
    for j in range(z.size):
        v[j] = gamma * v[j] - alpha * g_ahead[j]
        z[j] = z[j] + v[j]
    return evaluate(net, free, z, g, counts), MOVED, nlog


@njit(**LEAN)
def rmsprop(net, free, h, z, f, g, u, w, c, tmp, order, log, nlog, epoch, info, counts):
    """s ← ρ s + (1 − ρ) ∇F², x ← x − α ∇F / (√s + ε).  h = (α, ρ, ε); ``u`` holds s."""
    alpha, rho, eps, s = h[0], h[1], h[2], u
    for j in range(z.size):
        s[j] = rho * s[j] + (1.0 - rho) * (g[j] * g[j])
        z[j] = z[j] - alpha * g[j] / (math.sqrt(s[j]) + eps)
    return evaluate(net, free, z, g, counts), MOVED, nlog


@njit(**LEAN)
def adam(net, free, h, z, f, g, u, w, c, tmp, order, log, nlog, epoch, info, counts):
    """Adam: moments ``m`` (``u``) and ``s`` (``w``) with bias corrections; ``c[0]`` counts the steps t.
    h = (α, β₁, β₂, ε)."""
    alpha, beta1, beta2, eps, m, s = h[0], h[1], h[2], h[3], u, w
    c[0] += 1.0
    correct1 = 1.0 - math.pow(beta1, c[0])
    correct2 = 1.0 - math.pow(beta2, c[0])
    for j in range(z.size):
        m[j] = beta1 * m[j] + (1.0 - beta1) * g[j]
        s[j] = beta2 * s[j] + (1.0 - beta2) * (g[j] * g[j])
        z[j] = z[j] - alpha * (m[j] / correct1) / (math.sqrt(s[j] / correct2) + eps)
    return evaluate(net, free, z, g, counts), MOVED, nlog


@njit(**LEAN)
def variable(net, free, h, z, f, g, u, w, c, tmp, order, log, nlog, epoch, info, counts):
    """VLBP: a momentum step kept only if F rises by at most ζ.  h = (α, η, ρ, ζ, γ); ``u`` holds Δx_{k−1},
    ``c`` = (α, γ) of this step; ``tmp`` (≥ 3, k) scratch."""
    eta, rho, zeta, gamma, dx = h[1], h[2], h[3], h[4], u
    alpha_k, gamma_k = c[0], c[1]
    trial, g_trial, step = tmp[0], tmp[1], tmp[2]
    for j in range(z.size):
        step[j] = gamma_k * dx[j] - (1.0 - gamma_k) * alpha_k * g[j]
        trial[j] = z[j] + step[j]
    f_trial = evaluate(net, free, trial, g_trial, counts)
    info[0] = alpha_k
    if not f_trial <= f * (1.0 + zeta):  # also rejects a NaN
        nlog = _log_trial(log, nlog, epoch, f_trial, alpha_k, trial)
        c[0], c[1] = alpha_k * rho, 0.0
        fill(dx, 0.0)
        return f, REJECTED, nlog
    c[0] = alpha_k * eta if f_trial < f else alpha_k
    c[1] = gamma
    copy(dx, step)
    copy(z, trial)
    copy(g, g_trial)
    return f_trial, MOVED, nlog


@njit(**LEAN)
def _splitmix64(z):
    """SplitMix64 in wrapping uint64 arithmetic, as ``first_order.splitmix64``."""
    z = z + uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> uint64(30))) * uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> uint64(27))) * uint64(0x94D049BB133111EB)
    return z ^ (z >> uint64(31))


@njit(**LEAN)
def sample_order(seed, epoch, order):
    """The same Fisher–Yates shuffle as ``first_order.sample_order``, in uint64 arithmetic."""
    n = order.size
    for i in range(n):
        order[i] = i
    base = _splitmix64(uint64(seed)) + uint64(epoch) * uint64(n)
    for i in range(n - 1, 0, -1):
        r = _splitmix64(base + uint64(i))
        j = int(((r >> uint64(32)) * uint64(i + 1)) >> uint64(32))
        order[i], order[j] = order[j], order[i]


@njit(**LEAN)
def incremental(net, free, h, z, f, g, u, w, c, tmp, order, log, nlog, epoch, info, counts):
    """Incremental steepest descent: x ← x − α ∇(t_q − a_q)² for q in this epoch's order (``order`` scratch).
    h = (α, seed)."""
    alpha, seed = h[0], int(h[1])
    sample_order(seed, epoch, order)
    for j in range(z.size):
        net[X, free[j]] = z[j]
    _sample_steps(net, free, order, alpha)
    for j in range(z.size):
        z[j] = net[X, free[j]]
    counts[SAMPLE] += order.size
    return evaluate(net, free, z, g, counts), MOVED, nlog


@njit(**LEAN)
def _sample_steps(table, free, order, alpha):
    """One epoch of single-sample steps, the seven parameters held in registers between samples."""
    w11, w21, b11, b12 = table[X, 0], table[X, 1], table[X, 2], table[X, 3]
    v1, v2, b2 = table[X, 4], table[X, 5], table[X, 6]
    m0 = m1 = m2 = m3 = m4 = m5 = m6 = False  # which of the seven move
    for i in free:
        m0, m1, m2, m3 = m0 or i == 0, m1 or i == 1, m2 or i == 2, m3 or i == 3
        m4, m5, m6 = m4 or i == 4, m5 or i == 5, m6 or i == 6
    free1 = m0 or m2
    free2 = m1 or m3
    linear = is_linear(table)
    for r in range(order.size):
        q = order[r]
        pq = table[P, q]
        if free1:
            a1, d1 = logsig_serial(w11 * pq + b11)
        else:
            a1, d1 = table[A1, q], table[D1, q]
        if free2:
            a2, d2 = logsig_serial(w21 * pq + b12)
        else:
            a2, d2 = table[A2, q], table[D2, q]
        a, d = transfer_serial(v1 * a1 + v2 * a2 + b2, linear)
        s = -2.0 * (table[T, q] - a) * d  # d(e_q²)/dn2
        s1 = s * v1 * d1
        s2 = s * v2 * d2
        # every gradient component at the current point first, then the simultaneous update
        g0, g1, g2, g3, g4, g5, g6 = s1 * pq, s2 * pq, s1, s2, s * a1, s * a2, s
        if m0:
            w11 -= alpha * g0
        if m1:
            w21 -= alpha * g1
        if m2:
            b11 -= alpha * g2
        if m3:
            b12 -= alpha * g3
        if m4:
            v1 -= alpha * g4
        if m5:
            v2 -= alpha * g5
        if m6:
            b2 -= alpha * g6
    table[X, 0], table[X, 1], table[X, 2], table[X, 3] = w11, w21, b11, b12
    table[X, 4], table[X, 5], table[X, 6] = v1, v2, b2


# ---------- conjugate gradient with the book's line search (ch. 9, 12) ----------


@njit(**LEAN)
def _probe(net, free, z, p, a, point, log, nlog, epoch, counts):
    """F(z + a p) (``point`` scratch), logged as a probe row."""
    for j in range(z.size):
        point[j] = z[j] + a * p[j]
    fa = _value(net, free, point, counts)
    log[nlog, 0], log[nlog, 1], log[nlog, 2], log[nlog, 3] = epoch, PROBE, a, fa
    return fa, nlog + 1


@njit(**LEAN)
def line_search(net, free, z, p, f0, eps, tol, point, log, nlog, epoch, counts):
    """``cg.line_search``: interval location, golden section, then the lowest probe in the final interval.

    Logs a SEARCH row (bracket, interval, step, unbounded, probe count, origin, direction) followed by its
    PROBE rows (a, F) in the order evaluated. Returns (step, nlog).
    """
    head = nlog
    nlog += 1
    # interval location: F at ε, 2ε, 4ε, … until it does not fall; ``last`` is the point before the probe,
    # ``before`` the one before that (the origin, a = 0, stands in while there is none)
    last_a, last_f, before_a = 0.0, f0, 0.0
    a = eps
    unbounded = True
    for _ in range(MAX_DOUBLINGS):
        fa, nlog = _probe(net, free, z, p, a, point, log, nlog, epoch, counts)
        if not fa < last_f:
            unbounded = False
            break
        before_a, last_a, last_f = last_a, a, fa
        a *= 2.0
    if unbounded:
        bracket_lo, bracket_hi = before_a, last_a
        lo = hi = bracket_hi
    else:
        bracket_lo, bracket_hi = before_a, a
        lo, hi = bracket_lo, bracket_hi
        # golden-section reduction of [lo, hi] until it is shorter than tol
        c = lo + GOLDEN * (hi - lo)
        d = hi - GOLDEN * (hi - lo)
        fc, nlog = _probe(net, free, z, p, c, point, log, nlog, epoch, counts)
        fd, nlog = _probe(net, free, z, p, d, point, log, nlog, epoch, counts)
        for _ in range(MAX_REDUCTIONS):
            if hi - lo < tol:
                break
            if fc < fd:
                hi, d, fd = d, c, fc
                c = lo + GOLDEN * (hi - lo)
                fc, nlog = _probe(net, free, z, p, c, point, log, nlog, epoch, counts)
            else:
                lo, c, fc = c, d, fd
                d = hi - GOLDEN * (hi - lo)
                fd, nlog = _probe(net, free, z, p, d, point, log, nlog, epoch, counts)
    # the first lowest finite point among the origin and the probes inside [lo, hi], never worse than the origin
    found = lo <= 0.0 <= hi and math.isfinite(f0)
    best_a, best_f = 0.0, f0
    for r in range(head + 1, nlog):
        a, fa = log[r, 2], log[r, 3]
        if lo <= a <= hi and math.isfinite(fa) and (not found or fa < best_f):
            best_a, best_f, found = a, fa, True
    if not found or best_f > f0:
        best_a = 0.0
    k = z.size
    row = log[head]
    row[0], row[1], row[2], row[3], row[4], row[5] = epoch, SEARCH, bracket_lo, bracket_hi, lo, hi
    row[6], row[7], row[8] = best_a, 1.0 if unbounded else 0.0, nlog - head - 1
    copy(row[LOG_COLUMNS:], z)
    copy(row[LOG_COLUMNS + k :], p)
    return best_a, nlog


@njit(**LEAN)
def conjugate_beta(rule, g_new, g_old, p_old):
    """β for the next direction: 0 Fletcher–Reeves, 1 Polak–Ribière, 2 Hestenes–Stiefel (``cg.conjugate_beta``)."""
    if rule == 0:
        den = _dot(g_old, g_old)
        return _dot(g_new, g_new) / den if den > 0 else 0.0
    num = 0.0
    den = 0.0
    for j in range(g_new.size):
        dg = g_new[j] - g_old[j]
        num += dg * g_new[j]
        den += g_old[j] * g_old[j] if rule == 1 else dg * p_old[j]
    if rule == 1:
        return num / den if den > 0 else 0.0
    return num / den if den != 0 else 0.0


@njit(**LEAN)
def conjugate(net, free, h, z, f, g, u, w, c, tmp, order, log, nlog, epoch, info, counts):
    """CGBP.  h = (ε, tol, β rule); ``u`` the search direction p, ``c[0]`` iterations since the last restart;
    ``tmp`` (≥ 2, k) scratch."""
    eps, tol, rule, p = h[0], h[1], int(h[2]), u
    point, g_old = tmp[0], tmp[1]
    k = z.size
    restarted = False
    if not _dot(p, g) < 0:  # not a descent direction: restart along −g
        for j in range(k):
            p[j] = -g[j]
        restarted = True
    a, nlog = line_search(net, free, z, p, f, eps, tol, point, log, nlog, epoch, counts)
    if a == 0.0 and not restarted:  # nothing lower along p: try −g before giving up
        for j in range(k):
            p[j] = -g[j]
        restarted = True
        a, nlog = line_search(net, free, z, p, f, eps, tol, point, log, nlog, epoch, counts)
    info[0] = a
    if a == 0.0:
        info[1] = 0.0
        return f, NO_LOWER_POINT, nlog
    for j in range(k):
        z[j] = z[j] + a * p[j]
    copy(g_old, g)
    f = evaluate(net, free, z, g, counts)
    since = 1.0 if restarted else c[0] + 1.0
    if since >= k:  # every n iterations, restart along −g
        beta, since = 0.0, 0.0
    else:
        beta = conjugate_beta(rule, g, g_old, p)
    c[0] = since
    info[1] = beta
    for j in range(k):
        p[j] = -g[j] + beta * p[j]
    return f, MOVED, nlog


# ---------- Newton, Levenberg–Marquardt and Bayesian regularization (ch. 9, 12, 13) ----------


@njit(cache=True, error_model="numpy")
def _solve(a, b):
    """(ok, a⁻¹ b) for a (k, k) and b (k, m), ``a`` left intact; not ok where ``second_order.solve`` gives None."""
    x = np.empty(b.shape)
    return linalg.solve(a.copy(), b, x), x


@njit(cache=True, error_model="numpy")
def newton(net, free, h, z, f, g, u, w, c, tmp, order, log, nlog, epoch, info, counts):
    """x ← x − H⁻¹ ∇F with the exact Hessian; halts where H is singular or worse conditioned than 1e14."""
    k = z.size
    hess = np.empty((k, k))
    counts[HESSIAN] += 1
    network_hessian(net, free, z, hess)
    rhs = np.empty((k, 1))
    for j in range(k):
        rhs[j, 0] = -g[j]
    ok, dx = _solve(hess, rhs)
    if not ok or linalg.condition(hess) > MAX_CONDITION:
        return f, SINGULAR, nlog
    for j in range(k):
        z[j] = z[j] + dx[j, 0]
    return evaluate(net, free, z, g, counts), MOVED, nlog


@njit(cache=True, error_model="numpy")
def _gauss_newton(net, free, z):
    """(JᵀJ, Jᵀe) at z, with e = t − a and J = de/dz."""
    k = z.size
    e = np.empty(samples(net))
    jac = np.empty((e.size, k))
    residuals_jacobian(net, free, z, e, jac)
    jtj = np.empty((k, k))
    jte = np.empty(k)
    for i in range(k):
        s = 0.0
        for q in range(e.size):
            s += jac[q, i] * e[q]
        jte[i] = s
        for j in range(i, k):
            s = 0.0
            for q in range(e.size):
                s += jac[q, i] * jac[q, j]
            jtj[i, j] = s
            jtj[j, i] = s
    return jtj, jte


@njit(cache=True, inline="always")
def _lowers(trial, current, predicted):
    """``second_order.lowers``: whether a trial lowers Bayesian regularization's index (rounding decided by the
    step's quadratic model)."""
    if not predicted > 0.5 * EPS * abs(current):
        return False
    if predicted < ROUNDING * abs(current):
        return trial < current + ROUNDING * abs(current)
    return trial < current


@njit(cache=True, error_model="numpy")
def _damped_trials(net, free, z, f, mu, theta, mu_max, scale, decay, alpha, beta, log, nlog, epoch, info, counts):
    """The trial loop Levenberg–Marquardt and Bayesian regularization share: μ grows by θ until a step lowers
    the index, or passes μ max.

    Each trial solves (scale JᵀJ + decay I + μI) Δx = −(scale Jᵀe + decay x): LM is scale 1, decay 0 (its
    system, exactly); BR is scale 2β, decay 2α. A trial is kept if it lowers F (LM: ``alpha`` and ``beta`` NaN)
    or β E_D + α E_W (BR, as ``second_order.lowers`` decides near rounding). Returns (outcome, μ, the trial
    point, nlog).
    """
    counts[F] += 1  # e
    counts[JACOBIAN] += 1
    jtj, jte = _gauss_newton(net, free, z)
    k = z.size
    system = np.empty((k, k))
    minus_grad = np.empty(k)
    for i in range(k):
        for j in range(k):
            system[i, j] = scale * jtj[i, j] + decay * (1.0 if i == j else 0.0)
        minus_grad[i] = -(scale * jte[i] + decay * z[i])
    regularised = not math.isnan(alpha)
    objective = beta * f + alpha * _dot(z, z) if regularised else f
    trial = np.empty(k)
    for _ in range(MAX_TRIALS):
        if mu > mu_max:
            break
        info[0] = mu
        damped = system.copy()
        rhs = np.empty((k, 1))
        for i in range(k):
            damped[i, i] = system[i, i] + mu
            rhs[i, 0] = minus_grad[i]
        ok, dx = _solve(damped, rhs)
        if not ok:
            return SINGULAR, mu, trial, nlog
        for j in range(k):
            trial[j] = z[j] + dx[j, 0]
        e_d = _value(net, free, trial, counts)
        if regularised:
            predicted = 0.5 * (_dot(minus_grad, dx[:, 0]) + mu * _dot(dx[:, 0], dx[:, 0]))
            accepted = _lowers(beta * e_d + alpha * _dot(trial, trial), objective, predicted)
        else:
            accepted = e_d < objective
        if accepted:
            return MOVED, mu, trial, nlog
        nlog = _log_trial(log, nlog, epoch, e_d, mu, trial)
        mu *= theta
    return MU_MAX, mu, trial, nlog


@njit(cache=True, error_model="numpy")
def levenberg(net, free, h, z, f, g, u, w, c, tmp, order, log, nlog, epoch, info, counts):
    """LMBP: Δx = −(JᵀJ + μI)⁻¹ Jᵀe; μ ← μ/θ on success, μ ← μθ and again on failure.  h = (μ₀, θ, μ max),
    ``c[0]`` = μ."""
    theta = h[1]
    outcome, mu, trial, nlog = _damped_trials(
        net, free, z, f, c[0], theta, h[2], 1.0, 0.0, np.nan, np.nan, log, nlog, epoch, info, counts
    )
    if outcome != MOVED:  # the run ends where this step began, its state as it was
        return f, outcome, nlog
    c[0] = mu / theta
    copy(z, trial)
    return evaluate(net, free, z, g, counts), MOVED, nlog


@njit(cache=True, error_model="numpy")
def bayes(net, free, h, z, f, g, u, w, c, tmp, order, log, nlog, epoch, info, counts):
    """Bayesian regularization: LM on G = β E_D + α E_W, then γ, α and β re-estimated at the accepted point.

    h = (μ₀, θ, μ max); c = (μ, α, β, γ).
    """
    theta = h[1]
    a, b = c[1], c[2]
    outcome, mu, trial, nlog = _damped_trials(
        net, free, z, f, c[0], theta, h[2], 2.0 * b, 2.0 * a, a, b, log, nlog, epoch, info, counts
    )
    if outcome != MOVED:  # the run ends where this step began, its state as it was
        return f, outcome, nlog
    copy(z, trial)
    return _bayes_accept(net, free, z, g, c, mu, theta, info, counts), MOVED, nlog


@njit(cache=True, error_model="numpy")
def _bayes_accept(net, free, z, g, c, mu, theta, info, counts):
    """At the accepted z: F and ∇F, then γ = N − 2α tr(H⁻¹), α ← γ / 2E_W, β ← (n − γ) / 2E_D (Foresee & Hagan)."""
    a, b = c[1], c[2]
    k = z.size
    f = evaluate(net, free, z, g, counts)
    counts[JACOBIAN] += 1
    jtj, _ = _gauss_newton(net, free, z)
    hess = np.empty((k, k))
    eye = np.eye(k)
    for i in range(k):
        for j in range(k):
            hess[i, j] = 2.0 * b * jtj[i, j] + 2.0 * a * eye[i, j]
    gamma = float(k)
    if a > 0:  # tr(H⁻¹) needs the inverse itself
        ok, inverse = _solve(hess, eye)
        if ok:
            trace = 0.0
            for i in range(k):
                trace += inverse[i, i]
            gamma = min(max(k - 2.0 * a * trace, 0.0), float(k))
    e_w = _dot(z, z)
    alpha = gamma / (2.0 * e_w) if e_w > 0 else 0.0
    beta = min((samples(net) - gamma) / (2.0 * max(f, F_FLOOR)), BETA_MAX)
    info[0], info[1], info[2], info[3], info[4] = mu, a, b, gamma, b * f + a * e_w
    c[0], c[1], c[2], c[3] = mu / theta, alpha, beta, gamma
    return f
