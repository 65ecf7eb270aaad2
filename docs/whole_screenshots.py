"""Take the README's picture of the whole network (issue 11) in headless Chromium, and the same page at
1366x768 to check that it reads on a small projector.

    python -m docs.whole_screenshots            # docs/screenshots/whole.png (1920x1080) and /tmp/whole-1366.png

A seven-parameter Levenberg–Marquardt run from (−4, −4) with the other five at their nominal values, and the
same run of the two on the axes alone, played to the end with the slice following the iterate; the run's card
unfolded so that the gap's words show, and the training panel holding the seven-parameter request.
"""

from __future__ import annotations

import sys
from pathlib import Path

from explorer import scene as scenes
from tests.browser_support import ExplorerPage, launch_chromium, serve_app

OUT = Path(__file__).resolve().parent / "screenshots"

WHOLE = {
    "view": {"x": "w1_11", "y": "w2_11", "xr": [-12, 15], "yr": [-5, 15]},
    "runs": [
        {"algorithm": "lmbp", "start": [-4, -4], "epochs": 200, "free": list(scenes.surface.PARAMS)},
        {"algorithm": "lmbp", "start": [-4, -4], "epochs": 200},
    ],
    "playback": {"follow": True},
}
WHOLE["draft"] = WHOLE["runs"][0]  # the training panel shows the seven-parameter request, unfolded

SHOTS = [
    (OUT / "whole.png", {"width": 1920, "height": 1080}),
    (Path("/tmp/whole-1366.png"), {"width": 1366, "height": 768}),
]


def main() -> None:
    from playwright.sync_api import sync_playwright

    scene, notes = scenes.check(WHOLE)
    assert not notes, notes
    query = "?" + scenes.to_query(scene)
    problems = []
    with serve_app() as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            for path, size in SHOTS:
                context = browser.new_context(viewport=size, locale="en-US")
                explorer = ExplorerPage(context.new_page(), server.url).open(query)
                explorer.wait_for_runs(len(scene["runs"]))
                explorer.page.evaluate("() => window.lossExplorer.pause()")
                t = float(sys.argv[1]) if len(sys.argv) > 1 else None
                where = "window.lossExplorer.state.posMax" if t is None else str(t)
                explorer.page.evaluate(f"() => window.lossExplorer.seek({where})")
                explorer.page.wait_for_function(
                    "() => { const el = document.getElementById('follow-note'); return el && !el.hidden; }"
                )
                explorer.page.locator(".run-card summary").first.click()
                explorer.page.wait_for_timeout(1500)
                explorer.page.screenshot(path=str(path))
                problems += explorer.problems.all()
                context.close()
        finally:
            browser.close()
    if problems:
        raise SystemExit("the page reported errors:\n" + "\n".join(problems))
    print("saved", ", ".join(str(p) for p, _ in SHOTS))


if __name__ == "__main__":
    main()
