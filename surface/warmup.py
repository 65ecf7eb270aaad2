"""Compiling the engine ahead of the first request: ``warm_up()`` and ``compiled_ready()``.

``import surface`` compiles nothing. Each kernel compiles on its first use (``surface.kernels``); ``warm_up()``,
which the app calls from a background thread when it starts serving, prepares them all ahead, steepest descent's
loop first and the many-point kernel last, each compiled or loaded from numba's on-disk cache. A run asked for
meanwhile, from any thread, waits only for its own kernel (or, if it is short, is answered by the numpy
reference: ``kernels.answers_now``), and never starts a second compilation of it.

A process that forks (a background job of the app, say) waits for a compilation in progress first: a child
forked mid-compilation would inherit locks held by a thread it does not have (ours and numba's) and hang.
``_lock`` is held by every compilation, from the warm-up or from a request.
"""

from __future__ import annotations

import os
import threading
import time

from . import kernels

_ready = threading.Event()
_lock = kernels.GUARD
_once = threading.Lock()  # one warm-up at a time


def warm_up() -> float:
    """Compile (or load from numba's cache) every kernel the runner, the batch runner and the compiled problem
    use, in ``kernels.order()``; safe from any thread, done once per process. Returns the seconds it took here
    (0 once done)."""
    if _ready.is_set():
        return 0.0
    with _once:
        if _ready.is_set():
            return 0.0
        clock = time.perf_counter()
        _compile()
        _ready.set()
        return time.perf_counter() - clock


def _before_fork() -> None:
    _lock.acquire()  # held throughout a compilation: the fork waits for it to finish


def _after_fork_in_parent() -> None:
    _lock.release()


def _after_fork_in_child() -> None:
    global _once
    _lock.after_fork_in_child()  # free, with no ticket of the parent's other threads waiting
    _once = threading.Lock()  # a warm-up thread of the parent may hold it between two kernels; it is not here


os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_in_parent, after_in_child=_after_fork_in_child)


def compiled_ready(timeout: float | None = 0.0) -> bool:
    """Whether every kernel is compiled (by ``warm_up`` or on first use); waits up to ``timeout`` seconds for a
    warm-up (None: as long as it takes)."""
    if _ready.is_set() or kernels.all_ready():
        return True
    return False if timeout == 0 else _ready.wait(timeout)


def _compile() -> None:
    """Every kernel, in order (``kernels.prepare_all``)."""
    kernels.prepare_all()
