"""The scene's reducer: each event gives the next scene, the history step, the messages and the controls."""

import pytest

import surface
from explorer.components.lessons import presets
from explorer.core import reducer as edits
from explorer.core import registry
from explorer.core import scene as scenes
from explorer.core.reducer import Event
from explorer.core.run import run_key


def controls_of(scene, **over):
    """What the controls hold when they show ``scene``, with some boxes typed over."""
    controls = edits.controls_for(scene)
    for key, value in over.items():
        if key in ("fixed", "hyper"):
            merged = {k: dict(v) if isinstance(v, dict) else v for k, v in controls[key].items()}
            for name, text in value.items():
                if isinstance(text, dict):
                    merged[name] = {**merged[name], **text}
                else:
                    merged[name] = text
            controls[key] = merged
        else:
            controls[key] = value
    return controls


def apply(scene, kind, detail=None, **typed):
    return edits.apply(scene, controls_of(scene, **typed), Event(kind, detail))


@pytest.fixture
def scene():
    return scenes.default_scene()


def with_run(scene, **draft):
    return apply(scene, "run", start_x="-4", start_y="-4", **draft).scene


def test_a_link_loads_with_every_control_set_and_replaces_the_history_entry():
    query = "x=b1_1&y=b1_2&xr=-3,3&yr=-2,2&run=lmbp,0.5,0.3,mu=0.1,theta=10,mu_max=1e10,epochs=50&speed=4"
    out = edits.apply(scenes.default_scene(), {}, Event("load", ("url", query)))
    assert out.history == "replace" and out.messages["scene"] == ""
    assert out.scene["view"]["xr"] == [-3.0, 3.0]  # the link's window, not the pair's default
    assert out.controls["xmin"] == "-3" and out.controls["ymax"] == "2"
    assert out.controls["algorithm"] == "lmbp" and out.controls["hyper"]["lmbp"]["mu"] == "0.1"
    assert out.controls["hyper"]["sdbp"]["alpha"] == "0.5"  # other algorithms at their defaults
    assert out.controls["speed"] == 2 and out.controls["epochs"] == "50"
    assert set(out.messages) == set(registry.messages())  # every old message is cleared


def test_back_and_forward_load_without_writing_history_and_a_broken_link_says_what_changed():
    out = edits.apply(scenes.default_scene(), {}, Event("load", ("history", "x=w1_11&y=w2_11&res=9000")))
    assert out.history == "none"
    assert out.scene["view"]["res"] == 600
    assert out.messages["scene"] == (
        "This page was changed to make a valid scene: grid points per axis: 9000 is outside 20 to 600: using 600."
    )


def test_a_preset_keeps_its_own_window_and_pushes_a_history_entry(scene):
    out = edits.apply(scene, {}, Event("load", ("preset", presets.PRESETS["trajectory-b"].scene)))
    assert out.history == "push"
    assert out.scene["view"]["yr"] == [-5.0, 45.0]
    assert out.controls["ymax"] == "45"
    assert out.scene["runs"][0]["start"] == [-4.0, 10.0]


def test_a_file_that_is_not_json_opens_the_default_scene_with_a_message(scene):
    out = edits.apply(scene, {}, Event("load", ("file", "{not json")))
    assert out.scene == scenes.default_scene()
    assert out.messages["scene"].startswith("This file was changed to make a valid scene: it is not JSON")


def test_choosing_a_pair_opens_its_window_and_start_and_drops_the_runs(scene):
    scene = with_run(scene)
    out = apply(scene, "pair", x="b1_1", y="b1_2")
    assert out.history == "push"
    assert out.scene["view"]["xr"] == [-10.0, 10.0] and out.scene["runs"] == []
    assert out.scene["draft"]["start"] == [-9.0, -9.0]
    assert out.controls["xmin"] == "-10" and out.controls["start_x"] == "-9"
    assert out.messages["run"] == "1 run(s) removed: they were drawn on another pair."


def test_the_same_parameter_on_both_axes_is_refused(scene):
    out = apply(scene, "pair", x="w2_11", y="w2_11")
    assert out.scene == scene and out.messages == {"window": "the two axes need different parameters"}


def test_typing_a_window_replaces_the_history_entry_and_a_bad_one_keeps_the_last(scene):
    out = apply(scene, "view", xmin="0")
    assert out.history == "replace" and out.scene["view"]["xr"] == [0.0, 15.0]
    assert out.messages["window"] == ""
    bad = apply(scene, "view", xmin="abc")
    assert bad.scene["view"]["xr"] == [-5.0, 15.0] and bad.history == "none"
    assert bad.messages["window"] == "x from: 'abc' is not a number"
    bad = apply(scene, "view", res="5000")
    assert bad.messages["resolution"] == "grid points per axis: must be between 20 and 600"
    assert bad.scene["view"]["res"] == 250


def test_fixed_values_keep_the_runs_which_are_recomputed_on_the_new_surface(scene):
    scene = with_run(scene)
    out = apply(scene, "view", fixed={"b2": "0.5"})
    assert out.scene["view"]["fixed"] == {"b2": 0.5} and len(out.scene["runs"]) == 1
    out = apply(out.scene, "reset-fixed")
    assert out.scene["view"]["fixed"] == {} and out.controls["fixed"]["b2"] == "-1" and out.history == "push"


def test_toggles_push_a_history_entry(scene):
    out = apply(scene, "view", overlays=[], mode="3d")
    assert out.history == "push" and out.scene["view"]["overlays"] == [] and out.scene["view"]["mode"] == "3d"


def test_run_adds_the_training_panels_request_with_the_next_free_colour(scene):
    out = apply(scene, "run", start_x="-4", start_y="10", hyper={"sdbp": {"alpha": "0.25"}}, epochs="5000")
    assert out.history == "push"
    (run,) = out.scene["runs"]
    assert run == {
        "algorithm": "sdbp",
        "start": [-4.0, 10.0],
        "hyper": {"alpha": 0.25},
        "epochs": 5000,
        "goal": 0.0,
        "grad_tol": 1e-8,
        "color": 0,
    }
    assert out.messages["run"] == "Added sdbp from (−4, 10)."
    second = apply(out.scene, "run", start_x="1", start_y="1").scene
    assert [r["color"] for r in second["runs"]] == [0, 1]
    removed = apply(second, "remove", run_key(second["runs"][0])).scene
    third = apply(removed, "run", start_x="2", start_y="2").scene
    assert [r["color"] for r in third["runs"]] == [1, 0]  # a freed colour is taken again


@pytest.mark.parametrize(
    "typed, slot, message",
    [
        ({"start_x": "left"}, "start", "start x: 'left' is not a number"),
        ({"start_y": "nan"}, "start", "start y: must be finite, not nan"),
        ({"hyper": {"sdbp": {"alpha": "-1"}}}, "hyper", "α (learning rate) must be between 0 and 1e+06, got -1"),
        ({"epochs": "400000"}, "stop", "epochs: must be between 1 and 300,000"),
        ({"goal": "-1"}, "stop", "goal: must be between 0 and 1000"),
        ({"grad_tol": "inf"}, "stop", "|∇F| tolerance: must be finite, not inf"),
    ],
)
def test_a_bad_request_is_not_run_and_says_why(scene, typed, slot, message):
    out = apply(scene, "run", **typed)
    assert out.scene["runs"] == [] and out.messages[slot] == message


def test_no_twins_and_at_most_eight_runs(scene):
    scene = with_run(scene)
    out = apply(scene, "run", start_x="-4", start_y="-4")
    assert out.messages["run"] == "This run is already on the map." and len(out.scene["runs"]) == 1
    for i in range(7):
        scene = apply(scene, "run", start_x=str(i), start_y="0").scene
    out = apply(scene, "run", start_x="9", start_y="9")
    assert len(out.scene["runs"]) == 8 and out.messages["run"] == "At most 8 runs at once: remove one first."


def test_clear_removes_every_run(scene):
    out = apply(with_run(scene), "clear")
    assert out.scene["runs"] == [] and out.history == "push" and out.messages["run"] == "All runs cleared."


def test_a_new_algorithm_brings_its_own_budget_and_hyperparameters(scene):
    out = apply(scene, "algorithm", algorithm="lmbp")
    assert out.scene["draft"]["algorithm"] == "lmbp"
    assert out.scene["draft"]["hyper"] == {"mu": 0.01, "theta": 10.0, "mu_max": 1e10}
    assert out.controls == {"epochs": "200"} and out.history == "replace"


def test_typing_into_the_training_panel_changes_the_draft(scene):
    out = apply(scene, "hyper", hyper={"sdbp": {"alpha": "1.75"}})
    assert out.scene["draft"]["hyper"] == {"alpha": 1.75} and out.history == "replace"
    out = apply(scene, "start", start_x="2.5")
    assert out.scene["draft"]["start"] == [2.5, -4.0]
    out = apply(scene, "stop", epochs="300000", goal="1e-6")
    assert (out.scene["draft"]["epochs"], out.scene["draft"]["goal"]) == (300000, 1e-6)


def test_a_click_sets_the_start_to_six_digits_and_shows_it(scene):
    out = apply(scene, "click", {"x": 0.98669623, "y": 3.0246913, "at": 1})
    assert out.scene["draft"]["start"] == [0.986696, 3.02469]
    assert out.controls == {"start_x": "0.986696", "start_y": "3.02469"}
    out = apply(scene, "click", {"x": 1e9, "y": 0})
    assert out.messages == {"start": "start x: must be between -10000 and 10000"}


def test_playback_settings_and_reveal_replace_the_entry(scene):
    out = apply(scene, "playback", speed=2, loop=["loop"], clock="log")
    assert out.scene["playback"] == {"t": 0.0, "speed": 4.0, "loop": True, "clock": "log"}
    assert out.history == "replace"
    predicting = {**scene, "predict": True}
    out = apply(predicting, "reveal")
    assert out.scene["predict"] is False and out.history == "replace"


def test_every_scene_the_reducer_makes_is_valid(scene):
    steps = [
        ("run", {"start_x": "-4", "start_y": "-4"}),
        ("view", {"fixed": {"b2": "0.5"}}),
        ("pair", {"x": "b1_1", "y": "w2_11"}),
        ("algorithm", {"algorithm": "cgbp"}),
        ("run", {"start_x": "1", "start_y": "1", "algorithm": "cgbp"}),
        ("playback", {"clock": "evals", "speed": -2, "loop": []}),
    ]
    for kind, typed in steps:
        scene = apply(scene, kind, **typed).scene
        assert scenes.check(scene) == (scene, [])
    assert scene["view"]["x"] == "b1_1" and scene["runs"][0]["algorithm"] == "cgbp"
    assert surface.ALGORITHMS[scene["draft"]["algorithm"]]


def test_run_with_bad_fields_says_so_beside_run_too():
    """The field at fault may be scrolled out of sight at 1366x768: the line beside Run says what stopped it."""
    scene = scenes.default_scene()
    controls = {**edits.controls_for(scene), "start_x": "abc", "epochs": "1e9"}
    out = edits.apply(scene, controls, edits.Event("run"))
    assert out.scene == scene  # nothing run, the last good state kept
    assert out.messages["start"] == "start x: 'abc' is not a number"
    assert out.messages["run"] == "Not run: start x: 'abc' is not a number; see also the stopping rules."
    one = edits.apply(scene, {**edits.controls_for(scene), "epochs": "0"}, edits.Event("run"))
    assert one.messages["run"] == f"Not run: {one.messages['stop']}."
