"""Compiled loops for the long runs: steepest descent, momentum and incremental steepest descent.

The same math as ``network`` and ``algorithms.first_order`` (which stay the reference the tests compare
against), compiled by numba with its on-disk cache. The loops over the 41 samples are written so that LLVM
vectorizes them (no division checks: ``error_model="numpy"``; an exponential made of multiply-adds instead of
a libm call), so 300,000 epochs take a fraction of a second. A hidden neuron whose weight and bias are both
fixed is computed once before the loop, not once per epoch.

Stop codes shared with the runner: see ``STOP``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, types, uint64
from numba.extending import intrinsic

STOP = ("max_epochs", "goal", "gradient", "diverged", "bound", "stalled")
MAX_EPOCHS, GOAL, GRADIENT, DIVERGED, BOUND, STALLED = range(6)

FAST = {"reassoc", "nsz", "contract"}  # lets the sums over samples be vectorized; keeps NaN and inf semantics
LN2_HI = 6.93147180369123816490e-01  # ln 2 split so that k * LN2_HI is exact for |k| < 2^20 (Cody & Waite)
LN2_LO = 1.90821492927058770002e-10
LOG2E = 1.4426950408889634
ROUNDER = 6755399441055744.0  # 1.5 * 2^52: adding it rounds to an integer held in the low mantissa bits


@intrinsic
def _float_bits(typingctx, x):
    """The IEEE-754 bits of a float64, as an int64 (a free bit cast)."""

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], context.get_value_type(types.int64))

    return types.int64(types.float64), codegen


@intrinsic
def _bits_float(typingctx, x):
    """The float64 whose IEEE-754 bits are the given int64."""

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], context.get_value_type(types.float64))

    return types.float64(types.int64), codegen


@njit(cache=True, fastmath={"contract"}, error_model="numpy")
def exp_neg(m):
    """exp(−m) for m ≥ 0, within about one ulp, from multiply-adds only (so loops calling it vectorize).

    m = k ln 2 + r with |r| ≤ ln 2 / 2 (k from the 1.5·2^52 rounding trick, ln 2 in two parts), then
    exp(−m) = 2^−k · exp(−r), with exp(−r) by its Taylor series to degree 13 (truncation below 1e−17, summed
    by Estrin's scheme for a short dependency chain) and 2^−k built from its bits. m is clamped to 708 so
    that 2^−k stays normal: exp(−708) ≈ 3e−308 stands in for anything smaller, far below every other term.
    """
    m = min(m, 708.0)
    shifted = m * LOG2E + ROUNDER
    k = _float_bits(shifted) & 0xFFFFFFFF
    kf = float(k)
    x = kf * LN2_HI - m + kf * LN2_LO  # −r
    # exp(x) = 1 + (x + x² P(x)), P(x) = Σ x^(i−2) / i! for 2 ≤ i ≤ 13 by Estrin's scheme: the terms of Horner's
    # rule in a third of its latency, with the two largest terms added last so rounding stays within an ulp
    x2 = x * x
    x4 = x2 * x2
    x8 = x4 * x4
    c23 = 1.0 / 2.0 + x * (1.0 / 6.0)
    c45 = 1.0 / 24.0 + x * (1.0 / 120.0)
    c67 = 1.0 / 720.0 + x * (1.0 / 5040.0)
    c89 = 1.0 / 40320.0 + x * (1.0 / 362880.0)
    c1011 = 1.0 / 3628800.0 + x * (1.0 / 39916800.0)
    c1213 = 1.0 / 479001600.0 + x * (1.0 / 6227020800.0)
    poly = (c23 + x2 * c45) + x4 * (c67 + x2 * c89) + x8 * (c1011 + x2 * c1213)
    y = 1.0 + (x + x2 * poly)
    return y * _bits_float((1023 - k) << 52)


@njit(cache=True, error_model="numpy")
def exp_neg_array(m):
    """``exp_neg`` over an array (for tests and benchmarks)."""
    out = np.empty_like(m)
    for i in range(m.size):
        out[i] = exp_neg(m[i])
    return out


@njit(cache=True, fastmath={"contract"}, error_model="numpy")
def _logsig(n):
    """(a, da/dn) = (logsig(n), logsig'(n)) through z = exp(−|n|) ≤ 1: no overflow for any n."""
    z = exp_neg(abs(n))
    inv = 1.0 / (1.0 + z)
    a = inv if n >= 0.0 else z * inv
    return a, z * inv * inv


@njit(cache=True, error_model="numpy")
def _hidden_tables(x, p):
    """Rows a1_1, a1_1', a1_2, a1_2' at every input."""
    table = np.empty((4, p.size))
    _hidden_into(x[0], x[2], p, table[0], table[1])
    _hidden_into(x[1], x[3], p, table[2], table[3])
    return table


@njit(cache=True, error_model="numpy", inline="always")
def _hidden_into(w, b, p, a, d):
    """One hidden neuron at every input: a[q] = logsig(w p_q + b), d[q] = logsig'(w p_q + b)."""
    for q in range(p.size):
        a[q], d[q] = _logsig(w * p[q] + b)


@njit(cache=True, fastmath=FAST, error_model="numpy", inline="always")
def _output_sums(x, p, t, a1, d1, a2, d2, g):
    """F(x) as the return value and ∇F(x) into g, from the hidden neurons' outputs (a vectorized pass)."""
    v1, v2, b2 = x[4], x[5], x[6]
    f = 0.0
    g0 = g1 = g2 = g3 = g4 = g5 = g6 = 0.0
    for q in range(p.size):
        a, d = _logsig(v1 * a1[q] + v2 * a2[q] + b2)
        e = t[q] - a
        f += e * e
        s = -2.0 * e * d  # dF/dn2 for sample q
        g4 += s * a1[q]
        g5 += s * a2[q]
        g6 += s
        s1 = s * v1 * d1[q]
        g0 += s1 * p[q]
        g2 += s1
        s2 = s * v2 * d2[q]
        g1 += s2 * p[q]
        g3 += s2
    g[0], g[1], g[2], g[3], g[4], g[5], g[6] = g0, g1, g2, g3, g4, g5, g6
    return f


@njit(cache=True, error_model="numpy", inline="always")
def _value_and_gradient(x, p, t, free1, free2, hidden, g):
    """F(x) as the return value and ∇F(x) (all seven components) into g.

    ``hidden`` (4, 41) holds a1_1, its derivative, a1_2, its derivative; a neuron with a free parameter is
    recomputed into it, a fixed one was filled once by the caller.
    """
    if free1:
        _hidden_into(x[0], x[2], p, hidden[0], hidden[1])
    if free2:
        _hidden_into(x[1], x[3], p, hidden[2], hidden[3])
    return _output_sums(x, p, t, hidden[0], hidden[1], hidden[2], hidden[3], g)


@njit(cache=True, inline="always")
def _record(xs, fs, gns, k, x, free, f, g):
    gn2 = 0.0
    for j in range(free.size):
        xs[k, j] = x[free[j]]
        gn2 += g[free[j]] * g[free[j]]
    fs[k] = f
    gns[k] = math.sqrt(gn2)


@njit(cache=True, inline="always")
def _check(f, gn, goal, grad_tol):
    if goal > 0.0 and f <= goal:
        return GOAL
    if grad_tol > 0.0 and gn <= grad_tol:
        return GRADIENT
    return -1


@njit(cache=True, inline="always")
def _after_step(x, x_old, free, f, g):
    """The stop code a new iterate forces (diverged, bound, stalled), or −1."""
    if not math.isfinite(f):
        return DIVERGED
    moved = False
    for j in range(free.size):
        i = free[j]
        if not (math.isfinite(x[i]) and math.isfinite(g[i])):
            return DIVERGED
        if x[i] != x_old[i]:
            moved = True
    if not moved:
        return STALLED
    return -1


@njit(cache=True, inline="always")
def _outside(x, free, bound):
    for j in range(free.size):  # noqa: SIM110 (a plain loop compiles best)
        if abs(x[free[j]]) > bound:
            return True
    return False


@njit(cache=True, error_model="numpy", inline="always")
def _start(x, free, p, t, epochs, goal, grad_tol):
    """What both loops begin with: hidden-neuron tables, the record arrays, and iterate 0 recorded."""
    free1 = False
    free2 = False
    for j in range(free.size):
        free1 = free1 or free[j] == 0 or free[j] == 2
        free2 = free2 or free[j] == 1 or free[j] == 3
    table = _hidden_tables(x, p)
    xs = np.empty((epochs + 1, free.size))
    fs = np.empty(epochs + 1)
    gns = np.empty(epochs + 1)
    g = np.zeros(7)
    f = _value_and_gradient(x, p, t, free1, free2, table, g)
    _record(xs, fs, gns, 0, x, free, f, g)
    return free1, free2, table, xs, fs, gns, g, _check(f, gns[0], goal, grad_tol)


@njit(cache=True, error_model="numpy", inline="always")
def _finish_epoch(xs, fs, gns, k, x, x_old, free, f, g, goal, grad_tol, bound):
    """After an epoch: stop on a bad or unmoved iterate, else record it; returns (stop code or −1, epochs done)."""
    code = _after_step(x, x_old, free, f, g)
    if code >= 0:
        return code, k
    k += 1
    _record(xs, fs, gns, k, x, free, f, g)
    if _outside(x, free, bound):
        return BOUND, k
    return _check(f, gns[k], goal, grad_tol), k


@njit(cache=True, fastmath=FAST, error_model="numpy")
def momentum_descent(x, free, p, t, alpha, gamma, epochs, goal, grad_tol, bound):
    """Steepest descent (γ = 0) or momentum, Δx_k = γ Δx_{k−1} − (1 − γ) α ∇F(x_k), for up to ``epochs`` epochs.

    ``x`` holds all seven parameters (the fixed ones stay as given); ``free`` their indices that move.
    Returns (iterates, F, |∇F|, epochs done, stop code).
    """
    x = x.copy()
    free1, free2, table, xs, fs, gns, g, code = _start(x, free, p, t, epochs, goal, grad_tol)
    dx = np.zeros(7)
    x_old = x.copy()
    rate = (1.0 - gamma) * alpha
    k = 0
    while code < 0 and k < epochs:
        for j in range(free.size):
            i = free[j]
            x_old[i] = x[i]
            dx[i] = gamma * dx[i] - rate * g[i]
            x[i] = x[i] + dx[i]
        f = _value_and_gradient(x, p, t, free1, free2, table, g)
        code, k = _finish_epoch(xs, fs, gns, k, x, x_old, free, f, g, goal, grad_tol, bound)
    if code < 0:
        code = MAX_EPOCHS
    return xs[: k + 1], fs[: k + 1], gns[: k + 1], k, code


@njit(cache=True, inline="always")
def _splitmix64(z):
    """SplitMix64 in wrapping uint64 arithmetic, as ``first_order.splitmix64``."""
    z = z + uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> uint64(30))) * uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> uint64(27))) * uint64(0x94D049BB133111EB)
    return z ^ (z >> uint64(31))


@njit(cache=True)
def _order(key, epoch, n, order):
    """The same Fisher–Yates shuffle as ``first_order.sample_order``, in uint64 arithmetic."""
    for i in range(n):
        order[i] = i
    base = key + uint64(epoch) * uint64(n)
    for i in range(n - 1, 0, -1):
        h = _splitmix64(base + uint64(i))
        j = int(((h >> uint64(32)) * uint64(i + 1)) >> uint64(32))
        tmp = order[i]
        order[i] = order[j]
        order[j] = tmp


@njit(cache=True, fastmath=FAST, error_model="numpy")
def incremental_descent(x, free, p, t, alpha, seed_key, epochs, goal, grad_tol, bound):
    """Incremental steepest descent: per epoch, x ← x − α ∇(t_q − a_q)² for q in a shuffled order.

    ``seed_key`` is ``first_order.seed_key(seed)``, computed by the caller. Returns what
    ``momentum_descent`` returns.
    """
    x = x.copy()
    free1, free2, table, xs, fs, gns, g, code = _start(x, free, p, t, epochs, goal, grad_tol)
    moves = np.zeros(7, dtype=np.bool_)
    for j in range(free.size):
        moves[free[j]] = True
    order = np.empty(p.size, dtype=np.int64)
    x_old = x.copy()
    k = 0
    while code < 0 and k < epochs:
        _order(seed_key, k, p.size, order)
        x_old[:] = x
        _incremental_epoch(x, moves, p, t, order, table, alpha)
        f = _value_and_gradient(x, p, t, free1, free2, table, g)
        code, k = _finish_epoch(xs, fs, gns, k, x, x_old, free, f, g, goal, grad_tol, bound)
    if code < 0:
        code = MAX_EPOCHS
    return xs[: k + 1], fs[: k + 1], gns[: k + 1], k, code


@njit(cache=True, error_model="numpy")
def _incremental_epoch(x, moves, p, t, order, table, alpha):
    """One epoch of single-sample steps, the seven parameters held in registers between samples."""
    w11, w21, b11, b12, v1, v2, b2 = x[0], x[1], x[2], x[3], x[4], x[5], x[6]
    free1 = moves[0] or moves[2]
    free2 = moves[1] or moves[3]
    for r in range(order.size):
        q = order[r]
        pq = p[q]
        if free1:
            a1, d1 = _logsig(w11 * pq + b11)
        else:
            a1, d1 = table[0, q], table[1, q]
        if free2:
            a2, d2 = _logsig(w21 * pq + b12)
        else:
            a2, d2 = table[2, q], table[3, q]
        a, d = _logsig(v1 * a1 + v2 * a2 + b2)
        s = -2.0 * (t[q] - a) * d  # d(e_q²)/dn2
        s1 = s * v1 * d1
        s2 = s * v2 * d2
        # every gradient component at the current point first, then the simultaneous update
        g0, g1, g2, g3, g4, g5, g6 = s1 * pq, s2 * pq, s1, s2, s * a1, s * a2, s
        if moves[0]:
            w11 -= alpha * g0
        if moves[1]:
            w21 -= alpha * g1
        if moves[2]:
            b11 -= alpha * g2
        if moves[3]:
            b12 -= alpha * g3
        if moves[4]:
            v1 -= alpha * g4
        if moves[5]:
            v2 -= alpha * g5
        if moves[6]:
            b2 -= alpha * g6
    x[0], x[1], x[2], x[3], x[4], x[5], x[6] = w11, w21, b11, b12, v1, v2, b2
