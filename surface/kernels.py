"""The compiled kernels: each algorithm's (the loop with its own compiled step) and the many-point kernel, each
compiled on its first use.

``import surface`` compiles nothing and loads no numba. A kernel is compiled (or loaded from numba's on-disk
cache) the first time a run needs it, by ``ensure``, from whichever thread asks first; the others wait for that
one compilation. The loop every algorithm's kernel shares compiles with the first of them (``compiled.driver``).
``surface.warm_up()`` prepares them all ahead, in the order a first visit needs them: steepest descent's kernel
(the app's default run) first, then the other algorithms' in the registry's order, then the many-point kernel
(``compiled.many``, for the stationary-point search). Every compilation holds ``GUARD``, which a fork waits for
(``warmup``): a child forked mid-compilation would inherit locks held by a thread it does not have (ours and
numba's) and hang.

For the page: ``status()`` says, per algorithm (and ``"many"``), whether its kernel is ``ready``, ``compiling``,
``queued`` (a warm-up under way will get to it) or ``not started``; ``wait(algorithm, epochs, free)`` says
whether a run would wait for its kernel now, about how long, and in words a person can read. While kernels are
being prepared, a run that the numpy reference answers within ``REFERENCE_BUDGET`` is answered by it, and so is
one it answers well before the kernel would be ready (``answers_now``): it gives the same end point, status and
F, to the compiled-vs-reference tolerances the tests hold the two paths to; a longer one waits for its kernel.

The figures are constants measured on the project's 2-core machine with an empty numba cache
(``python -m benchmarks.startup`` prints them again): each algorithm's kernel in its class's
``COMPILED.seconds`` and its numpy step in ``COMPILED.reference``; the loop and the network's functions every
kernel shares in ``SHARED_SECONDS`` (paid by the first kernel compiled), the many-point kernel in
``MANY_SECONDS``, a load from the cache in ``LOAD_SECONDS``.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

from .algorithms import ALGORITHMS

MANY = "many"
"""The many-point kernel's name in ``status`` and ``ensure`` (F, ∇F and H at many points: ``compiled.many``)."""

READY, COMPILING, QUEUED, NOT_STARTED = "ready", "compiling", "queued", "not started"

SHARED_SECONDS = 4.9
"""Compiling the loop every run kernel shares (``compiled.driver``) and the network's functions (F and ∇F, the
table, the exponential): paid once, by the first kernel compiled in a process with an empty numba cache."""

MANY_SECONDS = 0.9
"""Compiling the many-point kernel (F, ∇F and the exact Hessian at many points) after the run kernels."""

LOAD_SECONDS = 0.4
"""Loading one kernel from numba's on-disk cache (a process after the first on a machine)."""

REFERENCE_BUDGET = 0.3
"""While kernels are being prepared, a run whose numpy reference is estimated to take at most this many seconds
(epochs × starts × the algorithm's measured numpy step) is answered by the reference rather than waiting."""

REFERENCE_SHARE, REFERENCE_LIMIT = 0.5, 3.0
"""A longer one, up to ``REFERENCE_LIMIT`` seconds, is answered by the reference too when that takes at most
``REFERENCE_SHARE`` of the wait for its kernel: beside a compilation the reference shares the interpreter (the
GIL) with it and takes up to about twice as long. The app's default run (20,000 sdbp epochs, about 1.9 s of
numpy) asked for just after a fresh start, when steepest descent's kernel has some 5 s to go, is one."""


class FairLock:
    """A re-entrant lock granted in the order it was asked for.

    threading's locks are not fair: the thread that releases one usually takes it again before a waiting thread
    wakes. The warm-up releases the guard after one kernel and asks for it again for the next at once, so a run
    waiting for the kernel just compiled would wait behind every kernel after it (in the app, trajectory 'a'
    answered after the whole warm-up rather than after steepest descent's kernel). Tickets, served in order,
    make it wait for one compilation at most.
    """

    def __init__(self):
        self._reset()

    def _reset(self) -> None:
        self._changed = threading.Condition(threading.Lock())
        self._next = self._serving = 0
        self._owner, self._depth = None, 0

    def acquire(self) -> bool:
        me = threading.get_ident()
        with self._changed:
            if self._owner == me:
                self._depth += 1
                return True
            ticket, self._next = self._next, self._next + 1
            while ticket != self._serving:
                self._changed.wait()
            self._owner, self._depth = me, 1
            return True

    def release(self) -> None:
        with self._changed:
            if self._owner != threading.get_ident():
                raise RuntimeError("release of a lock this thread does not hold")
            self._depth -= 1
            if self._depth == 0:
                self._owner, self._serving = None, self._serving + 1
                self._changed.notify_all()

    def after_fork_in_child(self) -> None:
        """Free and empty in a forked child: the threads that held tickets in the parent are not there."""
        self._reset()

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


GUARD = FairLock()
"""Held while any kernel compiles; a fork waits for it (see ``warmup``)."""

_ready: set[str] = set()
_compiling: dict[str, float] = {}  # kernel -> when its compilation began (perf_counter)
_queue: list[str] = []  # the kernels a warm-up under way has still to prepare
_seconds: dict[str, float] = {}  # kernel -> what preparing it took here
_on_disk: dict[str, bool] = {}  # kernel -> whether numba's cache held it when the warm-up began


def kernel(name: str) -> str:
    """The kernel an algorithm runs on (its ``COMPILED.kernel``; algorithms that share a step share it), or
    ``MANY``; a ValueError for a name that is neither (never another algorithm's kernel)."""
    if name == MANY:
        return MANY
    cls = ALGORITHMS.get(name)
    if cls is None:
        raise ValueError(f"no compiled kernel for {name!r}: choose from {', '.join(ALGORITHMS)} or {MANY!r}")
    return cls.COMPILED.kernel


def ready(name: str) -> bool:
    """Whether the kernel of algorithm ``name`` (or ``MANY``) is compiled in this process."""
    return kernel(name) in _ready


def state(name: str) -> str:
    """``READY``, ``COMPILING``, ``QUEUED`` or ``NOT_STARTED``: where the kernel of ``name`` is."""
    key = kernel(name)
    if key in _ready:
        return READY
    if key in _compiling:
        return COMPILING
    return QUEUED if key in _queue else NOT_STARTED


def status() -> dict[str, str]:
    """Every algorithm's kernel and the many-point kernel: ``ready``, ``compiling``, ``queued`` or ``not started``."""
    return {name: state(name) for name in [*ALGORITHMS, MANY]}


def busy() -> bool:
    """Whether a kernel is being compiled, or a warm-up under way has kernels still to prepare."""
    return bool(_compiling or _queue)


def order() -> list[str]:
    """The order a warm-up prepares the kernels in, by the name of the first algorithm (or ``MANY``) of each:
    steepest descent's first, the other algorithms' in the registry's order, the many-point kernel last."""
    names, seen = [], set()
    for name in ["sdbp", *ALGORITHMS]:
        if name in ALGORITHMS and kernel(name) not in seen:
            seen.add(kernel(name))
            names.append(name)
    return [*names, MANY]


def ensure(name: str) -> float:
    """Compile (or load from numba's cache) the kernel of algorithm ``name`` (or ``MANY``), unless it is ready;
    safe from any thread, and a thread that asks while another compiles it waits for that one compilation.
    Returns the seconds it took here (0 when it was ready)."""
    key = kernel(name)
    if key in _ready:
        return 0.0
    with GUARD:
        if key in _ready:
            return 0.0
        clock = time.perf_counter()
        _compiling[key] = clock
        try:
            _prepare(name)
        finally:
            del _compiling[key]
        _seconds[key] = time.perf_counter() - clock
        _ready.add(key)
        if key in _queue:
            _queue.remove(key)
        return _seconds[key]


def prepare_all() -> None:
    """Every kernel, in ``order()``; the ones not yet done are ``queued`` meanwhile."""
    names = order()
    for name in names:  # asked now, before any compilation holds numba's lock (see ``_cached``)
        _on_disk.setdefault(kernel(name), _cached(name))
    _queue[:] = [kernel(n) for n in names if kernel(n) not in _ready]
    try:
        for name in names:
            ensure(name)
    finally:
        _queue.clear()


def all_ready() -> bool:
    """Whether every kernel a warm-up prepares is compiled in this process."""
    return all(kernel(name) in _ready for name in order())


def timings() -> dict[str, float]:
    """What preparing each kernel took in this process, in seconds, by kernel name (for the benchmarks)."""
    return dict(_seconds)


def _prepare(name: str) -> None:
    if name == MANY:
        from .compiled import many

        many.prepare()
    else:
        from .compiled import runs

        runs.prepare(name)


# ---------- would a request wait? ----------


def reference_seconds(name: str, epochs: int, free: int = 2, starts: int = 1) -> float:
    """About how long the numpy reference takes for ``starts`` runs of ``epochs`` epochs of algorithm ``name``
    with ``free`` free parameters (its measured step, ``COMPILED.reference``; a seventh of it more per parameter
    past two: the numpy overhead of each call, not the arithmetic, is most of a step)."""
    per_step = ALGORITHMS[name].COMPILED.reference if name in ALGORITHMS else float("inf")
    return per_step * max(0, int(epochs)) * max(1, int(starts)) * (1.0 + max(0, int(free) - 2) / 7.0)


def answers_now(name: str, epochs: int, free: int = 2, starts: int = 1) -> bool:
    """Whether such a run is better answered by the numpy reference than by its compiled kernel now: the kernel
    is not ready while kernels are being prepared (``busy``), and the reference takes at most
    ``REFERENCE_BUDGET``, or at most ``REFERENCE_LIMIT`` and ``REFERENCE_SHARE`` of the wait for the kernel.
    (With nothing being prepared, a run compiles its kernel and waits for it: a notebook's first compiled run,
    or a test of the compiled path, runs compiled.)"""
    if name == MANY or ready(name) or not busy():
        return False
    seconds = reference_seconds(name, epochs, free, starts)
    if seconds <= REFERENCE_BUDGET:
        return True
    return seconds <= REFERENCE_LIMIT and seconds <= REFERENCE_SHARE * _remaining(name, _on_disk_now(name))


@dataclass(frozen=True)
class Wait:
    """Whether a run would wait for its kernel now: ``seconds`` about how long (0: it would not), whether the
    numpy reference answers it meanwhile (``reference``), the kernel's ``state`` and ``message``, the words for
    the page ("" when there is nothing to wait for)."""

    algorithm: str
    kernel: str
    state: str
    seconds: float
    reference: bool
    message: str

    def __bool__(self) -> bool:
        return self.seconds > 0


def wait(name: str, epochs: int = 1, free: int = 2, starts: int = 1) -> Wait:
    """Would a compiled run of algorithm ``name`` (or a call of the ``MANY`` kernel) wait now, and about how
    long? ``epochs``, ``free`` and ``starts`` describe the request (a batch is ``starts`` runs). The estimate
    comes from the measured compile times (see the module's docstring): a kernel compiling now, what is left of
    it; one not started, what the kernel compiling now has left and its own time, or a load from numba's cache
    when the machine has compiled it before."""
    key = kernel(name)
    now = state(name)
    title = "the many-point kernel" if name == MANY else f"the compiled loop for {ALGORITHMS[name].title}"
    if now == READY:
        return Wait(name, key, now, 0.0, False, "")
    if name != MANY and answers_now(name, epochs, free, starts):
        return Wait(name, key, now, 0.0, True, "")
    cached = _on_disk_now(name)
    seconds = _remaining(name, cached)
    about = f"about {max(1, round(seconds))} s"
    message = f"Loading {title}: {about}." if cached else f"Preparing {title}: {about}, once per machine."
    return Wait(name, key, now, seconds, False, message)


def _remaining(name: str, cached: bool) -> float:
    """About how long until the kernel of ``name`` is ready: what is left of its compilation under way, or of
    the one under way ahead of it and then its own (a load when ``cached``)."""
    key, clock = kernel(name), time.perf_counter()
    compiling = dict(_compiling)  # a copy: other threads start and finish compilations meanwhile
    if key in compiling:
        return max(0.5, _seconds_of(key, cached) - (clock - compiling[key]))
    ahead = sum(max(0.0, _seconds_of(k, False) - (clock - t0)) for k, t0 in compiling.items())
    return ahead + _seconds_of(key, cached)


def _seconds_of(key: str, cached: bool) -> float:
    """Preparing a kernel by its name: a load, or its compilation with an empty cache, with the loop and the
    network's functions when it is the first."""
    if cached:
        return LOAD_SECONDS
    first = not _ready and all(k == key for k in list(_compiling))
    if key == MANY:
        own = MANY_SECONDS
    else:
        own = next((c.COMPILED.seconds for c in ALGORITHMS.values() if c.COMPILED.kernel == key), SHARED_SECONDS)
    return own + (SHARED_SECONDS if first else 0.0)


def _on_disk_now(name: str) -> bool:
    """``_cached`` without waiting: while kernels are being prepared, what the warm-up found before it began."""
    return _on_disk.get(kernel(name), False) if busy() else _cached(name)


def _cached(name: str) -> bool:
    """Whether numba's on-disk cache holds the kernel of ``name`` for this source (it then loads in about
    ``LOAD_SECONDS``); False when that cannot be told. Loads numba (the kernel's dispatcher, not a compilation),
    which waits for numba's compiler lock: while kernels compile, ``wait`` reads what the warm-up found before it
    began (``_on_disk``) instead, so that a request asking whether it would wait is answered at once."""
    if name != MANY:
        from .compiled import driver

        return driver.cached(ALGORITHMS[name].COMPILED)
    try:
        from .compiled.network import many

        return bool(many._cache._cache_file._load_index())  # numba's own check of the index against the source
    except Exception:  # a private interface of numba (pinned): if it moves, say "compiling", never fail
        return False


def _after_fork_in_child() -> None:
    # a warm-up thread is not forked with the process: nothing is queued in the child
    _queue.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)
