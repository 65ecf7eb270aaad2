"""How long until the engine can answer? Import, fresh compilation and cached loading, each in a new interpreter.

    python -m benchmarks.startup

1. ``import surface`` (must load no numba: the app's first page must not wait for it), against starting a bare
   interpreter.
2. ``surface.warm_up()`` with an empty numba cache (``NUMBA_CACHE_DIR`` a new temporary directory): a fresh
   install compiling every kernel the runners use.
3. ``surface.warm_up()`` again with that cache filled: every later start.
4. The first ``train`` after each, for the record.
5. ``python app.py`` itself, as a person starts it: seconds from launch until the first page has answered and its
   map is drawn (GET /, then the scene read from the address bar, then the map callback, as the page asks for
   them), with an empty numba cache (a fresh install: the kernels compile in the background meanwhile) and with
   it filled. The issue's limits: 3 s and 1.5 s.

Times are wall-clock seconds of single runs in fresh processes (the cost in question happens once per process).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys, time
t0 = time.perf_counter()
import surface
t1 = time.perf_counter()
numba_loaded = "numba" in sys.modules
compile_seconds = surface.warm_up()
t2 = time.perf_counter()
surface.train("sdbp", (-4.0, -4.0), epochs=1000)
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "numba_on_import": numba_loaded, "warm_up": t2 - t1, "first_train": t3 - t2,
                  "reported": compile_seconds}))
"""


def run(code: str, cache: str) -> tuple[float, dict | None]:
    env = {**os.environ, "NUMBA_CACHE_DIR": cache}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return out, (json.loads(out.stdout.strip().splitlines()[-1]) if out.stdout.strip() else None)


def first_page(cache: str) -> float:
    """Seconds from ``python app.py`` until the page, the scene and the map have answered."""
    import time
    import urllib.request

    from tests.browser_support import serve_app
    from tests.dash_requests import Requests

    def get(url):
        with urllib.request.urlopen(url, timeout=60) as response:
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
        return time.perf_counter() - t0


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
        page_fresh = first_page(cache)
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
        bare = min(_wall(lambda: run("pass", cache)) for _ in range(3))
        _, fresh = run(PROBE, cache)
        _, warm = run(PROBE, cache)
        _, again = run(PROBE, cache)
        page_warm = min(first_page(cache) for _ in range(3))
    print(f"Python {sys.version.split()[0]}; each figure from a new interpreter; NUMBA_CACHE_DIR a new temp dir")
    print(f"  {'':<58} {'seconds':>8}")
    print(f"  {'a bare interpreter (python -c pass)':<58} {bare:8.3f}")
    print(f"  {'import surface':<58} {min(fresh['import'], warm['import'], again['import']):8.3f}"
          f"   numba loaded by the import: {fresh['numba_on_import']}")  # fmt: skip
    print(f"  {'warm_up(), empty cache (fresh install)':<58} {fresh['warm_up']:8.3f}")
    print(f"  {'warm_up(), cache filled (every later start)':<58} {min(warm['warm_up'], again['warm_up']):8.3f}")
    print(f"  {'first train after warm_up (1,000 epochs)':<58} {warm['first_train']:8.3f}")
    print(f"  {'python app.py to its first page and map, fresh install':<58} {page_fresh:8.3f}   (limit 3)")
    print(f"  {'python app.py to its first page and map, cache filled':<58} {page_warm:8.3f}   (limit 1.5)")
    ok = not fresh["numba_on_import"]
    print(f"import surface loads no numba: {'PASS' if ok else 'FAIL'}")
    print(f"first page within 3 s on a fresh install: {'PASS' if page_fresh <= 3 else 'FAIL'}")
    print(f"first page within 1.5 s after that: {'PASS' if page_warm <= 1.5 else 'FAIL'}")
    return 0 if ok else 1


def _wall(fn) -> float:
    import time

    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())
