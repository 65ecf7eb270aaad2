"""The real page in headless Chromium: training sets, planted bugs and the gradient check (components/data/view.py).

python -m pytest -q tests/test_browser_data.py
"""

from __future__ import annotations

import pytest
from browser_support import MAP_GD, ExplorerPage

import surface

pytestmark = pytest.mark.browser

playwright_sync = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def explorer(app_server, context):
    page = context.new_page()
    page.set_default_timeout(30_000)
    return ExplorerPage(page, app_server.url).open()


def flagged_rows(explorer: ExplorerPage) -> dict[str, bool]:
    """Each row of the gradient-check table: parameter name -> flagged."""
    rows = explorer.page.locator(".gradcheck-table tbody tr").all()
    return {r.get_attribute("data-param"): r.get_attribute("data-flagged") == "1" for r in rows}


def open_gradcheck(explorer: ExplorerPage) -> None:
    explorer.page.locator("#gradcheck-panel summary").click()
    explorer.page.wait_for_selector(".gradcheck-table tbody tr")


def map_z_sum(explorer: ExplorerPage) -> float:
    return explorer.page.evaluate(
        f"() => {{ const c = {MAP_GD}._fullData.find(t => t.type === 'contour');"
        " let s = 0; for (const row of c.z) for (const v of row) s += v; return s; }"
    )


@pytest.mark.parametrize("bug", ["output_sign", "bias_like_weight"])
def test_a_planted_bug_flags_exactly_its_parameters_and_shows_its_line(explorer, bug):
    open_gradcheck(explorer)
    assert not any(flagged_rows(explorer).values())  # the correct gradient passes at the default start
    explorer.choose("bug", bug, surface.BUGS[bug].title)
    touched = set(surface.BUGS[bug].touches)
    explorer.page.wait_for_function(
        "(n) => document.querySelectorAll('.gradcheck-table tr[data-flagged=\"1\"]').length === n", arg=len(touched)
    )
    rows = flagged_rows(explorer)
    assert set(rows) == set(surface.PARAMS)
    assert {name for name, flagged in rows.items() if flagged} == touched
    assert "threshold" in explorer.page.text_content("#gradcheck-body")
    explorer.page.wait_for_selector(".bug-lines mjx-container, .bug-lines .MathJax", timeout=30_000)
    assert explorer.problems.all() == []


def test_a_buggy_run_is_drawn_dashed_beside_the_correct_one(explorer):
    explorer.choose("bug", "output_sign", surface.BUGS["output_sign"].title)
    explorer.commit("epochs", "300")
    explorer.run()
    traces = explorer.traces("overlay", r":(trail|twin)$", fields=("meta", "line"))
    kinds = {t["meta"].rsplit(":", 1)[1]: t["line"] for t in traces}
    assert kinds["trail"]["dash"] == "dash" and kinds["twin"]["dash"] == "solid"
    assert kinds["trail"]["color"] == kinds["twin"]["color"]
    loss = {t["meta"].rsplit(":", 1)[1]: t["line"] for t in explorer.traces("loss", r":loss(-twin)?$", ("line",))}
    assert loss["loss"]["dash"] == "dash" and loss["loss-twin"]["dash"] == "solid"
    assert "bug=output_sign" in explorer.page.url
    assert "Planted bug" in explorer.page.text_content(".run-card")
    explorer.page.get_by_label("3-D surface").check()  # the 3-D view draws them the same way
    explorer.page.wait_for_function(
        "() => { const g = document.querySelector('#surface .js-plotly-plot');"
        " return g && g._fullData && g._fullData.some(t => (t.meta || '').endsWith(':twin')); }"
    )
    lines3d = {
        t["meta"].rsplit(":", 1)[1]: t["line"]
        for t in explorer.traces("surface", r"^run3d:.*:(trail|twin)$", ("line",))
    }
    assert lines3d["trail"]["dash"] == "dash" and lines3d["twin"]["dash"] == "solid"
    assert explorer.problems.all() == []


def test_switching_to_the_sine_set_changes_the_map_and_the_link(explorer):
    before = map_z_sum(explorer)
    explorer.choose("data-set", "sine", "1 + sin")
    explorer.page.wait_for_function("() => window.location.search.includes('data=sine,purelin')")
    explorer.page.wait_for_function(
        f"(before) => {{ const c = {MAP_GD}._fullData.find(t => t.type === 'contour');"
        " let s = 0; for (const row of c.z) for (const v of row) s += v;"
        " return Math.abs(s - before) > 1e-6 * before; }",
        arg=before,
    )
    assert "Training set" in explorer.page.text_content("#map-info")
    explorer.page.wait_for_function(
        "() => { const g = document.querySelector('#response .js-plotly-plot');"
        " const t = g && g._fullData && g._fullData.find(d => d.uid === 'targets');"
        " return t && Math.max(...t.y) > 1.5; }"
    )
    targets = explorer.full_data("response", ("uid", "y"))
    t = next(tr for tr in targets if tr["uid"] == "targets")["y"]
    assert max(t) == pytest.approx(2.0, abs=1e-9)  # 1 + sin(π·2/4)
    assert explorer.problems.all() == []


def test_bad_points_say_which_line_and_keep_the_set(explorer):
    explorer.choose("data-set", "points", "Your own points")
    explorer.page.wait_for_function("() => (document.getElementById('msg-data').textContent || '').includes('Paste')")
    explorer.page.locator("#data-points").fill("p,t\n0, 0.5\n1, abc")
    explorer.page.locator("#data-apply").click()
    explorer.page.wait_for_function("() => (document.getElementById('msg-data').textContent || '').includes('line 3')")
    assert "data=" not in explorer.page.url
    explorer.page.locator("#data-points").fill("0, 0.5\n1, 1.5\n2, 0.2")
    explorer.page.locator("#data-apply").click()
    explorer.page.wait_for_function("() => window.location.search.includes('pts=0,0.5,1,1.5,2,0.2')")
    explorer.page.wait_for_function(
        "() => (document.getElementById('data-warning').textContent || '').includes('cannot be reached')"
    )
    assert explorer.problems.all() == []


def test_an_uploaded_csv_becomes_the_training_set_and_fills_the_box(explorer):
    explorer.choose("data-set", "points", "Your own points")
    csv = b"p,t\n-2,0.1\n0,0.5\n2,0.9\n"
    explorer.page.set_input_files(
        "#data-upload input[type=file]", files=[{"name": "points.csv", "mimeType": "text/csv", "buffer": csv}]
    )
    explorer.page.wait_for_function("() => window.location.search.includes('pts=-2,0.1,0,0.5,2,0.9')")
    assert explorer.page.input_value("#data-points") == csv.decode()
    explorer.page.wait_for_function(  # the response plot follows once the map for the new set has been drawn
        "() => { const g = document.querySelector('#response .js-plotly-plot');"
        " const t = g && g._fullData && g._fullData.find(d => d.uid === 'targets'); return t && t.x.length === 3; }"
    )
    targets = explorer.full_data("response", ("uid", "x", "y"))
    t = next(tr for tr in targets if tr["uid"] == "targets")
    assert t["x"] == [-2, 0, 2] and t["y"] == [0.1, 0.5, 0.9]
    assert explorer.problems.all() == []
