"""Take the screenshots in docs/screenshots/ (the README and docs/guide.md show them): the real app in headless
Chromium, at 1920x1080.

    python -m docs.make_screenshots

Starts the app on a free port (the browser tests' helper) and opens each picture as a link: a scene (see
``explorer/scene.py``), played to its end. The pictures: the book's story on one map (trajectory 'a' across the
flat region, trajectory 'b' into the local minimum near (0.88, 38.6), Levenberg–Marquardt), the "Faster methods"
lesson after Play, the "Unstable learning rate" lesson in presentation mode, the story on the 3-D surface, where
each start ends for Levenberg–Marquardt under the book's map, the learning-rate map of momentum, and the
curvature overlays: where steepest descent at α = 1.75 is unstable, with the gradient field, and runs at α = 1.7
and 1.75; inside the step of conjugate gradient from (−4, 10), a quarter of the way; a seven-parameter run beside
the same run of the two on the axes, the map following the iterate; and ch. 11's sine target with two planted bugs
and the gradient check.
"""

from __future__ import annotations

from pathlib import Path

from explorer.components.lessons import presets
from explorer.core import scene as scenes
from tests.browser_support import ExplorerPage, launch_chromium, serve_app

OUT = Path(__file__).resolve().parent / "screenshots"
SIZE = {"width": 1920, "height": 1080}

STORY = {
    "view": {"x": "w1_11", "y": "w2_11", "xr": [-5, 15], "yr": [-5, 45]},
    "runs": [
        {"algorithm": "sdbp", "start": [-4, -4], "hyper": {"alpha": 0.02}, "epochs": 300_000},
        {"algorithm": "sdbp", "start": [-4, 10], "hyper": {"alpha": 0.5}, "epochs": 300_000},
        {"algorithm": "lmbp", "start": [2, 20], "epochs": 200},
    ],
}


def link(raw: dict) -> str:
    scene, notes = scenes.check(raw)
    assert not notes, notes
    return "?" + scenes.to_query(scene)


BASINS = {
    "view": {**STORY["view"], "overlays": ["critical", "basins"], "basins": {"cells": 80, "epochs": 200}},
    "runs": [
        {"algorithm": "lmbp", "start": [2, 20], "epochs": 200},
        {"algorithm": "lmbp", "start": [-4, 6], "epochs": 200},
    ],
}
CURVATURE = {
    "view": {**STORY["view"], "overlays": ["critical", "stability", "field"]},
    "runs": [
        {"algorithm": "sdbp", "start": [-4, -4], "hyper": {"alpha": 1.7}, "epochs": 20_000},
        {"algorithm": "sdbp", "start": [-4, -4], "hyper": {"alpha": 1.75}, "epochs": 20_000},
    ],
}
INSIDE = {
    "view": {**STORY["view"], "overlays": ["critical"]},
    "runs": [{"algorithm": "cgbp", "start": [-4, 10], "epochs": 100}],
    "inside": {"run": None, "open": True},
}
WHOLE = {
    "view": {"x": "w1_11", "y": "w2_11", "xr": [-12, 15], "yr": [-5, 15]},
    "runs": [
        {"algorithm": "lmbp", "start": [-4, -4], "epochs": 200, "free": list(scenes.surface.PARAMS)},
        {"algorithm": "lmbp", "start": [-4, -4], "epochs": 200},
    ],
    "playback": {"follow": True},
}
WHOLE["draft"] = WHOLE["runs"][0]  # the training panel shows the seven-parameter request
HYPERMAP = {
    "view": {**STORY["view"], "mode": "hyper"},
    "draft": {"algorithm": "mobp", "start": [-4, -4], "hyper": {"alpha": 1, "gamma": 0.8}, "epochs": 1000},
}
PLANE = {**STORY, "view": {**STORY["view"], "plane": {"kind": "line", "run": 1, "second": "hessian"}}}
LINES = {**STORY, "view": {**STORY["view"], "mode": "line"}}

BUGGED = {
    "view": {"x": "w1_11", "y": "w2_11", "xr": [-5, 15], "yr": [-5, 15], "data": {"set": "sine", "output": "purelin"}},
    "runs": [
        {"algorithm": "sdbp", "start": [-4, -4], "hyper": {"alpha": 0.05}, "epochs": 3000, "bug": "missing_factor_2"},
        {"algorithm": "lmbp", "start": [12, 2], "epochs": 200, "bug": "bias_like_weight"},
    ],
}
"""Ch. 11's sine target with a linear output: two runs with planted bugs, each dashed beside its correct twin, and
the gradient check (opened) flagging exactly the hidden biases for the training panel's bias bug."""

SHOTS = [
    ("explorer.png", link(STORY), "map"),
    ("lesson.png", "?" + scenes.to_query(presets.preset_scene("faster-methods")), "map"),
    ("presentation.png", "?" + scenes.to_query(presets.preset_scene("unstable-rate")), "present"),
    ("surface3d.png", link({**STORY, "view": {**STORY["view"], "mode": "3d"}}), "3d"),
    ("basins.png", link(BASINS), "basins"),
    ("hypermap.png", link(HYPERMAP), "hyper"),
    ("curvature.png", link(CURVATURE), "curvature"),
    ("gradcheck.png", link(BUGGED), "gradcheck"),
    ("inside.png", link(INSIDE), "inside"),
    ("whole.png", link(WHOLE), "whole"),
    ("plane.png", link(PLANE), "plane"),
    ("lines.png", link(LINES), "line"),
]

WAIT_FOR = {
    "3d": "() => { const g = document.querySelector('#surface .js-plotly-plot');"
    " return g && g._fullData && g._fullData.some(t => (t.meta || '').endsWith(':trail')); }",
    "basins": "() => { const g = document.querySelector('#map .js-plotly-plot');"
    " return g && g._fullData && g._fullData.some(t => t.uid === 'basins' && t.visible === true); }",
    "curvature": "() => { const g = document.querySelector('#map .js-plotly-plot');"
    " return g && g._fullData && g._fullData.some(t => t.uid === 'stability' && t.visible === true); }",
    "hyper": "() => { const g = document.querySelector('#hyper-graph .js-plotly-plot');"
    " return g && g._fullData && g._fullData.some(t => t.uid === 'final-F'); }",
    "plane": "() => { const g = document.querySelector('#plane-graph .js-plotly-plot');"
    " return g && g._fullData && g._fullData.some(t => t.type === 'contour'); }",
    "line": "() => { const g = document.querySelector('#line-swap-graph .js-plotly-plot');"
    " return g && g._fullData && g._fullData.some(t => t.uid === 'line-barrier'); }",
}
"""What each kind of picture waits for before it is taken (a background job's result, the surface's trails)."""


def played_to_the_end(explorer: ExplorerPage, runs: int) -> None:
    explorer.wait_for_runs(runs)
    explorer.page.click("#play")  # reveals a lesson's outcome, if it asks for a prediction first
    explorer.page.evaluate("() => window.lossExplorer.seek(window.lossExplorer.state.posMax)")
    explorer.page.wait_for_function("() => { const s = window.lossExplorer.state; return s.pos === s.posMax; }")
    explorer.page.wait_for_timeout(1200)


def paused_at(explorer: ExplorerPage, runs: int, fraction: float) -> None:
    """Paused part of the way through the runs, with the inside-the-step panel drawn for that iterate."""
    explorer.wait_for_runs(runs)
    explorer.page.evaluate(
        "(f) => window.lossExplorer.seek(Math.round(f * window.lossExplorer.state.posMax))", fraction
    )
    explorer.page.wait_for_function(
        "() => { const g = document.querySelector('#overlay .js-plotly-plot');"
        " return g && g._fullData && g._fullData.some(t => (t.meta || '').startsWith('inside:')); }"
    )
    explorer.page.wait_for_timeout(1200)


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    problems = []
    with serve_app() as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            for name, query, view in SHOTS:
                context = browser.new_context(viewport=SIZE, locale="en-US")
                explorer = ExplorerPage(context.new_page(), server.url).open(query)
                runs = len(scenes.load_query(query)[0]["runs"])
                if view == "inside":
                    paused_at(explorer, runs, 0.25)
                elif runs:
                    played_to_the_end(explorer, runs)
                if view == "present":
                    explorer.page.locator("#readout").click()
                    explorer.page.keyboard.press("p")
                    explorer.page.wait_for_function(
                        "() => parseFloat(getComputedStyle(document.querySelector('#map .xtick text')).fontSize) >= 22"
                    )
                    explorer.page.wait_for_timeout(1200)
                if view == "gradcheck":
                    explorer.page.locator("#gradcheck-panel summary").click()
                    explorer.page.wait_for_selector(".gradcheck-table tbody tr")
                    explorer.page.wait_for_timeout(2000)
                if view == "whole":  # the slice followed to the end, the run's card unfolded for the gap's words
                    explorer.page.wait_for_function(
                        "() => { const el = document.getElementById('follow-note'); return el && !el.hidden; }"
                    )
                    explorer.page.locator(".run-card summary").first.click()
                    explorer.page.wait_for_timeout(1500)
                if view in WAIT_FOR:
                    explorer.page.wait_for_function(WAIT_FOR[view], timeout=120_000)
                    explorer.page.wait_for_timeout(1500)
                explorer.page.screenshot(path=str(OUT / name))
                problems += explorer.problems.all()
                context.close()
        finally:
            browser.close()
    if problems:
        raise SystemExit("the page reported errors:\n" + "\n".join(problems))
    print("saved", ", ".join(name for name, _, _ in SHOTS))


if __name__ == "__main__":
    main()
