"""The embedded job store: SQLite in a private directory of the app's own (nothing in it is ever unpickled)."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import threading
import time

from .base import ACTIVE, BEAT, Cancelled, Limits, Store, Unavailable, key_of, pack, refusal, unpack

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    key TEXT PRIMARY KEY, kind TEXT NOT NULL, request TEXT NOT NULL, state TEXT NOT NULL, client TEXT,
    submitted REAL, started REAL, finished REAL, done INTEGER DEFAULT 0, total INTEGER DEFAULT 0,
    words TEXT DEFAULT '', cancel INTEGER DEFAULT 0, runner TEXT, beat REAL, size INTEGER DEFAULT 0,
    result BLOB);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state, submitted);
CREATE TABLE IF NOT EXISTS polls (key TEXT, client TEXT, at REAL, PRIMARY KEY (key, client));
"""


def private_dir(path: str) -> str:
    """``path`` as a private directory of this user's (made 0700 when it is not there); a directory another user
    owns, or that others may write to, is refused with a message that says what to do."""
    path = os.path.abspath(path)
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
    except OSError as exc:
        raise RuntimeError(f"the job directory {path} cannot be made: {exc.strerror}") from None
    info = os.stat(path, follow_symlinks=False)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise RuntimeError(f"the job directory {path} is not a directory: choose another with JOB_DIR")
    if info.st_uid != os.getuid():
        raise RuntimeError(
            f"the job directory {path} belongs to another user (uid {info.st_uid}): the app will not use it; "
            "choose a directory of your own with JOB_DIR"
        )
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise RuntimeError(
            f"others may write to the job directory {path}: the app will not use it; run "
            f"'chmod 700 {path}' or choose another with JOB_DIR"
        )
    if info.st_mode & 0o077:
        os.chmod(path, 0o700)
    return path


def default_dir(env=os.environ) -> str:
    """The job directory: ``JOB_DIR`` (or the older ``BACKGROUND_DIR``), else the user's own cache directory."""
    chosen = env.get("JOB_DIR") or env.get("BACKGROUND_DIR")
    if chosen:
        return chosen
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "loss-surface-explorer", "jobs")


class SQLiteStore(Store):
    def __init__(self, directory: str, limits: Limits):
        self.directory = private_dir(directory)
        self.path = os.path.join(self.directory, "jobs.sqlite3")
        self.limits = limits
        self._local = threading.local()
        self._connection()
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o600)

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, made (with its tables) where there is none or its file was deleted."""
        db = getattr(self._local, "db", None)
        if db is None or not os.path.exists(self.path):
            if not os.path.isdir(self.directory):
                private_dir(self.directory)
            old = os.umask(0o077)  # the database and its journal files: this user's alone
            try:
                db = sqlite3.connect(self.path, timeout=2.0, isolation_level=None, check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.executescript(SCHEMA)
            finally:
                os.umask(old)
            self._local.db = db
        return db

    @contextlib.contextmanager
    def _db(self):
        """This thread's connection in one transaction (a directory deleted meanwhile is made again)."""
        db = self._connection()
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise Unavailable(f"the job store is busy ({exc})") from None
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # ----- the web side -----

    def submit(self, kind, request, cost, client) -> dict:
        key = key_of(kind, request)
        now = time.time()
        with self._db() as db:
            self._expire(db, now)
            row = db.execute("SELECT state FROM jobs WHERE key = ?", (key,)).fetchone()
            if row and row[0] in (*ACTIVE, "done"):
                db.execute("INSERT OR REPLACE INTO polls VALUES (?, ?, ?)", (key, client, now))
                return self._status(db, key, now)
            words = refusal(cost, self.limits)
            if words:
                return {"key": key, "state": "refused", "words": words}
            # a page waits for one job of a kind: its older one that nobody else waits for is dropped
            for (old,) in db.execute(
                "SELECT key FROM jobs WHERE client = ? AND kind = ? AND state = 'queued' AND key != ?",
                (client, kind, key),
            ).fetchall():
                if not self._others_wait(db, old, client, now):
                    db.execute("DELETE FROM jobs WHERE key = ?", (old,))
            queued = db.execute("SELECT count(*) FROM jobs WHERE state = 'queued'").fetchone()[0]
            if queued >= self.limits.queue:
                return {
                    "key": key,
                    "state": "refused",
                    "words": "the queue of long jobs is full: try again in a moment",
                }
            db.execute(
                "INSERT OR REPLACE INTO jobs (key, kind, request, state, client, submitted, words) "
                "VALUES (?, ?, ?, 'queued', ?, ?, '')",
                (key, kind, json.dumps(request), client, now),
            )
            db.execute("INSERT OR REPLACE INTO polls VALUES (?, ?, ?)", (key, client, now))
            return self._status(db, key, now)

    def status(self, key, client) -> dict:
        now = time.time()
        with self._db() as db:
            if db.execute("SELECT 1 FROM jobs WHERE key = ?", (key,)).fetchone():
                db.execute("INSERT OR REPLACE INTO polls VALUES (?, ?, ?)", (key, client, now))
            return self._status(db, key, now)

    def cancel(self, key, client) -> dict:
        """This page no longer waits; the job stops when no other page waits for it either."""
        now = time.time()
        with self._db() as db:
            db.execute("DELETE FROM polls WHERE key = ? AND client = ?", (key, client))
            if not self._others_wait(db, key, client, now):
                db.execute(
                    "UPDATE jobs SET cancel = 1, state = CASE state WHEN 'queued' THEN 'cancelled' ELSE state END, "
                    "words = 'cancelled' WHERE key = ? AND state IN ('queued', 'running')",
                    (key,),
                )
            return self._status(db, key, now)

    def result(self, key):
        with self._db() as db:
            row = db.execute("SELECT result FROM jobs WHERE key = ? AND state = 'done'", (key,)).fetchone()
        return unpack(row[0]) if row else None

    # ----- the runner side -----

    def claim(self, runner) -> tuple[str, str, dict] | None:
        now = time.time()
        with self._db() as db:
            self._abandon(db, now)
            running = db.execute("SELECT count(*) FROM jobs WHERE state = 'running'").fetchone()[0]
            if running >= self.limits.workers:
                return None
            # the oldest waiting job of a page that has none running (a page runs one job at a time)
            row = db.execute(
                "SELECT key, kind, request FROM jobs AS q WHERE state = 'queued' AND NOT EXISTS "
                "(SELECT 1 FROM jobs AS r WHERE r.state = 'running' AND r.client = q.client) "
                "ORDER BY submitted LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE jobs SET state = 'running', runner = ?, started = ?, beat = ? WHERE key = ?",
                (runner, now, now, row[0]),
            )
            return row[0], row[1], json.loads(row[2])

    def progress(self, key, done, total) -> None:
        now = time.time()
        with self._db() as db:
            db.execute("UPDATE jobs SET done = ?, total = ?, beat = ? WHERE key = ?", (done, total, now, key))
            row = db.execute("SELECT cancel, state FROM jobs WHERE key = ?", (key,)).fetchone()
            waiting = self._others_wait(db, key, None, now)
        if row is None or row[1] != "running":
            raise Cancelled("no longer running")
        if row[0]:
            self.fail(key, "cancelled", "cancelled")
            raise Cancelled("cancelled")
        if not waiting:
            self.fail(key, "cancelled", "cancelled: no page was waiting for it")
            raise Cancelled("no page is waiting for this job")

    def finish(self, key, result) -> None:
        blob = pack(result)
        now = time.time()
        with self._db() as db:
            db.execute(
                "UPDATE jobs SET state = 'done', finished = ?, result = ?, size = ?, words = '' "
                "WHERE key = ? AND state = 'running'",
                (now, blob, len(blob), key),
            )
            self._trim(db)

    def fail(self, key, state, words) -> None:
        with self._db() as db:
            db.execute(
                "UPDATE jobs SET state = ?, words = ?, finished = ? WHERE key = ? AND state IN ('queued', 'running')",
                (state, words, time.time(), key),
            )

    # ----- within a transaction -----

    def _status(self, db, key, now) -> dict:
        row = db.execute("SELECT kind, state, done, total, words, submitted FROM jobs WHERE key = ?", (key,)).fetchone()
        if row is None:
            return {"key": key, "state": "lost", "words": "this job is no longer known (it expired): run it again"}
        kind, state, done, total, words, submitted = row
        out = {"key": key, "kind": kind, "state": state, "done": done, "total": total, "words": words}
        if state == "queued":  # the jobs that start before it
            out["ahead"] = db.execute(
                "SELECT count(*) FROM jobs WHERE state = 'queued' AND submitted < ?", (submitted,)
            ).fetchone()[0]
        return out

    def _others_wait(self, db, key, client, now) -> bool:
        """Whether some page other than ``client`` has asked about ``key`` within the stale time."""
        return bool(
            db.execute(
                "SELECT 1 FROM polls WHERE key = ? AND at > ? AND client IS NOT ?",
                (key, now - self.limits.stale, client),
            ).fetchone()
        )

    def _abandon(self, db, now) -> None:
        """Running jobs whose runner fell silent are lost; waiting jobs nobody asks about are dropped."""
        db.execute(
            "UPDATE jobs SET state = 'lost', words = 'lost: its runner stopped before it finished' "
            "WHERE state = 'running' AND beat < ?",
            (now - BEAT,),
        )
        db.execute(
            "DELETE FROM jobs WHERE state = 'queued' AND NOT EXISTS "
            "(SELECT 1 FROM polls WHERE polls.key = jobs.key AND polls.at > ?)",
            (now - self.limits.stale,),
        )

    def _expire(self, db, now) -> None:
        db.execute(
            "DELETE FROM jobs WHERE state NOT IN ('queued', 'running') AND coalesce(finished, submitted) < ?",
            (now - self.limits.expire,),
        )
        db.execute("DELETE FROM polls WHERE at < ?", (now - self.limits.expire,))

    def _trim(self, db) -> None:
        """The oldest results go first once the store holds more than its bound."""
        total = db.execute("SELECT coalesce(sum(size), 0) FROM jobs").fetchone()[0]
        for key, size in db.execute("SELECT key, size FROM jobs WHERE state = 'done' ORDER BY finished").fetchall():
            if total <= self.limits.store_bytes:
                break
            db.execute("DELETE FROM jobs WHERE key = ?", (key,))
            total -= size
