"""What every job store shares: the limits, a job's name, its result's packing, the store's interface, and the
words a page shows of a job."""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from dataclasses import dataclass

VERSION = "2"
"""Part of every job's name: bump it when what a job computes changes, so old results are not served."""


POLL_MS = 500
"""How often a page asks about a job it waits for (each ask also says it still waits)."""


STATES = ("queued", "running", "done", "failed", "cancelled", "lost")


ACTIVE = ("queued", "running")


BEAT = 15.0
"""Seconds a running job's runner may stay silent before the job counts as lost."""

LOST = "lost: its worker stopped before it finished"


class Unavailable(RuntimeError):
    """The job store cannot be reached now (Redis down or hung): long jobs are unavailable, nothing else is."""


class Cancelled(RuntimeError):
    """Nobody waits for this job any more (or it was cancelled): its runner stops it."""


@dataclass(frozen=True)
class Limits:
    """The bounds of the job system, from the environment (``JOB_*``), with defaults for a 2-core machine."""

    workers: int = max(1, os.cpu_count() or 1)
    queue: int = 8
    budget: float = 10.0
    stale: float = 10.0
    expire: float = 3600.0
    store_bytes: int = 256 * 2**20

    @classmethod
    def from_env(cls, env=os.environ) -> Limits:
        def number(name, default, kind=float):
            try:
                value = kind(env.get(name, default))
            except ValueError:
                raise ValueError(f"{name} must be a number, not {env.get(name)[:40]!r}") from None
            if not value > 0:
                raise ValueError(f"{name} must be positive, not {value}")
            return value

        d = cls()
        return cls(
            workers=number("JOB_WORKERS", d.workers, int),
            queue=number("JOB_QUEUE", d.queue, int),
            budget=number("JOB_BUDGET", d.budget),
            stale=number("JOB_STALE", d.stale),
            expire=number("JOB_EXPIRE", d.expire),
            store_bytes=int(number("JOB_STORE_MB", d.store_bytes / 2**20) * 2**20),
        )


def key_of(kind: str, request) -> str:
    """A job's name: a digest of its kind and its checked request (the same in every process)."""
    text = json.dumps([VERSION, kind, request], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def pack(result) -> bytes:
    return zlib.compress(json.dumps(result, separators=(",", ":"), allow_nan=False).encode(), 1)


def unpack(blob) -> dict | None:
    return None if blob is None else json.loads(zlib.decompress(blob))


def words_for(status: dict, label: str) -> str:
    """What the page says of a job, in a person's words."""
    state = status.get("state")
    if state == "queued":
        ahead = status.get("ahead", 0)
        if not ahead:
            return f"{label}: waiting for a free runner"
        return f"{label}: waiting, {ahead} job{'s' if ahead != 1 else ''} ahead in the queue"
    if state == "running":
        done, total = status.get("done", 0), status.get("total", 0)
        return f"{label}: {done:,} of {total:,} starts" if total else f"{label}: starting"
    return status.get("words") or ""


class Store:
    """Where jobs wait, run and leave their results. Every method answers quickly or raises ``Unavailable``."""

    limits: Limits

    # the web side
    def submit(self, kind: str, request, cost: float, client: str) -> dict:  # pragma: no cover - interface
        raise NotImplementedError

    def status(self, key: str, client: str) -> dict:  # pragma: no cover - interface
        raise NotImplementedError

    def cancel(self, key: str, client: str) -> dict:  # pragma: no cover - interface
        raise NotImplementedError

    def result(self, key: str):  # pragma: no cover - interface
        raise NotImplementedError

    # the runner side
    def claim(self, runner: str) -> tuple[str, str, dict] | None:  # pragma: no cover - interface
        raise NotImplementedError

    def progress(self, key: str, done: int, total: int) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def finish(self, key: str, result) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def fail(self, key: str, state: str, words: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def refusal(cost: float, limits: Limits) -> str | None:
    """Why a job of ``cost`` seconds is refused (None: it may run)."""
    if cost > limits.budget:
        return (
            f"too much work for one job: about {cost:,.0f} s of computing, at most {limits.budget:g} s a job "
            "(fewer cells or starts, or fewer epochs each)"
        )
    return None
