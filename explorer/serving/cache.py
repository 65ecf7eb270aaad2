"""The shared cache for contour grids, stationary points and runs (flask-caching), which fails safe.

The backend comes from the environment, so any number of worker processes can share it: ``CACHE_TYPE``
(``SimpleCache`` by default, per process; ``FileSystemCache`` with ``CACHE_DIR``, or ``RedisCache`` with
``CACHE_REDIS_URL``, both shared by workers) and ``CACHE_DEFAULT_TIMEOUT`` in seconds. Memoized functions take
only scalars and tuples: flask-caching builds keys from the arguments' text, and numpy abbreviates long arrays
with "...".

A cache is a speed-up, never a dependency: every backend is wrapped in ``Guarded``. When the backend fails (Redis
down, or hung past its short socket timeouts) the request is answered without the cache, a warning is logged once
(not per request), and the backend is left alone for ``RETRY_SECONDS`` before it is tried again; a cache directory
that has been deleted is made again before the next write.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from cachelib.base import BaseCache
from flask_caching import Cache

log = logging.getLogger(__name__)

cache = Cache()

BACKENDS = ("SimpleCache", "FileSystemCache", "RedisCache", "NullCache")

REDIS_TIMEOUT = 0.5
"""Seconds a Redis command (and a connection) may take before the cache counts as failed: a hung Redis must not
hold a request (redis-py waits for ever by default)."""

RETRY_SECONDS = 10.0
"""After a failure, how long requests go past the cache before it is tried again."""


def config_from_env(env=os.environ) -> dict:
    """flask-caching settings from the environment, with the in-process SimpleCache as the default; the backend
    is wrapped so that it fails safe (``guarded``)."""
    backend = env.get("CACHE_TYPE", "SimpleCache")
    if backend not in BACKENDS:
        raise ValueError(f"CACHE_TYPE must be one of {', '.join(BACKENDS)}, not {backend[:40]!r}")
    config = {
        "CACHE_TYPE": f"{__name__}.guarded",
        "CACHE_BACKEND": backend,
        "CACHE_DEFAULT_TIMEOUT": int(env.get("CACHE_DEFAULT_TIMEOUT", "3600")),
        "CACHE_THRESHOLD": int(env.get("CACHE_THRESHOLD", "200")),
    }
    if "CACHE_DIR" in env:
        config["CACHE_DIR"] = env["CACHE_DIR"]
    elif backend == "FileSystemCache":
        config["CACHE_DIR"] = os.path.join(os.getcwd(), "cache")
    if backend == "RedisCache":
        config["CACHE_REDIS_URL"] = env.get("CACHE_REDIS_URL") or env.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
        config["CACHE_OPTIONS"] = {
            "socket_timeout": REDIS_TIMEOUT,
            "socket_connect_timeout": REDIS_TIMEOUT,
            "health_check_interval": 30,
        }
        config["CACHE_KEY_PREFIX"] = env.get("CACHE_KEY_PREFIX", "explorer:")
    return config


def guarded(app, config, args, kwargs) -> Guarded:
    """flask-caching's factory for ``CACHE_TYPE = "explorer.cache.guarded"``: the backend ``CACHE_BACKEND``,
    wrapped."""
    from flask_caching import backends

    name = config.get("CACHE_BACKEND", "SimpleCache")
    inner = getattr(backends, name).factory(app, dict(config), list(args), dict(kwargs))
    where = config.get("CACHE_REDIS_URL") if name == "RedisCache" else config.get("CACHE_DIR")
    return Guarded(inner, name, where, config.get("CACHE_DIR") if name == "FileSystemCache" else None)


class Guarded(BaseCache):
    """A cache backend that never fails a request: see the module's docstring."""

    def __init__(self, inner: BaseCache, name: str, where: str | None = None, directory: str | None = None):
        super().__init__(default_timeout=getattr(inner, "default_timeout", 300))
        self.inner, self.name, self.where, self.directory = inner, name, where, directory
        self._until = 0.0  # the backend is left alone until then (time.monotonic)
        self._failing = False
        self._lock = threading.Lock()

    # each operation, with what it answers when the backend cannot
    def get(self, key):
        return self._call("get", None, key)

    def get_many(self, *keys):
        return self._call("get_many", [None] * len(keys), *keys)

    def get_dict(self, *keys):
        return self._call("get_dict", dict.fromkeys(keys), *keys)

    def has(self, key):
        return self._call("has", False, key)

    def set(self, key, value, timeout=None):
        self._ensure_directory()
        return self._call("set", False, key, value, timeout)

    def add(self, key, value, timeout=None):
        self._ensure_directory()
        return self._call("add", False, key, value, timeout)

    def set_many(self, mapping, timeout=None):
        self._ensure_directory()
        return self._call("set_many", [], mapping, timeout)

    def delete(self, key):
        return self._call("delete", False, key)

    def delete_many(self, *keys):
        return self._call("delete_many", [], *keys)

    def clear(self):
        return self._call("clear", False)

    def inc(self, key, delta=1):
        return self._call("inc", None, key, delta)

    def dec(self, key, delta=1):
        return self._call("dec", None, key, delta)

    @property
    def available(self) -> bool:
        """Whether the backend is being used (False while it is left alone after a failure)."""
        return time.monotonic() >= self._until

    def _call(self, name: str, fallback, *args):
        if time.monotonic() < self._until:
            return fallback
        try:
            result = getattr(self.inner, name)(*args)
        except Exception as exc:  # any backend failure: answer without the cache
            self._failed(exc)
            return fallback
        if self._failing:
            with self._lock:
                if self._failing:
                    self._failing = False
                    log.warning("the cache (%s%s) answers again", self.name, self._at())
        return result

    def _failed(self, exc: Exception) -> None:
        with self._lock:
            self._until = time.monotonic() + RETRY_SECONDS
            if not self._failing:
                self._failing = True
                log.warning(
                    "the cache (%s%s) failed (%s: %s): answering without it, trying it again every %g s",
                    self.name,
                    self._at(),
                    type(exc).__name__,
                    str(exc)[:120],
                    RETRY_SECONDS,
                )

    def _ensure_directory(self) -> None:
        """A FileSystemCache whose directory was deleted: make it again (else every write fails with a traceback)."""
        if self.directory and not os.path.isdir(self.directory):
            try:
                os.makedirs(self.directory, exist_ok=True)
                log.warning("the cache directory %s had gone: made it again", self.directory)
            except OSError as exc:
                self._failed(exc)

    def _at(self) -> str:
        return f" at {self.where}" if self.where else ""


def init_cache(server, env=os.environ) -> Cache:
    config = config_from_env(env) if "CACHE_BACKEND" not in env else dict(env)
    cache.init_app(server, config=config)
    return cache


def health() -> tuple[bool, str]:
    """Whether the cache answers a write and a read now (for /healthz); a failed cache is not fatal."""
    backend = cache.cache
    if isinstance(backend, Guarded) and not backend.available:
        return False, f"{backend.name} failing: requests are answered without it"
    key = f"healthz:{os.getpid()}:{time.monotonic_ns()}"
    try:
        ok = bool(cache.set(key, 1, timeout=5)) and cache.get(key) == 1
        cache.delete(key)
    except Exception as exc:
        return False, f"{type(exc).__name__}"
    name = backend.name if isinstance(backend, Guarded) else type(backend).__name__
    return ok, name if ok else f"{name} did not keep a value"
