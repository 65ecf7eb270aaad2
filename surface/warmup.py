"""Compiling the engine ahead of the first request: ``warm_up()`` and ``compiled_ready()``.

``import surface`` compiles nothing. The first compiled run (or ``warm_up()``, called by the app from a
background thread at start-up) compiles every kernel the runners use, or loads them from numba's on-disk cache;
a run asked for meanwhile, from any thread, waits for that one compilation instead of starting another.

A process that forks (a background job of the app, say) waits for a compilation in progress first: a child
forked mid-compilation would inherit locks held by a thread it does not have (ours and numba's) and hang.
"""

from __future__ import annotations

import os
import threading
import time

import numpy as np

_ready = threading.Event()
_lock = threading.Lock()


def warm_up() -> float:
    """Compile (or load from numba's cache) every kernel the runner, the batch runner and the compiled problem
    use; safe from any thread, done once per process. Returns the seconds it took here (0 once done)."""
    if _ready.is_set():
        return 0.0
    with _lock:
        if _ready.is_set():
            return 0.0
        clock = time.perf_counter()
        _compile()
        _ready.set()
        return time.perf_counter() - clock


def _before_fork() -> None:
    _lock.acquire()  # held throughout a compilation: the fork waits for it to finish


def _after_fork() -> None:
    _lock.release()


os.register_at_fork(before=_before_fork, after_in_parent=_after_fork, after_in_child=_after_fork)


def compiled_ready(timeout: float | None = 0.0) -> bool:
    """Whether ``warm_up`` has finished; waits up to ``timeout`` seconds for it (None: as long as it takes)."""
    return _ready.is_set() if timeout == 0 else _ready.wait(timeout)


def _compile() -> None:
    """One tiny call of each compiled entry point, with arguments of exactly the types the real calls pass."""
    from . import lean
    from .algorithms import ALGORITHMS
    from .compiled import runs
    from .network import NOMINAL

    algo = ALGORITHMS["sdbp"]()
    start = np.array([[1.0, 1.0]])
    runs.execute(algo, start, runs.hyper_rows(algo, 1), NOMINAL, (0, 4), 1, 0.0, 0.0, 1e4, 2, 1, 1)
    lean.evaluate(start, NOMINAL, (0, 4), want=3)
