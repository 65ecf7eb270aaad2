"""The real page in headless Chromium: the map on a Hessian plane, and the "along a line" tab's barrier.

python -m pytest -q tests/test_browser_planes.py
"""

from __future__ import annotations

import numpy as np
import pytest
from browser_support import ExplorerPage

import surface

pytestmark = pytest.mark.browser

playwright_sync = pytest.importorskip("playwright.sync_api")

PLANE_GD = "document.querySelector('#plane-graph .js-plotly-plot')"


def new_page(context, url: str, query: str = "") -> ExplorerPage:
    page = context.new_page()
    page.set_default_timeout(30_000)
    return ExplorerPage(page, url).open(query)


def plane_titles(explorer: ExplorerPage) -> list | None:
    return explorer.page.evaluate(
        f"() => {{ const g = {PLANE_GD}; if (!g || !g._fullLayout || !g._fullData) return null;"
        " const c = g._fullData.find(t => t.type === 'contour');"
        " return c ? [g._fullLayout.xaxis.title.text, g._fullLayout.yaxis.title.text, c.z.length] : null; }"
    )


def test_choosing_a_hessian_plane_redraws_the_map_with_its_directions_on_the_axes(app_server, context):
    explorer = new_page(context, app_server.url, "?x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&res=60")
    before = explorer.map_axes()
    assert before["xtitle"] == "w¹₁,₁"
    explorer.choose("plane-kind", "hessian", "Hessian")
    explorer.page.wait_for_function(
        f"() => {{ const g = {PLANE_GD}; return g && g._fullLayout && g._fullData"
        " && g._fullData.some(t => t.type === 'contour')"
        " && (g._fullLayout.xaxis.title.text || '').includes('Hessian eigenvector 1'); }",
        timeout=60_000,
    )
    xtitle, ytitle, rows = plane_titles(explorer)
    lam = sorted(np.linalg.eigvalsh(surface.hessian(surface.NOMINAL)), key=abs, reverse=True)
    assert xtitle == f"α: Hessian eigenvector 1 (λ = {lam[0]:.3g})"
    assert ytitle.startswith("β: Hessian eigenvector 2")
    assert rows == 60  # the view's resolution, under the plane's cap
    assert explorer.page.locator("#plane-view").is_visible()
    assert not explorer.page.locator("#map-view").is_visible()  # the pair's map is not shown beneath
    assert "not animated" in explorer.page.text_content("#plane-note")
    explorer.page.wait_for_function("() => window.location.search.includes('plane=hessian')")
    # back to a pair: the pair's map returns
    explorer.choose("plane-kind", "pair", "a pair of parameters")
    explorer.page.locator("#map-view").wait_for(state="visible")
    assert not explorer.page.locator("#plane-view").is_visible()
    assert "plane=" not in explorer.page.url
    assert explorer.problems.all() == []


def test_the_line_tab_shows_the_symmetry_barrier(app_server, context):
    explorer = new_page(context, app_server.url, "?x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&res=60")
    explorer.page.get_by_label("along a line", exact=True).check()
    explorer.page.wait_for_function(
        "() => (document.getElementById('line-barrier').textContent || '').includes('Barrier height')",
        timeout=60_000,
    )
    engine = surface.symmetry_barrier(surface.NOMINAL)
    assert f"Barrier height {engine.height:.4g}" in explorer.page.text_content("#line-barrier")
    explorer.page.wait_for_function(
        "() => { const g = document.querySelector('#line-swap-graph .js-plotly-plot');"
        " return g && g._fullData && g._fullData.some(t => t.uid === 'line-barrier'); }"
    )
    assert explorer.page.locator("#line-view").is_visible()
    assert not explorer.page.locator("#map-view").is_visible()
    explorer.page.wait_for_function("() => window.location.search.includes('view=line')")
    assert explorer.problems.all() == []
