"""The compiled loop: any algorithm from many starts, each stopped by the runner's rules on its own.

``run`` is ``runner._run_steps`` compiled, for each of a set of starts with one row of hyperparameters per start:
it steps a start until the epoch budget is spent, F reaches the goal, |∇F| falls to the tolerance, F or the
parameters stop being finite or leave the bound (diverged), a step no longer moves the parameters (stalled), or
the algorithm halts itself. A single training run is the n = 1 case, recorded in full. ``run`` releases the GIL,
so ``runs`` spreads the starts over every core with threads.

Stop codes: ``STOP`` names the runner's own, ``HALTED + i`` is the algorithm's halt ``HALT_REASONS[i]``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from . import steps
from .network import copy, fill, make_net, norm
from .steps import MOVED

STOP = ("max_epochs", "goal", "gradient", "diverged", "bound", "stalled")
MAX_EPOCHS, GOAL, GRADIENT, DIVERGED, BOUND, STALLED = range(6)
HALTED = len(STOP)


@njit(cache=True, inline="always")
def _reached(f, gn, goal, grad_tol):
    if goal > 0.0 and f <= goal:
        return GOAL
    if grad_tol > 0.0 and gn <= grad_tol:
        return GRADIENT
    return -1


@njit(cache=True, inline="always")
def _finite(f, z, g):
    ok = math.isfinite(f)
    for j in range(z.size):
        ok = ok and math.isfinite(z[j]) and math.isfinite(g[j])
    return ok


@njit(cache=True, inline="always")
def _same(a, b):
    same = True
    for j in range(a.size):
        same = same and a[j] == b[j]
    return same


@njit(cache=True, inline="always")
def _outside(z, bound):
    out = False
    for j in range(z.size):
        out = out or abs(z[j]) > bound
    return out


@njit(cache=True, inline="always")
def _cost(counts, samples):
    """``runner.evaluation_cost``: F, ∇F, J and H one pass each, ``samples`` single-sample gradients one."""
    whole = counts[steps.F] + counts[steps.GRADIENT] + counts[steps.JACOBIAN] + counts[steps.HESSIAN]
    return float(whole) + counts[steps.SAMPLE] / samples


@njit(cache=True, inline="always")
def _record(s, kept, stride, xs, fs, gns, evals, z, f, gn, cost):
    """Keep iterate ``s`` in row ``kept``; returns (rows kept, the next iterate to keep or −1 when full)."""
    copy(xs[kept], z)
    fs[kept], gns[kept], evals[kept] = f, gn, cost
    kept += 1
    return kept, (s + stride if kept < xs.shape[0] else -1)


@njit(cache=True)
def _grow(log, nlog):
    """``log`` with its ``nlog`` rows, doubled."""
    bigger = np.empty((2 * log.shape[0] + steps.EVENTS_PER_STEP, log.shape[1]))
    for r in range(nlog):
        copy(bigger[r], log[r])
    return bigger


@njit(cache=True)
def _init(code, h, z, g, c, u):
    """The algorithm's own state at the start (``c`` and ``u`` arrive zeroed)."""
    if code == steps.VARIABLE:
        c[0], c[1] = h[0], h[4]  # the α and γ of the next step
    elif code == steps.CONJUGATE:
        for j in range(z.size):
            u[j] = -g[j]  # the search direction
    elif code == steps.LEVENBERG:
        c[0] = h[0]  # μ
    elif code == steps.BAYES:
        c[0], c[1], c[2], c[3] = h[0], 0.0, 1.0, float(z.size)  # μ, α, β, γ


@njit(cache=True, nogil=True, error_model="numpy")
def run(
    code, order, starts, hypers, base, free, p, t, output, epochs, goal, grad_tol, bound, stride, xs, fs, gns, evals,
    traces, log, keep, ends, end_f, end_g, end_c, used, stops, counts,
):  # fmt: skip
    """Train algorithm ``code`` from ``starts[i]`` with hyperparameters ``hypers[i]``, for each i in ``order``, on
    the training set of inputs ``p``, targets ``t`` and output transfer function ``output`` (``network.make_net``).

    Per start i it writes the end point ``ends[i]`` (the last iterate kept), its F and ∇F, the algorithm's
    scalars there (``end_c[i]``: μ, BR's α, β and γ, …), the epochs ``used``, the stop code, the evaluation
    ``counts``, and a record: iterates 0, stride, 2 stride, … in the rows
    of ``xs[i]``, ``fs[i]``, ``gns[i]``, ``evals[i]`` while there is room, step s's traces in
    row s of ``traces[i]`` when there is room (empty arrays record nothing). Events go to ``log``, grown as
    needed, when ``keep`` (n = 1); otherwise it is scratch. Returns the log and its length.
    """
    k = starts.shape[1]
    samples = p.size
    nlog = np.int64(0)  # not a literal 0, which would type the steps a second time
    for i in order:
        # this start's rows, taken once: a view made inside the loop would cost reference counts every epoch
        h, n, z = hypers[i], counts[i], starts[i].copy()
        xs_i, fs_i, gns_i, evals_i, traces_i = xs[i], fs[i], gns[i], evals[i], traces[i]
        net = make_net(base, p, t, output)
        g, z_old, g_old = np.empty(k), np.empty(k), np.empty(k)
        u, w, c = np.zeros(k), np.zeros(k), np.zeros(4)  # the algorithm's own state (see ``steps``)
        tmp = np.empty((3, k))
        order41 = np.empty(samples, dtype=np.int64)
        info = np.empty(steps.TRACE_SLOTS)
        fill(n, 0)
        f = steps.evaluate(net, free, z, g, n)
        _init(code, h, z, g, c, u)
        gn = norm(g)
        kept, due = 0, (0 if xs_i.shape[0] else -1)  # rows recorded, and the next iterate to record
        if due == 0:
            kept, due = _record(0, kept, stride, xs_i, fs_i, gns_i, evals_i, z, f, gn, _cost(n, samples))
        stop = _reached(f, gn, goal, grad_tol)
        s = np.int64(0)
        while stop < 0 and s < epochs:
            if not keep:
                nlog = 0
            elif nlog + steps.EVENTS_PER_STEP > log.shape[0]:  # room for this step's events
                log = _grow(log, nlog)
            copy(z_old, z)
            copy(g_old, g)
            f_old = f
            fill(info, np.nan)
            outcome = MOVED
            if code == steps.MOMENTUM:
                f = steps.momentum(net, free, z, g, u, h[0], h[1], n)
            elif code == steps.NESTEROV:
                f = steps.nesterov(net, free, z, g, u, tmp, h[0], h[1], n)
            elif code == steps.RMSPROP:
                f = steps.rmsprop(net, free, z, g, u, h[0], h[1], h[2], n)
            elif code == steps.ADAM:
                f = steps.adam(net, free, z, g, u, w, c, h[0], h[1], h[2], h[3], n)
            elif code == steps.INCREMENTAL:
                f = steps.incremental(net, free, z, g, order41, h[0], int(h[1]), s, n)
            elif code == steps.VARIABLE:
                f, outcome, nlog = steps.variable(net, free, h, z, f, g, u, c, tmp, log, nlog, s, info, n)
            elif code == steps.CONJUGATE:
                f, outcome, nlog = steps.conjugate(net, free, h, z, f, g, u, c, tmp, log, nlog, s, info, n)
            elif code == steps.LEVENBERG:
                f, outcome, nlog = steps.levenberg(net, free, h, z, f, g, c, log, nlog, s, info, n)
            elif code == steps.NEWTON:
                f, outcome = steps.newton(net, free, z, f, g, n)
            else:
                f, outcome, nlog = steps.bayes(net, free, h, z, f, g, c, log, nlog, s, info, n)
            if outcome >= 0:
                stop = HALTED + outcome
            elif not _finite(f, z, g):
                stop = DIVERGED
            elif outcome == MOVED and _same(z, z_old):
                stop = STALLED
            if stop >= 0:  # the last kept iterate stays the end
                copy(z, z_old)
                copy(g, g_old)
                f = f_old
                break
            if s < traces_i.shape[0]:
                for j in range(traces_i.shape[1]):
                    traces_i[s, j] = info[j]
            s += 1
            gn = norm(g)
            if s == due:
                kept, due = _record(s, kept, stride, xs_i, fs_i, gns_i, evals_i, z, f, gn, _cost(n, samples))
            if _outside(z, bound):
                stop = BOUND
                break
            stop = _reached(f, gn, goal, grad_tol)
        copy(ends[i], z)
        copy(end_g[i], g)
        copy(end_c[i], c)
        end_f[i], used[i], stops[i] = f, s, MAX_EPOCHS if stop < 0 else stop
    return log, nlog
