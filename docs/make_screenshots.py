"""Take the README's screenshots of the real app in headless Chromium.

    python -m docs.make_screenshots

Starts the app on a free port (the browser tests' helper), replays the book's story on its map with the window
reaching w2_11 = 45: trajectory 'a' (steepest descent from (−4, −4) across the flat region), trajectory 'b'
(from (−4, 10) into the local minimum near (0.88, 38.6)) and Levenberg–Marquardt from (2, 20), then saves
docs/screenshots/explorer.png and docs/screenshots/surface3d.png.
"""

from __future__ import annotations

from pathlib import Path

from tests.browser_support import ExplorerPage, launch_chromium, serve_app

OUT = Path(__file__).resolve().parent / "screenshots"
RUNS = [
    {"start": (-4, -4), "epochs": 20000},
    {"start": (-4, 10), "epochs": 300000},
    {"start": (2, 20), "algorithm": "lmbp"},
]


def replay(explorer: ExplorerPage) -> None:
    explorer.commit("y-max", "45")
    explorer.page.wait_for_function(
        "() => document.querySelector('#map .js-plotly-plot')._fullLayout.yaxis.range[1] === 45"
    )
    for run in RUNS:
        if "algorithm" in run:
            explorer.choose("algorithm", run["algorithm"])
            explorer.page.wait_for_timeout(500)
        explorer.commit("start-x", str(run["start"][0]))
        explorer.commit("start-y", str(run["start"][1]))
        if "epochs" in run:
            explorer.commit("epochs", str(run["epochs"]))
        explorer.page.wait_for_timeout(300)
        explorer.run()
    explorer.page.evaluate("() => { window.lossExplorer.pause(); window.lossExplorer.seek(60000); }")
    explorer.page.wait_for_timeout(800)


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with serve_app() as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            page = browser.new_context(viewport={"width": 1560, "height": 1200}).new_page()
            explorer = ExplorerPage(page, server.url).open()
            replay(explorer)
            page.screenshot(path=str(OUT / "explorer.png"), full_page=True)
            page.get_by_label("3-D surface").check()
            page.wait_for_function(
                "() => { const g = document.querySelector('#surface .js-plotly-plot');"
                " return g && g._fullData && g._fullData.length === 4; }"
            )
            page.wait_for_timeout(1500)
            page.locator(".views").screenshot(path=str(OUT / "surface3d.png"))
            problems = explorer.problems.all()
        finally:
            browser.close()
    if problems:
        raise SystemExit("the page reported errors:\n" + "\n".join(problems))
    print("saved", ", ".join(sorted(p.name for p in OUT.glob("*.png"))))


if __name__ == "__main__":
    main()
