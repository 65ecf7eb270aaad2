"""A class at once: simulated students against two gunicorn workers, and faults while they work.

    python -m benchmarks.load                       # 60 students for 60 s, then the page load under heavy requests
    python -m benchmarks.load --students 20 --seconds 20
    python -m benchmarks.load --faults              # also: a worker killed, Redis stopped and hung, the cache
                                                    # directory deleted, each during 20 s of load

It starts the repository's gunicorn configuration (gunicorn.conf.py: 2 gthread workers of 4 threads) on a free
port of 127.0.0.1 with a FileSystemCache the workers share (RedisCache, on a Redis this script starts, for the
Redis faults), waits for the kernels, then:

1. Baseline: each kind of request alone, one at a time, on the idle server (the best of several).
2. Load: N students, each in a loop of one action and 1–3 s of thought: open the page (GET / and the layout and
   callback specs the page fetches), look at a popular map (the book's window: cached), a new map (a window no
   one asked for: computed), a short run (2,000 sdbp epochs from a new start) or a long run (300,000 sdbp epochs,
   the cap, from a new start). Per kind: count, errors, p50/p95/p99 and p95 against that kind alone.
3. The page load while the two heaviest requests a person can make are in flight (a new 600×600 map with its
   stationary points, and 50,000 epochs of incremental steepest descent, the slowest run at its cap).
4. With --faults, each for 20 s of load: a worker killed with SIGKILL, Redis stopped, Redis hung (SIGSTOP), the
   cache directory deleted. What happened: errors, the slowest answer, and whether the server recovered.

Everything is bounded (at most 200 students, 300 s) and stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from explorer.core import scene as scenes
from tests.browser_support import ROOT, free_port, stop_group, wait_until
from tests.dash_requests import Requests

MAX_STUDENTS, MAX_SECONDS = 200, 300
KINDS = ("page", "popular map", "new map", "short run", "long run")
WEIGHTS = (0.15, 0.30, 0.15, 0.25, 0.15)
GOALS = {"popular map": 0.3, "short run": 0.3, "long run": 0.3}  # p95 goals in seconds (issue: cached maps, runs)


# ---------- the server ----------


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    cache_dir: str

    def workers(self) -> list[int]:
        import psutil

        return [c.pid for c in psutil.Process(self.process.pid).children() if "gunicorn" in " ".join(c.cmdline())]


@contextlib.contextmanager
def gunicorn(env: dict, timeout: float = 120):
    port = free_port()
    tmp = tempfile.mkdtemp(prefix="explorer-load-")
    cache_dir = os.path.join(tmp, "cache")
    full = dict(os.environ) | {"HOST": "127.0.0.1", "PORT": str(port), "CACHE_TYPE": "FileSystemCache"}
    full |= {"CACHE_DIR": cache_dir, "JOB_DIR": os.path.join(tmp, "jobs"), "WEB_CONCURRENCY": "2"} | env
    log = open(os.path.join(tmp, "gunicorn.log"), "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"],
        cwd=ROOT,
        env=full,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server(f"http://127.0.0.1:{port}/", process, cache_dir)
    try:
        compiled = lambda: json.loads(get(server.url + "healthz")[1]).get("compiled")  # noqa: E731
        wait_until(compiled, process, timeout, "gunicorn (with its kernels compiled)", 0.5)
        yield server
    finally:
        stop_group(process)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


def get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


def post(url: str, body: dict, timeout: float = 30) -> tuple[int, bytes]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read()


# ---------- what students ask for ----------


class Actions:
    """Each kind of request as the page sends it (bodies built from the served app's own callback specs)."""

    def __init__(self, url: str):
        self.url = url
        self.requests = Requests(
            json.loads(get(url + "_dash-dependencies")[1]), json.loads(get(url + "_dash-layout")[1])
        )
        self.book = scenes.check({"view": {"x": "w1_11", "y": "w2_11", "xr": [-5, 15], "yr": [-5, 45]}})[0]["view"]

    def _map(self, view) -> dict:
        return self.requests.body("map.figure", {("scene-view", "data"): view}, ["scene-view.data"])

    def _run(self, run: dict) -> dict:
        runs = scenes.check({"runs": [run]})[0]["runs"]
        values = {("scene-runs", "data"): runs, ("scene-view", "data"): self.book, ("runs-store", "data"): []}
        values[("scene-meta", "data")] = {"preset": None, "predict": False}
        return self.requests.body("runs-store.data", values, ["scene-runs.data"])

    def page(self, rng) -> None:
        for path in ("", "_dash-layout", "_dash-dependencies"):
            get(self.url + path)

    def popular_map(self, rng) -> None:
        post(self.url + "_dash-update-component", self._map(self.book))

    def new_map(self, rng, res: int = 250) -> None:
        view = {**self.book, "xr": [-5.0, round(15 + rng.uniform(0, 5), 6)], "res": res}
        post(self.url + "_dash-update-component", self._map(view))

    def short_run(self, rng) -> None:
        start = [round(rng.uniform(-5, 15), 6), round(rng.uniform(-5, 45), 6)]
        post(self.url + "_dash-update-component", self._run({"algorithm": "sdbp", "start": start, "epochs": 2000}))

    def long_run(self, rng) -> None:
        start = [round(rng.uniform(-5, 15), 6), round(rng.uniform(-5, 45), 6)]
        run = {"algorithm": "sdbp", "start": start, "hyper": {"alpha": 0.01}, "epochs": 300_000, "grad_tol": 0}
        post(self.url + "_dash-update-component", self._run(run))

    def heaviest_map(self, rng) -> None:
        self.new_map(rng, res=600)

    def heaviest_run(self, rng) -> None:
        start = [round(rng.uniform(-5, 15), 6), round(rng.uniform(-5, 45), 6)]
        run = {"algorithm": "sgd", "start": start, "hyper": {"alpha": 0.01}, "epochs": 50_000, "grad_tol": 0}
        post(self.url + "_dash-update-component", self._run(run))

    def do(self, kind: str, rng) -> None:
        getattr(self, kind.replace(" ", "_"))(rng)


# ---------- measuring ----------


@dataclass
class Tally:
    times: dict = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    messages: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float | None, error: str | None = None) -> None:
        with self.lock:
            if error:
                self.errors[kind] += 1
                if len(self.messages) < 10:
                    self.messages.append(f"{kind}: {error[:120]}")
            else:
                self.times[kind].append(seconds)


def timed(actions: Actions, kind: str, rng) -> tuple[float | None, str | None]:
    t0 = time.perf_counter()
    try:
        actions.do(kind, rng)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    return time.perf_counter() - t0, None


def student(actions: Actions, seed: int, until: float, tally: Tally) -> None:
    rng = random.Random(seed)
    time.sleep(rng.uniform(0, 3))  # they do not all arrive in the same second
    while time.monotonic() < until:
        kind = rng.choices(KINDS, WEIGHTS)[0]
        seconds, error = timed(actions, kind, rng)
        tally.record(kind, seconds, error)
        time.sleep(rng.uniform(1, 3))


def load(actions: Actions, students: int, seconds: float, fault=None) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=student, args=(actions, k, until, tally), daemon=True) for k in range(students)]
    for t in threads:
        t.start()
    if fault:
        time.sleep(min(5.0, seconds / 4))
        fault()
    for t in threads:
        t.join(timeout=seconds + 60)
    return tally


def baseline(actions: Actions, repeats: int = 5) -> dict:
    rng = random.Random(1)
    out = {}
    for kind in KINDS:
        times = [timed(actions, kind, rng)[0] for _ in range(repeats)]
        out[kind] = min(t for t in times if t is not None)
    return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def page_under_heavy(actions: Actions, rounds: int = 8) -> tuple[list[float], float]:
    """Page loads while the two heaviest requests are in flight: their times, and the heavy pair's time."""
    rng = random.Random(7)
    pages, heavy = [], []
    for _ in range(rounds):
        done = threading.Event()

        def heavy_pair(done=done):
            t0 = time.perf_counter()
            ts = [
                threading.Thread(target=timed, args=(actions, k, random.Random(rng.random())))
                for k in ("heaviest map", "heaviest run")
            ]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            heavy.append(time.perf_counter() - t0)
            done.set()

        threading.Thread(target=heavy_pair, daemon=True).start()
        time.sleep(0.03)  # both are in flight
        while not done.is_set():
            seconds, _ = timed(actions, "page", rng)
            if seconds is not None and not done.is_set():
                pages.append(seconds)
            time.sleep(0.02)
    return pages, statistics.median(heavy)


# ---------- printing ----------


def report(tally: Tally, base: dict, seconds: float) -> int:
    total = sum(len(v) for v in tally.times.values())
    errors = sum(tally.errors.values())
    print(f"  {total + errors:,} requests in {seconds:.0f} s ({(total + errors) / seconds:.1f}/s), {errors} errors")
    head = ("kind", "n", "err", "alone ms", "p50 ms", "p95 ms", "p99 ms", "p95/alone")
    print("  {:<13} {:>5} {:>4} {:>9} {:>8} {:>8} {:>8} {:>10}  goal".format(*head))
    failed = 0
    for kind in KINDS:
        t = tally.times[kind]
        p95 = percentile(t, 0.95)
        goal = GOALS.get(kind)
        verdict = "" if goal is None else (f"p95 <= {goal * 1e3:.0f} ms " + ("PASS" if p95 <= goal else "FAIL"))
        failed += bool(goal and p95 > goal)
        alone, p50, p99 = base[kind] * 1e3, percentile(t, 0.5) * 1e3, percentile(t, 0.99) * 1e3
        print(
            f"  {kind:<13} {len(t):>5} {tally.errors[kind]:>4} {alone:>9.1f} {p50:>8.1f}"
            f" {p95 * 1e3:>8.1f} {p99:>8.1f} {p95 / base[kind]:>9.1f}x  {verdict}"
        )
    for message in tally.messages:
        print("   ", message)
    return failed + (errors > 0)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--faults", action="store_true")
    args = parser.parse_args(argv)
    students = max(1, min(args.students, MAX_STUDENTS))
    seconds = max(5.0, min(args.seconds, MAX_SECONDS))
    print(f"gunicorn.conf.py: 2 gthread workers x 4 threads on 127.0.0.1, FileSystemCache; {os.cpu_count()} CPUs")
    failed = 0
    with gunicorn({}) as server:
        actions = Actions(server.url)
        base = baseline(actions)
        print(f"\n1-2. {students} students for {seconds:.0f} s (think time 1-3 s)")
        print("     'alone': each kind of request on the idle server, the best of 5")
        failed += report(load(actions, students, seconds), base, seconds)
        pages, heavy = page_under_heavy(actions)
        p95 = percentile(pages, 0.95)
        verdict = "PASS" if p95 < 0.1 else "FAIL"
        print(f"\n3. page loads while a new 600x600 map and 50,000 sgd epochs run ({heavy * 1e3:.0f} ms the pair)")
        print(
            f"   {len(pages)} page loads, median {statistics.median(pages) * 1e3:.0f} ms, p95 {p95 * 1e3:.0f} ms,"
            f" max {max(pages) * 1e3:.0f} ms; alone {base['page'] * 1e3:.0f} ms  (goal p95 < 100 ms: {verdict})"
        )
        failed += p95 >= 0.1
        if args.faults:
            failed += faults_filesystem(server, actions, base)
    if args.faults:
        failed += faults_redis(base)
    return 1 if failed else 0


FAULT_STUDENTS, FAULT_SECONDS = 30, 20.0


def faults_filesystem(server: Server, actions: Actions, base: dict) -> int:
    print(f"\n4. faults, each during {FAULT_SECONDS:.0f} s of {FAULT_STUDENTS} students")
    victim = {}

    def kill_worker():
        victim["pid"] = server.workers()[0]
        os.kill(victim["pid"], signal.SIGKILL)

    print("   a worker killed (SIGKILL) after 5 s: at most the requests it held may fail")
    tally = load(actions, FAULT_STUDENTS, FAULT_SECONDS, kill_worker)
    report(tally, base, FAULT_SECONDS)
    print(f"   workers now: {server.workers()} (killed {victim.get('pid')}; the master started another)")
    print("   the cache directory deleted after 5 s: made again, no errors")
    tally = load(actions, FAULT_STUDENTS, FAULT_SECONDS, lambda: shutil.rmtree(server.cache_dir, ignore_errors=True))
    failed = report(tally, base, FAULT_SECONDS)
    print(f"   cache directory there again: {os.path.isdir(server.cache_dir)}")
    return failed


def faults_redis(base_fs: dict) -> int:
    from tests.redis_support import redis_server

    failed = 0
    for fault in ("stopped", "hung"):
        with redis_server() as redis, gunicorn({"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis.url}) as server:
            actions = Actions(server.url)
            base = baseline(actions)
            print(f"   RedisCache, Redis {fault} after 5 s: answered without the cache within about a second")
            tally = load(actions, FAULT_STUDENTS, FAULT_SECONDS, redis.stop if fault == "stopped" else redis.pause)
            failed += report(tally, base, FAULT_SECONDS)
            slowest = max(max(t) for t in tally.times.values() if t)
            print(f"   slowest answer {slowest * 1e3:.0f} ms")
            if fault == "hung":
                redis.resume()
    return failed


if __name__ == "__main__":
    sys.exit(main())
