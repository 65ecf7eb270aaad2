"""Timing helpers shared by the benchmark scripts: best-of-n wall times, measured interleaved, and the baseline."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

BUFFER = 1 << 15
"""Values per in-place exp call: 256 KiB in and 256 KiB out, resident in a core's L2 cache."""


def best_of(fn: Callable[[], object], repeats: int = 7) -> float:
    """The shortest of ``repeats`` wall-clock times of ``fn()``, in seconds (the least disturbed run)."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def ratio(work: Callable[[], object], baseline: Callable[[], object], rounds: int = 3, repeats: int = 5):
    """(work seconds, baseline seconds, ratio): best times of both, taken in alternating rounds."""
    w = b = float("inf")
    for _ in range(rounds):
        w = min(w, best_of(work, repeats))
        b = min(b, best_of(baseline, repeats))
    return w, b, w / b


def exp_pass(values: int) -> Callable[[], None]:
    """One in-place exp pass over ``values`` values: ``np.exp(v, out=buf)`` on a cache-sized buffer, repeated.

    The baseline every benchmark states its ratios against (design.md): the allocating ``np.exp(v)`` is about
    twice as slow, and would flatter every ratio.
    """
    v = np.random.default_rng(0).uniform(-5, 5, BUFFER)
    buf = np.empty(BUFFER)
    whole, rest = divmod(int(values), BUFFER)

    def run() -> None:
        for _ in range(whole):
            np.exp(v, out=buf)
        np.exp(v[:rest], out=buf[:rest])

    return run
