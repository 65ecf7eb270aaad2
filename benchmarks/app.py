"""How fast is the served page? Callback times and payloads over HTTP, and the animation's frame rate in Chromium.

    python -m benchmarks.app

It starts ``python app.py`` on a free port on 127.0.0.1 with a fresh in-process cache (the browser tests' helper,
``tests/browser_support.py``), then measures, each against a baseline taken in this same run:

1. The map callback for a 400 x 400 contour, POSTed to ``/_dash-update-component`` with the JSON the page
   sends (built from the served app's callback specs by ``tests/dash_requests.py``): a new window (cold: grid and
   stationary points computed; each sample a slightly different window, so a new cache key) with the stationary
   points on (the page's default) and off, and the same request again (cached). Baselines:
   ``surface.evaluate_grid`` on the same 400 x 400 grid and ``surface.critical_points`` on the same window, in
   this process.
2. That the map's z travels base64-encoded (a plotly typed array, ``bdata``), not as text floats.
3. The run callback for 300,000 epochs of sdbp (alpha = 0.01 from (-4, -4), which crawls for all 300,000): cold
   (each sample with a different, never-reached goal, so a new cache key for the same work) and cached. Baseline:
   ``surface.train`` and its 2,000-point display copy, in this process.
4. The curvature overlays (explorer/components/curvature/): a new map with each on, and a new alpha with the
   stability overlay on (a patch of its level). Baselines: ``surface.evaluate_grid`` at 400 x 400 and
   ``surface.curvature_grid`` at the overlays' 200 x 200, in this process.
5. In headless Chromium (software rendering, --disable-gpu), the page at 400 x 400 with that run playing (looped):
   overlay redraws per second over about 5 s, counted by the page's own requestAnimationFrame loop
   (``lossExplorer.fps()``) and by the overlay's ``plotly_animated`` events, against the browser's own
   requestAnimationFrame rate on the same page with nothing playing.

Times are wall-clock round trips on localhost (the best of several), sizes are the HTTP response bodies
(uncompressed, as the app serves them; gzip shown for comparison).
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import sys
import time
import urllib.request

import numpy as np

import surface
from benchmarks._timing import best_of
from explorer.components.basins.slice import SLICE as BASINS_SLICE
from explorer.core import scene as scenes
from tests.browser_support import VIEWPORT, ExplorerPage, launch_chromium, serve_app
from tests.dash_requests import Requests

N = 400
PAIR = ("w1_11", "w2_11")
WINDOW = ((-5.0, 15.0), (-5.0, 15.0))
RUN = {"start": (-4.0, -4.0), "alpha": 0.01, "epochs": 300_000, "grad_tol": 1e-8}
DISPLAY_POINTS = 2000  # explorer/core/compute.py
PLAY_SECONDS = 5.0
DIAGNOSTIC_SECONDS = 3.0
COLD_SAMPLES, CACHED_SAMPLES = 4, 7
OVERLAY_SAMPLES = 8


def scene_view(window, resolution, show_critical: bool = True) -> dict:
    """The scene's view part (explorer/core/scene.py) for the book's pair in ``window``."""
    (x0, x1), (y0, y1) = window
    raw = {"x": PAIR[0], "y": PAIR[1], "xr": [x0, x1], "yr": [y0, y1], "res": resolution}
    raw["overlays"] = ["critical"] if show_critical else []
    return scenes.check({"view": raw})[0]["view"]


def scene_draft(alpha: float) -> dict:
    """The training panel's part of the scene: sdbp from (-4, -4) at ``alpha``."""
    raw = {"algorithm": "sdbp", "start": [-4.0, -4.0], "hyper": {"alpha": alpha}, "epochs": 200}
    return scenes.check({"draft": raw})[0]["draft"]


def scene_run(goal: float = 0.0) -> dict:
    raw = {"algorithm": "sdbp", "start": list(RUN["start"]), "hyper": {"alpha": RUN["alpha"]}}
    raw.update(epochs=RUN["epochs"], goal=goal, grad_tol=RUN["grad_tol"])
    return scenes.check({"runs": [raw]})[0]["runs"][0]


class Bodies:
    """Request bodies as the page builds them, from the served app's own callback specs (by id, not order)."""

    def __init__(self, server):
        def get(path):
            with urllib.request.urlopen(server.url + path, timeout=30) as response:
                return json.loads(response.read())

        self.requests = Requests(get("_dash-dependencies"), get("_dash-layout"))

    def map(self, view, draft=None, drawn=None, changed="scene-view.data") -> dict:
        """The map callback (components/map/draw.py: draw_map) for a view of the scene (and the training panel's
        draft, which the stability overlay reads), over the map ``drawn`` (its overlay base) or none."""
        values = {("scene-view", "data"): view, ("overlay-base", "data"): drawn, ("scene-draft", "data"): draft}
        if draft is not None and "stability" in view["overlays"]:
            values[("stability-input", "data")] = {"algorithm": draft["algorithm"], "hyper": draft["hyper"]}
        return self.requests.body("map.figure", values, [changed])

    def run(self, view, run) -> dict:
        """The runs callback (components/runs/derive.py: derive_runs) for a scene holding one run, new to the page."""
        values = {("scene-runs", "data"): [run], ("scene-view", "data"): view, ("runs-store", "data"): []}
        values[("scene-meta", "data")] = {"preset": None, "predict": False}
        return self.requests.body("runs-store.data", values, ["scene-runs.data"])


# ---------- measuring ----------


def post(server, body) -> tuple[float, bytes, dict]:
    status, payload, seconds = server.post_callback(body)
    if status != 200:
        raise RuntimeError(f"callback answered {status}: {payload[:300]!r}")
    return seconds, payload, json.loads(payload)


def check_map(answer: dict) -> dict:
    """The map response really holds a contour; returns the contour trace."""
    trace = next(t for t in answer["response"]["map"]["figure"]["data"] if t["type"] == "contour")
    if trace["type"] != "contour":
        raise RuntimeError(f"the map's first trace is a {trace['type']}, not a contour")
    return trace


def best_post(server, bodies) -> tuple[float, int, int, dict]:
    """(best seconds, response bytes, gzip bytes, last answer) over the bodies, posted in turn."""
    best, size, answer = float("inf"), 0, None
    for body in bodies:
        seconds, payload, answer = post(server, body)
        best, size = min(best, seconds), len(payload)
        zipped = len(gzip.compress(payload, 6))
    return best, size, zipped, answer


def uncached_critical_points():
    """``surface.critical_points`` on the window, computed afresh (the engine memoises its survey per window)."""
    from surface import critical

    critical._survey.cache_clear()
    return surface.critical_points(*PAIR, *WINDOW)


def measure_server(server) -> dict:
    out = {}
    bodies = Bodies(server)
    # the map: cold windows (new cache keys), then the same request again
    cold_windows = [((-5.0, 15.0 + 1e-3 * (i + 1)), WINDOW[1]) for i in range(COLD_SAMPLES)]
    out["map_cold"] = best_post(server, [bodies.map(scene_view(w, N)) for w in cold_windows])
    off_windows = [((-5.0, 15.0 - 1e-3 * (i + 1)), WINDOW[1]) for i in range(COLD_SAMPLES)]
    out["map_cold_off"] = best_post(server, [bodies.map(scene_view(w, N, False)) for w in off_windows])
    view = scene_view(WINDOW, N)
    post(server, bodies.map(view))  # fill the cache for the book's window
    out["map_cached"] = best_post(server, [bodies.map(view)] * CACHED_SAMPLES)
    out["z"] = check_map(out["map_cached"][3])["z"]

    xs, ys = np.linspace(*WINDOW[0], N), np.linspace(*WINDOW[1], N)
    surface.evaluate_grid(*PAIR, xs, ys)
    out["grid_baseline"] = best_of(lambda: surface.evaluate_grid(*PAIR, xs, ys), 7)
    out["critical_baseline"] = best_of(uncached_critical_points, 3)
    out["z_text_size"] = len(json.dumps(np.log10(surface.evaluate_grid(*PAIR, xs, ys)).astype(np.float32).tolist()))

    # the run: cold (a new, never-reached goal each time: a new cache key, the same work), then cached
    goals = [k * 1e-30 for k in range(1, COLD_SAMPLES + 1)]
    out["run_cold"] = best_post(server, [bodies.run(view, scene_run(g)) for g in goals])
    post(server, bodies.run(view, scene_run()))
    out["run_cached"] = best_post(server, [bodies.run(view, scene_run())] * CACHED_SAMPLES)
    out["run_meta"] = out["run_cached"][3]["response"]["runs-store"]["data"][0]

    def engine_run():
        tr = surface.train("sdbp", RUN["start"], epochs=RUN["epochs"], grad_tol=RUN["grad_tol"], alpha=RUN["alpha"])
        return tr.display_copy(DISPLAY_POINTS)

    engine_run()
    out["run_baseline"] = best_of(engine_run, 5)
    out["basin_baseline"] = basin_baseline()
    out.update(measure_overlays(server, bodies))
    return out


OVERLAY_SETS = {
    "no overlay": [],
    "stability (sdbp, alpha 1.75)": ["stability"],
    "not convex": ["nonconvex"],
    "condition number": ["condition"],
    "gradient field": ["field"],
    "all four": ["condition", "nonconvex", "stability", "field"],
}


def measure_overlays(server, bodies) -> dict:
    """The curvature overlays: a new 400 x 400 map (cold: a new window for each sample, so that the contour and
    the curvature are both computed) with each overlay on, stationary points off; and, on the map drawn with the
    stability overlay, a new alpha (the patch of its level). Baselines in this process: evaluate_grid at 400 x 400
    and curvature_grid at the overlays' 200 x 200."""
    out = {"overlays": {}}
    draft = scene_draft(1.75)
    for k, (label, overlays) in enumerate(OVERLAY_SETS.items()):
        windows = [((-5.0, 15.0 + 1e-4 * (k * 20 + i + 1)), (-5.0, 45.0)) for i in range(OVERLAY_SAMPLES)]
        views = [{**scene_view(w, N, False), "overlays": overlays} for w in windows]
        out["overlays"][label] = best_post(server, [bodies.map(v, draft) for v in views])
    view = {**scene_view(((-5.0, 15.0), (-5.0, 45.0)), N, False), "overlays": ["stability"]}
    _, _, answer = post(server, bodies.map(view, draft))
    drawn = answer["response"]["overlay-base"]["data"]
    patches = [bodies.map(view, scene_draft(a), drawn, "stability-input.data") for a in (1.7, 1.6, 1.5, 1.4)]
    out["alpha_patch"] = best_post(server, patches)
    xs, ys = np.linspace(-5, 15, 200), np.linspace(-5, 45, 200)
    surface.curvature_grid(*PAIR, xs, ys)
    out["curvature_baseline"] = best_of(lambda: surface.curvature_grid(*PAIR, xs, ys), 7)
    return out


def check_z(z) -> tuple[bool, str]:
    """Is the contour's z a base64 typed array of N x N float32s?"""
    if not isinstance(z, dict) or "bdata" not in z:
        kind = type(z).__name__
        return False, f"z is NOT base64: it travels as {kind} (text floats)"
    raw = base64.b64decode(z["bdata"])
    shape = str(z.get("shape", ""))
    ok = z.get("dtype") == "f4" and len(raw) == 4 * N * N
    return ok, (
        f"z travels base64-encoded: bdata, dtype {z.get('dtype')}, shape [{shape}], "
        f"{len(z['bdata']):,} characters for {len(raw):,} bytes"
    )


COUNT_FRAMES = """
async ([seconds, play]) => {
  const ex = window.lossExplorer;
  const gd = document.querySelector('#overlay .js-plotly-plot');
  let frames = 0, animated = 0, running = true;
  const onAnimated = () => { animated += 1; };
  gd.on('plotly_animated', onAnimated);
  const count = () => { frames += 1; if (running) requestAnimationFrame(count); };
  if (play) { ex.pause(); ex.seek(0); }
  await new Promise((resolve) => requestAnimationFrame(resolve));
  requestAnimationFrame(count);
  if (play) ex.play();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  running = false;
  const dt = (performance.now() - t0) / 1000;
  const result = {
    seconds: dt, raf: frames / dt, animated: animated / dt, fps: ex.fps(), drawn: ex.state.drawn,
    playing: ex.state.playing, t: ex.state.pos, epochMax: ex.state.posMax,
  };
  if (play) ex.pause();
  gd.removeListener('plotly_animated', onAnimated);
  return result;
}
"""


SKIP_PLOTS = """
(skip) => {
  // diagnostic only: make Plotly.animate / restyle / relayout on the named graphs do nothing, to see their cost
  if (!window.__benchSkip) {
    window.__benchSkip = [];
    for (const name of ['animate', 'restyle', 'relayout']) {
      const original = Plotly[name];
      Plotly[name] = function (gd, ...rest) {
        const holder = gd && gd.parentElement && gd.parentElement.id;
        return window.__benchSkip.includes(holder) ? Promise.resolve(gd) : original.call(this, gd, ...rest);
      };
    }
  }
  window.__benchSkip = skip;
}
"""


INSIDE_DRAWN = """() => {
  const gd = document.querySelector('#overlay .js-plotly-plot');
  return Boolean(gd && gd._fullData && gd._fullData.some(t => t.meta === 'inside:gradient'));
}"""


BASIN_LAYER_SHOWN = """() => {
  const gd = document.querySelector('#map .js-plotly-plot');
  const layer = gd && gd._fullData && gd._fullData.find(t => t.uid === 'basins');
  return Boolean(layer && layer.visible === true && document.querySelector('#basin-legend li'));
}"""


def time_basin_overlay(page) -> float:
    """Seconds from ticking "where each start ends" (its defaults: 60 x 60 cells, 1,000 epochs of the training
    panel's sdbp) to the basin layer drawn under the contours with its legend: a background job's whole round
    trip (start, progress polls, result, map redrawn)."""
    clock = time.perf_counter()
    page.get_by_label("where each start ends", exact=False).check()
    page.wait_for_function(BASIN_LAYER_SHOWN, timeout=120_000)
    seconds = time.perf_counter() - clock
    page.get_by_label("where each start ends", exact=False).uncheck()
    return seconds


def basin_baseline() -> float:
    """The engine alone: ``surface.basin_map`` for the same 60 x 60 x 1,000 sdbp job, in this process."""
    view = scenes.check({})[0]["view"]  # the page as it opens: the book's pair and window
    cells = BASINS_SLICE.default()
    xs = np.linspace(*view["xr"], cells["cells"])
    ys = np.linspace(*view["yr"], cells["cells"])
    surface.warm_up()
    return best_of(lambda: surface.basin_map("sdbp", (view["x"], view["y"]), xs, ys, epochs=cells["epochs"]), 3)


def measure_browser(server) -> dict:
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            context = browser.new_context(viewport=VIEWPORT, locale="en-US")
            page = context.new_page()
            page.set_default_timeout(60_000)
            explorer = ExplorerPage(page, server.url).open()

            clock = time.perf_counter()
            explorer.commit("resolution", str(N))
            explorer.wait_for_map(resolution=N)
            out["map_in_page"] = time.perf_counter() - clock

            out["basins_in_page"] = time_basin_overlay(page)

            explorer.commit({"type": "hyper", "algo": "sdbp", "name": "alpha"}, f"{RUN['alpha']:g}")
            explorer.commit("epochs", str(RUN["epochs"]))
            explorer.commit("start-x", f"{RUN['start'][0]:g}")
            explorer.commit("start-y", f"{RUN['start'][1]:g}")
            page.wait_for_timeout(300)  # let the committed values reach the stores
            out["idle"] = page.evaluate(COUNT_FRAMES, [2.0, False])

            page.get_by_label("loop").check()  # keep playing for the whole measurement
            page.wait_for_function("() => window.lossExplorer.state.loop")
            explorer.run()
            page.wait_for_function("() => window.lossExplorer.state.playing")
            out["points"] = page.evaluate("() => window.lossExplorer.state.runs[0].x.length")
            out["epochs"] = page.evaluate("() => window.lossExplorer.state.posMax")
            out["playing"] = page.evaluate(COUNT_FRAMES, [PLAY_SECONDS, True])
            # inside the step open: the model, −∇F and the step drawn at every frame, the panel written every few
            clock = time.perf_counter()
            page.locator("#inside-panel summary").click()
            page.wait_for_function(INSIDE_DRAWN, timeout=60_000)
            out["inside_ready"] = time.perf_counter() - clock
            out["inside"] = page.evaluate(COUNT_FRAMES, [PLAY_SECONDS, True])
            page.locator("#inside-panel summary").click()
            page.wait_for_function(f"() => !({INSIDE_DRAWN})()")
            out["problems"] = explorer.problems.all()
            # diagnostics: the same page with the side plots' per-frame updates switched off
            for key, skip in (("no_loss", ["loss"]), ("no_side", ["loss", "response"])):
                page.evaluate(SKIP_PLOTS, skip)
                out[key] = page.evaluate(COUNT_FRAMES, [DIAGNOSTIC_SECONDS, True])
            context.close()
        finally:
            browser.close()
    return out


# ---------- printing ----------


def main() -> int:
    print(f"Loss-surface explorer served by `python app.py` (SimpleCache), {os.cpu_count()} CPUs")
    with serve_app() as server:
        print(f"app at {server.url}; request times are the best of {COLD_SAMPLES} (cold) or {CACHED_SAMPLES} (cached)")
        s = measure_server(server)
        b = measure_browser(server)

    grid, crit, train = s["grid_baseline"], s["critical_baseline"], s["run_baseline"]
    print()
    print(f"{'server: POST /_dash-update-component':<58} {'ms':>8} {'bytes':>11} {'gzip':>10} {'ratio':>7}")

    def row(label, entry, base):
        seconds, size, zipped, _ = entry
        print(f"  {label:<56} {seconds * 1e3:8.1f} {size:11,} {zipped:10,} {seconds / base:6.2f}x")

    def base_row(label, seconds):
        print(f"  {label:<56} {seconds * 1e3:8.1f} {'':>11} {'':>10} {'1.00x':>7}")

    base_row(f"baseline: surface.evaluate_grid {N}x{N}, in process", grid)
    row(f"map {N}x{N}, new window (cold), stationary points on", s["map_cold"], grid)
    row(f"map {N}x{N}, new window (cold), stationary points off", s["map_cold_off"], grid)
    row(f"map {N}x{N}, same request again (cached)", s["map_cached"], grid)
    print(f"  {'(surface.critical_points on the window, in process:':<56} {crit * 1e3:8.1f} ms)")
    base_row(f"baseline: surface.train sdbp {RUN['epochs']:,} + display copy", train)
    row(f"run sdbp {RUN['epochs']:,} epochs, alpha {RUN['alpha']:g} (cold)", s["run_cold"], train)
    row(f"run sdbp {RUN['epochs']:,} epochs, alpha {RUN['alpha']:g} (cached)", s["run_cached"], train)
    meta = s["run_meta"]
    print(f"  (the run: {meta['epochs']:,} epochs, {meta['status']}, {meta['points']:,} display points sent)")

    ok, text = check_z(s["z"])
    print()
    print(f"payload: {text}")
    print(f"         as JSON text floats the same z would be {s['z_text_size']:,} characters")

    idle, playing = b["idle"], b["playing"]
    print()
    print(
        f"browser: headless Chromium, {VIEWPORT['width']}x{VIEWPORT['height']}, {N}x{N} map, "
        f"{b['epochs']:,}-epoch run ({b['points']:,} display points) playing, looped, {playing['seconds']:.1f} s"
    )
    print(f"  {'':<56} {'per s':>8} {'ratio':>7}")
    print(f"  {'baseline: requestAnimationFrame, nothing playing':<56} {idle['raf']:8.1f} {'1.00':>7}")

    def fps_row(label, value):
        print(f"  {label:<56} {value:8.1f} {value / idle['raf']:7.2f}")

    fps_row("requestAnimationFrame while playing", playing["raf"])
    fps_row("overlay redraws, lossExplorer.fps()", playing["fps"])
    fps_row("overlay redraws, plotly_animated events", playing["animated"])
    fps_row("overlay redraws with inside the step open", b["inside"]["fps"])
    print(f"  diagnostics, {DIAGNOSTIC_SECONDS:g} s each, the side plots' updates skipped:")
    fps_row("  overlay redraws without the loss plot's updates", b["no_loss"]["fps"])
    fps_row("  overlay redraws without the loss and response updates", b["no_side"]["fps"])
    print("  (design.md: 50-57 fps over a 400x400 map)")
    print(f"  (Enter in the resolution box to the {N}x{N} contour drawn, grid cached: {b['map_in_page'] * 1e3:.0f} ms)")
    print(f"  (opening inside the step to its drawing on the map, 300,000-epoch run: {b['inside_ready'] * 1e3:.0f} ms)")
    cells = BASINS_SLICE.default()
    size = f"{cells['cells']}x{cells['cells']} starts x {cells['epochs']:,} sdbp epochs"
    print()
    print(f"where each start ends, {size} (a background job):")
    print(f"  {'baseline: surface.basin_map, in process':<56} {s['basin_baseline'] * 1e3:8.0f} ms")
    print(
        f"  {'tick the overlay to the layer and legend drawn':<56} {b['basins_in_page'] * 1e3:8.0f} ms"
        f"  {b['basins_in_page'] / s['basin_baseline']:6.1f}x"
    )
    print()
    print(f"curvature overlays: a new {N}x{N} map of (-5, 15) x (-5, 45) (cold, best of {OVERLAY_SAMPLES}), stationary")
    print("points off; the overlays'", end=" ")
    print("curvature on 200x200 nodes, the gradient field on 16x16 cells")
    base_row(f"baseline: surface.evaluate_grid {N}x{N}, in process", grid)
    print(f"  {'(surface.curvature_grid 200x200, in process:':<56} {s['curvature_baseline'] * 1e3:8.1f} ms)")
    for label, entry in s["overlays"].items():
        row(f"map, {label}", entry, grid)
    row("a new alpha, stability on: the patch of its level", s["alpha_patch"], grid)
    if b["problems"]:
        print("page errors:", *b["problems"], sep="\n  ")
    return 0 if ok and not b["problems"] else 1


if __name__ == "__main__":
    sys.exit(main())
