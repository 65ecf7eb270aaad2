"""Live exploration on the server (explorer/components/live/): which runs follow a dragged start or a slid rate,
the answer computed as Run computes it (previewed when long), the route's bounds, and the scene taking the
change once on release."""

from __future__ import annotations

import json

import pytest

import surface
from explorer import wiring
from explorer.components.live import answer, follow
from explorer.components.live import ids as live_ids
from explorer.core import compute
from explorer.core import scene as scenes
from explorer.serving.cache import cache
from tests.test_callbacks import inputs_for, state_for

pytestmark = pytest.mark.usefixtures("app_context")

NEAR_MINIMUM = [9.5, 1.5]  # beside the global minimum (10, 1), where λmax = 1.156: sdbp is stable for α < 1.73


def scene_with(draft: dict, *runs) -> dict:
    scene, notes = scenes.check({"draft": draft, "runs": list(runs)})
    assert notes == []
    return scene


DRAFT = {"algorithm": "sdbp", "start": [-4, -4], "hyper": {"alpha": 0.5}, "epochs": 2000}
OTHER = {**DRAFT, "start": [2, 20]}


def test_a_drag_moves_the_draft_and_the_runs_that_start_where_it_does():
    scene = scene_with(DRAFT, DRAFT, OTHER)
    new, moved, error = follow.apply(scene, {"start": [1.25, 3.5]})
    assert error is None and moved == [0]
    assert new["draft"]["start"] == [1.25, 3.5] and new["runs"][0]["start"] == [1.25, 3.5]
    assert new["runs"][1] == scene["runs"][1] and new["runs"][0]["color"] == scene["runs"][0]["color"]


def test_a_slide_changes_the_runs_that_are_the_drafts_request_and_is_checked():
    scene = scene_with(DRAFT, DRAFT, {**DRAFT, "hyper": {"alpha": 0.1}})
    new, moved, error = follow.apply(scene, {"hyper": {"alpha": 1.2}})
    assert error is None and moved == [0] and new["runs"][0]["hyper"] == {"alpha": 1.2}
    assert new["runs"][1]["hyper"] == {"alpha": 0.1}
    for change, words in [
        ({"hyper": {"alpha": -1}}, "α (learning rate) must be between 0 and 1e+06"),
        ({"hyper": {"gamma": 0.5}}, "sdbp has no rate 'gamma' to slide"),
        ({"start": [1e9, 0]}, "start x"),
        ({"start": "here"}, "a start is two numbers"),
        ({"zoom": 2}, "a live change is a start or one hyperparameter"),
        (None, "a live change is a start or one hyperparameter"),
    ]:
        same, moved, error = follow.apply(scene, change)
        assert same is scene and moved == [] and words in error, (change, error)


def test_the_live_answer_is_the_run_that_run_computes():
    scene = scene_with(DRAFT, DRAFT)
    out = answer.answer(scenes.parts_of(scene), {"start": [1.0, 2.0]})
    (meta,) = out["runs"]
    moved = {**scene["runs"][0], "start": [1.0, 2.0]}
    assert out["moved"] == [0] and out["previews"] == [False] and out["note"] == ""
    assert meta["key"] == compute.result_key(moved, scene["view"]) and meta["label"] == "sdbp from (1, 2)"
    tr = surface.train("sdbp", (1.0, 2.0), epochs=2000, alpha=0.5)
    assert meta["status"] == tr.status and meta["end"] == pytest.approx(tr.end.tolist(), rel=1e-12)
    x = compute.decode(out["paths"][meta["key"]]["x"])
    assert x[0] == 1.0 and x[-1] == pytest.approx(tr.end[0], rel=1e-12)


def test_a_long_run_is_previewed_while_the_hand_moves_and_says_so():
    long = {**DRAFT, "epochs": 300_000}
    scene = scene_with(long, long)
    out = answer.answer(scenes.parts_of(scene), {"start": [1.0, 2.0]})
    (meta,) = out["runs"]
    assert out["previews"] == [True] and meta["epochs"] <= follow.LIVE_EPOCHS
    assert meta["label"] == "sdbp from (1, 2): first 20,000 of 300,000 epochs"


def test_with_no_run_following_the_draft_is_shown_as_a_ghost_in_the_next_colour():
    scene = scene_with(DRAFT, OTHER)
    out = answer.answer(scenes.parts_of(scene), {"start": [0.5, 0.5]})
    (meta,) = out["runs"]
    assert out["moved"] == [-1] and meta["color"] == 1 and meta["label"].startswith("sdbp from (0.5, 0.5)")


def test_sliding_alpha_across_the_edge_of_stability_turns_converging_into_oscillating():
    draft = {**DRAFT, "start": NEAR_MINIMUM, "hyper": {"alpha": 1.6}}
    scene = scene_with(draft, draft)
    statuses = []
    for alpha in (1.6, 1.7, 1.72, 1.74, 1.76):
        out = answer.answer(scenes.parts_of(scene), {"hyper": {"alpha": alpha}})
        statuses.append(out["runs"][0]["status"])
    assert statuses == ["gradient", "gradient", "gradient", "oscillating", "oscillating"]
    assert surface.stability_edge("sdbp", alpha=1.7) == 2.0  # α·λmax = 2 falls between 1.72 and 1.74 here


def test_the_route_answers_json_refuses_garbage_and_keeps_one_request_a_page():
    import app as app_module

    client = app_module.build_app({"CACHE_TYPE": "SimpleCache"}).server.test_client()
    scene = scene_with(DRAFT, DRAFT)
    body = {"parts": scenes.parts_of(scene), "change": {"start": [1, 2]}, "page": "p1"}
    response = client.post("/live", json=body)
    assert response.status_code == 200 and response.get_json()["runs"][0]["label"] == "sdbp from (1, 2)"
    assert client.post("/live", data="[[[[", content_type="application/json").status_code == 400
    assert client.post("/live", json={"parts": 3}).status_code == 400
    assert client.post("/live", data="x" * 70_000, content_type="application/json").status_code == 413
    out = client.post("/live", json={**body, "change": {"start": ["a", 2]}}).get_json()
    assert out["runs"] == [] and "start x" in out["note"]
    with client.application.app_context():
        assert cache.add("live:p1", 1, timeout=5)  # a request of the same page still in flight
    busy = client.post("/live", data=json.dumps(body), content_type="application/json")
    assert busy.status_code == 429 and busy.get_json() == {"busy": True}
    other = client.post("/live", json={**body, "page": "p2"})  # another page is not held up
    assert other.status_code == 200


def test_letting_go_takes_the_change_into_the_scene_once():
    scene = scene_with(DRAFT, DRAFT)
    out = wiring.edit_scene(inputs_for(scene), state_for(scene), live_ids.LIVE_COMMIT, {"start": [1.5, 2.5]})
    assert out["part_draft"]["start"] == [1.5, 2.5] and out["part_runs"][0]["start"] == [1.5, 2.5]
    assert out["link"]["history"] == "push" and "run=sdbp,1.5,2.5" in out["link"]["query"]
    assert out["control_start_x"] == "1.5" and out["control_start_y"] == "2.5"
    out = wiring.edit_scene(inputs_for(scene), state_for(scene), live_ids.LIVE_COMMIT, {"hyper": {"alpha": 0.25}})
    assert out["part_runs"][0]["hyper"] == {"alpha": 0.25}
