"""Warm-up starts with serving, never on import.

Building the app (``import app``, ``explorer.application.build_app``) compiles nothing and starts no thread.
Whatever serves it starts the engine's warm-up (``surface.warm_up``: the compiled kernels load from numba's
cache or, on a fresh install, compile) in a background thread, so the page answers at once:

- ``python app.py``, ``loss-surface-explorer`` and ``python -m explorer`` (``explorer/cli.py``);
- gunicorn, in each worker once it has loaded the app (``post_worker_init`` in ``gunicorn.conf.py``);
- a Celery worker, in each of its pool's processes (``on_celery_workers``, connected by ``app.py``);
- ``explorer.show`` in a notebook.
"""

from __future__ import annotations

import threading

THREAD_NAME = "warm-up"


def start() -> threading.Thread:
    """Start the engine's warm-up in a daemon thread of this process (once: a second call returns the first)."""
    for thread in threading.enumerate():
        if thread.name == THREAD_NAME:
            return thread
    import surface

    thread = threading.Thread(target=surface.warm_up, name=THREAD_NAME, daemon=True)
    thread.start()
    return thread


def _on_worker_process(**_kwargs) -> None:
    start()


def on_celery_workers() -> None:
    """Warm up in every process of a Celery worker's pool as it starts (the jobs run there); connecting the
    signal starts nothing by itself."""
    from celery.signals import worker_process_init

    worker_process_init.connect(_on_worker_process, weak=False, dispatch_uid="explorer-warm-up")
