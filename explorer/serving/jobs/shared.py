"""The shared job store: the same records in Redis, every call with a short timeout; Celery workers do the work."""

from __future__ import annotations

import contextlib
import json
import os
import time

from .base import ACTIVE, BEAT, LOST, Cancelled, Limits, Store, Unavailable, key_of, pack, refusal, unpack

REDIS_TIMEOUT = 0.5
"""Seconds a Redis call may take before long jobs count as unavailable (redis-py waits for ever by default)."""


class RedisStore(Store):
    """The same records in Redis; ``submit`` hands the job to Celery (``send``), whose worker calls ``claim_key``."""

    def __init__(self, url: str, limits: Limits, send=None, prefix: str = "explorer:jobs:"):
        import redis

        self.limits, self.send, self.prefix = limits, send, prefix
        self.redis = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT, retry_on_timeout=False
        )
        self._errors = (redis.RedisError, OSError)

    def _k(self, *parts) -> str:
        return self.prefix + ":".join(parts)

    @contextlib.contextmanager
    def _guard(self):
        try:
            yield
        except self._errors as exc:
            raise Unavailable(f"the job store does not answer ({type(exc).__name__})") from None

    @contextlib.contextmanager
    def _locked(self):
        """One submit or claim at a time across every web worker and Celery worker (a short lease)."""
        token = os.urandom(8).hex()
        deadline = time.monotonic() + 1.0
        while not self.redis.set(self._k("lock"), token, nx=True, px=2000):
            if time.monotonic() > deadline:
                raise Unavailable("the job store is busy")
            time.sleep(0.01)
        try:
            yield
        finally:
            if self.redis.get(self._k("lock")) == token.encode():
                self.redis.delete(self._k("lock"))

    def _record(self, key: str) -> dict | None:
        raw = self.redis.hgetall(self._k("job", key))
        if not raw:
            return None
        record = {k.decode(): v.decode() for k, v in raw.items()}
        for name in ("done", "total", "cancel"):
            record[name] = int(record.get(name) or 0)
        for name in ("submitted", "started", "beat", "finished"):
            record[name] = float(record[name]) if record.get(name) else None
        return record

    def _others_wait(self, key, client, now) -> bool:
        polls = self.redis.hgetall(self._k("polls", key))
        return any(c.decode() != client and float(at) > now - self.limits.stale for c, at in polls.items())

    def _status(self, key, now) -> dict:
        record = self._record(key)
        if record is None:
            return {"key": key, "state": "lost", "words": "this job is no longer known (it expired): run it again"}
        if record["state"] == "running" and (record["beat"] or 0) < now - BEAT:
            self.redis.hset(self._k("job", key), mapping={"state": "lost", "words": LOST})
            self.redis.srem(self._k("running"), key)
            record |= {"state": "lost", "words": LOST}
        out = {k: record.get(k) for k in ("kind", "state", "done", "total", "words")} | {"key": key}
        if record["state"] == "queued":
            out["ahead"] = self.redis.zcount(self._k("queue"), "-inf", f"({record['submitted']}")
        return out

    def _poll(self, key, client, now) -> None:
        self.redis.hset(self._k("polls", key), client, now)
        self.redis.expire(self._k("polls", key), int(self.limits.expire))

    def submit(self, kind, request, cost, client) -> dict:
        key, now = key_of(kind, request), time.time()
        with self._guard(), self._locked():
            record = self._record(key)
            if record and record["state"] in (*ACTIVE, "done"):
                self._poll(key, client, now)
                return self._status(key, now)
            words = refusal(cost, self.limits)
            if words:
                return {"key": key, "state": "refused", "words": words}
            for old in self.redis.zrange(self._k("queue"), 0, -1):
                old = old.decode()
                rec = self._record(old)
                mine = rec and rec.get("client") == client and rec.get("kind") == kind and old != key
                if mine and not self._others_wait(old, client, now):
                    self.redis.hset(self._k("job", old), mapping={"state": "cancelled", "words": "replaced"})
                    self.redis.zrem(self._k("queue"), old)
            if self.redis.zcard(self._k("queue")) >= self.limits.queue:
                return {
                    "key": key,
                    "state": "refused",
                    "words": "the queue of long jobs is full: try again in a moment",
                }
            self.redis.delete(self._k("job", key), self._k("result", key))
            self.redis.hset(
                self._k("job", key),
                mapping={"kind": kind, "request": json.dumps(request), "state": "queued", "client": client,
                         "submitted": now, "words": "", "done": 0, "total": 0, "cancel": 0},
            )  # fmt: skip
            self.redis.expire(self._k("job", key), int(self.limits.expire))
            self.redis.zadd(self._k("queue"), {key: now})
            self._poll(key, client, now)
            status = self._status(key, now)
        if self.send is not None:
            try:
                self.send(key)
            except Exception as exc:  # the broker down: said on the page, the record dropped
                with contextlib.suppress(*self._errors):
                    self.redis.zrem(self._k("queue"), key)
                    self.redis.delete(self._k("job", key))
                raise Unavailable(f"the job queue does not answer ({type(exc).__name__})") from None
        return status

    def status(self, key, client) -> dict:
        now = time.time()
        with self._guard():
            if self.redis.exists(self._k("job", key)):
                self._poll(key, client, now)
            return self._status(key, now)

    def cancel(self, key, client) -> dict:
        now = time.time()
        with self._guard():
            self.redis.hdel(self._k("polls", key), client)
            record = self._record(key)
            if record and record["state"] in ACTIVE and not self._others_wait(key, client, now):
                changes = {"cancel": 1, "words": "cancelled"}
                if record["state"] == "queued":
                    changes["state"] = "cancelled"
                    self.redis.zrem(self._k("queue"), key)
                self.redis.hset(self._k("job", key), mapping=changes)
            return self._status(key, now)

    def result(self, key):
        with self._guard():
            return unpack(self.redis.get(self._k("result", key)))

    def claim_key(self, key: str, runner: str) -> tuple[str, str, dict] | None:
        """A Celery worker takes the job it was handed (None: it was cancelled, replaced or taken meanwhile)."""
        now = time.time()
        with self._guard(), self._locked():
            record = self._record(key)
            if record is None or record["state"] != "queued":
                return None
            if not self._others_wait(key, None, now):  # nobody waits for it any more
                self.redis.hset(self._k("job", key), mapping={"state": "cancelled", "words": "nobody waited"})
                self.redis.zrem(self._k("queue"), key)
                return None
            self.redis.zrem(self._k("queue"), key)
            self.redis.sadd(self._k("running"), key)
            self.redis.hset(self._k("job", key), mapping={"state": "running", "runner": runner, "started": now,
                                                          "beat": now})  # fmt: skip
            return key, record["kind"], json.loads(record["request"])

    def claim(self, runner) -> tuple[str, str, dict] | None:
        with self._guard():
            first = self.redis.zrange(self._k("queue"), 0, 0)
        return self.claim_key(first[0].decode(), runner) if first else None

    def progress(self, key, done, total) -> None:
        now = time.time()
        with self._guard():
            self.redis.hset(self._k("job", key), mapping={"done": done, "total": total, "beat": now})
            record = self._record(key)
            waiting = self._others_wait(key, None, now)
        if record is None or record["state"] != "running":
            raise Cancelled("no longer running")
        if record["cancel"] or not waiting:
            self.fail(key, "cancelled", "cancelled" if record["cancel"] else "cancelled: no page was waiting for it")
            raise Cancelled("cancelled")

    def finish(self, key, result) -> None:
        blob = pack(result)
        with self._guard():
            self.redis.set(self._k("result", key), blob, ex=int(self.limits.expire))
            self.redis.hset(self._k("job", key), mapping={"state": "done", "finished": time.time(), "words": ""})
            self.redis.srem(self._k("running"), key)

    def fail(self, key, state, words) -> None:
        with self._guard():
            self.redis.hset(self._k("job", key), mapping={"state": state, "words": words, "finished": time.time()})
            self.redis.srem(self._k("running"), key)
            self.redis.zrem(self._k("queue"), key)
