"""Long work off the request path: Dash background callbacks, with progress and cancel.

Basin maps, restarts and learning-rate maps can take seconds; they run as background jobs in a process of their
own, report progress to a bar on the page, can be cancelled, and are cached by their inputs like the grid
(the same map asked for again is answered from the cache). The embedded manager keeps its queue and results in a
diskcache directory, which every worker process of the app shares; ``BACKGROUND_DIR`` says where (a directory
in the system's temporary folder by default).
"""

from __future__ import annotations

import os
import tempfile

JOB_VERSION = "1"
"""Part of every cached job's key: bump it when what a job computes changes, so old results are not served."""

POLL_MS = 200
"""How often the page asks a running job for its progress and result (Dash polls; its default, 1 s, would add up to a
second to a job that takes half of one)."""

EXPIRE = 3600
"""Seconds a finished job's result stays in the cache without being asked for."""


def manager(env=os.environ):
    """The background callback manager: diskcache in ``BACKGROUND_DIR``, results cached by their inputs."""
    import diskcache
    from dash import DiskcacheManager

    directory = env.get("BACKGROUND_DIR") or os.path.join(tempfile.gettempdir(), "loss-surface-jobs")
    os.makedirs(directory, exist_ok=True)
    return DiskcacheManager(diskcache.Cache(directory), cache_by=[lambda: JOB_VERSION], expire=EXPIRE)


NICENESS = 10
"""How much lower a job's process runs than the app's: on a machine with few cores a job that takes every core
would otherwise starve the requests of everyone using the page."""


def lower_priority() -> None:
    """Run this job's process (a child of the app's) below the app: interactive requests come first."""
    try:
        if os.getpriority(os.PRIO_PROCESS, 0) < NICENESS:
            os.setpriority(os.PRIO_PROCESS, 0, NICENESS)
    except (AttributeError, OSError):  # not on this platform, or not allowed: the job runs as it is
        pass


class Orphaned(RuntimeError):
    """The app that started this job has gone: nobody is waiting for its result."""


def progress_feed(set_progress, label: str):
    """A ``progress(done, total)`` for the engine's batch runs that moves a progress bar (value, max, words).

    It is called from inside the job's process: it lowers the process's priority and says the job has started.
    Between pieces of work it checks that the app which started the job is still there; when the app has stopped,
    the job stops too (raising ``Orphaned``) rather than running on for nobody."""
    lower_priority()
    parent = os.getppid()
    set_progress((0, 1, f"{label}: starting"))

    def feed(done: int, total: int) -> None:
        if os.getppid() != parent:
            raise Orphaned("the app that started this job has stopped")
        set_progress((done, total, f"{label}: {done:,} of {total:,} starts"))

    return feed
