"""The real page in headless Chromium: the map, its axes, clicks, runs and their animation, messages, the 3-D view.

One app server (``python app.py`` on a free port, fresh cache) serves the whole session; each test gets a new
browser context and loads the page afresh, and fails on any console error or uncaught page error.

    python -m pytest -q tests/test_browser.py
"""

from __future__ import annotations

import math

import pytest
from browser_support import (
    MAP_GD,
    OVERLAY_GD,
    SURFACE_GD,
    VIEWPORT,
    ExplorerPage,
    launch_chromium,
    serve_app,
)

import surface

pytestmark = pytest.mark.browser

playwright_sync = pytest.importorskip("playwright.sync_api")

START = (-4.0, -4.0)  # the start of the book's trajectory 'a' (and the page's default start)
DEFAULT_EPOCHS = 20_000  # explorer/compute.py DEFAULT_EPOCHS["sdbp"]
BOOK_WINDOW = [-5, 15]  # surface.default_window("w1_11", "w2_11"), both axes


# ---------- fixtures ----------


@pytest.fixture(scope="session")
def app_server():
    with serve_app() as server:
        yield server


@pytest.fixture(scope="session")
def chromium():
    with playwright_sync.sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def explorer(app_server, chromium):
    """The page, freshly loaded in its own browser context, with its console errors and page errors recorded."""
    context = chromium.new_context(viewport=VIEWPORT, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield ExplorerPage(page, app_server.url).open()
    finally:
        context.close()


@pytest.fixture(scope="session")
def book_run():
    """What the page should show for a run with the default settings from (-4, -4)."""
    return surface.train("sdbp", START, epochs=DEFAULT_EPOCHS, grad_tol=1e-8, alpha=0.5)


def F_at(w1_11: float, w2_11: float) -> float:
    """The engine's F on the book's map (the other five parameters nominal)."""
    return surface.performance(surface.full_vector({"w1_11": w1_11, "w2_11": w2_11}))


def assert_no_page_errors(explorer: ExplorerPage) -> None:
    assert explorer.problems.all() == []


def wait_for_text(explorer: ExplorerPage, element_id: str, text: str) -> str:
    explorer.page.wait_for_function(
        "([id, text]) => (document.getElementById(id).innerText || '').includes(text)", arg=[element_id, text]
    )
    return explorer.page.inner_text(f"#{element_id}")


def wait_for_clock(explorer: ExplorerPage, condition: str) -> dict:
    """Until ``condition`` (JavaScript over ``s``, lossExplorer.state) holds; then the clock."""
    explorer.page.wait_for_function(f"() => {{ const s = window.lossExplorer.state; return {condition}; }}")
    return explorer.animation()


def overlay_run_traces(explorer: ExplorerPage, run: int = 0) -> dict:
    """The overlay's four traces of one run: trail, start, now, end (x and y lists)."""
    traces = explorer.full_data("overlay", ("name", "x", "y"))
    b = 1 + 4 * run
    return dict(zip(("trail", "start", "now", "end"), traces[b : b + 4], strict=True))


# ---------- the tests ----------


def test_page_opens_on_the_books_contour_map(explorer):
    axes = explorer.map_axes()
    assert axes["xtitle"] == "w¹₁,₁"
    assert axes["ytitle"] == "w²₁,₁"
    assert axes["xrange"] == BOOK_WINDOW
    assert axes["yrange"] == BOOK_WINDOW

    traces = explorer.full_data("map", ("type", "name", "x", "y"))
    assert traces[0]["type"] == "contour"
    xs, ys = traces[0]["x"], traces[0]["y"]
    assert len(xs) == len(ys) == 250  # the default resolution
    assert (xs[0], xs[-1], ys[0], ys[-1]) == (-5, 15, -5, 15)
    # the contour draws log10 F (float32): check two nodes against the engine
    z = explorer.page.evaluate(f"() => {{ const z = {MAP_GD}._fullData[0].z; return [z[0][0], z[249][124]]; }}")
    f00 = F_at(xs[0], ys[0])
    f_mid = F_at(xs[124], ys[249])
    assert z[0] == pytest.approx(math.log10(f00), abs=1e-5)
    assert z[1] == pytest.approx(math.log10(f_mid), abs=1e-5)
    # the global minimum is starred at the nominal parameters
    star = next(t for t in traces if t["name"] == "optimum (F = 0)")
    assert (star["x"], star["y"]) == ([10], [1])

    # the overlay shares the map's axes, and shows the default start (-4, -4)
    overlay_ranges = explorer.page.evaluate(
        f"() => {{ const L = {OVERLAY_GD}._fullLayout; return [L.xaxis.range, L.yaxis.range]; }}"
    )
    assert overlay_ranges == [BOOK_WINDOW, BOOK_WINDOW]
    start = explorer.full_data("overlay", ("x", "y"))[0]
    assert (start["x"], start["y"]) == ([-4], [-4])
    assert_no_page_errors(explorer)


def test_choosing_b1_1_for_x_shows_its_default_window(explorer):
    (xr, yr) = surface.default_window("b1_1", "w2_11")
    explorer.choose("x-param", "b1_1")
    explorer.page.wait_for_function(f"() => {MAP_GD}._fullLayout.xaxis.title.text === 'b¹₁'")
    axes = explorer.map_axes()
    assert axes["xtitle"] == "b¹₁"
    assert axes["ytitle"] == "w²₁,₁"
    assert axes["xrange"] == list(xr)
    assert axes["yrange"] == list(yr)
    assert xr != (-5, 15)  # the window really changed
    assert float(explorer.page.input_value("#x-min")) == xr[0]
    assert float(explorer.page.input_value("#x-max")) == xr[1]
    # the contour is the new pair's: its grid spans the new window
    contour = explorer.full_data("map", ("type", "x"))[0]
    assert contour["type"] == "contour"
    assert (contour["x"][0], contour["x"][-1]) == (xr[0], xr[1])
    # and the overlay follows the map's axes
    explorer.page.wait_for_function(
        f"(xr) => {{ const r = {OVERLAY_GD}._fullLayout.xaxis.range; return r[0] === xr[0] && r[1] === xr[1]; }}",
        arg=list(xr),
    )
    assert_no_page_errors(explorer)


def test_clicking_the_map_sets_the_start_to_the_point_under_the_pointer(explorer):
    axes = explorer.map_axes()
    (x0, x1), (y0, y1) = axes["xrange"], axes["yrange"]
    px, py = round(0.3 * axes["width"]), round(0.4 * axes["height"])  # pixels inside the plot area, from top-left
    expected_x = x0 + (px / axes["width"]) * (x1 - x0)
    expected_y = y1 - (py / axes["height"]) * (y1 - y0)  # pixel rows grow downwards
    explorer.page.mouse.click(axes["left"] + axes["xoffset"] + px, axes["top"] + axes["yoffset"] + py)

    explorer.page.wait_for_function("() => document.getElementById('start-x').value !== '-4'")
    sx = float(explorer.page.input_value("#start-x"))
    sy = float(explorer.page.input_value("#start-y"))
    assert sx == pytest.approx(expected_x, abs=1e-3 * (x1 - x0))
    assert sy == pytest.approx(expected_y, abs=1e-3 * (y1 - y0))
    assert explorer.page.inner_text("#msg-start") == ""

    # the overlay's pending start marker moved there
    explorer.page.wait_for_function(f"(x) => {OVERLAY_GD}._fullData[0].x[0] === x", arg=sx)
    marker = explorer.full_data("overlay", ("name", "x", "y"))[0]
    assert marker["name"] == "start point"
    assert marker["x"] == [sx]
    assert marker["y"] == [sy]
    assert_no_page_errors(explorer)


def test_steepest_descent_from_trajectory_a_start_plays_to_the_engines_end(explorer, book_run):
    explorer.commit("start-x", "-4")
    explorer.commit("start-y", "-4")
    explorer.run()

    card = explorer.page.locator(".run-card").first
    assert card.locator("strong").inner_text() == "sdbp from (-4, -4)"
    assert card.locator(".status").inner_text() == surface.STATUS_LABELS[book_run.status]
    assert card.locator(".run-message").inner_text() == book_run.message
    x1, y1 = book_run.end
    assert f"end ({x1:.6g}, {y1:.6g})" in card.inner_text()
    assert f"{book_run.epochs:,} epochs" in card.inner_text()
    assert "Added sdbp from (-4, -4)" in explorer.page.inner_text("#msg-run")

    # the animation starts by itself and its clock moves forward
    first = wait_for_clock(explorer, "s.playing && s.t > 0")
    assert first["epochMax"] == book_run.epochs
    later = wait_for_clock(explorer, f"s.t > {first['t']}")
    assert later["t"] > first["t"]

    # to the end: the trail's last point is the engine's end point
    explorer.page.evaluate("() => window.lossExplorer.seek(window.lossExplorer.state.epochMax)")
    end = wait_for_clock(explorer, "!s.playing && s.t === s.epochMax")
    assert end["t"] == book_run.epochs
    traces = overlay_run_traces(explorer)
    trail = traces["trail"]
    assert trail["x"][0] == START[0] and trail["y"][0] == START[1]
    assert abs(trail["x"][-1] - x1) <= 1e-9
    assert abs(trail["y"][-1] - y1) <= 1e-9
    assert traces["end"]["x"] == pytest.approx([x1], abs=1e-9)
    assert traces["end"]["y"] == pytest.approx([y1], abs=1e-9)
    assert traces["now"]["x"] == traces["end"]["x"]
    readout = wait_for_text(explorer, "readout", f"epoch {book_run.epochs:,} of {book_run.epochs:,}")
    assert f"sdbp from (-4, -4): epoch {book_run.epochs:,}," in readout
    assert_no_page_errors(explorer)


def test_text_that_is_not_a_window_shows_a_message_and_keeps_the_view(explorer):
    explorer.commit("x-min", "abc")
    message = wait_for_text(explorer, "msg-window", "not a number")
    assert "x from" in message and "abc" in message
    assert explorer.map_axes()["xrange"] == BOOK_WINDOW

    explorer.commit("x-min", "20")  # above x-max = 15
    message = wait_for_text(explorer, "msg-window", "first bound must be below")
    assert message.startswith("x window")
    axes = explorer.map_axes()
    assert axes["xrange"] == BOOK_WINDOW
    assert axes["yrange"] == BOOK_WINDOW
    assert explorer.full_data("map", ("type",))[0]["type"] == "contour"

    # a good value clears the message and moves the view
    explorer.commit("x-min", "0")
    explorer.page.wait_for_function(f"() => {MAP_GD}._fullLayout.xaxis.range[0] === 0")
    assert explorer.map_axes()["xrange"] == [0, 15]
    assert explorer.page.inner_text("#msg-window") == ""

    explorer.commit("y-max", "-10")  # below y-min = -5
    message = wait_for_text(explorer, "msg-window", "first bound must be below")
    assert message.startswith("y window")
    assert explorer.map_axes()["yrange"] == BOOK_WINDOW
    assert_no_page_errors(explorer)


def test_the_3d_view_shows_the_surface_and_the_runs_paths(explorer, book_run):
    explorer.page.get_by_label("3-D surface").check()
    explorer.page.wait_for_function(
        f"() => {{ const gd = {SURFACE_GD};"
        " return gd && gd._fullData && gd._fullData.some(t => t.type === 'surface'); }"
    )
    assert explorer.page.locator("#surface").is_visible()
    assert not explorer.page.locator("#map").is_visible()
    traces = explorer.full_data("surface", ("type", "x", "y"))
    assert [t["type"] for t in traces] == ["surface"]
    xs, ys = traces[0]["x"], traces[0]["y"]
    assert len(xs) == len(ys) == 160  # min(resolution, 160)
    assert (xs[0], xs[-1], ys[0], ys[-1]) == (-5, 15, -5, 15)
    z00 = explorer.page.evaluate(f"() => {SURFACE_GD}._fullData[0].z[0][0]")
    f00 = F_at(-5.0, -5.0)
    assert z00 == pytest.approx(f00, rel=1e-6)  # F itself (float32), not its log

    # back to the map, run, and the 3-D view draws the path
    explorer.page.get_by_label("contour map").check()
    explorer.page.locator("#map").wait_for(state="visible")
    explorer.run()
    explorer.page.get_by_label("3-D surface").check()
    explorer.page.wait_for_function(f"() => {SURFACE_GD}._fullData.some(t => t.type === 'scatter3d')")
    traces = explorer.full_data("surface", ("type", "name", "x", "y", "z"))
    assert [t["type"] for t in traces] == ["surface", "scatter3d"]
    path = traces[1]
    assert path["name"] == "sdbp from (-4, -4)"
    assert (path["x"][0], path["y"][0]) == START
    assert path["x"][-1] == pytest.approx(book_run.end[0], rel=1e-6)
    assert path["y"][-1] == pytest.approx(book_run.end[1], rel=1e-6)
    # drawn along F, lifted above the surface by 0.4% of the surface's span of F
    span = explorer.page.evaluate(
        f"() => {{ const z = {SURFACE_GD}._fullData[0].z.flatMap(r => Array.from(r));"
        " return Math.max(...z) - Math.min(...z); }"
    )
    assert path["z"][0] - book_run.F[0] == pytest.approx(0.004 * span, rel=1e-3)
    assert path["z"][-1] - book_run.F[-1] == pytest.approx(0.004 * span, rel=1e-3)
    assert_no_page_errors(explorer)


def test_play_pause_step_and_restart_move_the_clock(explorer, book_run):
    explorer.run()
    wait_for_clock(explorer, "s.playing && s.t > 0")
    click = explorer.page.click

    click("#play")  # pause
    paused = wait_for_clock(explorer, "!s.playing")
    explorer.page.wait_for_timeout(300)
    assert explorer.animation()["t"] == paused["t"]
    assert 0 < paused["t"] < book_run.epochs

    click("#play")  # resume
    wait_for_clock(explorer, f"s.playing && s.t > {paused['t']}")
    click("#play")  # and pause again
    here = wait_for_clock(explorer, "!s.playing")["t"]

    # one iterate forward: the next display point after the clock
    epochs = explorer.page.evaluate("() => Array.from(window.lossExplorer.state.runs[0].epoch)")
    assert epochs[0] == 0 and epochs[-1] == book_run.epochs
    after = min(e for e in epochs if e > here)
    click("#step")
    stepped = wait_for_clock(explorer, f"s.t === {after}")
    assert not stepped["playing"]
    k = epochs.index(after)
    xy = explorer.page.evaluate("(k) => { const r = window.lossExplorer.state.runs[0]; return [r.x[k], r.y[k]]; }", k)
    explorer.page.wait_for_function(f"(x) => {OVERLAY_GD}._fullData[3].x[0] === x", arg=xy[0])
    now = overlay_run_traces(explorer)["now"]
    assert (now["x"], now["y"]) == ([xy[0]], [xy[1]])
    wait_for_text(explorer, "readout", f"epoch {round(after):,} of {book_run.epochs:,}")

    # one iterate back: the display point before
    click("#step-back")
    back = wait_for_clock(explorer, f"s.t === {epochs[k - 1]}")
    assert back["t"] < after and not back["playing"]

    # back to the start: the trail is the start point alone, no end marker
    click("#restart")
    restarted = wait_for_clock(explorer, "s.t === 0")
    assert not restarted["playing"]
    explorer.page.wait_for_function(f"() => {OVERLAY_GD}._fullData[1].x.length === 1")
    traces = overlay_run_traces(explorer)
    assert (traces["trail"]["x"], traces["trail"]["y"]) == ([START[0]], [START[1]])
    assert (traces["now"]["x"], traces["now"]["y"]) == ([START[0]], [START[1]])
    assert traces["end"]["x"] == []
    wait_for_text(explorer, "readout", f"epoch 0 of {book_run.epochs:,}")

    # and play goes on from there
    click("#play")
    wait_for_clock(explorer, "s.playing && s.t > 0")
    assert_no_page_errors(explorer)


def test_readout_shows_F_as_the_engine_has_it(explorer, book_run):
    explorer.run()
    wait_for_clock(explorer, "s.playing")
    explorer.page.evaluate("() => window.lossExplorer.pause()")
    # the first display point with F below 1e-9: its F prints with a two-digit exponent (e-10)
    epoch, value = explorer.page.evaluate(
        "() => { const r = window.lossExplorer.state.runs[0]; const k = Array.from(r.F).findIndex(f => f < 1e-9);"
        " return [r.epoch[k], r.F[k]]; }"
    )
    assert value == book_run.F[int(epoch)]  # the page holds the engine's F exactly
    explorer.page.evaluate("(t) => window.lossExplorer.seek(t)", epoch)
    readout = wait_for_text(explorer, "readout", f"epoch {round(epoch):,},")
    shown = float(readout.split("F = ")[1].split(" ")[0])
    assert_no_page_errors(explorer)
    assert shown == pytest.approx(value, rel=1e-3)


def test_runs_are_overlaid_removed_and_cleared(explorer):
    explorer.run()
    explorer.choose("algorithm", "lmbp")
    explorer.page.wait_for_function('() => document.querySelector("[id*=\'\\"mu\\"\']")')
    explorer.commit("start-x", "5")
    explorer.commit("start-y", "5")
    explorer.page.wait_for_timeout(300)
    explorer.run()
    cards = explorer.page.locator(".run-card")
    assert cards.count() == 2
    names = [t["name"] for t in explorer.full_data("overlay", ("name",))]
    assert names[1] == "sdbp from (-4, -4)" and names[5] == "lmbp from (5, 5)"
    colours = explorer.page.evaluate("() => window.lossExplorer.state.runs.map(r => r.color)")
    assert len(set(colours)) == 2  # each run its own colour
    legend = explorer.full_data("loss", ("name", "showlegend"))
    assert [t["name"] for t in legend if t["showlegend"]] == ["sdbp from (-4, -4)", "lmbp from (5, 5)"]

    # remove the first: the second stays, alone, on the overlay
    cards.first.locator("button.remove").click()
    explorer.page.wait_for_function("() => document.querySelectorAll('.run-card').length === 1")
    explorer.page.wait_for_function(f"() => {OVERLAY_GD}._fullData.length === 5")
    assert explorer.full_data("overlay", ("name",))[1]["name"] == "lmbp from (5, 5)"
    assert explorer.page.evaluate("() => window.lossExplorer.state.runs.length") == 1

    # a run drawn on this pair is dropped when the pair changes; then clear all empties the list
    explorer.choose("y-param", "b1_1")
    explorer.page.wait_for_function("() => document.querySelectorAll('.run-card').length === 0")
    wait_for_text(explorer, "msg-run", "another pair")
    explorer.run()
    assert explorer.page.locator(".run-card").count() == 1
    explorer.page.locator("#clear").click()
    explorer.page.wait_for_function("() => document.querySelectorAll('.run-card').length === 0")
    explorer.page.wait_for_function(f"() => {OVERLAY_GD}._fullData.length === 1")
    assert "No runs yet" in explorer.page.inner_text("#run-list")
    assert_no_page_errors(explorer)
