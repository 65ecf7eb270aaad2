"""Long work as jobs: named by what they compute, shared, bounded, cancelled when nobody waits, run apart from the
web workers.

A job is a checked request of a kind (``where each start ends``, random restarts, the learning-rate map: each a
``JobType`` a component registers). Its name is a digest of its kind and request, so a class opening the same
lesson shares one computation and one result. Before it is queued its cost (an estimate in seconds on this kind
of machine) is held against a budget, and the queue against its bound; each page (a browser tab's client id)
keeps at most one job running and one waiting, a newer request replacing its own older waiting one. Runners
(``start_runners``: processes of their own, started with serving, never by a web request) take the oldest
waiting job, at most ``workers`` at once, report progress, and stop a job that no page has asked about for
``stale`` seconds. A job whose runner died (a runner killed, a Celery worker lost) is reported as lost, never as
the client's fault, and may be retried. Results are JSON, expire, and the store is bounded in size.

Two stores, chosen by the environment:

- embedded (the default): SQLite in a private directory of the app's own (``JOB_DIR``; under the user's cache
  directory by default), created 0700, refused when someone else owns it or others may write to it; nothing in
  it is ever unpickled. The runners are processes started by ``python app.py``, the command, or gunicorn's
  master (``gunicorn.conf.py``), so recycling a web worker never kills a job.
- Redis, when ``REDIS_URL`` is set: the records in Redis (every call with short timeouts: a Redis that is down
  or hung answers "long jobs are unavailable for now" within a second), the work done by Celery workers
  (``celery -A app.celery_app worker``) with soft and hard time limits.
"""

from __future__ import annotations

import logging
import os
import threading

from explorer.core import registry

from .base import (
    ACTIVE,
    POLL_MS,
    STATES,
    VERSION,
    Cancelled,
    Limits,
    Store,
    Unavailable,
    key_of,
    refusal,
    words_for,
)
from .runner import Runner, lower_priority, stop_runners
from .shared import RedisStore
from .sqlite import SQLiteStore, default_dir, private_dir
from .workers import make_celery

log = logging.getLogger(__name__)

_stores: dict = {}
_stores_lock = threading.Lock()


def store(env=os.environ) -> Store:
    """This process's store for the environment (one per configuration: a connection pool, not per-user state)."""
    url = env.get("REDIS_URL")
    where = url or default_dir(env)
    limits = Limits.from_env(env)
    name = (where, limits)
    with _stores_lock:
        if name not in _stores:
            _stores[name] = RedisStore(url, limits, send=sender(env)) if url else SQLiteStore(where, limits)
        return _stores[name]


def compute(kind: str, request, progress):
    """Do a job of ``kind``: its job type's ``compute`` (the registry of the components) on the checked request."""
    for job in registry.jobs():
        if job.name == kind:
            return job.compute(request, progress)
    raise ValueError(f"no job type {kind!r}")


_celery: dict = {}


def celery_app(env=os.environ):
    """The Celery app of ``REDIS_URL`` (one per process), or None when the jobs run embedded."""
    url = env.get("REDIS_URL")
    if not url:
        return None
    if url not in _celery:
        _celery[url] = make_celery(url, env, store, compute)
    return _celery[url]


def sender(env):
    """How the web side hands a job to Celery's workers."""

    def send(key: str) -> None:
        celery_app(env).send_task("explorer.job", args=[key], retry=False)

    return send


__all__ = [
    "ACTIVE",
    "POLL_MS",
    "STATES",
    "VERSION",
    "Cancelled",
    "Limits",
    "RedisStore",
    "Runner",
    "SQLiteStore",
    "Store",
    "Unavailable",
    "celery_app",
    "compute",
    "default_dir",
    "key_of",
    "lower_priority",
    "private_dir",
    "refusal",
    "stop_runners",
    "store",
    "words_for",
]
