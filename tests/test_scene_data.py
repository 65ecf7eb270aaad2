"""The training set's part of the scene (explorer/core/data.py): its check, its link, and the engine's set."""

from __future__ import annotations

import numpy as np
import pytest

import surface
from explorer.core import data as scene_data
from explorer.core import scene as scenes
from explorer.core.limits import MAX_QUERY
from explorer.core.run import labels as run_labels


def with_data(data: dict) -> dict:
    raw = scenes.default_scene()
    raw["view"]["data"] = data
    return raw


def round_trip(scene: dict) -> dict:
    back, notes = scenes.load_query(scenes.to_query(scene))
    assert notes == []
    return back


def test_default_scene_link_is_unchanged():
    query = scenes.to_query(scenes.default_scene())
    assert query == "v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15"
    assert "data" not in query and "pts" not in query


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"set": "sine", "output": "purelin"}, "data=sine,purelin"),
        ({"set": "sine", "output": "logsig"}, "data=sine,logsig"),
        ({"set": "noisy", "output": "purelin", "sigma": 0.2, "seed": 3}, "data=noisy,purelin,sigma=0.2,seed=3"),
        ({"set": "nominal", "output": "purelin"}, "data=nominal,purelin"),
        ({"set": "points", "points": [[-2, 0.1], [0, 0.5], [2, 0.9]]}, "data=points,logsig&pts=-2,0.1,0,0.5,2,0.9"),
    ],
)
def test_link_round_trip(data, text):
    scene, notes = scenes.check(with_data(data))
    assert notes == []
    assert text in scenes.to_query(scene)
    assert round_trip(scene) == scene


def test_run_with_a_bug_round_trips():
    raw = scenes.default_scene()
    raw["runs"] = [{**raw["draft"], "bug": "output_sign"}, dict(raw["draft"])]
    scene, notes = scenes.check(raw)
    assert notes == []
    assert "bug=output_sign" in scenes.to_query(scene)
    assert round_trip(scene) == scene
    labels = run_labels(scene["runs"])
    assert labels[0] != labels[1] and labels[0].endswith("with bug: output sign")


def test_unknown_bug_is_dropped_with_a_note():
    raw = scenes.default_scene()
    raw["runs"] = [{**raw["draft"], "bug": "nonsense"}]
    scene, notes = scenes.check(raw)
    assert "bug" not in scene["runs"][0]
    assert any("planted bug" in n for n in notes)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("sine", "not a JSON object"),
        ({"set": "cosine"}, "not one of"),
        ({"set": "sine", "output": "tansig"}, "not one of"),
        ({"set": "points", "points": [[1, 2]]}, "at least"),
        ({"set": "points", "points": [[1, 2]] * 201}, "at most 200"),
        ({"set": "points", "points": [[1, "x"], [2, 3]]}, "not two numbers"),
        ({"set": "points", "points": [[1, float("inf")], [2, 3]]}, "not finite"),
        ({"set": "points"}, "too long to carry"),
    ],
)
def test_bad_data_gives_the_nominal_set_or_the_nearest_with_a_note(data, words):
    scene, notes = scenes.check(with_data(data))
    assert any(words in n for n in notes), notes
    assert scene["view"]["data"]["set"] in ("nominal", "sine")
    scenes.check(scene)  # valid


def test_noise_bounds_are_clamped():
    scene, notes = scenes.check(with_data({"set": "noisy", "sigma": 99, "seed": -4}))
    data = scene["view"]["data"]
    assert data["sigma"] == surface.training_set.MAX_SIGMA and data["seed"] == 0
    assert len(notes) == 2


def test_long_points_leave_the_link_with_a_message_on_reading():
    points = [[round(-2 + 0.02 * i, 2), 1 / (i + 3)] for i in range(200)]
    scene, notes = scenes.check(with_data({"set": "points", "points": points}))
    assert notes == []
    query = scenes.to_query(scene)
    assert len(query) <= MAX_QUERY and "pts=" not in query and "data=points" in query
    back, notes = scenes.load_query(query)
    assert back["view"]["data"]["set"] == "nominal"
    assert any("too long to carry" in n for n in notes)


def test_bad_link_parts_are_named():
    _, notes = scenes.load_query("v=1&data=cosine")
    assert any("data=cosine" in n for n in notes)
    _, notes = scenes.load_query("v=1&data=points,logsig&pts=1,2,3")
    assert any("even count" in n for n in notes)


def test_engine_set_follows_the_part():
    assert scene_data.data_key(scene_data.default_data()) is None
    sine = scenes.check(with_data({"set": "sine"}))[0]["view"]
    ts = scene_data.view_set(sine)
    assert ts == surface.TrainingSet.sine("purelin")
    noisy = scenes.check(with_data({"set": "noisy", "sigma": 0.3, "seed": 5}))[0]["view"]
    assert scene_data.view_set(noisy) == surface.TrainingSet.noisy_sine(0.3, 5, "purelin")
    pts = scenes.check(with_data({"set": "points", "points": [[0, 1.5], [1, 0.2]]}))[0]["view"]
    ts = scene_data.view_set(pts)
    np.testing.assert_array_equal(ts.T, [1.5, 0.2])
    assert "cannot be reached" in scene_data.reach_warning(pts["data"])
    assert scene_data.reach_warning(sine["data"]) is None


def test_a_whole_network_run_with_a_bug_round_trips():
    raw = scenes.default_scene()
    raw["runs"] = [
        {**raw["draft"], "free": list(surface.PARAMS), "init": {"method": "small", "seed": 3}, "bug": "mean_not_sum"}
    ]
    scene, notes = scenes.check(raw)
    assert notes == []
    query = scenes.to_query(scene)
    assert "free=all" in query and "bug=mean_not_sum" in query
    assert round_trip(scene) == scene
