"""The long jobs as a bounded, shared resource: named by what they compute, shared by every page that asks for the
same, refused past the budget or a full queue, one waiting job of a kind per page, cancelled when nobody waits,
lost when their runner dies, private files, and Redis that fails fast (``explorer/serving/jobs``)."""

from __future__ import annotations

import os
import stat
import threading
import time

import pytest

from explorer.serving import jobs
from explorer.serving.jobs import base as job_base
from tests.redis_support import redis_server


def limits(**changes) -> jobs.Limits:
    return jobs.Limits(**({"workers": 1, "queue": 4, "budget": 10.0, "stale": 5.0} | changes))


@pytest.fixture
def store(tmp_path):
    return jobs.SQLiteStore(str(tmp_path / "jobs"), limits())


def counting(kind, request, progress):
    """A job that counts to ``request["n"]`` (reporting each step) and returns what it counted."""
    for i in range(request["n"]):
        time.sleep(request.get("pause", 0.0))
        progress(i + 1, request["n"])
    return {"counted": request["n"], "kind": kind}


def test_a_job_is_named_by_what_it_computes_and_identical_requests_share_it(store):
    a = store.submit("count", {"n": 3}, 1.0, "page-a")
    b = store.submit("count", {"n": 3}, 1.0, "page-b")  # another page, the same request: the same job
    assert a["key"] == b["key"] == jobs.key_of("count", {"n": 3}) and a["state"] == b["state"] == "queued"
    assert jobs.key_of("count", {"n": 3}) != jobs.key_of("count", {"n": 4}) != jobs.key_of("other", {"n": 3})
    assert jobs.Runner(store, "r", counting).once()
    assert store.status(a["key"], "page-a")["state"] == "done"
    assert store.result(a["key"]) == {"counted": 3, "kind": "count"}
    again = store.submit("count", {"n": 3}, 1.0, "page-c")  # asked again: answered from the result
    assert again["state"] == "done" and not jobs.Runner(store, "r", counting).once()  # nothing left to do


def test_a_job_past_the_budget_or_a_full_queue_is_refused_with_the_limit_named(store):
    refused = store.submit("count", {"n": 3}, 10.5, "page")
    assert refused["state"] == "refused" and "at most 10 s a job" in refused["words"]
    for i in range(4):
        assert store.submit("count", {"n": i}, 1.0, f"page-{i}")["state"] == "queued"
    full = store.submit("count", {"n": 99}, 1.0, "page-99")
    assert full["state"] == "refused" and "queue of long jobs is full" in full["words"]


def test_a_page_waits_for_one_job_of_a_kind_and_a_newer_one_replaces_it(store):
    first = store.submit("count", {"n": 1}, 1.0, "page")
    second = store.submit("count", {"n": 2}, 1.0, "page")
    assert store.status(first["key"], "page")["state"] == "lost"  # dropped: no longer known
    assert store.status(second["key"], "page")["state"] == "queued"
    shared = store.submit("count", {"n": 5}, 1.0, "page")
    other = store.submit("count", {"n": 5}, 1.0, "someone")  # someone else waits for it too
    store.submit("count", {"n": 6}, 1.0, "page")
    assert store.status(other["key"], "someone")["state"] == "queued" and shared["key"] == other["key"]
    assert store.submit("basins", {"n": 1}, 1.0, "page")["state"] == "queued"  # another kind waits beside it


def test_the_queue_says_how_many_jobs_start_before_this_one(store):
    keys = [store.submit("count", {"n": i}, 1.0, f"page-{i}")["key"] for i in range(3)]
    assert [store.status(k, f"page-{i}")["ahead"] for i, k in enumerate(keys)] == [0, 1, 2]
    assert jobs.words_for(store.status(keys[2], "page-2"), "where each start ends") == (
        "where each start ends: waiting, 2 jobs ahead in the queue"
    )
    assert jobs.words_for({"state": "running", "done": 900, "total": 14400}, "x") == "x: 900 of 14,400 starts"


def test_a_runner_reports_progress_and_stops_a_job_nobody_waits_for(tmp_path):
    store = jobs.SQLiteStore(str(tmp_path / "jobs"), limits(stale=0.5))
    key = store.submit("count", {"n": 200, "pause": 0.01}, 1.0, "page")["key"]
    seen = []
    runner = jobs.Runner(store, "r", counting)
    thread = threading.Thread(target=runner.once)
    thread.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the page asks for a while: the job runs and reports
        status = store.status(key, "page")
        seen.append(status["done"])
        if status["done"] >= 20:
            break
        time.sleep(0.05)
    thread.join(timeout=20)  # then nobody asks: the runner stops it
    status = store.status(key, "page")
    assert seen[-1] >= 20 and status["state"] == "cancelled" and "no page was waiting" in status["words"]
    assert store.result(key) is None


def test_cancel_stops_a_job_only_when_no_other_page_waits(store):
    key = store.submit("count", {"n": 3}, 1.0, "a")["key"]
    store.status(key, "b")  # another page waits for the same job
    assert store.cancel(key, "a")["state"] == "queued"
    assert store.cancel(key, "b")["state"] == "cancelled"


def test_a_running_job_whose_runner_fell_silent_is_lost_and_may_be_retried(store, monkeypatch):
    key = store.submit("count", {"n": 3}, 1.0, "page")["key"]
    assert store.claim("a-runner-that-dies")[0] == key
    monkeypatch.setattr(job_base, "BEAT", -1.0)  # as if its beat were long ago
    monkeypatch.setattr("explorer.serving.jobs.sqlite.BEAT", -1.0)
    assert store.claim("another") is None  # the claim notices: lost
    status = store.status(key, "page")
    assert status["state"] == "lost" and "runner stopped" in status["words"]
    assert store.submit("count", {"n": 3}, 1.0, "page")["state"] == "queued"  # Retry: submitted again


def test_a_job_that_fails_says_so(store):
    store.submit("count", {"n": 3}, 1.0, "page")

    def broken(kind, request, progress):
        raise ZeroDivisionError("nothing to divide")

    assert jobs.Runner(store, "r", broken).once()
    (status,) = [store.status(jobs.key_of("count", {"n": 3}), "page")]
    assert status["state"] == "failed" and "ZeroDivisionError" in status["words"]


def test_results_expire_and_the_store_keeps_within_its_size(tmp_path):
    def big(kind, request, progress):
        return {"values": list(range(request["n"]))}

    size = len(job_base.pack(big("big", {"n": 300}, None)))
    store = jobs.SQLiteStore(str(tmp_path / "jobs"), limits(expire=0.3, store_bytes=int(2.5 * size)))

    keys = []
    for n in (300, 301, 302):
        keys.append(store.submit("big", {"n": n}, 1.0, f"page-{n}")["key"])
        jobs.Runner(store, "r", big).once()
    assert store.result(keys[0]) is None and store.result(keys[2]) is not None  # the oldest went first
    time.sleep(0.4)
    store.submit("big", {"n": 1}, 1.0, "page")  # any submission sweeps what has expired
    assert store.result(keys[2]) is None


def test_the_job_directory_is_private_and_one_others_can_touch_is_refused(tmp_path):
    store = jobs.SQLiteStore(str(tmp_path / "new" / "jobs"), limits())
    assert stat.S_IMODE(os.stat(store.directory).st_mode) == 0o700
    store.submit("count", {"n": 1}, 1.0, "page")
    for name in os.listdir(store.directory):
        assert stat.S_IMODE(os.stat(os.path.join(store.directory, name)).st_mode) & 0o077 == 0, name
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    os.chmod(shared, 0o777)
    with pytest.raises(RuntimeError, match="others may write to the job directory"):
        jobs.SQLiteStore(str(shared), limits())
    if os.getuid() == 0:  # as root a directory can be given to someone else
        theirs = tmp_path / "theirs"
        theirs.mkdir(mode=0o700)
        os.chown(theirs, 12345, 12345)
        with pytest.raises(RuntimeError, match="belongs to another user"):
            jobs.SQLiteStore(str(theirs), limits())


def test_a_deleted_job_directory_is_made_again(tmp_path):
    import shutil

    store = jobs.SQLiteStore(str(tmp_path / "jobs"), limits())
    shutil.rmtree(store.directory)
    assert store.submit("count", {"n": 1}, 1.0, "page")["state"] == "queued"


def test_the_limits_come_from_the_environment_and_bad_ones_are_named():
    assert jobs.Limits.from_env({"JOB_WORKERS": "3", "JOB_BUDGET": "4.5"}).workers == 3
    with pytest.raises(ValueError, match="JOB_QUEUE must be a number"):
        jobs.Limits.from_env({"JOB_QUEUE": "many"})
    with pytest.raises(ValueError, match="JOB_STALE must be positive"):
        jobs.Limits.from_env({"JOB_STALE": "0"})


# ---------- Redis ----------


def test_redis_holds_the_same_jobs_and_fails_fast_when_it_is_down_or_hung():
    with redis_server() as redis:
        sent = []
        store = jobs.RedisStore(redis.url, limits(), send=sent.append)
        a = store.submit("count", {"n": 3}, 1.0, "page-a")
        assert store.submit("count", {"n": 3}, 1.0, "page-b")["key"] == a["key"] and sent == [a["key"]]
        assert store.submit("count", {"n": 3}, 99.0, "page-c")["state"] == "queued"  # shared: not costed again
        assert store.submit("count", {"n": 4}, 99.0, "page-c")["state"] == "refused"
        claimed = store.claim_key(a["key"], "worker")
        assert claimed == (a["key"], "count", {"n": 3})
        store.progress(a["key"], 1, 3)
        assert store.status(a["key"], "page-a")["done"] == 1
        store.finish(a["key"], {"counted": 3})
        assert store.status(a["key"], "page-b")["state"] == "done" and store.result(a["key"]) == {"counted": 3}
        redis.pause()  # hung: every call gives up within about a second
        try:
            started = time.monotonic()
            with pytest.raises(jobs.Unavailable):
                store.submit("count", {"n": 5}, 1.0, "page")
            with pytest.raises(jobs.Unavailable):
                store.status(a["key"], "page")
            assert time.monotonic() - started < 3.0
        finally:
            redis.resume()
        redis.stop()  # down: the same
        started = time.monotonic()
        with pytest.raises(jobs.Unavailable):
            store.submit("count", {"n": 6}, 1.0, "page")
        assert time.monotonic() - started < 2.0
