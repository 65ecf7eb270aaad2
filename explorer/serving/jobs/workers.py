"""Celery, when ``REDIS_URL`` is set: the app whose workers do the jobs (``celery -A app.celery_app worker``)."""

from __future__ import annotations

import os

from .base import Limits, Store
from .runner import Runner


def make_celery(url: str, env, open_store, compute):
    """A Celery app on the Redis at ``url`` (broker and results) that does the jobs: short timeouts, reconnection
    when Redis returns, and soft and hard time limits a little past the job budget. ``open_store(env)`` gives its
    job store and ``compute(kind, request, progress)`` does a job (``explorer.serving.jobs`` passes both)."""
    from celery import Celery

    limits = Limits.from_env(env)
    app = Celery("explorer", broker=url, backend=url)
    app.conf.update(
        broker_connection_timeout=2,
        broker_connection_retry=True,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # a worker waits for Redis to come back instead of exiting for good
        broker_transport_options={"socket_timeout": 2, "socket_connect_timeout": 2, "retry_on_timeout": True},
        redis_socket_timeout=2,
        redis_socket_connect_timeout=2,
        redis_retry_on_timeout=True,
        result_backend_transport_options={"retry_policy": {"timeout": 2.0}},
        result_expires=int(limits.expire),
        task_ignore_result=True,
        task_acks_late=False,
        worker_prefetch_multiplier=1,
        worker_max_tasks_per_child=200,
        task_soft_time_limit=limits.budget * 3 + 10,
        task_time_limit=limits.budget * 3 + 20,
        worker_cancel_long_running_tasks_on_connection_loss=True,
    )

    @app.task(name="explorer.job")
    def run_job(key: str) -> None:
        import socket

        jobs = open_store({**env, "REDIS_URL": url})
        claimed = jobs.claim_key(key, f"{socket.gethostname()}-{os.getpid()}")
        if claimed is None:
            return
        Runner(_One(jobs, claimed), "celery", compute).once()

    return app


class _One:
    """A store that hands a runner the one job a Celery task was given."""

    def __init__(self, jobs: Store, claimed):
        self.jobs, self.claimed = jobs, claimed

    def claim(self, runner):
        claimed, self.claimed = self.claimed, None
        return claimed

    def __getattr__(self, name):
        return getattr(self.jobs, name)
