"""The first run on a new machine (issue 16): while its compiled loop is being prepared the page says so, calmly,
under the Run button, and the notice goes when the run arrives. The app starts with an empty numba cache, so
its kernels compile one after the other (steepest descent's first); Adam's comes late, and a run of 300,000
epochs is too long for the numpy reference to answer meanwhile.

    python -m pytest -q tests/test_browser_first_run.py
"""

from __future__ import annotations

import pytest
from browser_support import ExplorerPage, serve_app

pytestmark = pytest.mark.browser

playwright_sync = pytest.importorskip("playwright.sync_api")

ADAM = "?v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&run=adam,-4,-4,alpha=0.01,epochs=300000"


def test_a_run_waiting_for_its_compiled_loop_is_announced_calmly_and_the_notice_goes(context, tmp_path):
    with serve_app({"NUMBA_CACHE_DIR": str(tmp_path / "numba")}) as server:
        page = context.new_page()
        page.set_default_timeout(60_000)
        explorer = ExplorerPage(page, server.url).open(ADAM)
        note = page.locator("#run-wait")
        note.wait_for(state="visible")
        text = note.inner_text()
        assert text.startswith("Preparing the compiled loop for Adam") and "once per machine" in text
        assert "The run starts as soon as it is ready" in text
        # calm: the page's ink on a pale panel, not the red of an error
        colour = page.evaluate("() => getComputedStyle(document.querySelector('#run-wait')).color")
        assert colour == "rgb(29, 35, 48)"
        explorer.wait_for_runs(1, timeout=180_000)
        note.wait_for(state="hidden")
        assert "adam" in page.locator(".run-card").first.inner_text().lower()
