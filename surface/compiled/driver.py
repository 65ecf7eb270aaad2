"""The compiled loop: an algorithm's kernel, from many starts, each stopped by the runner's rules on its own.

``run`` is ``runner._run_steps`` compiled, for each of a set of starts with one row of hyperparameters per start:
it steps a start until the epoch budget is spent, F reaches the goal, |∇F| falls to the tolerance, F or the
parameters stop being finite or leave the bound (diverged), a step no longer moves the parameters (stalled), or
the algorithm halts itself. A single training run is the n = 1 case, recorded in full. ``run`` releases the GIL,
so ``runs`` spreads the starts over every core with threads.

Stop codes: ``STOP`` names the runner's own, ``HALTED + i`` is the algorithm's halt ``HALT_REASONS[i]``.

An algorithm's kernel is this loop with its own compiled step and init (``steps``) passed in as first-class
functions: numba function pointers of the one signature every step has (``STEP``) and every init (``INIT``).
``kernel`` gives it for an algorithm's ``Compiled`` declaration. The loop compiles once, with the first kernel
asked for (or loads from numba's on-disk cache), and each step compiles on its kernel's first use; there is no
dispatch over algorithms, so compiling one compiles only its own step, and a step ``kernel`` cannot find is an
error, never another algorithm's.

Why one loop and pointers rather than a copy of the loop per algorithm (tried first): numba links every callee
into each caller and optimises the whole again, so eleven copies of the loop took 49 s of CPU to compile from
an empty cache against 23 s for the old loop that dispatched over every algorithm; the loop compiled once with
the step passed by pointer compiles steepest descent's kernel in about 5 s and all of them in about 23 s, and an
epoch costs the same (300,000 sdbp epochs: 80 ms of CPU either way): the pointer call is a few nanoseconds
against an epoch's 270.
"""

from __future__ import annotations

import importlib
import math
import threading

import numpy as np
from numba import njit, types

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


def run(
    step, init, order, starts, hypers, base, free, p, t, output, epochs, goal, grad_tol, bound, stride, xs, fs, gns,
    evals, traces, log, keep, ends, end_f, end_g, end_c, used, stops, counts,
):  # fmt: skip
    """Train the kernel's algorithm from ``starts[i]`` with hyperparameters ``hypers[i]``, for each i in ``order``,
    on the training set of inputs ``p``, targets ``t`` and output transfer function ``output``
    (``network.make_net``). ``step`` and ``init`` are the algorithm's compiled step and init (``kernel``).
    Compiled once, by ``loop``, for the signature ``RUN``.

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
        init(h, z, g, c, u)
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
            f, outcome, nlog = step(net, free, h, z, f, g, u, w, c, tmp, order41, log, nlog, s, info, n)
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


F1 = types.Array(types.float64, 1, "C")
F2 = types.Array(types.float64, 2, "C")
F3 = types.Array(types.float64, 3, "C")
I1 = types.Array(types.int64, 1, "C")
I2 = types.Array(types.int64, 2, "C")
READ_ONLY = types.Array(types.float64, 1, "C", readonly=True)
STEP = types.Tuple((types.float64, types.int64, types.int64))(
    F2, I1, F1, F1, types.float64, F1, F1, F1, F1, F2, I1, F2, types.int64, types.int64, F1, I1
)
"""Every step's signature: step(net, free, h, z, f, g, u, w, c, tmp, order, log, nlog, epoch, info, counts)
-> (F, outcome, nlog) (see ``steps``)."""
INIT = types.none(F1, F1, F1, F1, F1)
"""Every init's signature: init(h, z, g, c, u)."""
RUN = types.Tuple((F2, types.int64))(
    types.FunctionType(STEP), types.FunctionType(INIT), I1, F2, F2, F1, I1, READ_ONLY, READ_ONLY, types.int64,
    types.int64, types.float64, types.float64, types.float64, types.int64, F3, F2, F2, F2, F3, F2, types.boolean, F2,
    F1, F2, F2, I1, I1, I2,
)  # fmt: skip
"""The loop's signature: ``run``'s arguments as ``runs.execute`` passes them (the inputs and targets read-only,
as the training sets hold them)."""

_loop = None
_made = threading.Lock()


def resolve(reference: str):
    """The compiled function a ``Compiled`` declaration names: a bare name in ``steps``, or
    ``"package.module:function"``; a ValueError when there is none."""
    module, _, name = reference.rpartition(":")
    where = importlib.import_module(module) if module else steps
    found = getattr(where, name, None)
    if not (name and callable(getattr(found, "py_func", None))):
        raise ValueError(f"{where.__name__} has no compiled function {name!r}")
    return found


def loop():
    """``run`` compiled for ``RUN`` (or loaded from numba's cache): done on the first call, in that thread."""
    global _loop
    with _made:
        if _loop is None:
            _loop = njit(RUN, cache=True, nogil=True, error_model="numpy")(run)
    return _loop


def kernel(compiled):
    """The kernel of the algorithm whose ``Compiled`` declaration is ``compiled``: a function of ``run``'s
    arguments after ``step`` and ``init``, with those bound to its step and init, each compiled for its signature
    here (on first use; numba keeps it, and its cache on disk)."""
    step, init = resolve(compiled.step), resolve(compiled.init)
    step.compile(STEP.args)
    init.compile(INIT.args)
    compiled_loop = loop()

    def call(*args):
        return compiled_loop(step, init, *args)

    return call


def cached(compiled) -> bool:
    """Whether numba's on-disk cache holds this kernel for the current sources (its step, its init and the loop),
    so that preparing it is a load rather than a compilation. Reads numba's cache index through a private
    interface (numba is pinned); False when it cannot tell."""
    try:
        functions = [resolve(compiled.step), resolve(compiled.init), _loop or njit(cache=True)(run)]
        return all(bool(f._cache._cache_file._load_index()) for f in functions)
    except Exception:  # the private interface moved: say "compiling", never fail
        return False
