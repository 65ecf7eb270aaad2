"""The 1-2-1 network specialised to its free parameters, compiled: F, ∇F, e and J, and the exact Hessian.

The same math as ``surface.network`` (which stays the reference the tests compare against), written for the
loops: every function takes the network's table ``net`` (see ``make_net``), the indices ``free`` of the free
parameters and their values ``z`` (k,). The table holds the training set too (its Q inputs and targets, and
whether the output is log-sigmoid or linear), so one compilation serves every training set; the choice of
output is a flag read once per evaluation, outside the loops over the samples. A hidden neuron with neither its
weight nor its bias free is tabulated once, when the table is made; a free one is recomputed into it at every
evaluation. (One plain array rather than a tuple of arrays: unpacking a tuple costs atomic reference counts on
every call of the hot path.) The sums over the Q samples are written so that LLVM vectorizes them: no division
checks (``error_model="numpy"``), reassociation allowed in the sums, and an exponential made of multiply-adds
(``exp_neg``) instead of a libm call.

``many`` evaluates F, ∇F and the Hessian at many points at once, for the stationary-point search.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, types
from numba.extending import intrinsic

from .. import network as reference

FAST = {"reassoc", "nsz", "contract"}  # lets the sums over samples be vectorized; keeps NaN and inf semantics
LEAN = {"cache": True, "error_model": "numpy", "_nrt": False}
"""Options for a compiled function that allocates no array. Without numba's reference counting (its ``_nrt``
option, private but long-standing; numba is pinned), passing arrays to it costs nothing; with it, each array
argument of each call costs two atomic operations, about 100 ns an epoch on the hot path: half an epoch's work."""
LN2_HI = 6.93147180369123816490e-01  # ln 2 split so that k * LN2_HI is exact for |k| < 2^20 (Cody & Waite)
LN2_LO = 1.90821492927058770002e-10
LOG2E = 1.4426950408889634
ROUNDER = 6755399441055744.0  # 1.5 * 2^52: adding it rounds to an integer held in the low mantissa bits

P, T, A1, D1, A2, D2, X, G, S = range(9)
"""The rows of the network's table: the inputs and the targets; hidden neuron 1's output and slope at every
input, then neuron 2's; the seven parameters (the free ones as last evaluated) and the seven gradient components
last computed, in the first seven columns; the settings: the number of samples Q in column ``SAMPLES`` and the
output transfer function in column ``OUTPUT`` (``LOGSIG`` or ``PURELIN``). The table is max(Q, 7) wide: the
loops over the samples run over the first Q columns."""

SAMPLES, OUTPUT = 0, 1
LOGSIG, PURELIN = 0, 1
"""The output transfer function codes: log-sigmoid (ch. 12) and linear (ch. 11)."""


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


@njit(**LEAN, fastmath={"contract"})
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


@njit(**LEAN, fastmath={"contract"})
def logsig(n):
    """(a, da/dn) = (logsig(n), logsig'(n)) through z = exp(−|n|) ≤ 1: no overflow for any n."""
    z = exp_neg(abs(n))
    inv = 1.0 / (1.0 + z)
    a = inv if n >= 0.0 else z * inv
    return a, z * inv * inv


@njit(**LEAN, fastmath={"contract"})
def transfer(n, linear):
    """The output neuron's (a, da/dn): (n, 1) for a linear output, ``logsig`` otherwise. ``linear`` is the same
    for every sample of a loop, so the loop splits in two and each half vectorizes as before."""
    if linear:
        return n, 1.0
    return logsig(n)


@njit(**LEAN, fastmath={"contract"})
def transfer_serial(n, linear):
    """``transfer`` through ``logsig_serial`` (for the single-sample steps)."""
    if linear:
        return n, 1.0
    return logsig_serial(n)


@njit(cache=True, inline="always")
def samples(net):
    """The number of training samples Q in the table."""
    return int(net[S, SAMPLES])


@njit(cache=True, inline="always")
def is_linear(net):
    """Whether the table's output neuron is linear (purelin)."""
    return net[S, OUTPUT] == PURELIN


@njit(**LEAN, fastmath={"contract"})
def logsig_serial(n):
    """``logsig`` through libm's exp: for a loop that cannot be vectorized (one sample after another), whose
    speed is the latency of each step, libm's table-driven exp has a shorter dependency chain than ``exp_neg``."""
    z = math.exp(-abs(n))
    inv = 1.0 / (1.0 + z)
    a = inv if n >= 0.0 else z * inv
    return a, z * inv * inv


@njit(cache=True, error_model="numpy", inline="always")
def _tabulate(net, neuron):
    """Hidden neuron 0 or 1 at every input: its output and slope from the weight and bias in row ``X``."""
    w, b, row = net[X, neuron], net[X, 2 + neuron], A1 + 2 * neuron
    for q in range(samples(net)):
        net[row, q], net[row + 1, q] = logsig(w * net[P, q] + b)


@njit(cache=True, error_model="numpy")
def make_net(base, p, t, output):
    """The network's table (9, max(Q, 7)) for parameters ``base`` (7,), the training set's inputs ``p`` and
    targets ``t`` (Q,) and its output transfer function ``output`` (``LOGSIG`` or ``PURELIN``), both hidden
    neurons tabulated (rows ``P``…``S``)."""
    net = np.zeros((9, max(p.size, 7)))  # a column per sample, and room for the seven parameters
    for q in range(p.size):
        net[P, q], net[T, q] = p[q], t[q]
    for i in range(7):
        net[X, i] = base[i]
    net[S, SAMPLES], net[S, OUTPUT] = p.size, output
    _tabulate(net, 0)
    _tabulate(net, 1)
    return net


@njit(cache=True, inline="always")
def moves(free, neuron):
    """Whether hidden neuron 0 or 1 has a free weight or bias (and must be recomputed at each evaluation)."""
    found = False
    for i in free:
        found = found or i == neuron or i == neuron + 2
    return found


@njit(**LEAN)
def load(net, free, z):
    """Put the free values ``z`` into row ``X`` and recompute the hidden neurons that depend on them."""
    for j in range(free.size):
        net[X, free[j]] = z[j]
    if moves(free, 0):
        _tabulate(net, 0)
    if moves(free, 1):
        _tabulate(net, 1)


@njit(**LEAN, fastmath=FAST)
def _sse(net):
    """F at the parameters in row ``X`` from the hidden table: Σ_q (t_q − a2_q)²."""
    v1, v2, b2 = net[X, 4], net[X, 5], net[X, 6]
    linear = is_linear(net)
    f = 0.0
    for q in range(samples(net)):
        a, _ = transfer(v1 * net[A1, q] + v2 * net[A2, q] + b2, linear)
        e = net[T, q] - a
        f += e * e
    return f


@njit(**LEAN, fastmath=FAST)
def _sse_gradient(net):
    """F at the parameters in row ``X`` as the return value, its seven gradient components into row ``G``
    (backpropagation)."""
    v1, v2, b2 = net[X, 4], net[X, 5], net[X, 6]
    linear = is_linear(net)
    f = 0.0
    g0 = g1 = g2 = g3 = g4 = g5 = g6 = 0.0
    for q in range(samples(net)):
        a1, d1, a2, d2, pq = net[A1, q], net[D1, q], net[A2, q], net[D2, q], net[P, q]
        a, d = transfer(v1 * a1 + v2 * a2 + b2, linear)
        e = net[T, q] - a
        f += e * e
        s = -2.0 * e * d  # dF/dn2 for sample q
        g4 += s * a1
        g5 += s * a2
        g6 += s
        s1 = s * v1 * d1
        g0 += s1 * pq
        g2 += s1
        s2 = s * v2 * d2
        g1 += s2 * pq
        g3 += s2
    net[G, 0], net[G, 1], net[G, 2], net[G, 3], net[G, 4], net[G, 5], net[G, 6] = g0, g1, g2, g3, g4, g5, g6
    return f


@njit(**LEAN)
def value(net, free, z):
    """F(z)."""
    load(net, free, z)
    return _sse(net)


@njit(**LEAN)
def value_and_gradient(net, free, z, g):
    """F(z) as the return value and dF/dz into ``g`` (k,)."""
    load(net, free, z)
    f = _sse_gradient(net)
    for j in range(free.size):
        g[j] = net[G, free[j]]
    return f


@njit(cache=True, inline="always")
def _net2_slope(i, p, v1, v2, a1, d1, a2, d2):
    """dn2/dx_i at one input: backpropagation's sensitivity of the output neuron's net input."""
    if i == 0:
        return v1 * d1 * p
    if i == 1:
        return v2 * d2 * p
    if i == 2:
        return v1 * d1
    if i == 3:
        return v2 * d2
    if i == 4:
        return a1
    if i == 5:
        return a2
    return 1.0


@njit(**LEAN)
def residuals_jacobian(net, free, z, e, jac):
    """e = t − a2 into ``e`` (Q,) and J = de/dz into ``jac`` (Q, k)."""
    load(net, free, z)
    v1, v2, b2 = net[X, 4], net[X, 5], net[X, 6]
    linear = is_linear(net)
    for q in range(e.size):
        a1, d1, a2, d2, pq = net[A1, q], net[D1, q], net[A2, q], net[D2, q], net[P, q]
        a, d = transfer(v1 * a1 + v2 * a2 + b2, linear)
        e[q] = net[T, q] - a
        for j in range(free.size):
            jac[q, j] = -(d * _net2_slope(free[j], pq, v1, v2, a1, d1, a2, d2))


@njit(cache=True, error_model="numpy", inline="always")
def _slope_row(net, i, v1, v2, out):
    """dn2/dx_i at every input into ``out``: backpropagation's sensitivity of the output's net input (the
    choice of formula made once, outside the loop over inputs, so the loop vectorizes)."""
    n = i % 2  # the hidden neuron of a weight (0, 1), bias (2, 3) or output weight (4, 5)
    if i == 6:
        for q in range(out.size):
            out[q] = 1.0
    elif i >= 4:
        for q in range(out.size):
            out[q] = net[A1 + 2 * n, q]
    else:
        v = v1 if n == 0 else v2
        for q in range(out.size):
            out[q] = v * net[D1 + 2 * n, q] * (net[P, q] if i < 2 else 1.0)


@njit(cache=True, error_model="numpy", inline="always")
def _curvature_row(net, i, j, v1, v2, out):
    """d2n2/dx_i dx_j (i ≤ j) at every input into ``out``; False where it is zero. Only a hidden neuron's own
    weight w, bias b and output weight v meet::

        d2n2/dw2 = v a1'' p²,  d2n2/dw db = v a1'' p,  d2n2/db2 = v a1'',  d2n2/dw dv = a1' p,  d2n2/db dv = a1'
    """
    if i % 2 != j % 2 or i == 6 or j == 6 or i >= 4:
        return False  # different neurons, the output bias, or two output weights
    n = i % 2
    d = D1 + 2 * n
    if j >= 4:  # a weight or bias of the neuron with its output weight: a1' (p)
        for q in range(out.size):
            out[q] = net[d, q] * (net[P, q] if i < 2 else 1.0)
        return True
    v = v1 if n == 0 else v2
    powers = (i < 2) + (j < 2)  # p², p or 1
    for q in range(out.size):
        dd = net[d, q] * (1.0 - 2.0 * net[A1 + 2 * n, q])  # a1''
        pq = net[P, q]
        out[q] = v * dd * (pq * pq if powers == 2 else (pq if powers == 1 else 1.0))
    return True


@njit(cache=True, fastmath=FAST, error_model="numpy")
def hessian(net, free, z, h):
    """The exact Hessian of F over the free parameters into ``h`` (k, k), as ``surface.network.hessian``::

    H = 2 Σ_q (g_q g_qᵀ − e_q d²a2_q/dx²),   d²a2/dx² = logsig''(n2) dn2 dn2ᵀ + logsig'(n2) d²n2/dx²
    """
    load(net, free, z)
    v1, v2, b2 = net[X, 4], net[X, 5], net[X, 6]
    linear = is_linear(net)
    k, m = free.size, samples(net)
    d, e_dd, e_d = np.empty(m), np.empty(m), np.empty(m)
    for q in range(m):  # the output neuron at every input (a linear one has a2'' = 0)
        a, dq = transfer(v1 * net[A1, q] + v2 * net[A2, q] + b2, linear)
        e = net[T, q] - a
        d[q], e_dd[q], e_d[q] = dq, (0.0 if linear else e * (dq * (1.0 - 2.0 * a))), e * dq
    slopes = np.empty((k, m))
    for j in range(k):
        _slope_row(net, free[j], v1, v2, slopes[j])
    curvature = np.empty(m)
    for i in range(k):
        for j in range(i, k):
            si, sj = slopes[i], slopes[j]
            total = 0.0
            for q in range(m):
                total += (d[q] * si[q]) * (d[q] * sj[q]) - (e_dd[q] * si[q]) * sj[q]
            if _curvature_row(net, min(free[i], free[j]), max(free[i], free[j]), v1, v2, curvature):
                for q in range(m):
                    total -= e_d[q] * curvature[q]
            h[i, j] = h[j, i] = 2.0 * total


@njit(cache=True, nogil=True, error_model="numpy")
def many(points, base, free, p, t, output, f, g, h, want):
    """F, ∇F and H at each of ``points`` (n, k) into ``f`` (n,), ``g`` (n, k), ``h`` (n, k, k), on the training
    set ``p``, ``t`` with output ``output`` (see ``make_net``).

    ``want`` is 1 for F only, 2 for F and ∇F, 3 for all three (the arrays not wanted may be empty).
    """
    net = make_net(base, p, t, output)
    for i in range(points.shape[0]):
        if want == 1:
            f[i] = value(net, free, points[i])
        else:
            f[i] = value_and_gradient(net, free, points[i], g[i])
        if want == 3:
            hessian(net, free, points[i], h[i])


@njit(cache=True, inline="always")
def copy(dst, src):
    """dst[j] = src[j] for every j of ``src`` (a plain loop: slice assignment drags in shape-error code)."""
    for j in range(src.size):
        dst[j] = src[j]


@njit(cache=True, inline="always")
def fill(dst, v):
    """dst[j] = v for every j."""
    for j in range(dst.size):
        dst[j] = v


@njit(**LEAN)
def norm(v):
    """The Euclidean length of ``v``."""
    s = 0.0
    for j in range(v.size):
        s += v[j] * v[j]
    return math.sqrt(s)


def kernel_data(data) -> tuple[np.ndarray, np.ndarray, int]:
    """(inputs, targets, output code) of a training set as the kernels take them (ch. 12's for None).

    The arrays are the training set's own, read-only float64 like ``network.P`` and ``network.T``: one array type,
    one compilation, for every training set.
    """
    if data is None:
        return reference.P, reference.T, LOGSIG
    return data.P, data.T, (PURELIN if data.linear else LOGSIG)
