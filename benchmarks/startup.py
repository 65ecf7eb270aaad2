"""How long until a new machine answers? Import, each kernel's compilation and loading, and ``python app.py`` itself.

    python -m benchmarks.startup

1. ``import surface`` (must load no numba: the app's first page must not wait for it), against starting a bare
   interpreter.
2. The compiled kernels from an empty numba cache (``NUMBA_CACHE_DIR`` a new temporary directory), one after
   another in a new interpreter, in the warm-up's order (``surface.kernels.order()``): seconds of CPU and of wall
   clock for each; then again in a new interpreter with that cache filled (every later start loads them). The
   CPU figures are what ``surface/kernels.py`` (``SHARED_SECONDS``, ``MANY_SECONDS``, ``LOAD_SECONDS``) and each
   algorithm's ``COMPILED.seconds`` hold, to tell a page how long a request would wait.
3. The numpy reference's cost per epoch for each algorithm (two free parameters, CPU seconds), against the
   ``COMPILED.reference`` each class declares: what decides whether a run asked for while kernels are being
   prepared is answered by the reference (at most ``kernels.REFERENCE_BUDGET``) or waits.
4. ``python app.py`` itself, as a person starts it, each from its own launch with its own empty numba cache:
   seconds from launch until the first page has answered with its map (GET /, the scene read from the address
   bar, the map callback, as the page asks for them); until the first default run has answered after it (the
   training panel's default: sdbp from (−4, −4), α = 0.5, 20,000 epochs); and until trajectory 'a' has answered
   after it (the lesson's run: sdbp from (−4, −4), α = 0.02, 300,000 epochs). The goals: 1.5 s, 5 s and 8 s.
   Then the first page with a filled cache. Wherever the app starts its warm-up (on import or when it starts
   serving), it has started by the time the page answers. Beside each, the CPU seconds the app had used by then
   (its threads share one interpreter: on a quiet machine the wall clock is about that, or less).

Times are wall-clock seconds of single launches in fresh processes (the cost in question happens once per
process), except where CPU seconds are said; the machine is shared, so the CPU figures are the steadier ones.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GOALS = {"first page": 1.5, "first default run": 5.0, "trajectory 'a'": 8.0}
DEFAULT_RUN = {"algorithm": "sdbp", "start": [-4.0, -4.0], "hyper": {"alpha": 0.5}, "epochs": 20_000}
TRAJECTORY_A = {"algorithm": "sdbp", "start": [-4.0, -4.0], "hyper": {"alpha": 0.02}, "epochs": 300_000}

KERNELS = """
import json, sys, time
t0 = time.perf_counter()
import surface
from surface import kernels
out = {"import": time.perf_counter() - t0, "numba_on_import": "numba" in sys.modules, "kernels": []}
for name in kernels.order():
    cpu, wall = time.process_time(), time.perf_counter()
    kernels.ensure(name)
    out["kernels"].append([name, kernels.kernel(name), time.process_time() - cpu, time.perf_counter() - wall])
wall = time.perf_counter()
surface.train("sdbp", (-4.0, -4.0), epochs=1000)
out["first_train"] = time.perf_counter() - wall
print(json.dumps(out))
"""


def run(code: str, cache: str) -> dict | None:
    env = {**os.environ, "NUMBA_CACHE_DIR": cache}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1]) if out.stdout.strip() else None


def cpu_seconds(pid: int) -> float:
    """The CPU seconds (user and system) process ``pid`` has used so far (Linux: /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def launch(cache: str, run: dict | None = None) -> tuple[float, float | None, float]:
    """Seconds from ``python app.py`` until its first page and map have answered, and, if ``run`` is given (a
    scene's run), until that run posted right after has answered too; and the CPU seconds the app had used by
    then (on a shared machine the steadier figure: the app's threads share one interpreter, so on a quiet
    machine its wall clock is about its CPU time)."""
    from explorer.core import scene as scenes
    from tests.browser_support import serve_app
    from tests.dash_requests import Requests

    def get(url):
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read()

    t0 = time.perf_counter()
    with serve_app({"NUMBA_CACHE_DIR": cache}, poll=0.02) as server:
        get(server.url)
        requests = Requests(
            json.loads(get(server.url + "_dash-dependencies")), json.loads(get(server.url + "_dash-layout"))
        )
        body = requests.body("scene-view.data", {("url-in", "data"): {"search": "", "pop": False}}, ["url-in.data"])
        _, payload, _ = server.post_callback(body)
        view = json.loads(payload)["response"]["scene-view"]["data"]
        body = requests.body("map.figure", {("scene-view", "data"): view}, ["scene-view.data"])
        status, payload, _ = server.post_callback(body)
        if status != 200 or b"contour" not in payload:
            raise RuntimeError("the map did not come")
        page = time.perf_counter() - t0
        if run is None:
            return page, None, cpu_seconds(server.process.pid)
        checked = scenes.check({"runs": [run]})[0]["runs"][0]
        values = {("scene-runs", "data"): [checked], ("scene-view", "data"): view, ("runs-store", "data"): []}
        values[("scene-meta", "data")] = {"preset": None, "predict": False}
        body = requests.body("runs-store.data", values, ["scene-runs.data"])
        status, payload, _ = server.post_callback(body, timeout=300)
        if status != 200 or b"runs-store" not in payload:
            raise RuntimeError(f"the run did not come: {status} {payload[:300]!r}")
        return page, time.perf_counter() - t0, cpu_seconds(server.process.pid)


def reference_costs() -> dict[str, tuple[float, float]]:
    """(measured, declared) numpy seconds per epoch of each algorithm, two free parameters, CPU time."""
    import surface

    out = {}
    for name, cls in surface.ALGORITHMS.items():
        epochs = 20 if cls.INCREMENTAL else 200
        best = float("inf")
        for _ in range(3):
            cpu = time.process_time()
            tr = surface.train(name, (-4.0, -4.0), epochs=epochs, grad_tol=0.0, compiled=False)
            best = min(best, (time.process_time() - cpu) / max(1, tr.epochs))
        out[name] = (best, cls.COMPILED.reference)
    return out


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
        bare = min(_wall(lambda: run("pass", cache)) for _ in range(3))
        fresh = run(KERNELS, cache)
        warm = run(KERNELS, cache)
        page_warm = min(launch(cache)[0] for _ in range(3))
    figures = {}
    for what, request in (("first page", None), ("first default run", DEFAULT_RUN), ("trajectory 'a'", TRAJECTORY_A)):
        with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
            page, answered, cpu = launch(cache, request)
        figures[what] = (page if request is None else answered, cpu)
    costs = reference_costs()

    print(f"Python {sys.version.split()[0]}; each figure from a new interpreter; NUMBA_CACHE_DIR a new temp dir")
    print(f"  {'a bare interpreter (python -c pass)':<52} {bare:8.3f} s")
    print(f"  {'import surface':<52} {min(fresh['import'], warm['import']):8.3f} s"
          f"   numba loaded by the import: {fresh['numba_on_import']}")  # fmt: skip
    print()
    print("  kernels in the warm-up's order      empty cache: CPU s   wall s     filled cache: wall s")
    for (name, kernel, cpu, wall), (_, _, _, load) in zip(fresh["kernels"], warm["kernels"], strict=True):
        print(f"  {name:<10} ({kernel:<26})            {cpu:6.2f}  {wall:7.2f}      {load:8.3f}")
    total_cpu = sum(k[2] for k in fresh["kernels"])
    total_wall, total_load = sum(k[3] for k in fresh["kernels"]), sum(k[3] for k in warm["kernels"])
    print(f"  {'all of them':<38}            {total_cpu:6.2f}  {total_wall:7.2f}      {total_load:8.3f}")
    print(f"  first train after them (1,000 epochs): {warm['first_train']:.3f} s")
    print()
    print("  numpy reference, CPU per epoch (two free parameters)   measured   declared (COMPILED.reference)")
    for name, (measured, declared) in costs.items():
        print(f"  {name:<10} {'':<43} {measured * 1e6:8.0f} µs  {declared * 1e6:8.0f} µs")
    print()
    print("  python app.py, empty numba cache, from launch until        seconds   goal          app's CPU s")
    for what, (seconds, cpu) in figures.items():
        print(f"  {what + ' answered':<58} {seconds:7.2f}   {GOALS[what]:4.1f}  "
              f"{'PASS' if seconds <= GOALS[what] else 'FAIL'}   {cpu:8.2f}")  # fmt: skip
    print(f"  {'first page answered, cache filled':<58} {page_warm:7.2f}   {GOALS['first page']:4.1f}  "
          f"{'PASS' if page_warm <= GOALS['first page'] else 'FAIL'}")  # fmt: skip
    ok = not fresh["numba_on_import"]
    print(f"import surface loads no numba: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


def _wall(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())
