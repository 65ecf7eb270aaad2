"""The whole network in the real page (issue 11): a link with a seven-parameter run shows the run projected on
the map, its loss curve with the slice's curve dotted beneath it, the gap in words on its card; the training
panel frees more parameters; "slice follows the iterate" switches the map's contour at the keyframes.

    python -m pytest -q tests/test_browser_whole.py
"""

from __future__ import annotations

import pytest
from browser_support import MAP_GD, ExplorerPage

pytestmark = pytest.mark.browser

playwright_sync = pytest.importorskip("playwright.sync_api")

SEVEN = "?v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&run=lmbp,-4,-4,epochs=200,free=all,init=small:3"


def new_page(context, url: str, query: str = "") -> ExplorerPage:
    page = context.new_page()
    page.set_default_timeout(30_000)
    return ExplorerPage(page, url).open(query)


def contour_z_sum(explorer) -> float:
    """A fingerprint of the map's contour as drawn: the sum of its z (log10 F) and its number of rows."""
    return explorer.page.evaluate(
        f"() => {{ const gd = {MAP_GD}; const c = gd._fullData.find(t => t.uid === 'surface');"
        " let s = 0; for (const row of c.z) for (const v of row) s += v; return [s, c.z.length]; }"
    )


def test_a_seven_parameter_link_shows_both_curves_and_the_gap_words(app_server, context):
    explorer = new_page(context, app_server.url, SEVEN)
    explorer.wait_for_runs(1)
    explorer.page.evaluate("() => window.lossExplorer.seek(window.lossExplorer.state.posMax)")
    loss = explorer.traces("loss", r":(loss|slice)$", ("meta", "x", "y", "line"))
    kinds = sorted(t["meta"].rsplit(":", 1)[1] for t in loss)
    assert kinds == ["loss", "slice"]
    solid, dotted = (next(t for t in loss if t["meta"].endswith(k)) for k in (":loss", ":slice"))
    assert dotted["line"]["dash"] == "dot" and dotted["line"]["color"] == solid["line"]["color"]
    assert dotted["x"] == solid["x"] and dotted["y"] != solid["y"]  # the same clock; the gap is not zero
    # the moment drawn on both curves: F met, and F of the slice under the point (open, in the run's colour)
    explorer.page.wait_for_function(
        "() => { const r = window.lossExplorer.state.runs[0];"
        " const gd = document.querySelector('#loss .js-plotly-plot');"
        " const t = gd._fullData.find(t => t.meta === r.key + ':slice-now');"
        " return t && t.y[0] === r.slice[r.last]; }"
    )
    # the card says the gap's size in the engine's words
    card = explorer.page.locator(".run-card")
    card.locator("summary").click()
    gap = card.locator(".run-gap")
    assert "Gap to the map's own slice" in gap.inner_text()
    assert "the gap is" in gap.inner_text()
    # the label says seven parameters train; the link keeps the request as it was written
    assert "7 parameters" in card.inner_text()
    assert "free=all" in explorer.page.url and "init=small:3" in explorer.page.url
    # the training panel shows the request: its section unfolded, the five others ticked, the seed
    explorer.page.wait_for_function("() => document.querySelector('.whole-panel').open")
    assert explorer.page.locator("#whole-free input:checked").count() == 5
    assert explorer.page.locator("#whole-seed").input_value() == "3"
    assert explorer.problems.all() == []


def test_a_two_parameter_run_draws_no_slice_curve(app_server, context):
    explorer = new_page(context, app_server.url, "?v=1&run=lmbp,-4,-4,epochs=50")
    explorer.wait_for_runs(1)
    assert explorer.traces("loss", r":slice$") == []
    assert explorer.page.locator(".run-gap").count() == 0
    # following asks for a run of more than two: the map says there is none, and the note goes with the toggle
    explorer.page.locator("#follow input[value='follow']").check()
    explorer.page.wait_for_function(
        "() => { const el = document.getElementById('follow-note');"
        " return el && !el.hidden && el.textContent.includes('no run here does'); }"
    )
    explorer.page.locator("#follow input[value='follow']").uncheck()
    explorer.page.wait_for_function("() => document.getElementById('follow-note').hidden")
    assert explorer.problems.all() == []


def test_the_slice_follows_the_iterate_at_keyframes(app_server, context):
    explorer = new_page(context, app_server.url, SEVEN)
    explorer.wait_for_runs(1)
    explorer.page.evaluate("() => window.lossExplorer.pause()")
    before = contour_z_sum(explorer)
    explorer.page.locator("#follow input[value='follow']").check()
    explorer.page.wait_for_function("() => /[?&]follow=1/.test(window.location.search)")
    # at the start the map is the slice through the start's values: the first keyframe
    explorer.page.evaluate("() => window.lossExplorer.seek(0)")
    explorer.page.wait_for_function(
        "() => { const el = document.getElementById('follow-note'); return el && !el.hidden"
        " && el.dataset.keyframe === '0'; }"
    )
    first = contour_z_sum(explorer)
    assert first != before
    # the dotted curve is now F of the slice this view shows: the loss itself at each keyframe
    explorer.page.wait_for_function(
        "() => { const r = window.lossExplorer.state.runs[0];"
        " const gd = document.querySelector('#loss .js-plotly-plot');"
        " const t = gd._fullData.find(t => t.meta === r.key + ':slice');"
        " return t && Math.abs(t.y[0] - r.follow[0]) < 1e-12 && Math.abs(t.y[0] - r.F[0]) < 1e-9; }"
    )
    assert "slice through epoch 0's values" in explorer.page.locator("#follow-note").inner_text()
    # at the end, the last keyframe: another slice, and the note names its epoch
    explorer.page.evaluate("() => window.lossExplorer.seek(window.lossExplorer.state.posMax)")
    explorer.page.wait_for_function(
        "() => { const el = document.getElementById('follow-note'); return el && el.dataset.keyframe !== '0'; }"
    )
    last = contour_z_sum(explorer)
    assert last != first
    assert "slice through epoch 200's values" in explorer.page.locator("#follow-note").inner_text()
    # switched off, the map's own contour comes back
    explorer.page.locator("#follow input[value='follow']").uncheck()
    explorer.page.wait_for_function("() => !/[?&]follow=1/.test(window.location.search)")
    explorer.page.wait_for_function("() => document.getElementById('follow-note').hidden")
    assert contour_z_sum(explorer) == pytest.approx(before)
    assert explorer.problems.all() == []


def test_the_training_panel_frees_all_seven(app_server, context):
    explorer = new_page(context, app_server.url, "?v=1")
    explorer.page.locator(".whole-panel > summary").click()
    explorer.page.locator("#whole-all").click()
    explorer.page.wait_for_function("() => document.querySelectorAll('#whole-free input:checked').length === 5")
    explorer.choose("algorithm", "lmbp", "Levenberg")
    explorer.run()
    assert "free=all" in explorer.page.url
    assert "7 parameters" in explorer.page.locator(".run-card").inner_text()
    assert len(explorer.traces("loss", r":slice$")) == 1
    assert explorer.problems.all() == []


def test_a_followed_slice_that_leaves_the_colour_scale_says_so(app_server, context):
    """From a small random start the last keyframes' slices lie above the map's whole colour scale (F ≈ 11 where
    the map's scale ends near 8.6): the colours keep the map's scale so that keyframes compare, and the note
    says the slice is off it rather than leaving a flat yellow map unexplained."""
    query = "?v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&run=lmbp,-4,-4,epochs=200,free=all,init=small:3&follow=1"
    explorer = new_page(context, app_server.url, query)
    explorer.wait_for_runs(1)
    explorer.page.evaluate("() => window.lossExplorer.pause()")
    explorer.page.evaluate("() => window.lossExplorer.seek(window.lossExplorer.state.posMax)")
    explorer.page.wait_for_function(
        "() => { const el = document.getElementById('follow-note');"
        " return el && !el.hidden && el.textContent.includes('all above the colour scale'); }"
    )
    assert "F here 11" in explorer.page.locator("#follow-note").inner_text()
    explorer.page.evaluate("() => window.lossExplorer.seek(0)")
    explorer.page.wait_for_function(
        "() => { const el = document.getElementById('follow-note'); return el && el.dataset.keyframe === '0'; }"
    )
    assert "all above the colour scale" not in explorer.page.locator("#follow-note").inner_text()
    assert explorer.problems.all() == []
