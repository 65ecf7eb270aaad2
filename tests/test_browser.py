"""The real page in headless Chromium: the map, clicks, runs and their animation, scenes in the address bar,
presets, history, downloads, messages, the 3-D view.

One app server (``python app.py`` on a free port, fresh cache) serves the whole session; each test gets a new
browser context and loads the page afresh, and fails on any console error or uncaught page error.

    python -m pytest -q tests/test_browser.py
"""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest
from browser_support import (
    MAP_GD,
    OVERLAY_GD,
    SURFACE_GD,
    VIEWPORT,
    ExplorerPage,
    job_id,
    job_part,
    selector,
)

import surface
from explorer.components.lessons import presets
from explorer.core.format import number_text

pytestmark = pytest.mark.browser

playwright_sync = pytest.importorskip("playwright.sync_api")

START = (-4.0, -4.0)  # the start of the book's trajectory 'a' (and the page's default start)
DEFAULT_EPOCHS = 20_000  # the steepest-descent class's DEFAULT_EPOCHS
BOOK_WINDOW = [-5, 15]  # surface.default_window("w1_11", "w2_11"), both axes


# ---------- fixtures ----------


def new_page(context, url: str, query: str = "") -> ExplorerPage:
    page = context.new_page()
    page.set_default_timeout(30_000)
    return ExplorerPage(page, url).open(query)


@pytest.fixture
def explorer(app_server, context):
    """The page, freshly loaded in its own browser context, with its console errors and page errors recorded."""
    return new_page(context, app_server.url)


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
        "([id, text]) => (document.getElementById(id).textContent || '').includes(text)", arg=[element_id, text]
    )
    return explorer.page.text_content(f"#{element_id}")


def wait_for_clock(explorer: ExplorerPage, condition: str) -> dict:
    """Until ``condition`` (JavaScript over ``s``, lossExplorer.state) holds; then the clock."""
    explorer.page.wait_for_function(f"() => {{ const s = window.lossExplorer.state; return {condition}; }}")
    return explorer.animation()


def run_traces(explorer: ExplorerPage, run: int = 0) -> dict:
    """The overlay's traces of one run, found by name: trail, start, end, now (x and y lists)."""
    key = explorer.page.evaluate("(i) => window.lossExplorer.state.runs[i].key", run)
    traces = explorer.traces("overlay", f"^{key}:")
    return {t["meta"].split(":")[1]: t for t in traces}


def cards(explorer: ExplorerPage) -> list[str]:
    return [c.text_content() for c in explorer.page.locator(".run-card").all()]


def open_lesson(explorer: ExplorerPage, name: str) -> None:
    explorer.page.locator("#lessons summary").click()
    explorer.page.locator(".lesson-card", has_text=name).click()


# ---------- the map ----------


def test_page_opens_on_the_books_contour_map_with_its_scene_in_the_address_bar(explorer):
    axes = explorer.map_axes()
    assert axes["xtitle"] == "w¹₁,₁" and axes["ytitle"] == "w²₁,₁"
    assert axes["xrange"] == BOOK_WINDOW and axes["yrange"] == BOOK_WINDOW
    assert explorer.query() == {"v": ["1"], "x": ["w1_11"], "y": ["w2_11"], "xr": ["-5,15"], "yr": ["-5,15"]}

    traces = explorer.full_data("map", ("type", "name", "x", "y", "visible"))
    assert [t["type"] for t in traces[:2]] == ["heatmap", "contour"]  # the basin layer waits, hidden, beneath
    assert traces[0]["visible"] is False
    xs, ys = traces[1]["x"], traces[1]["y"]
    assert len(xs) == len(ys) == 250  # the default resolution
    assert (xs[0], xs[-1], ys[0], ys[-1]) == (-5, 15, -5, 15)
    # the contour draws log10 F (float32): check two nodes against the engine
    z = explorer.page.evaluate(f"() => {{ const z = {MAP_GD}._fullData[1].z; return [z[0][0], z[249][124]]; }}")
    assert z[0] == pytest.approx(math.log10(F_at(xs[0], ys[0])), abs=1e-5)
    assert z[1] == pytest.approx(math.log10(F_at(xs[124], ys[249])), abs=1e-5)
    # the global minimum is starred at the nominal parameters, and the star stays above the runs
    star = next(t for t in traces if t["name"] == "nominal parameters (F = 0)")
    assert (star["x"], star["y"]) == ([10], [1])
    on_top = explorer.traces("overlay", "^marker:")
    assert [t["meta"] for t in on_top] == ["marker:optimum", "marker:critical-saddle"]

    # the overlay shares the map's axes, and marks the next start (-4, -4)
    overlay_ranges = explorer.page.evaluate(
        f"() => {{ const L = {OVERLAY_GD}._fullLayout; return [L.xaxis.range, L.yaxis.range]; }}"
    )
    assert overlay_ranges == [BOOK_WINDOW, BOOK_WINDOW]
    (start,) = explorer.traces("overlay", "^draft-start$")
    assert (start["x"], start["y"]) == ([-4], [-4])
    # the empty loss plot says what it will show
    assert "F against epoch appears here" in explorer.page.text_content("#loss")
    assert_no_page_errors(explorer)


def test_hovering_the_map_reads_F_at_the_pointer(explorer):
    axes = explorer.map_axes()
    (x0, x1), (y0, y1) = axes["xrange"], axes["yrange"]
    px, py = round(0.75 * axes["width"]), round(0.5 * axes["height"])
    explorer.page.mouse.move(axes["left"] + axes["xoffset"] + px, axes["top"] + axes["yoffset"] + py)
    explorer.page.wait_for_selector("#map-tip:not([hidden])")
    text = explorer.page.text_content("#map-tip")
    x = x0 + (px / axes["width"]) * (x1 - x0)
    y = y1 - (py / axes["height"]) * (y1 - y0)
    shown = float(text.split("F = ")[1].replace("−", "-"))
    assert shown == pytest.approx(F_at(x, y), rel=2e-3)  # four digits of the engine's F, not 10^-0.08
    assert text.startswith("w¹₁,₁ = ")
    assert_no_page_errors(explorer)


def test_choosing_b1_1_for_x_shows_its_default_window_and_pushes_a_history_entry(explorer):
    (xr, yr) = surface.default_window("b1_1", "w2_11")
    length = explorer.page.evaluate("() => history.length")
    explorer.choose("x-param", "b1_1")
    explorer.page.wait_for_function(f"() => {MAP_GD}._fullLayout.xaxis.title.text === 'b¹₁'")
    axes = explorer.map_axes()
    assert (axes["xtitle"], axes["ytitle"]) == ("b¹₁", "w²₁,₁")
    assert axes["xrange"] == list(xr) and axes["yrange"] == list(yr)
    assert float(explorer.page.input_value("#x-min")) == xr[0]
    explorer.page.wait_for_function("() => window.location.search.includes('x=b1_1')")
    assert explorer.query()["xr"] == [f"{xr[0]:g},{xr[1]:g}"]
    assert explorer.page.evaluate("() => history.length") == length + 1
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
    explorer.page.wait_for_function(
        f"(x) => {OVERLAY_GD}._fullData.some(t => t.meta === 'draft-start' && t.x[0] === x)", arg=sx
    )
    explorer.page.wait_for_function("(x) => window.location.search.includes('next=sdbp,' + x)", arg=number_text(sx))
    assert_no_page_errors(explorer)


def test_a_double_click_resets_the_zoom_and_leaves_the_start_alone(explorer):
    axes = explorer.map_axes()
    x, y = axes["left"] + axes["xoffset"], axes["top"] + axes["yoffset"]
    explorer.page.mouse.move(x + 0.2 * axes["width"], y + 0.2 * axes["height"])
    explorer.page.mouse.down()
    explorer.page.mouse.move(x + 0.5 * axes["width"], y + 0.5 * axes["height"], steps=5)
    explorer.page.mouse.up()
    explorer.page.wait_for_function(f"() => {MAP_GD}._fullLayout.xaxis.range[0] > -4.9")
    explorer.page.mouse.dblclick(x + 0.6 * axes["width"], y + 0.6 * axes["height"])
    explorer.page.wait_for_function(f"() => {MAP_GD}._fullLayout.xaxis.range[0] === -5")
    explorer.page.wait_for_timeout(600)  # longer than the click delay
    assert (explorer.page.input_value("#start-x"), explorer.page.input_value("#start-y")) == ("-4", "-4")
    assert_no_page_errors(explorer)


def test_text_that_is_not_a_window_shows_a_message_and_keeps_the_view(explorer):
    explorer.commit("x-min", "abc")
    message = wait_for_text(explorer, "msg-window", "not a number")
    assert "x from" in message and "abc" in message
    assert explorer.map_axes()["xrange"] == BOOK_WINDOW

    explorer.commit("x-min", "20")  # above x-max = 15
    message = wait_for_text(explorer, "msg-window", "first bound must be below")
    assert message.startswith("x window")
    assert explorer.map_axes()["xrange"] == BOOK_WINDOW
    assert "xr=-5,15" in explorer.page.url

    # a good value clears the message, moves the view and replaces the history entry
    length = explorer.page.evaluate("() => history.length")
    explorer.commit("x-min", "0")
    explorer.page.wait_for_function(f"() => {MAP_GD}._fullLayout.xaxis.range[0] === 0")
    assert explorer.map_axes()["xrange"] == [0, 15]
    assert explorer.page.inner_text("#msg-window") == ""
    explorer.page.wait_for_function("() => window.location.search.includes('xr=0,15')")
    assert explorer.page.evaluate("() => history.length") == length
    assert_no_page_errors(explorer)


# ---------- runs and their animation ----------


def test_steepest_descent_from_trajectory_a_start_plays_to_the_engines_end(explorer, book_run):
    explorer.run()
    (card,) = cards(explorer)
    assert "sdbp from (−4, −4)" in card
    assert surface.STATUS_LABELS[book_run.status] in card and book_run.message in card
    assert f"{book_run.epochs:,} epochs" in card
    assert "sdbp from (−4, −4)" in explorer.page.text_content("#msg-run")
    assert "run=sdbp,-4,-4,alpha=0.5,epochs=20000" in explorer.page.url

    # the animation starts by itself and its clock moves forward
    first = wait_for_clock(explorer, "s.playing && s.pos > 0")
    assert first["epochMax"] == book_run.epochs
    later = wait_for_clock(explorer, f"s.pos > {first['t']}")
    assert later["t"] > first["t"]

    # to the end: the trail's last point is the engine's end point
    explorer.page.evaluate("() => window.lossExplorer.seek(window.lossExplorer.state.posMax)")
    end = wait_for_clock(explorer, "!s.playing && s.pos === s.posMax")
    assert end["t"] == book_run.epochs
    x1, y1 = book_run.end
    # the trail is drawn a frame after the clock reaches its end (later still on a loaded machine): wait for it
    explorer.page.wait_for_function(
        f"([x, y]) => {{ const t = {OVERLAY_GD}._fullData.find((t) => /:trail$/.test(t.meta || ''));"
        " return t && t.x[t.x.length - 1] === x && t.y[t.y.length - 1] === y; }",
        arg=[float(x1), float(y1)],
    )
    traces = run_traces(explorer)
    trail = traces["trail"]
    assert (trail["x"][0], trail["y"][0]) == START
    assert (trail["x"][-1], trail["y"][-1]) == (x1, y1)
    assert traces["end"]["x"] == [x1] and traces["now"]["x"] == [x1]
    readout = wait_for_text(explorer, "readout", f"epoch {book_run.epochs:,} of {book_run.epochs:,}")
    assert f"sdbp from (−4, −4): epoch {book_run.epochs:,}," in readout
    # the position goes into the link, without a history entry of its own
    explorer.page.wait_for_function(f"() => window.location.search.includes('t={book_run.epochs}')")
    assert_no_page_errors(explorer)


def test_play_pause_step_and_restart_move_the_clock(explorer, book_run):
    explorer.run()
    wait_for_clock(explorer, "s.playing && s.pos > 0")
    click = explorer.page.click

    click("#play")  # pause
    paused = wait_for_clock(explorer, "!s.playing")
    explorer.page.wait_for_timeout(300)
    assert explorer.animation()["t"] == paused["t"]
    assert 0 < paused["t"] < book_run.epochs

    click("#play")  # resume
    wait_for_clock(explorer, f"s.playing && s.pos > {paused['t']}")
    click("#play")  # and pause again
    here = wait_for_clock(explorer, "!s.playing")["t"]

    # one iterate forward: the next display point after the clock
    epochs = explorer.page.evaluate("() => Array.from(window.lossExplorer.state.runs[0].epoch)")
    assert epochs[0] == 0 and epochs[-1] == book_run.epochs
    after = min(e for e in epochs if e > here)
    click("#step")
    stepped = wait_for_clock(explorer, f"s.pos === {after}")
    assert not stepped["playing"]
    k = epochs.index(after)
    xy = explorer.page.evaluate("(k) => { const r = window.lossExplorer.state.runs[0]; return [r.x[k], r.y[k]]; }", k)
    explorer.page.wait_for_function(
        f"(x) => {OVERLAY_GD}._fullData.some(t => /:now$/.test(t.meta || '') && t.x[0] === x)", arg=xy[0]
    )
    now = run_traces(explorer)["now"]
    assert (now["x"], now["y"]) == ([xy[0]], [xy[1]])
    wait_for_text(explorer, "readout", f"epoch {round(after):,} of {book_run.epochs:,}")

    click("#step-back")
    back = wait_for_clock(explorer, f"s.pos === {epochs[k - 1]}")
    assert back["t"] < after and not back["playing"]

    # back to the start: the trail is the start point alone, no end marker
    click("#restart")
    restarted = wait_for_clock(explorer, "s.pos === 0")
    assert not restarted["playing"]
    explorer.page.wait_for_function(
        f"() => {OVERLAY_GD}._fullData.some(t => /:trail$/.test(t.meta || '') && t.x.length === 1)"
    )
    traces = run_traces(explorer)
    assert (traces["trail"]["x"], traces["trail"]["y"]) == ([START[0]], [START[1]])
    assert traces["end"]["x"] == []
    click("#play")
    wait_for_clock(explorer, "s.playing && s.pos > 0")
    assert_no_page_errors(explorer)


def test_readout_shows_F_as_the_engine_has_it(explorer, book_run):
    explorer.run()
    wait_for_clock(explorer, "s.playing")
    explorer.page.evaluate("() => window.lossExplorer.pause()")
    epoch, value = explorer.page.evaluate(
        "() => { const r = window.lossExplorer.state.runs[0]; const k = Array.from(r.F).findIndex(f => f < 1e-9);"
        " return [r.epoch[k], r.F[k]]; }"
    )
    assert value == book_run.F[int(epoch)]  # the page holds the engine's F exactly
    explorer.page.evaluate("(t) => window.lossExplorer.seek(t)", epoch)
    readout = wait_for_text(explorer, "readout", f"epoch {round(epoch):,},")
    shown = float(readout.split("F = ")[1].split(" ")[0].replace("−", "-"))
    assert shown == pytest.approx(value, rel=1e-3)
    assert_no_page_errors(explorer)


def test_runs_are_overlaid_removed_and_cleared(explorer):
    explorer.run()
    explorer.choose("algorithm", "lmbp", "Levenberg")
    explorer.page.wait_for_function("() => document.getElementById('epochs').value === '200'")
    explorer.commit("start-x", "5")
    explorer.commit("start-y", "5")
    explorer.page.wait_for_function("() => window.location.search.includes('next=lmbp,5,5')")
    explorer.run()
    assert [c.split("F =")[0].strip(" ✓…↯✗") for c in cards(explorer)] == ["sdbp from (−4, −4)", "lmbp from (5, 5)"]
    colours = explorer.page.evaluate("() => window.lossExplorer.state.runs.map(r => r.color)")
    assert colours == [0, 1]  # each run its own colour
    assert len(explorer.query()["run"]) == 2

    # remove the first: the second stays, alone, on the overlay and in the link
    explorer.page.locator(".run-card").first.locator("button.remove").click()
    explorer.wait_for_runs(1)
    assert [t["name"] for t in explorer.traces("overlay", ":trail$", ("name",))] == ["lmbp from (5, 5)"]
    explorer.page.wait_for_function("() => (window.location.search.match(/run=/g) || []).length === 1")

    # a run drawn on this pair is dropped when the pair changes; then clear all empties the list
    explorer.choose("y-param", "b1_1")
    explorer.wait_for_runs(0)
    wait_for_text(explorer, "msg-run", "another pair")
    explorer.run()
    explorer.page.locator("#clear").click()
    explorer.wait_for_runs(0)
    assert "No runs yet" in explorer.page.inner_text("#run-list")
    assert "run=" not in explorer.page.url
    assert_no_page_errors(explorer)


def test_the_3d_view_shows_the_surface_and_the_runs_paths(explorer, book_run):
    explorer.run()
    explorer.page.get_by_label("3-D surface").check()
    explorer.page.wait_for_function(
        f"() => {{ const gd = {SURFACE_GD};"
        " return gd && gd._fullData && gd._fullData.some(t => t.type === 'surface')"
        " && gd._fullData.some(t => (t.meta || '').endsWith(':trail')); }"
    )
    assert explorer.page.locator("#surface").is_visible() and not explorer.page.locator("#map").is_visible()
    assert "view=3d" in explorer.page.url
    surface_trace = explorer.full_data("surface", ("type", "x", "y"))[0]
    assert len(surface_trace["x"]) == 160  # min(resolution, 160)
    z00 = explorer.page.evaluate(f"() => {SURFACE_GD}._fullData[0].z[0][0]")
    assert z00 == pytest.approx(F_at(-5.0, -5.0), rel=1e-6)  # F itself (float32)
    explorer.page.evaluate("() => window.lossExplorer.seek(window.lossExplorer.state.posMax)")
    explorer.page.wait_for_function(
        f"(n) => {SURFACE_GD}._fullData.some(t => (t.meta || '').endsWith(':trail') && t.x.length === n)",
        arg=explorer.page.evaluate("() => window.lossExplorer.state.runs[0].x.length"),
    )
    (trail,) = explorer.traces("surface", ":trail$", ("x", "y", "z"))
    assert (trail["x"][0], trail["y"][0]) == START
    assert trail["x"][-1] == pytest.approx(book_run.end[0], rel=1e-6)
    span = explorer.page.evaluate(f"() => {SURFACE_GD}.layout.meta.span")
    assert trail["z"][0] - book_run.F[0] == pytest.approx(0.012 * span, rel=1e-3)  # just above the surface
    assert_no_page_errors(explorer)


# ---------- scenes: presets, links, history ----------


def test_a_preset_updates_the_link_and_the_link_reproduces_it_in_a_fresh_browser(app_server, chromium, explorer):
    open_lesson(explorer, "Trajectory b")
    explorer.wait_for_runs(1)
    query = explorer.query()
    assert query["preset"] == ["trajectory-b"] and query["yr"] == ["-5,45"] and query["predict"] == ["1"]
    assert query["run"] == ["sdbp,-4,10,alpha=0.5,epochs=300000"]
    assert explorer.map_axes()["yrange"] == [-5, 45]  # the preset's window, not the pair's default

    # predict first: the outcome waits for Play
    panel = explorer.page.text_content("#lesson-panel")
    assert "Trajectory b" in panel and presets.PRESETS["trajectory-b"].prompt in panel
    assert not explorer.page.locator(".run-card .status-mark").is_visible()
    assert not explorer.animation()["playing"]
    explorer.page.click("#play")
    explorer.page.wait_for_function("() => !document.getElementById('shell').classList.contains('predicting')")
    explorer.page.wait_for_function("() => !window.location.search.includes('predict=1')")
    assert explorer.page.locator(".run-card .status-mark").is_visible()
    outcome = cards(explorer)
    axes = explorer.map_axes()

    # the same link in a fresh browser: the same axes and the same outcome
    fresh_context = chromium.new_context(viewport=VIEWPORT, locale="en-US")
    try:
        fresh = new_page(fresh_context, app_server.url, "?" + explorer.page.url.split("?", 1)[1])
        fresh.wait_for_runs(1)
        assert fresh.map_axes() == axes
        assert cards(fresh) == outcome
        expected = surface.train("sdbp", (-4, 10), epochs=300_000, alpha=0.5)
        assert f"F = {expected.F[-1]:.3g}" in outcome[0] and f"{expected.epochs:,} epochs" in outcome[0]
        assert_no_page_errors(fresh)
    finally:
        fresh_context.close()
    assert_no_page_errors(explorer)


def test_back_returns_to_the_previous_scene_and_forward_comes_back(explorer):
    open_lesson(explorer, "Saddle point")
    explorer.wait_for_runs(4)
    explorer.choose("x-param", "w1_11")
    explorer.page.wait_for_function(f"() => {MAP_GD}._fullLayout.xaxis.title.text === 'w¹₁,₁'")
    explorer.wait_for_runs(0)

    explorer.page.go_back()
    explorer.page.wait_for_function(f"() => {MAP_GD}._fullLayout.xaxis.title.text === 'b¹₁'")
    explorer.wait_for_runs(4)
    assert explorer.map_axes()["yrange"] == [-10, 10]
    assert explorer.page.input_value("#x-min") == "-10"

    explorer.page.go_back()
    explorer.page.wait_for_function(f"() => {MAP_GD}._fullLayout.yaxis.title.text === 'w²₁,₁'")
    explorer.wait_for_runs(0)
    assert explorer.map_axes()["xrange"] == BOOK_WINDOW

    explorer.page.go_forward()
    explorer.wait_for_runs(4)
    assert explorer.query()["preset"] == ["saddle-point"]
    assert_no_page_errors(explorer)


def test_a_broken_link_opens_with_a_message_that_says_what_was_dropped(app_server, context):
    explorer = new_page(context, app_server.url, "?x=w1_11&y=w2_11&res=9000&run=gd,0,0&zoom=2")
    message = wait_for_text(explorer, "msg-scene", "This link was changed")
    assert "'zoom=2' was dropped: not a part of a scene" in message
    assert "'gd' is not an algorithm" in message and "9000 is outside 20 to 600" in message
    explorer.wait_for_map(resolution=600)
    assert "res=600" in explorer.page.url and "zoom" not in explorer.page.url
    assert_no_page_errors(explorer)


# ---------- exports ----------


def test_the_csv_download_has_the_right_columns_and_one_row_per_iterate(explorer):
    page = explorer.page
    # one edit at a time, each waited for in the link, with time for a loaded machine (once, the link had not
    # shown vlbp with 300 epochs 30 s after both edits)
    explorer.choose("algorithm", "vlbp", "Variable learning rate")
    page.wait_for_function("() => /[?&]next=vlbp,/.test(window.location.search)", timeout=60_000)
    explorer.commit("epochs", "300")
    page.wait_for_function(
        "() => /[?&]next=vlbp,[^&]*epochs=300(?![0-9])/.test(window.location.search)", timeout=60_000
    )
    explorer.run()
    card = page.locator(".run-card").first
    link = card.locator("a.csv")
    # every step waits for what the next one reads: the card of the run asked for (its link names vlbp and 300
    # epochs), the link shown once the card is open, and the whole file downloaded
    page.wait_for_function(
        "() => { const a = document.querySelector('.run-card a.csv');"
        " return a && /[?&]run=vlbp,-4,-4,[^&]*epochs=300(?![0-9])/.test(a.getAttribute('href')); }",
        timeout=60_000,
    )
    card.locator("summary").click()
    link.wait_for(state="visible", timeout=60_000)
    with page.expect_download(timeout=120_000) as info:
        link.click()
    with open(info.value.path(), encoding="utf-8") as f:  # path() waits until the download has finished
        text = f.read()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["epoch", "evals", "w1_11", "w2_11", "F", "grad_norm", "step:alpha"]
    tr = surface.train("vlbp", START, epochs=300)
    assert len(rows) - 1 == len(tr.xs)
    np.testing.assert_array_equal(np.array([r[4] for r in rows[1:]], dtype=float), tr.F)
    assert info.value.suggested_filename == "vlbp_w1_11_w2_11_from_-4_-4.csv"
    assert_no_page_errors(explorer)


def test_the_png_export_draws_the_paths_over_the_map(explorer):
    from PIL import Image

    explorer.run()
    explorer.page.evaluate("() => window.lossExplorer.seek(window.lossExplorer.state.posMax)")
    wait_for_clock(explorer, "!s.playing && s.pos === s.posMax")
    explorer.page.locator("summary", has_text="Export").click()
    with explorer.page.expect_download() as info:
        explorer.page.click("#export-png")
    image = Image.open(info.value.path()).convert("RGB")
    pixels = np.asarray(image).reshape(-1, 3).astype(int)
    red = np.all(np.abs(pixels - [0xFF, 0x4D, 0x4D]) <= 12, axis=1)  # the first run's colour, on no part of Viridis
    assert red.sum() > 500, red.sum()
    viridis_dark = np.all(np.abs(pixels - [0x44, 0x01, 0x54]) <= 30, axis=1)
    assert viridis_dark.sum() > 0 or image.size[0] > 600  # the map itself is there under the path
    assert_no_page_errors(explorer)


# ---------- a view that fits: projector, laptop, phone; keys; presentation ----------


def in_view(explorer: ExplorerPage, selector: str, size: dict) -> bool:
    box = explorer.page.locator(selector).bounding_box()
    return (
        bool(box)
        and box["y"] >= 0
        and box["x"] >= 0
        and box["y"] + box["height"] <= size["height"] + 0.5
        and (box["x"] + box["width"] <= size["width"] + 0.5)
    )


@pytest.mark.parametrize("size", [{"width": 1366, "height": 768}, {"width": 1920, "height": 1080}])
def test_map_run_and_play_are_in_view_without_scrolling(app_server, chromium, size):
    context = chromium.new_context(viewport=size, locale="en-US")
    try:
        explorer = new_page(context, app_server.url)
        explorer.choose("algorithm", "vlbp", "Variable learning rate")  # the longest panel of hyperparameters
        explorer.page.wait_for_timeout(300)
        for selector in ("#map .nsewdrag", "#run", "#play", "#scrubber"):
            assert in_view(explorer, selector, size), selector
        plot = explorer.page.locator("#map .nsewdrag").bounding_box()
        assert plot["width"] >= 0.3 * size["width"] and plot["height"] >= 0.55 * size["height"]  # a readable map
        assert explorer.page.evaluate("() => document.scrollingElement.scrollTop") == 0
        assert_no_page_errors(explorer)
    finally:
        context.close()


def test_a_click_on_the_scrubbers_track_jumps_there_at_once_and_during_play(explorer):
    explorer.run()
    explorer.page.evaluate("() => window.lossExplorer.pause()")
    box = explorer.page.locator("#scrubber input").bounding_box()
    y = box["y"] + box["height"] / 2
    explorer.page.mouse.click(box["x"] + 0.75 * box["width"], y)
    state = wait_for_clock(explorer, "Math.abs(s.pos / s.posMax - 0.75) < 0.03")
    assert not state["playing"]
    explorer.page.evaluate("() => { window.lossExplorer.seek(0); window.lossExplorer.play(); }")
    wait_for_clock(explorer, "s.playing")
    explorer.page.mouse.click(box["x"] + 0.5 * box["width"], y)
    state = wait_for_clock(explorer, "s.pos / s.posMax >= 0.49")
    assert state["t"] / state["epochMax"] < 0.7  # it jumped to the middle, not played on from the start
    assert_no_page_errors(explorer)


def test_shortcuts_do_nothing_while_a_box_has_focus_and_a_key_does_one_thing(explorer):
    explorer.run()
    explorer.page.evaluate("() => { window.lossExplorer.pause(); window.lossExplorer.seek(100); }")
    box = explorer.page.locator("#goal")
    box.click()
    box.press("End")
    for key in (" ", "ArrowLeft", "ArrowRight", "Home", "p", "?"):
        explorer.page.keyboard.press(key)
    state = explorer.animation()
    assert state["t"] == 100 and not state["playing"]  # the keys went to the box
    assert not explorer.page.evaluate("() => document.body.classList.contains('present')")
    assert explorer.page.locator("#help-panel").is_hidden()
    assert sorted(box.input_value()) == sorted("0 p?")  # the space and the letters went into the box
    # away from the boxes, each key does its one thing
    explorer.page.locator("#readout").click()
    explorer.page.keyboard.press("ArrowRight")
    after = explorer.animation()["t"]
    assert after > 100 and not explorer.animation()["playing"]
    explorer.page.keyboard.press(" ")
    wait_for_clock(explorer, "s.playing")
    explorer.page.keyboard.press(" ")
    wait_for_clock(explorer, "!s.playing")
    # space on the focused Play button is the button's own click, once
    explorer.page.locator("#play").focus()
    explorer.page.keyboard.press(" ")
    wait_for_clock(explorer, "s.playing")
    explorer.page.wait_for_timeout(200)
    assert explorer.animation()["playing"]
    assert_no_page_errors(explorer)


def test_the_help_panel_lists_the_shortcuts(explorer):
    explorer.page.locator("#readout").click()
    explorer.page.keyboard.press("?")
    panel = explorer.page.locator("#help-panel")
    panel.wait_for(state="visible")
    text = panel.text_content()
    assert "play / pause" in text and "presentation mode" in text and "one iterate back / forward" in text
    explorer.page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    assert_no_page_errors(explorer)


def test_presentation_mode_enlarges_the_ticks_and_folds_the_controls_away(app_server, chromium):
    size = {"width": 1920, "height": 1080}
    context = chromium.new_context(viewport=size, locale="en-US")
    try:
        explorer = new_page(context, app_server.url)
        explorer.run()
        small = explorer.page.evaluate(
            "() => parseFloat(getComputedStyle(document.querySelector('#map .xtick text')).fontSize)"
        )
        explorer.page.locator("#readout").click()
        explorer.page.keyboard.press("p")
        explorer.page.wait_for_function(
            "() => parseFloat(getComputedStyle(document.querySelector('#map .xtick text')).fontSize) >= 22"
        )
        assert small < 22
        assert explorer.page.locator(".controls").is_hidden()
        assert in_view(explorer, "#play", size) and in_view(explorer, "#map .nsewdrag", size)
        explorer.page.wait_for_timeout(400)  # after the resize that follows the switch
        drawn = explorer.page.evaluate(
            f"() => [{MAP_GD}, {OVERLAY_GD}].map(g => Array.from(g.querySelectorAll('clipPath rect'))"
            ".slice(0, 2).map(r => [r.getAttribute('x'), r.getAttribute('width'), r.getAttribute('height')]))"
        )
        assert drawn[0] == drawn[1]  # the paths are drawn on the map's plot area, to the pixel
        trail = explorer.traces("overlay", ":trail$", ("line",))[0]
        assert trail["line"]["width"] >= 5  # thick paths
        assert trail["line"]["color"] == "#E69F00"  # the colour-blind-safe palette
        # the drawer brings the controls back over the map
        explorer.page.click("#drawer")
        assert explorer.page.locator("#run").is_visible()
        explorer.page.click("#present")
        explorer.page.wait_for_function(
            "() => parseFloat(getComputedStyle(document.querySelector('#map .xtick text')).fontSize) < 22"
        )
        assert_no_page_errors(explorer)
    finally:
        context.close()


def test_on_a_phone_the_map_comes_first_and_plays_where_it_is_seen(app_server, chromium):
    size = {"width": 390, "height": 844}
    context = chromium.new_context(viewport=size, locale="en-US", is_mobile=True, has_touch=True)
    try:
        explorer = new_page(context, app_server.url)
        assert explorer.page.locator(".controls").is_hidden()  # in a drawer
        assert in_view(explorer, "#map .nsewdrag", size) and in_view(explorer, "#play", size)
        explorer.page.click("#drawer")
        explorer.page.locator("#run").click()
        explorer.page.wait_for_function("() => !document.body.classList.contains('drawer-open')")
        explorer.wait_for_runs(1)
        wait_for_clock(explorer, "s.playing")
        assert explorer.page.locator(".controls").is_hidden()
        assert in_view(explorer, "#map .nsewdrag", size)
        plot = explorer.page.locator("#map .nsewdrag").bounding_box()
        assert plot["width"] >= 200 and plot["height"] >= 200
        assert_no_page_errors(explorer)
    finally:
        context.close()


def test_the_map_stays_readable_at_150_percent_zoom(app_server, chromium):
    size = {"width": 911, "height": 512}  # a 1366x768 screen at 150 % browser zoom
    context = chromium.new_context(viewport=size, locale="en-US", device_scale_factor=1.5)
    try:
        explorer = new_page(context, app_server.url)
        plot = explorer.page.locator("#map .nsewdrag").bounding_box()
        assert plot["width"] >= 400 and plot["height"] >= 240
        assert in_view(explorer, "#map .nsewdrag", size) and in_view(explorer, "#play", size)
        assert_no_page_errors(explorer)
    finally:
        context.close()


# ---------- where every start ends: long jobs ----------


def test_the_basin_overlay_shows_its_legend_and_a_click_on_it_runs_from_the_cell(app_server, context):
    query = "?x=w1_11&y=w2_11&xr=-5,15&yr=-5,45&overlays=critical,basins&basins=30,200"
    explorer = new_page(context, app_server.url, query + "&next=lmbp,-4,-4,mu=0.01,theta=10,mu_max=1e10,epochs=200")
    legend = explorer.page.locator("#basin-legend")
    legend.locator("li").first.wait_for(timeout=60_000)
    text = legend.text_content()
    assert "minimum at (10, 1)" in text and "minimum at (0.8828, 38.62)" in text and "Click a cell" in text
    key = explorer.page.locator("#basin-key")  # and named above the map, where a class sees it
    assert key.is_visible() and "minimum (10, 1)" in key.text_content() and "%" in key.text_content()
    explorer.page.wait_for_function(
        f"() => {{ const l = {MAP_GD}._fullData.find(t => t.uid === 'basins'); return l && l.visible === true; }}"
    )
    axes = explorer.map_axes()
    (x0, x1), (y0, y1) = axes["xrange"], axes["yrange"]
    px, py = round(0.3 * axes["width"]), round(0.25 * axes["height"])  # in the local minimum's basin
    explorer.page.mouse.click(axes["left"] + axes["xoffset"] + px, axes["top"] + axes["yoffset"] + py)
    explorer.wait_for_runs(1)
    x = x0 + (px / axes["width"]) * (x1 - x0)
    y = y1 - (py / axes["height"]) * (y1 - y0)
    (card,) = cards(explorer)
    assert card.startswith("lmbp from (") and "F = 0.0934" in card  # it went where its cell's colour said
    start = explorer.page.evaluate(
        "() => [window.lossExplorer.state.runs[0].x[0], window.lossExplorer.state.runs[0].y[0]]"
    )
    assert start == pytest.approx([x, y], abs=1e-2 * (x1 - x0))
    assert_no_page_errors(explorer)


def test_a_long_job_shows_its_progress_and_can_be_cancelled(app_server, context):
    # the largest basin map the budget allows for steepest descent (about 9 s of work on a quiet machine)
    query = "?x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&overlays=basins&basins=120,5000&next=sdbp,-4,-4,alpha=0.01,epochs=2000"
    explorer = new_page(context, app_server.url, query)
    row = explorer.page.locator(selector(job_part("basins", "busy")))
    row.wait_for(state="visible", timeout=30_000)
    progress = json.dumps(job_id("basins", "progress"))
    explorer.page.wait_for_function(
        f"() => {{ const p = document.getElementById({progress}); return p && Number(p.value) > 0; }}",
        timeout=60_000,
    )
    assert "starts" in explorer.page.text_content(selector(job_part("basins", "status")))
    explorer.page.click(selector(job_part("basins", "cancel")))
    row.wait_for(state="hidden", timeout=30_000)
    assert explorer.page.locator("#basin-legend li").count() == 0  # nothing drawn for a cancelled job
    assert "cancelled" in explorer.page.text_content(selector(job_part("basins", "message")))
    assert_no_page_errors(explorer)


def test_a_cell_of_the_learning_rate_map_runs_on_the_contour_map(app_server, context):
    query = (
        "?x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&hmap=8,500&halpha=0.01,100&next=mobp,-4,-4,alpha=0.5,gamma=0.8,epochs=500"
    )
    explorer = new_page(context, app_server.url, query)
    explorer.wait_for_map()
    explorer.page.get_by_label("learning rates").check()  # the stage's third view, beside the map and the surface
    graph = "document.querySelector('#hyper-graph .js-plotly-plot')"
    explorer.page.wait_for_function(
        f"() => {{ const g = {graph}; return g && g._fullData && g._fullData.some(t => t.uid === 'final-F')"
        " && g._explorerClick; }",
        timeout=60_000,
    )
    box = explorer.page.locator("#hyper-graph .nsewdrag").bounding_box()
    # the middle of a cell, the fifth of eight across and down (the plot's centre is a corner of four cells)
    middle = 4.5 / 8
    explorer.page.mouse.click(box["x"] + middle * box["width"], box["y"] + middle * box["height"])
    explorer.wait_for_runs(1)
    assert explorer.page.locator("#map").is_visible() and "view=hyper" not in explorer.page.url
    (run,) = explorer.query()["run"]
    hyper = dict(part.split("=") for part in run.split(",")[3:5])
    alphas, gammas = np.geomspace(0.01, 100, 8), np.linspace(0, 0.98, 8)  # the map's columns and rows
    assert run.startswith("mobp,-4,-4,alpha=")
    assert min(abs(float(hyper["alpha"]) - a) / a for a in alphas) < 1e-3  # a cell's own α
    assert min(abs(float(hyper["gamma"]) - g) for g in gammas) < 1e-3  # and γ
    assert_no_page_errors(explorer)


# ---------- inside the step ----------


def inside_model_centre(explorer):
    """The centre of the quadratic model drawn on the overlay: the mean of its ellipse's and axes' points (each
    axis is centred on the iterate; an axis of negative curvature is in the saddle trace)."""
    return explorer.page.evaluate(
        f"""() => {{
      const ts = {OVERLAY_GD}._fullData.filter(d => d.meta === 'inside:model' || d.meta === 'inside:saddle');
      const xs = ts.flatMap(t => Array.from(t.x || [])).filter(v => v !== null);
      const ys = ts.flatMap(t => Array.from(t.y || [])).filter(v => v !== null);
      return xs.length ? [xs.reduce((a, b) => a + b) / xs.length, ys.reduce((a, b) => a + b) / ys.length] : null;
    }}"""
    )


def test_inside_the_step_writes_each_iterate_and_draws_its_model_where_the_run_is(app_server, context):
    query = "?x=w1_11&y=w2_11&xr=-5,15&yr=-5,45&run=lmbp,2,20,epochs=200&inside=first"
    explorer = new_page(context, app_server.url, query)
    explorer.wait_for_runs(1)
    panel = explorer.page.locator("#inside-panel")
    assert panel.get_attribute("open") is not None  # the link opened it
    numbers = explorer.page.locator("#inside-numbers")
    explorer.page.evaluate("() => window.lossExplorer.seek(0)")
    explorer.page.wait_for_function("() => document.getElementById('inside-numbers').innerText.includes('Iterate 0')")
    first = numbers.inner_text()
    assert "Δx = −(JᵀJ + 0.01 I)" in first and "Gauss–Newton" in first and "Curvature here" in first
    centre = inside_model_centre(explorer)
    assert centre == pytest.approx([2.0, 20.0], abs=0.05)  # the model sits on the start
    explorer.page.click("#step")  # one iterate forward: the panel and the drawing follow
    explorer.page.wait_for_function("() => document.getElementById('inside-numbers').innerText.includes('Iterate 1:')")
    assert numbers.inner_text() != first and "0.001 I" in numbers.inner_text()  # μ fell by θ after a good step
    run = explorer.page.evaluate("() => { const r = window.lossExplorer.state.runs[0]; return [r.x[1], r.y[1]]; }")
    assert inside_model_centre(explorer) == pytest.approx(run, abs=0.05)
    # LM's own trace, μ, is plotted under the loss curve
    axis = explorer.page.evaluate(
        "() => { const g = document.querySelector('#loss .js-plotly-plot'); return g._fullLayout.yaxis2.title.text; }"
    )
    assert axis == "μ"
    # closing the panel takes the drawing off the map and out of the link
    panel.locator("summary").click()
    explorer.page.wait_for_function("() => !window.location.search.includes('inside=')")
    explorer.page.wait_for_function(
        f"() => {{ const t = {OVERLAY_GD}._fullData.find(d => d.meta === 'inside:model'); return !t; }}"
    )
    panel.locator("summary").click()  # and opening it puts them back
    explorer.page.wait_for_function("() => window.location.search.includes('inside=first')")
    explorer.page.wait_for_function(
        f"() => {{ const t = {OVERLAY_GD}._fullData.find(d => d.meta === 'inside:model'); return !!t; }}"
    )
    assert_no_page_errors(explorer)


# ---------- the curvature overlays ----------


def stability_layer(explorer: ExplorerPage) -> dict:
    """The map's stability overlay as plotly drew it (found by uid), and whether it shades the global minimum
    (10, 1): its λmax there, interpolated between grid nodes as the edge is, past the level edge/α."""
    (layer,) = [
        t
        for t in explorer.full_data("map", ("uid", "visible", "type", "contours", "x", "y", "z"))
        if t["uid"] == "stability"
    ]
    xs, ys, z = np.asarray(layer["x"], float), np.asarray(layer["y"], float), np.asarray(layer["z"], float)
    j, i = np.searchsorted(xs, 10.0) - 1, np.searchsorted(ys, 1.0) - 1
    tx, ty = (10.0 - xs[j]) / (xs[j + 1] - xs[j]), (1.0 - ys[i]) / (ys[i + 1] - ys[i])
    lam_max = (1 - ty) * ((1 - tx) * z[i, j] + tx * z[i, j + 1]) + ty * ((1 - tx) * z[i + 1, j] + tx * z[i + 1, j + 1])
    assert layer["contours"]["type"] == "constraint" and layer["contours"]["operation"] == "<="  # fills λmax > level
    return {**layer, "lam_max": lam_max, "shades_minimum": bool(lam_max > layer["contours"]["value"])}


def wait_for_stability_level(explorer: ExplorerPage, level: float) -> None:
    explorer.page.wait_for_function(
        f"(level) => {{ const t = {MAP_GD}._fullData.find(t => t.uid === 'stability');"
        " return t && t.visible === true && Math.abs(t.contours.value - level) < 1e-9 * level; }",
        arg=level,
        timeout=60_000,
    )


def test_the_stability_overlay_shades_the_global_minimum_at_alpha_1_75_and_not_at_1_7(app_server, context):
    query = "?x=w1_11&y=w2_11&xr=-5,15&yr=-5,45&overlays=stability&next=sdbp,-4,-4,alpha=1.75,epochs=200"
    explorer = new_page(context, app_server.url, query)
    wait_for_stability_level(explorer, 2 / 1.75)
    layer = stability_layer(explorer)
    assert layer["type"] == "contour" and layer["shades_minimum"]  # the book's lr 3.5: just past the limit
    assert layer["lam_max"] == pytest.approx(1.1557, abs=5e-3) and len(layer["x"]) == 200
    key = explorer.page.locator("#curvature-key")
    assert key.is_visible() and key.text_content() == "unstable for sdbp at α = 1.75: α·λmax > 2"

    # a new start asks nothing of the map; a new α moves the edge by a patch of a few hundred bytes
    map_requests = []
    explorer.page.on("request", lambda r: map_requests.append(r) if "map.figure" in (r.post_data or "") else None)
    explorer.commit("start-x", "5")
    explorer.page.wait_for_function("() => window.location.search.includes('next=sdbp,5,-4')")
    explorer.page.wait_for_timeout(500)
    assert map_requests == []
    with explorer.page.expect_response(lambda r: "map.figure" in (r.request.post_data or "")) as answer:
        explorer.commit({"type": "hyper", "algo": "sdbp", "name": "alpha"}, "1.7")
    body = answer.value.text()
    assert "__dash_patch_update" in body and len(body) < 2_000
    wait_for_stability_level(explorer, 2 / 1.7)
    layer = stability_layer(explorer)
    assert not layer["shades_minimum"] and layer["lam_max"] == pytest.approx(1.1557, abs=5e-3)
    explorer.page.wait_for_function("() => document.getElementById('curvature-key').textContent.includes('α = 1.7:')")
    assert_no_page_errors(explorer)


def test_each_curvature_overlay_is_a_toggle_with_its_line_in_the_key(app_server, context):
    explorer = new_page(context, app_server.url, "?x=w1_11&y=w2_11&xr=-5,15&yr=-5,45&next=lmbp,-4,-4,epochs=200")
    for label, uid in (
        ("not convex", "nonconvex"),
        ("condition number", "condition"),
        ("gradient field", "field"),
        ("where a fixed step is unstable", "stability"),
    ):
        explorer.page.get_by_label(label).check()
        explorer.page.wait_for_function(
            "(uid) => (window.location.search.match(/overlays=[^&]*/) || [''])[0].includes(uid)", arg=uid
        )
    explorer.page.wait_for_function(
        f"() => {{ const d = {MAP_GD}._fullData; const on = (u) => d.find(t => t.uid === u).visible === true;"
        " return on('nonconvex') && on('condition') && on('field'); }"
    )
    text = wait_for_text(explorer, "curvature-key", "no stability shading for lmbp")  # the key follows the map
    assert "condition number λmax/λmin: 1" in text and "not convex: λmin < 0" in text
    assert "direction of −∇F" in text and "no stability shading for lmbp" in text
    contour = explorer.full_data("map", ("uid", "contours"))[1]
    assert contour["uid"] == "surface" and contour["contours"]["coloring"] == "lines"  # over the condition number
    stability = [t for t in explorer.full_data("map", ("uid", "visible")) if t["uid"] == "stability"]
    assert stability == [{"uid": "stability", "visible": False}]  # Levenberg–Marquardt has no fixed step
    assert_no_page_errors(explorer)
