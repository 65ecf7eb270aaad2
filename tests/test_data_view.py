"""The training set's controls, planted bugs and the gradient check, called as plain functions: the reducer's
handlers (explorer/components/data/edits.py), the callbacks' pure parts (explorer/components/data/)."""

from __future__ import annotations

import base64

import pytest
from dash import no_update

import surface
from explorer import wiring
from explorer.components.data import ids as data_ids
from explorer.components.data import view as data_view
from explorer.components.map import draw
from explorer.components.runs import derive
from explorer.core import reducer as edits
from explorer.core import scene as scenes
from explorer.core.reducer import Event

pytestmark = pytest.mark.usefixtures("app_context")  # the cache, in a Flask app context (conftest)


def apply(scene, kind, detail=None, **typed):
    controls = edits.controls_for(scene) | {"data_points": ""} | typed
    return edits.apply(scene, controls, Event(kind, detail))


@pytest.fixture
def scene():
    return scenes.default_scene()


def test_choosing_the_sine_set_takes_its_linear_output_and_pushes_a_link(scene):
    out = apply(scene, "data-set", data_set="sine")
    assert out.scene["view"]["data"]["set"] == "sine" and out.scene["view"]["data"]["output"] == "purelin"
    assert out.history == "push"
    assert out.controls["data_output"] == "purelin"
    assert "data=sine,purelin" in scenes.to_query(out.scene)
    logsig = apply(out.scene, "data", data_output="logsig").scene
    assert apply(logsig, "data-set", data_set="sine").scene == logsig  # the same set again keeps its output


def test_the_output_and_the_noise_follow_their_controls(scene):
    noisy = apply(scene, "data-set", data_set="noisy").scene
    out = apply(noisy, "data", data_sigma="0.3", data_seed="7", data_output="logsig")
    data = out.scene["view"]["data"]
    assert (data["sigma"], data["seed"], data["output"]) == (0.3, 7, "logsig")
    bad = apply(out.scene, "data", data_sigma="lots", data_seed="7", data_output="logsig")
    assert bad.scene["view"]["data"]["sigma"] == 0.3 and "noise σ" in bad.messages["data"]


def test_own_points_are_read_and_bad_ones_keep_the_last_good_set(scene):
    asked = apply(scene, "data-set", data_set="points")
    assert asked.scene == scene and "Paste" in asked.messages["data"]
    text = "p,t\n0, 0.5\n1, 1.5\n2, 0.2"
    good = apply(scene, "data-points", None, data_points=text, data_output="logsig")
    assert good.scene["view"]["data"]["points"] == [[0.0, 0.5], [1.0, 1.5], [2.0, 0.2]]
    long_line = "0, x" + "9" * 200
    bad = apply(good.scene, "data-points", None, data_points=f"1, 2\n{long_line}")
    assert bad.scene == good.scene
    assert "line 2" in bad.messages["data"] and len(bad.messages["data"]) < 140
    huge = apply(good.scene, "data-points", None, data_points="0, 1\n1, 1e200")
    assert huge.scene == good.scene and "unchanged" in huge.messages["data"]


def test_an_uploaded_csv_is_read_into_the_box(scene):
    csv = "p,t\n-1,0.2\n1,0.8\n"
    contents = "data:text/csv;base64," + base64.b64encode(csv.encode()).decode()
    event = wiring.event_for(data_ids.DATA_UPLOAD, contents)
    assert event == Event("data-points", csv)
    out = apply(scene, event.kind, event.detail)
    assert out.scene["view"]["data"]["set"] == "points" and out.controls["data_points"] == csv
    broken = apply(scene, "data-points", wiring.event_for(data_ids.DATA_UPLOAD, "data:x;base64,@@").detail)
    assert broken.scene == scene and "not a text" in broken.messages["data"]


def test_a_planted_bug_rides_in_the_draft_and_the_run(scene):
    out = apply(scene, "bug", bug="output_sign")
    assert out.scene["draft"]["bug"] == "output_sign"
    run = apply(out.scene, "run", bug="output_sign").scene
    assert run["runs"][0]["bug"] == "output_sign"
    assert apply(out.scene, "bug", bug="none").scene["draft"] == scene["draft"]
    assert apply(scene, "bug", bug=["not", "a", "name"]).scene == scene


def test_a_buggy_run_is_drawn_beside_the_correct_one_and_its_card_says_so():
    view = scenes.check({"view": {"res": 40}})[0]["view"]
    run = {**scenes.default_scene()["draft"], "epochs": 200, "bug": "output_sign", "color": 0}
    out = derive.derive_runs([run], view, {}, [], "/export/")
    (meta,), cards = out["runs"], out["cards"]
    clean = {k: v for k, v in run.items() if k != "bug"}
    (plain,) = derive.derive_runs([clean], view, {}, [], "/export/")["runs"]
    assert meta["bug"] == "output_sign" and meta["key"] != plain["key"]
    assert meta["twin"]["F_end"] == pytest.approx(plain["F_end"])
    assert meta["F_end"] != pytest.approx(plain["F_end"])
    assert "Planted bug" in str(cards) and surface.BUGS["output_sign"].title in str(cards)


def test_the_card_says_when_a_logsig_output_cannot_reach_the_targets():
    raw = {"res": 40, "data": {"set": "sine", "output": "logsig"}}
    view = scenes.check({"view": raw})[0]["view"]
    run = {**scenes.default_scene()["draft"], "epochs": 100, "color": 0}
    out = derive.derive_runs([run], view, {}, [], "/export/")
    (meta,), cards = out["runs"], out["cards"]
    assert "cannot be reached" in meta["reach"] and "cannot be reached" in str(cards)
    out = data_view.controls_state("sine", view)
    hidden_noisy, hidden_points, warning = out["noisy"], out["points"], out["warning"]
    assert hidden_noisy and hidden_points and "cannot be reached" in warning


@pytest.mark.parametrize("bug", list(surface.BUGS))
def test_the_table_flags_exactly_the_parameters_each_bug_touches(bug):
    scene = scenes.default_scene()
    draft = {**scene["draft"], "bug": bug}
    check = surface.gradient_check(data_view.check_point(scene["view"], draft), bug=bug)
    assert set(check.flagged) == set(surface.BUGS[bug].touches)
    text = str(data_view.body(scene["view"], draft))
    assert text.count("className='flagged'") == len(surface.BUGS[bug].touches)
    assert "1e-06" in text and "bug-lines" in text


def test_the_table_passes_the_correct_gradient_on_every_set():
    for data in (
        {"set": "sine"},
        {"set": "noisy", "sigma": 0.2, "seed": 1},
        {"set": "points", "points": [[0, 1], [1, 2]]},
    ):
        scene = scenes.check({"view": {"data": data}})[0]
        text = str(data_view.body(scene["view"], scene["draft"]))
        assert "className='flagged'" not in text and "matches" in text


def test_the_map_follows_the_set_and_stars_nominal_only_where_it_is_a_minimum():
    nominal = scenes.check({"view": {"res": 40}})[0]["view"]
    sine = scenes.check({"view": {"res": 40, "data": {"set": "sine"}}})[0]["view"]
    out = draw.draw_map(nominal, None, None)
    fig_n, base_n, info_n = out["figure"], out["base"], out["info"]
    out = draw.draw_map(sine, None, None)
    fig_s, base_s, info_s = out["figure"], out["base"], out["info"]
    assert fig_n.data[1].z.tolist() != fig_s.data[1].z.tolist() if hasattr(fig_n.data[1], "z") else True
    assert base_n["key"] != base_s["key"]
    assert "Training set" in info_s and "Training set" not in info_n
    assert "not a minimum" in info_s
    assert base_s["targets"]["linear"] is True and max(base_s["targets"]["T"]) == pytest.approx(2.0)


def test_garbage_gives_no_update():
    assert data_view.controls_state(["x"], None) == {"noisy": no_update, "points": no_update, "warning": no_update}
    assert data_view.bug_note({"a": 1}) == ""


def test_points_too_many_for_the_link_say_so_beside_the_box(scene):
    text = "\n".join(f"{-2 + 0.02 * i:.2f}, {1 / (i + 3)!r}" for i in range(200))
    out = apply(scene, "data-points", None, data_points=text, data_output="logsig")
    assert len(out.scene["view"]["data"]["points"]) == 200
    assert "too long" in out.messages["data"]
    assert "pts=" not in scenes.to_query(out.scene)
    short = apply(scene, "data-points", None, data_points="0, 0.5\n1, 0.7", data_output="logsig")
    assert "too long" not in short.messages["data"]


def test_the_maps_of_many_starts_carry_the_set_in_their_requests():
    from explorer.components.basins import job as basins_job
    from explorer.components.basins import view as basins_view
    from explorer.components.hypermap import job as hypermap_job
    from explorer.components.restarts import job as restarts_job

    raw = {"overlays": ["critical", "basins"], "data": {"set": "noisy", "sigma": 0.2, "seed": 4}}
    scene = scenes.check({"view": raw, "restarts": {"on": True, "n": 5}})[0]
    view, draft = scene["view"], scene["draft"]
    basins = basins_job.request_for(view, draft)
    assert basins["data"] == view["data"]
    restarts = restarts_job.request_for(scene)
    assert restarts["data"] == view["data"]
    hmap = hypermap_job.request_for(
        {**scene, "view": {**view, "mode": "hyper", "hypermap": {**view["hypermap"], "y": "line"}}}
    )
    assert hmap["data"] == view["data"]
    nominal = scenes.check({"view": {"overlays": ["basins"]}})[0]
    assert "data" not in basins_job.request_for(nominal["view"], nominal["draft"])  # as before the sets came
    layer = {"request": basins}
    assert basins_view.layer_for(layer, view) is layer
    assert basins_view.layer_for(layer, {**view, "data": nominal["view"]["data"]}) is None


def test_a_basin_map_follows_the_set():
    from explorer.components.basins import job as basins_job

    raw = {"overlays": ["basins"], "basins": {"cells": 10, "epochs": 20}}
    nominal = scenes.check({"view": raw})[0]
    sine = scenes.check({"view": {**raw, "data": {"set": "sine"}}})[0]
    a = basins_job.compute(basins_job.request_for(nominal["view"], nominal["draft"]))
    b = basins_job.compute(basins_job.request_for(sine["view"], sine["draft"]))
    assert a["request"] != b["request"] and a != b
