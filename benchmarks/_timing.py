"""Timing helpers shared by the benchmark scripts: best-of-n wall times, measured interleaved."""

from __future__ import annotations

import time
from collections.abc import Callable


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
