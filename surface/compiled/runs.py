"""The Python side of the compiled loop: hyperparameters in, records out, starts spread over every core.

Each algorithm's class declares its compiled step (``COMPILED``: the step, its init, the order of its
hyperparameters); ``kernel`` gives its own loop (``driver.kernel``). ``run_many`` runs many starts, each with
its own row of hyperparameters, on a thread per core (the compiled loop releases the GIL);
``trajectory`` runs one start, recorded in full, and returns what ``runner._run_steps`` returns (iterates, F,
|∇F|, evaluations, stop reason, traces and events, in the same shapes and words).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np

from .. import network
from ..algorithms import ALGORITHMS, Algorithm, State
from ..algorithms.base import HALT_REASONS
from . import driver, steps
from .network import kernel_data


def algorithm(name: str) -> Algorithm:
    """The registry's algorithm ``name`` with its default hyperparameters; a ValueError for a name the registry
    does not know (never another algorithm's kernel)."""
    cls = ALGORITHMS.get(name)
    if cls is None:
        raise ValueError(f"no compiled kernel for {name!r}: the registry knows {', '.join(ALGORITHMS)}")
    return cls()


def kernel(algo: Algorithm):
    """``algo``'s own compiled loop (``driver.kernel`` of its ``COMPILED``), compiled on its first call."""
    if ALGORITHMS.get(algo.name) is not type(algo):
        raise ValueError(f"{type(algo).__name__} ({algo.name!r}) is not the registry's algorithm of that name")
    return driver.kernel(algo.COMPILED)


def prepare(name: str) -> None:
    """Compile (or load from numba's cache) the kernel of algorithm ``name``: one tiny run with arguments of
    exactly the types real runs pass."""
    algo = algorithm(name)
    start = np.array([[1.0, 1.0]])
    execute(algo, start, hyper_rows(algo, 1), network.NOMINAL, (0, 4), 1, 0.0, 0.0, 1e4, 2, 1, 1)


THREADS = max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
"""Threads a batch is spread over: one per core this process may use."""

MIN_PER_THREAD = 4
"""A batch of fewer starts per thread than this runs on one thread: starting threads would cost more."""


def hyper_rows(algo: Algorithm, n: int, values: Mapping | None = None) -> np.ndarray:
    """The (n, m) hyperparameter rows of ``algo`` for n starts; ``values`` overrides some with one value per start."""
    merged = algo.hyper() | dict(values or {})
    columns = [np.broadcast_to(np.asarray(c, dtype=float), (n,)) for c in algo.COMPILED.hyper(merged)]
    return np.ascontiguousarray(np.column_stack(columns))


@dataclass(frozen=True)
class Raw:
    """What ``driver.run`` wrote, per start (see there)."""

    ends: np.ndarray
    F: np.ndarray
    gradients: np.ndarray
    scalars: np.ndarray
    epochs: np.ndarray
    stops: np.ndarray
    counts: np.ndarray
    xs: np.ndarray
    fs: np.ndarray
    gns: np.ndarray
    evals: np.ndarray
    traces: np.ndarray
    log: np.ndarray

    @property
    def grad_norm(self) -> np.ndarray:
        return np.linalg.norm(self.gradients, axis=1)

    def state(self, algo: Algorithm, i: int) -> State:
        """Where start i ended, as ``algo``'s ``State`` (x, F, ∇F and its scalars: what a halt's words may quote)."""
        fields = algo.COMPILED.state(self.scalars[i].tolist())
        return (algo.STATE or State)(x=self.ends[i].copy(), F=float(self.F[i]), g=self.gradients[i].copy(), **fields)

    def statuses(self, algo: Algorithm) -> np.ndarray:
        """Each start's status, in the runner's words (an algorithm's halts worded by the algorithm)."""
        words = {}
        for code in np.unique(self.stops).tolist():
            first = int(np.flatnonzero(self.stops == code)[0])
            words[code] = stop_reason(algo, code, self.state(algo, first))[0]
        return np.array([words[code] for code in self.stops.tolist()])


def run_many(
    algo: Algorithm,
    starts,
    hypers,
    base,
    free,
    *,
    epochs,
    goal,
    grad_tol,
    bound,
    rows=0,
    stride=1,
    traces=0,
    data=None,
) -> Raw:
    """Run ``algo`` from every row of ``starts`` (n, k), each with its row of ``hypers``; spread over threads.

    ``rows`` iterates are kept per start, every ``stride``-th; ``traces`` steps of traces. The event log is
    kept only for a single start (n = 1). ``data`` is the training set (ch. 12's by default). The kernel compiles
    on its first call; ``surface.kernels.ensure`` compiles it first, safely from any thread (the callers in
    ``runner`` and ``batch`` do).
    """
    return execute(algo, starts, hypers, base, free, epochs, goal, grad_tol, bound, rows, stride, traces, data)


def execute(
    algo: Algorithm, starts, hypers, base, free, epochs, goal, grad_tol, bound, rows, stride, traces, data=None
) -> Raw:
    """``run_many`` without the warm-up: every argument converted to the one type the kernel is compiled for."""
    starts = np.array(starts, dtype=float, order="C")  # fresh writable copies: one type for every call
    n, k = starts.shape
    keep = n == 1
    out = Raw(
        ends=np.empty((n, k)),
        F=np.empty(n),
        gradients=np.empty((n, k)),
        scalars=np.empty((n, 4)),
        epochs=np.empty(n, dtype=np.int64),
        stops=np.empty(n, dtype=np.int64),
        counts=np.empty((n, len(steps.COUNTED)), dtype=np.int64),
        xs=np.empty((n, rows, k)),
        fs=np.empty((n, rows)),
        gns=np.empty((n, rows)),
        evals=np.empty((n, rows)),
        traces=np.empty((n, traces, len(algo.TRACES))),
        log=np.empty((0, 0)),
    )
    loop = kernel(algo)
    hypers = np.array(hypers, dtype=float, order="C")
    base = np.array(base, dtype=float, order="C")
    free = np.array(free, dtype=np.int64, order="C")
    p, t, output = kernel_data(data)
    limits = (int(epochs), float(goal), float(grad_tol), float(bound), int(stride))
    record = (out.xs, out.fs, out.gns, out.evals, out.traces)
    results = (out.ends, out.F, out.gradients, out.scalars, out.epochs, out.stops, out.counts)

    def part(order):
        log = np.empty((steps.EVENTS_PER_STEP * (4 if keep else 1), steps.LOG_COLUMNS + 2 * k))
        return loop(order, starts, hypers, base, free, p, t, output, *limits, *record, log, keep, *results)

    threads = min(THREADS, n // MIN_PER_THREAD)
    if threads <= 1:
        log, nlog = part(np.arange(n, dtype=np.int64))
    else:  # interleaved, so that neighbouring starts (alike in cost) are shared out evenly
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(part, [np.arange(j, n, threads, dtype=np.int64) for j in range(threads)]))
        log, nlog = np.empty((0, 0)), 0
    return replace(out, log=log[:nlog])


def stop_reason(algo: Algorithm, stop: int, state: State) -> tuple[str, str]:
    """(status, detail) of a stop code, as the numpy runner words it; an algorithm's halt at ``state`` comes from
    the algorithm itself."""
    if stop >= driver.HALTED:
        return algo.halt(HALT_REASONS[stop - driver.HALTED], state)
    if stop == driver.BOUND:
        return "diverged", "bound"
    if stop == driver.DIVERGED:
        return "diverged", "non-finite"
    return driver.STOP[stop], ""


def trajectory(algo: Algorithm, compiled_network, x0, epochs, goal, grad_tol, bound):
    """One run, recorded in full: what ``runner._run_steps`` returns, from the compiled loop."""
    raw = run_many(
        algo,
        np.asarray(x0, dtype=float)[None, :],
        hyper_rows(algo, 1),
        compiled_network.base,
        compiled_network.index,
        epochs=epochs,
        goal=goal,
        grad_tol=grad_tol,
        bound=bound,
        rows=epochs + 1,
        traces=epochs,
        data=compiled_network.data,
    )
    used = int(raw.epochs[0])
    status, detail = stop_reason(algo, int(raw.stops[0]), raw.state(algo, 0))
    counts = {name: int(c) for name, c in zip(steps.COUNTED, raw.counts[0], strict=True) if c}
    traces = {name: raw.traces[0, :used, j].copy() for j, name in enumerate(algo.TRACES)}
    events = {name: _events(algo, name, raw.log) for name in algo.EVENTS}
    return (
        raw.xs[0, : used + 1],
        raw.fs[0, : used + 1],
        raw.gns[0, : used + 1],
        raw.evals[0, : used + 1],
        counts,
        status,
        detail,
        traces | events,
    )


def _events(algo: Algorithm, kind: str, log: np.ndarray) -> list[dict]:
    """The event log's rows as the numpy steps' event dicts of ``kind``: rejected trials (``"rejected"``, each
    with the parameter the algorithm's ``COMPILED.trial`` names) or line searches with their probes
    (``"line_search"``).

    Only the columns each kind of row uses are turned into Python numbers: a long CG run logs many probes.
    """
    if kind not in ("rejected", "line_search"):
        raise ValueError(f"the compiled loop logs no {kind!r} events")
    if not len(log):
        return []
    k = (log.shape[1] - steps.LOG_COLUMNS) // 2
    point = slice(steps.LOG_COLUMNS, steps.LOG_COLUMNS + k)
    if kind == "rejected":
        name = algo.COMPILED.trial
        epoch, where, f, value = log[:, 0].astype(np.int64), log[:, point], log[:, 2], log[:, 3]
        rows = zip(epoch.tolist(), where.tolist(), f.tolist(), value.tolist(), strict=True)
        return [{"epoch": e, "point": x, "F": f, name: v} for e, x, f, v in rows]
    heads = np.flatnonzero(log[:, 1] == steps.SEARCH)
    probes = log[:, 2:4].tolist()  # (a, F) of the probe rows; the head rows' entries are skipped below
    head = log[heads]
    fields = zip(
        heads.tolist(),
        head[:, 0].astype(np.int64).tolist(),
        head[:, point].tolist(),
        head[:, steps.LOG_COLUMNS + k :].tolist(),
        head[:, 2:9].tolist(),
        strict=True,
    )
    return [
        {
            "epoch": epoch,
            "origin": origin,
            "direction": direction,
            "probes": probes[r + 1 : r + 1 + int(count)],
            "bracket": [lo, hi],
            "interval": [start, end],
            "step": step,
            "unbounded": bool(unbounded),
        }
        for r, epoch, origin, direction, (lo, hi, start, end, step, unbounded, count) in fields
    ]
