"""The long jobs behind the maps of many starts, called as plain functions: what each asks the engine for, what it
draws, and how the scene changes when a person clicks one of their cells."""

import json
import threading
import time

import numpy as np
import plotly
import pytest
from dash import no_update

import surface
from explorer.components.basins import figures as basin_figures
from explorer.components.basins import job as basins_job
from explorer.components.basins import view as basins_view
from explorer.components.hypermap import job as hypermap_job
from explorer.components.hypermap import view as hypermap_view
from explorer.components.map import draw
from explorer.components.restarts import job as restarts_job
from explorer.components.restarts import view as restarts_view
from explorer.components.restarts.slice import WORK as RESTART_WORK
from explorer.core import reducer as edits
from explorer.core import scene as scenes
from explorer.core.reducer import Event
from explorer.serving import jobs

pytestmark = pytest.mark.usefixtures("app_context")  # the cache, in a Flask app context (conftest)


def scene_with(**parts):
    raw = {"view": {"x": "w1_11", "y": "w2_11", "xr": [-5, 15], "yr": [-5, 45]}}
    for key, value in parts.items():
        if key in ("overlays", "basins", "hypermap", "mode"):
            raw["view"][key] = value
        else:
            raw[key] = value
    scene, notes = scenes.check(raw)
    assert notes == []
    return scene


LM = {"algorithm": "lmbp", "start": [-4, -4], "hyper": {}, "epochs": 200}


# ---------- where each start ends ----------


def test_the_basin_job_asks_only_for_what_it_uses():
    off = scene_with()
    assert basins_job.request_for(off["view"], off["draft"]) is None
    on = scene_with(overlays=["basins"], basins={"cells": 12, "epochs": 500}, draft=LM)
    request = basins_job.request_for(on["view"], on["draft"])
    assert request == {
        "pair": ["w1_11", "w2_11"],
        "xr": [-5.0, 15.0],
        "yr": [-5.0, 45.0],
        "fixed": list(surface.NOMINAL),
        "cells": 12,
        "epochs": 500,
        "algorithm": "lmbp",
        "hyper": {"mu": 0.01, "theta": 10.0, "mu_max": 1e10},
        "goal": 0.0,
        "grad_tol": 1e-8,
    }
    moved = {**on, "draft": {**on["draft"], "start": [3.0, 3.0]}}
    shaded = {**on, "view": {**on["view"], "basins": {**on["view"]["basins"], "shade": "epochs"}}}
    assert basins_job.request_for(moved["view"], moved["draft"]) == request  # the start is not part of it
    assert basins_job.request_for(shaded["view"], shaded["draft"]) == request  # nor is the shading
    # a request is made from a checked scene (the page holds only its name): what any link asks for is bounded
    hostile = scenes.check({"view": {"overlays": ["basins"], "basins": {"cells": 10**9}}, "draft": {"algorithm": "rm"}})
    assert basins_job.for_scene(hostile[0])["cells"] == 120


def test_the_basin_map_splits_lm_starts_between_the_two_minima():
    scene = scene_with(overlays=["basins"], basins={"cells": 12, "epochs": 200}, draft=LM)
    request = basins_job.request_for(scene["view"], scene["draft"])
    calls = []
    result = basins_job.compute(request, lambda done, total: calls.append(done))
    assert calls[-1] == 144 and result["request"] == request
    destinations = result["destinations"]
    minima = [d for d in destinations if d["kind"] == "minimum"]
    points = sorted(tuple(round(v, 3) for v in d["point"]) for d in minima)
    assert points == [(0.883, 38.619), (10.0, 1.0)]  # the global minimum and the local one near (0.88, 38.6)
    assert sum(d["count"] for d in destinations) == 144
    labels = np.asarray(result["labels"])
    # the start of trajectory b, and one beside the global minimum, in the right basins
    i, j = np.argmin(np.abs(np.linspace(-5, 45, 12) - 38)), np.argmin(np.abs(np.linspace(-5, 15, 12) - 1))
    assert destinations[labels[i, j]]["point"] == pytest.approx([0.8828, 38.6187], abs=1e-3)
    i, j = np.argmin(np.abs(np.linspace(-5, 45, 12) - 0)), np.argmin(np.abs(np.linspace(-5, 15, 12) - 10))
    assert destinations[labels[i, j]]["point"] == pytest.approx([10.0, 1.0], abs=1e-6)

    key = [str(entry) for entry in basins_view.map_key(result, "destination")]
    counts = sorted((d["count"] for d in destinations), reverse=True)
    assert f"{100 * counts[0] / 144:.0f} %" in key[0]  # the largest destination first, with its share
    assert any("minimum (10, 1)" in e for e in key) and any("minimum (0.883, 38.6)" in e for e in key)
    assert "epochs needed:" in str(basins_view.map_key(result, "epochs"))
    assert basins_view.map_key(None, "destination") == []
    legend = str(basins_view.legend(result, "destination"))
    assert "minimum at" in legend and "Click a cell to run from it." in legend
    assert "epochs" in str(basins_view.legend(result, "epochs"))
    # drawn beneath the contour lines of this window only
    assert basins_view.layer_for(result, scene["view"]) is result
    elsewhere = {**scene["view"], "xr": [0.0, 15.0]}
    assert basins_view.layer_for(result, elsewhere) is None
    out = draw.draw_map(scene["view"], {"basins": result}, None)
    figure, base = out["figure"], out["base"]
    layer, contour = figure.data[0], figure.data[1]
    assert layer.type == "heatmap" and layer.visible is not False and layer.uid == "basins"
    assert contour.contours.coloring == "lines"
    colors = basin_figures.destination_colors(destinations)
    assert len(colors) == len(destinations) and len(set(colors)) == len(colors)
    assert base["overlays"] == ["basins"]

    # on the map already drawn, the layer arrives as a patch of the bottom trace and the contour's style alone
    out = draw.draw_map(scene["view"], None, None)
    plain, drawn = out["figure"], out["base"]
    out = draw.draw_map(scene["view"], {"basins": result}, drawn)
    patch, base, info = out["figure"], out["base"], out["info"]
    assert info is no_update and base["key"] != drawn["key"] and base["key"]["surface"] == drawn["key"]["surface"]
    operations = {tuple(op["location"]): op for op in patch.to_plotly_json()["operations"]}
    assert set(operations) == {
        ("data", 0),
        ("data", 1, "contours", "coloring"),
        ("data", 1, "line"),
        ("layout", "plot_bgcolor"),
    }
    sent = operations[("data", 0)]["params"]["value"]
    assert sent["uid"] == "basins" and sent["type"] == "heatmap" and "visible" not in sent
    assert operations[("data", 1, "contours", "coloring")]["params"]["value"] == "lines"
    assert len(json.dumps(patch.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder)) < len(plain.to_json()) / 20
    # and switched off again, the same patch puts the filled contour back over a hidden layer
    patch = draw.draw_map({**scene["view"], "overlays": []}, None, base)["figure"]
    operations = {tuple(op["location"]): op for op in patch.to_plotly_json()["operations"]}
    assert operations[("data", 0)]["params"]["value"]["visible"] is False
    assert operations[("data", 1, "contours", "coloring")]["params"]["value"] == "fill"


def test_a_click_on_the_basin_map_runs_from_the_cell():
    scene = scene_with(overlays=["basins"], draft=LM)
    out = edits.apply(scene, edits.controls_for(scene), Event("click", {"x": 1.23456789, "y": 20.0, "run": True}))
    (run,) = out.scene["runs"]
    assert run["start"] == [1.23457, 20.0] and run["algorithm"] == "lmbp"
    assert out.history == "push" and out.controls["start_x"] == "1.23457"
    # without the overlay, a click only moves the start
    plain = scene_with(draft=LM)
    out = edits.apply(plain, edits.controls_for(plain), Event("click", {"x": 1.0, "y": 2.0, "run": True}))
    assert out.scene["runs"] == [] and out.scene["draft"]["start"] == [1.0, 2.0]


# ---------- random restarts ----------


def test_restarts_of_each_run_are_reproducible_and_judged_against_one_lowest_minimum():
    runs = [{**LM, "color": 0}, {"algorithm": "sdbp", "start": [-4, -4], "hyper": {"alpha": 0.5}, "epochs": 5000}]
    scene = scene_with(runs=runs, restarts={"on": True, "n": 20, "init": "uniform", "seed": 4})
    request = restarts_job.request_for(scene)
    assert [r["algorithm"] for r in request["runs"]] == ["lmbp", "sdbp"] and request["n"] == 20
    progress = []
    result = restarts_job.compute(request, lambda done, total: progress.append((done, total)))
    assert progress[-1] == (40, 40)
    again = restarts_job.compute(request)
    assert [r["F"] for r in again["runs"]] == [r["F"] for r in result["runs"]]  # the same seed, the same restarts
    lowest = result["lowest"]
    assert lowest < 1e-12  # somebody found the global minimum, F = 0
    for r in result["runs"]:
        assert len(r["ends"]) == 20 and r["fraction"] == sum(r["reached"]) / 20
        assert all(hit == (f is not None and f <= lowest + 1e-6) for hit, f in zip(r["reached"], r["F"], strict=True))
    lm = surface.restarts("lmbp", ("w1_11", "w2_11"), 20, ((-5, 15), (-5, 45)), seed=4, epochs=200)
    np.testing.assert_array_equal(np.asarray(result["runs"][0]["ends"]), lm.ends)
    text = str(restarts_view.summary(result))
    assert "20 starts each, anywhere in the window, seed 4" in text and "reached it" in text
    figure = restarts_view.histogram(result)
    assert [t.type for t in figure.data] == ["histogram", "histogram"]
    assert restarts_job.request_for(scene_with(runs=runs)) is None  # off


def test_restarts_of_a_run_of_the_whole_network_train_what_it_trains():
    """A run that trains all seven restarts all seven: the axes over the map's window, the other five each over
    its own usual range; its ends are seven values, the first two where the map marks them."""
    run = {**LM, "color": 0, "free": list(surface.PARAMS)}
    scene = scene_with(runs=[run], restarts={"on": True, "n": 6, "init": "uniform", "seed": 2})
    request = restarts_job.request_for(scene)
    (asked,) = request["runs"]
    assert asked["free"] == [p for p in surface.PARAMS if p not in ("w1_11", "w2_11")]
    pair, window = restarts_job.trained(request, asked)
    assert pair == ("w1_11", "w2_11", "w1_21", "b1_1", "b1_2", "w2_12", "b2") and len(window) == 7
    assert window[pair.index("b1_2")] == tuple(surface.default_window("b1_2", "w1_11")[0])
    result = restarts_job.compute(request)
    (r,) = result["runs"]
    assert np.asarray(r["ends"]).shape == (6, 7)
    again = surface.restarts("lmbp", pair, 6, window, seed=2, epochs=asked["epochs"])
    np.testing.assert_array_equal(np.asarray(r["ends"]), again.ends)
    assert "each over its own usual range" in str(restarts_view.summary(result))


def test_restarts_budget_is_capped_and_says_so():
    run = {"algorithm": "sdbp", "start": [-4, -4], "hyper": {"alpha": 0.5}, "epochs": 300_000}
    scene = scene_with(runs=[run], restarts={"on": True, "n": 500, "init": "small", "seed": 0})
    (asked,) = restarts_job.request_for(scene)["runs"]
    assert asked["epochs"] == RESTART_WORK // 500 and asked["asked"] == 300_000


def test_the_restarts_switch_pushes_and_its_boxes_replace():
    scene = scenes.default_scene()
    shown = edits.controls_for(scene)
    out = edits.apply(scene, shown | {"restarts_on": ["on"]}, Event("restarts"))
    assert out.scene["restarts"]["on"] is True and out.history == "push"
    out = edits.apply(out.scene, shown | {"restarts_on": ["on"], "restarts_n": "80"}, Event("restarts"))
    assert out.scene["restarts"]["n"] == 80 and out.history == "replace"
    bad = edits.apply(scene, shown | {"restarts_n": "many"}, Event("restarts"))
    assert bad.messages["restarts"] == "restarts: 'many' is not a number" and bad.scene["restarts"]["n"] == 50


# ---------- the learning-rate map ----------


MOMENTUM = {"algorithm": "mobp", "start": [-4, -4], "hyper": {"alpha": 0.5, "gamma": 0.8}, "epochs": 1000}


def test_the_learning_rate_map_needs_an_alpha_and_for_gamma_a_momentum():
    assert hypermap_job.request_for(scene_with(draft=MOMENTUM)) is None  # not shown
    assert "has no learning rate α" in hypermap_job.request_for(scene_with(mode="hyper", draft=LM))
    sd = {"algorithm": "sdbp", "start": [-4, -4], "hyper": {"alpha": 0.5}, "epochs": 1000}
    assert "has no momentum γ" in hypermap_job.request_for(scene_with(mode="hyper", draft=sd))
    request = hypermap_job.request_for(scene_with(mode="hyper", draft=sd, hypermap={"y": "line"}))
    assert request["line"] == [[-4.0, -4.0], [15.0, 45.0]]  # to the window's far corner
    assert request["hyper"] == {}  # α is mapped, not fixed


def test_the_learning_rate_map_shows_the_edge_of_stability_of_momentum():
    scene = scene_with(mode="hyper", draft=MOMENTUM, hypermap={"cells": 8, "epochs": 1000, "alpha": [0.01, 100]})
    request = hypermap_job.request_for(scene)
    result = hypermap_job.compute(request)
    F = np.array([[np.nan if f is None else f for f in row] for row in result["F"]])
    alphas, gammas = hypermap_job.axes(request)
    assert F.shape == (8, 8) and np.allclose(alphas, np.geomspace(0.01, 100, 8))
    # the engine, cell by cell: the same final F
    for i, j in [(0, 0), (3, 5), (7, 7)]:
        tr = surface.train("mobp", (-4, -4), epochs=1000, alpha=alphas[j], gamma=gammas[i])
        if not result["diverged"][i][j]:
            assert F[i, j] == pytest.approx(tr.F[-1], rel=1e-9)
    figure = hypermap_view.figure(result)
    assert [t.uid for t in figure.data] == ["final-F", "diverged"] and figure.layout.xaxis.type == "log"


def test_a_click_on_a_cell_of_the_learning_rate_map_runs_it_on_the_contour_map():
    scene = scene_with(mode="hyper", draft=MOMENTUM)
    out = edits.apply(
        scene, edits.controls_for(scene), Event("hyper-cell", {"alpha": 2.6826957952797246, "gamma": 0.5})
    )
    (run,) = out.scene["runs"]
    assert run["hyper"] == {"alpha": 2.683, "gamma": 0.5} and run["start"] == [-4.0, -4.0]
    assert out.scene["view"]["mode"] == "contour" and out.controls["mode"] == "contour"
    # along a line: the cell's position t gives the start
    scene = scene_with(mode="hyper", draft=MOMENTUM, hypermap={"y": "line", "line": [6, 6]})
    out = edits.apply(scene, edits.controls_for(scene), Event("hyper-cell", {"alpha": 0.1, "t": 0.5}))
    assert out.scene["runs"][0]["start"] == [1.0, 1.0] and out.scene["runs"][0]["hyper"]["alpha"] == 0.1
    # an algorithm with no α cannot be mapped, and says so
    scene = scene_with(mode="hyper", draft=LM)
    out = edits.apply(scene, edits.controls_for(scene), Event("hyper-cell", {"alpha": 0.1}))
    assert out.scene["runs"] == [] and "has no learning rate α" in out.messages["hypermap"]


# ---------- through the job panel ----------


PANELS = [{"job": "basins", "part": "key"}, {"job": "restarts", "part": "key"}, {"job": "hypermap", "part": "key"}]


@pytest.fixture
def job_runner(tmp_path, monkeypatch):
    """The embedded job store in a fresh private directory, and a runner doing its jobs in a thread."""
    monkeypatch.setenv("JOB_DIR", str(tmp_path / "jobs"))
    stop = threading.Event()
    thread = threading.Thread(target=jobs.Runner(jobs.store(), "test", jobs.compute).loop, args=(stop, 0.02))
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


def test_a_basin_map_goes_from_the_scene_through_the_job_panel_to_its_legend(job_runner):
    from explorer.components.jobs import callbacks as job_callbacks

    scene = scene_with(overlays=["basins"], basins={"cells": 10, "epochs": 100}, draft=LM)
    out = job_callbacks.submit_all(scenes.parts_of(scene), "page", PANELS, [None, None, None])
    key = out["key"][0]
    assert key == jobs.key_of("basins", basins_job.for_scene(scene)) and out["poll"][0] is False
    assert out["key"][1:] == [no_update, no_update] and out["message"][1:] == ["", ""]  # restarts off, map not shown
    # asked again for the same scene: nothing is submitted again
    again = job_callbacks.submit_all(scenes.parts_of(scene), "page", PANELS, [key, None, None])
    assert again["key"][0] is no_update
    deadline = time.monotonic() + 60
    while (shown := job_callbacks.poll_one(key, "page", "basins"))["result"] in (no_update, None):
        assert time.monotonic() < deadline and shown["busy"] is False
        time.sleep(0.05)
    assert shown["result"] == key and shown["busy"] is True and shown["message"] == ""
    result = job_callbacks.result(key)
    assert basins_view.layer_for(result, scene["view"]) is result
    assert "minimum (10, 1)" in str(basins_view.map_key(result, "destination"))


def test_a_job_past_the_budget_is_not_run_and_the_panel_says_why(job_runner):
    from explorer.components.jobs import callbacks as job_callbacks

    sgd = {"algorithm": "sgd", "start": [-4, -4], "hyper": {}, "epochs": 2000}
    scene = scene_with(overlays=["basins"], basins={"cells": 120, "epochs": 20000}, draft=sgd)
    out = job_callbacks.submit_all(scenes.parts_of(scene), "page", PANELS, [None, None, None])
    assert out["key"][0] is no_update and out["poll"][0] is no_update  # no job started: nothing to follow
    assert (
        out["message"][0].startswith("Not run: too much work for one job") and "at most 10 s a job" in out["message"][0]
    )
    lm = scene_with(mode="hyper", draft=LM)  # a request that cannot be made says why in its panel
    out = job_callbacks.submit_all(scenes.parts_of(lm), "page", PANELS, [None, None, None])
    assert "has no learning rate α" in out["message"][2]
