"""Long work off the request path: Dash background callbacks, with progress and cancel.

Basin maps, restarts and learning-rate maps can take seconds; they run as background jobs in a process of their
own, report progress to a bar on the page, can be cancelled, and are cached by their inputs like the grid
(the same map asked for again is answered from the cache).

Two managers, chosen by the environment:

- embedded (the default): ``DiskcacheManager``, its queue and results in a diskcache directory that every worker
  process of the app shares (``BACKGROUND_DIR``; a directory in the system's temporary folder by default); each
  job runs in a process forked from the worker that received it.
- Celery with Redis, when ``REDIS_URL`` is set: ``CeleryManager``, the jobs run by Celery workers
  (``celery -A app.celery_app worker``, with the project's root on PYTHONPATH), broker and results in Redis.

Runs themselves stay on the request path: the epoch caps keep every run well under 0.3 s once the kernels are
compiled (``benchmarks/trajectory.py``), which is what a request may take.
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
    """The background callback manager: Celery with Redis when ``REDIS_URL`` is set, else diskcache in
    ``BACKGROUND_DIR``; results cached by their inputs either way."""
    from dash import CeleryManager, DiskcacheManager

    if env.get("REDIS_URL"):
        return CeleryManager(make_celery(env["REDIS_URL"]), cache_by=[lambda: JOB_VERSION], expire=EXPIRE)
    import diskcache

    directory = env.get("BACKGROUND_DIR") or os.path.join(tempfile.gettempdir(), "loss-surface-jobs")
    os.makedirs(directory, exist_ok=True)
    return DiskcacheManager(diskcache.Cache(directory), cache_by=[lambda: JOB_VERSION], expire=EXPIRE)


def make_celery(url: str):
    """A Celery app on the Redis at ``url`` (broker and results), with short timeouts: a job queue that is down
    must not hold a request."""
    from celery import Celery

    app = Celery("explorer", broker=url, backend=url)
    app.conf.update(
        broker_connection_timeout=2,
        broker_connection_retry_on_startup=True,
        redis_socket_timeout=2,
        redis_socket_connect_timeout=2,
        result_expires=EXPIRE,
        task_acks_late=False,
        worker_prefetch_multiplier=1,
        worker_max_tasks_per_child=200,
    )
    return app


def celery_app(app):
    """The Celery app behind a Dash ``app``'s background manager, or None when the jobs run embedded."""
    handle = getattr(getattr(app, "_background_manager", None), "handle", None)
    return handle if type(handle).__module__.startswith("celery") else None


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
