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
    explorer.page.locator("#plane-view").wait_for(state="hidden")  # two callbacks: the map's and the plane's
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


PLANE_LINK = "?v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&res=60&plane=line,run=0&run=sdbp,-4,-4,alpha=1.75,epochs=300"


def open_export_menu(explorer: ExplorerPage) -> None:
    explorer.page.locator("summary", has_text="Export").click()


def test_exports_with_a_plane_shown_are_the_planes_map_and_its_paths(app_server, context):
    import re
    from urllib.request import urlopen

    from PIL import Image

    explorer = new_page(context, app_server.url, PLANE_LINK)
    xtitle, ytitle, _ = plane_titles(explorer)
    assert xtitle == "α: start → end" and ytitle.startswith("β: Hessian eigenvector 1")
    # the PNG: the plane's graph, titled with where the plane passes, the run's colour drawn on it
    open_export_menu(explorer)
    with explorer.page.expect_download() as info:
        explorer.page.click("#export-png")
    assert info.value.suggested_filename == "loss-surface-plane.png"
    image = Image.open(info.value.path()).convert("RGB")
    pixels = np.asarray(image).reshape(-1, 3).astype(int)
    red = np.all(np.abs(pixels - [0xFF, 0x4D, 0x4D]) <= 12, axis=1)  # the first run's colour
    assert red.sum() > 200, red.sum()
    assert "the map on the plane shown" in explorer.page.text_content("#msg-scene")
    # the page: its link is the address bar's, and its axes say what the directions are
    open_export_menu(explorer)
    href = explorer.page.evaluate(
        "() => { const a = document.getElementById('export-html'); a.dispatchEvent(new MouseEvent('click',"
        " {bubbles: true, cancelable: true})); return a.href; }"
    )
    assert "plane=line" in href
    with urlopen(href, timeout=120) as response:
        page = response.read().decode("utf-8")
    titles = re.findall(r'"[xy]axis":\{"title":\{(?:"font":\{[^}]*\},)?"text":"((?:[^"\\]|\\.)*)"', page)
    assert titles == [xtitle, ytitle]
    assert "A plane from the start (α = 0) to the end (α = 1)" in page
    assert explorer.problems.all() == []


def test_the_png_of_the_line_tab_is_its_two_plots(app_server, context):
    from PIL import Image

    explorer = new_page(context, app_server.url, "?v=1&x=w1_11&y=w2_11&res=60&view=line&run=sdbp,-4,-4,epochs=300")
    explorer.page.wait_for_function(
        "() => { const g = document.querySelector('#line-runs-graph .js-plotly-plot');"
        " const s = document.querySelector('#line-swap-graph .js-plotly-plot');"
        " return g && g._fullData && g._fullData.some(t => t.uid === 'line-run-0')"
        " && s && s._fullData && s._fullData.some(t => t.uid === 'line-barrier'); }",
        timeout=60_000,
    )
    explorer.page.wait_for_timeout(500)  # the page settles (side plots, resize)
    runs_h, swap_h = explorer.page.evaluate(
        "() => ['line-runs-graph', 'line-swap-graph'].map(id =>"
        " document.querySelector('#' + id + ' .js-plotly-plot')._fullLayout.height)"
    )
    open_export_menu(explorer)
    with explorer.page.expect_download() as info:
        explorer.page.click("#export-png")
    assert info.value.suggested_filename == "loss-along-lines.png"
    image = Image.open(info.value.path())
    assert abs(image.size[1] - 2 * (runs_h + swap_h)) <= 2  # both plots, one above the other, at twice the size
    assert explorer.problems.all() == []


def test_presentation_mode_restyles_the_plane_and_the_line_plots(app_server, context):
    explorer = new_page(context, app_server.url, PLANE_LINK)

    def plane_style():
        return explorer.page.evaluate(
            f"() => {{ const g = {PLANE_GD}; const p = g._fullData.find(t => t.uid === 'plane-path-0');"
            " return [g._fullLayout.xaxis.tickfont.size, p.line.width, p.line.color]; }"
        )

    assert plane_style() == [12, 2.5, "#ff4d4d"]
    explorer.page.click("#present")
    explorer.page.wait_for_function(f"() => {PLANE_GD}._fullLayout.xaxis.tickfont.size >= 22")
    assert plane_style() == [22, 6, "#E69F00"]  # thick, in the colour-blind-safe palette
    # a new figure arrives while presenting (another plane, chosen in the drawer): it is restyled too
    explorer.page.click("#drawer")
    explorer.choose("plane-kind", "hessian", "Hessian")
    explorer.page.click("#drawer")
    explorer.page.wait_for_function(
        f"() => {{ const g = {PLANE_GD}; const x = g._fullLayout.xaxis;"
        " return (x.title.text || '').includes('Hessian eigenvector 1') && x.tickfont.size >= 22; }",
        timeout=60_000,
    )
    # the along-a-line tab's plots
    explorer.page.get_by_label("along a line", exact=True).check()
    explorer.page.wait_for_function(
        "() => { const g = document.querySelector('#line-runs-graph .js-plotly-plot');"
        " const t = g && g._fullData && g._fullData.find(t => t.uid === 'line-run-0');"
        " return t && t.line.width >= 5 && g._fullLayout.xaxis.tickfont.size >= 18; }",
        timeout=60_000,
    )
    explorer.page.click("#present")
    explorer.page.wait_for_function(
        "() => { const g = document.querySelector('#line-runs-graph .js-plotly-plot');"
        " return g._fullData.find(t => t.uid === 'line-run-0').line.width === 2.5; }"
    )
    explorer.page.get_by_label("contour map", exact=True).check()
    explorer.page.locator("#plane-view").wait_for(state="visible")
    assert plane_style() == [12, 2.5, "#ff4d4d"]  # and back as it was
    assert explorer.problems.all() == []


def test_the_png_of_the_3d_tab_is_the_surface_shown(app_server, context):
    explorer = new_page(context, app_server.url, "?v=1&x=w1_11&y=w2_11&res=60&run=sdbp,-4,-4,epochs=300")
    explorer.page.get_by_label("3-D surface", exact=True).check()
    explorer.page.wait_for_function(
        "() => { const g = document.querySelector('#surface .js-plotly-plot');"
        " return g && g._fullData && g._fullData.some(t => t.type === 'surface'); }",
        timeout=60_000,
    )
    open_export_menu(explorer)
    with explorer.page.expect_download() as info:
        explorer.page.click("#export-png")
    assert info.value.suggested_filename == "loss-surface-3d.png"  # not the contour map hidden beneath
    assert "the 3-D surface" in explorer.page.text_content("#msg-scene")
    assert explorer.problems.all() == []
