"""Runners: processes of their own that take the oldest waiting job and do it, reporting progress."""

from __future__ import annotations

import logging
import os
import threading
import time

from .base import Cancelled, Store, Unavailable

log = logging.getLogger(__name__)


class Runner:
    """Takes the oldest waiting job and does it, reporting progress; a job nobody waits for is stopped."""

    def __init__(self, store: Store, name: str, compute):
        self.store, self.name, self.compute = store, name, compute

    def once(self) -> bool:
        """Do one job if one waits; whether one was done (or tried)."""
        claimed = self.store.claim(self.name)
        if claimed is None:
            return False
        key, kind, request = claimed
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.2 or done >= total:
                last[0] = now
                self.store.progress(key, int(done), int(total))

        try:
            progress(0, 0)
            result = self.compute(kind, request, progress)
        except Cancelled:
            return True
        except Exception as exc:  # the job's own failure, said on the page; the runner goes on
            log.exception("job %s (%s) failed", key, kind)
            self.store.fail(key, "failed", f"failed: {type(exc).__name__}: {str(exc)[:120]}")
            return True
        self.store.finish(key, result)
        return True

    def loop(self, stop: threading.Event | None = None, idle: float = 0.1) -> None:
        while stop is None or not stop.is_set():
            try:
                busy = self.once()
            except Unavailable:
                busy = False
            if not busy:
                time.sleep(idle)


NICENESS = 10
"""How much lower a runner runs than the web workers: interactive requests come first on a machine of few cores."""


def lower_priority() -> None:
    try:
        if os.getpriority(os.PRIO_PROCESS, 0) < NICENESS:
            os.setpriority(os.PRIO_PROCESS, 0, NICENESS)
    except (AttributeError, OSError):  # not on this platform, or not allowed: the runner runs as it is
        pass


def stop_runners(runners: list, timeout: float = 5.0) -> None:
    """End the runners (processes) a server started."""
    for p in runners:
        p.terminate()
    for p in runners:
        try:
            p.wait(timeout)
        except Exception:  # it would not end: end it for good
            p.kill()
