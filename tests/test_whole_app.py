"""The whole network in the app (issue 11): the run request's ``free`` and ``init`` in the scene and the link,
the run the engine is asked for, the slice under the path and the keyframes a following view redraws at."""

import numpy as np
import pytest

import surface
from explorer.components.map.slice import default_view
from explorer.components.playback.slice import SLICE as PLAYBACK_SLICE
from explorer.components.runs import derive
from explorer.core import codec, compute
from explorer.core import gap as whole_data
from explorer.core import scene as scenes
from explorer.core import whole as scene_whole
from explorer.core.run import labels, run_key

SEVEN = "v=1&run=lmbp,-4,-4,free=all,init=small:3"


pytestmark = pytest.mark.usefixtures("app_context")  # the cache, in a Flask app context (conftest)


def test_a_default_runs_link_and_record_are_as_before():
    scene, notes = scenes.load_query("v=1&run=sdbp,-4,-4")
    assert notes == []
    assert "free" not in scene["runs"][0] and "init" not in scene["runs"][0]
    assert scenes.to_query(scene) == "v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&run=sdbp,-4,-4,alpha=0.5,epochs=20000"


@pytest.mark.parametrize(
    ("part", "free", "init"),
    [
        ("free=all,init=small:3", ["w1_21", "b1_1", "b1_2", "w2_12", "b2"], {"method": "small", "seed": 3}),
        ("free=b2+b1_1", ["b1_1", "b2"], None),
        (
            "free=b1_1+b2,init=typed:b1_1=0.5+b2=-1",
            ["b1_1", "b2"],
            {"method": "typed", "values": {"b1_1": 0.5, "b2": -1.0}},
        ),
        ("free=b2,init=nguyen_widrow:7", ["b2"], {"method": "nguyen_widrow", "seed": 7}),
        ("free=w1_11+b2", ["b2"], None),  # an axis always trains: it is not written twice
    ],
)
def test_free_and_init_survive_the_link(part, free, init):
    scene, notes = scenes.load_query(f"v=1&run=sdbp,-4,-4,{part}")
    assert notes == []
    run = scene["runs"][0]
    assert run["free"] == free
    assert run.get("init") == init
    again, _ = scenes.load_query(scenes.to_query(scene))
    assert again == scene
    assert scenes.check(scene)[0] == scene  # a checked scene is its own check (JSON too)


def test_all_seven_reads_as_all_in_the_link():
    scene, _ = scenes.load_query(SEVEN)
    assert "free=all,init=small:3" in scenes.to_query(scene)
    assert labels(scene["runs"]) == ["lmbp from (−4, −4) (7 parameters, small seed 3)"]


@pytest.mark.parametrize(
    ("part", "note"),
    [
        ("free=b9", "'b9' is not a parameter"),
        ("free=b2,init=warm:1", "'warm' is not one of"),
        ("free=b2,init=small:-2", "is not a whole number"),
        ("free=b2,init=small:x", "is not a whole number"),
        ("init=small:1", "needs some of them to train"),
        ("free=b2,init=typed:b2=nan", "is not a finite number"),
        ("free=b2,init=typed:b2=1e9", "outside ±10000"),
        ("free=b2,init=typed:b1_1=1", "do not train"),
    ],
)
def test_bad_free_and_init_get_clear_notes(part, note):
    scene, notes = scenes.load_query(f"v=1&run=sdbp,-4,-4,{part}")
    assert len(scene["runs"]) == 1
    assert any(note in n for n in notes), notes


@pytest.mark.parametrize(
    "raw",
    [
        {"free": 7},
        {"free": [None, {}]},
        {"free": ["b2"], "init": []},
        {"free": ["b2"], "init": {"method": "typed", "values": [1]}},
        {"free": ["b2"], "init": {"method": "small", "seed": True}},
        {"free": "all", "init": {"method": "typed", "values": {"b2": "x"}}},
    ],
)
def test_garbage_free_and_init_never_raise(raw):
    scene, notes = scenes.check({"runs": [{"algorithm": "sdbp", "start": [0, 0], **raw}]})
    assert len(scene["runs"]) == 1 and notes


def test_the_cache_key_and_the_run_asked_for_hold_free_and_init():
    view = default_view()
    base = {
        "algorithm": "sdbp",
        "start": [-4.0, -4.0],
        "hyper": {"alpha": 0.5},
        "epochs": 100,
        "goal": 0.0,
        "grad_tol": 1e-8,
    }
    plain = compute.run_args(base, view)
    seven = compute.run_args({**base, "free": ["w1_21", "b1_1", "b1_2", "w2_12", "b2"]}, view)
    small = compute.run_args({**base, "free": ["b2"], "init": {"method": "small", "seed": 3}}, view)
    typed = compute.run_args({**base, "free": ["b2"], "init": {"method": "typed", "values": {"b2": 0.25}}}, view)
    assert plain[2] == ("w1_11", "w2_11") and len(plain[1]) == 2
    assert seven[2] == ("w1_11", "w2_11", "w1_21", "b1_1", "b1_2", "w2_12", "b2")
    assert seven[1] == (-4.0, -4.0, 10.0, -5.0, 5.0, 1.0, -1.0)  # the others from the map's fixed values
    assert small[1][2] == surface.initial_point("small", surface.PARAMS, seed=3)[6]
    assert typed[1] == (-4.0, -4.0, 0.25)
    assert len({plain, seven, small, typed}) == 4
    assert run_key(base) != run_key({**base, "free": ["b2"]})


def _seven_run():
    scene, _ = scenes.load_query(SEVEN)
    run, view = scene["runs"][0], scene["view"]
    args = compute.run_args(run, view)
    return view, args, compute.run(*args, compute.view_window(view))


def test_the_slice_curve_is_the_engines_F_at_the_projected_points():
    view, args, result = _seven_run()
    tr = compute.trajectory(*args)
    full = surface.full_path(tr)
    shown, _ = compute.faithful_copy(tr, compute.view_window(view))
    kept = whole_data.kept_indices(tr, shown)
    path = result["path"]
    # the drawn path is the run's iterates projected on the map's plane (for a pair: its two coordinates)
    np.testing.assert_array_equal(compute.decode(path["x"]), full[kept, 0])
    np.testing.assert_array_equal(compute.decode(path["y"]), full[kept, 4])
    under = np.tile(np.array(scenes.fixed_vector(view)), (len(kept), 1))
    under[:, [0, 4]] = full[kept][:, [0, 4]]
    np.testing.assert_allclose(compute.decode(path["slice"]), surface.performance(under), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(compute.decode(path["F"]), surface.performance(full[kept]), rtol=1e-9, atol=1e-12)
    expected = surface.slice_gap(full[kept], ("w1_11", "w2_11"))
    assert result["gap"] == {"size": expected.size, "words": expected.words}
    assert result["gap"]["size"] in ("small", "moderate", "large")


def test_the_following_slice_is_exact_at_each_keyframe():
    _, _, result = _seven_run()
    frames = result["keyframes"]
    assert 2 <= len(frames) <= whole_data.KEYFRAMES and frames[0]["epoch"] == 0
    path = result["path"]
    epoch, F, follow = (compute.decode(path[k]) for k in ("epoch", "F", "follow"))
    for frame in frames:
        at = np.flatnonzero(epoch == frame["epoch"])
        if at.size:  # a keyframe that is drawn: the followed slice there is the loss itself
            np.testing.assert_allclose(follow[at], F[at], rtol=1e-12)
        assert surface.through(("w1_11", "w2_11"), frame["x"]).keys() == set(surface.PARAMS) - {"w1_11", "w2_11"}


def test_a_two_parameter_run_has_no_gap():
    scene, _ = scenes.load_query("v=1&run=sdbp,-4,-4")
    result = compute.run(*compute.run_args(scene["runs"][0], scene["view"]), compute.view_window(scene["view"]))
    assert "gap" not in result and "keyframes" not in result and "slice" not in result["path"]


def test_extra_start_uses_the_maps_fixed_values_for_nominal():
    run = {"free": ["b2"]}
    fixed = (10, 10, -5, 5, 1, 1, 0.5)
    assert scene_whole.extra_start(run, ("w1_11", "w2_11"), fixed) == (0.5,)
    assert scene_whole.extra_start({}, ("w1_11", "w2_11"), fixed) == ()


# ---------- the training panel, the reducer and the callbacks ----------


def panel_controls(scene, **typed):
    from explorer.core import reducer as edits

    return {**edits.controls_for(scene), **typed}


def test_the_panel_reads_into_the_draft_and_runs_it():
    from explorer.core import reducer as edits

    scene = scenes.default_scene()
    out = edits.apply(scene, panel_controls(scene), edits.Event("whole", "all"))
    assert out.scene["draft"]["free"] == ["w1_21", "b1_1", "b1_2", "w2_12", "b2"]
    assert out.controls == {"whole_free": list(out.scene["draft"]["free"])}
    small = panel_controls(out.scene, whole_init="small", whole_seed="3")
    out = edits.apply(out.scene, small, edits.Event("whole"))
    assert out.scene["draft"]["init"] == {"method": "small", "seed": 3}
    ran = edits.apply(out.scene, small, edits.Event("run"))
    assert ran.scene["runs"][0]["free"] == out.scene["draft"]["free"]
    assert "free=all,init=small:3" in scenes.to_query(ran.scene)
    # the panel shows a loaded scene's request again
    shown = edits.controls_for(ran.scene)
    assert (shown["whole_init"], shown["whole_seed"]) == ("small", "3")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 2 3 4 5 6 7", {"w1_21": 2.0, "b1_1": 3.0, "b1_2": 4.0, "w2_12": 6.0, "b2": 7.0}),
        ("2, 3, 4, 6, 7", {"w1_21": 2.0, "b1_1": 3.0, "b1_2": 4.0, "w2_12": 6.0, "b2": 7.0}),
        ("b2=0.5 b1_1=−1", {"b1_1": -1.0, "b2": 0.5}),
    ],
)
def test_typed_starts_are_seven_numbers_the_five_or_named(typed, expected):
    from explorer.components.whole import panel as whole_panel

    controls = {"x": "w1_11", "y": "w2_11", "whole_free": list(surface.PARAMS), "whole_init": "typed"}
    fields, error = whole_panel.read({**controls, "whole_values": typed})
    assert error == ""
    assert fields["init"] == {"method": "typed", "values": expected}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1, 2, three", "the other parameters' start: 'three' is not a number"),
        ("1, 2, 3", "the other parameters' start: 3 numbers typed; type seven, or the five off the axes"),
        ("b9=1", "the other parameters' start: 'b9' is not one of w1_11, w1_21, b1_1, b1_2, w2_11, w2_12, b2"),
    ],
)
def test_a_bad_typed_start_says_what_is_wrong_with_it(typed, message):
    from explorer.components.whole import panel as whole_panel

    assert whole_panel.read_values(typed, ("w1_11", "w2_11")) == ({}, message)


def test_seven_typed_values_set_the_start_too():
    from explorer.core import reducer as edits

    scene = scenes.default_scene()
    typed = panel_controls(scene, whole_free=["b2"], whole_init="typed", whole_values="9 8 7 6 5 4 3")
    out = edits.apply(scene, typed, edits.Event("whole"))
    assert out.scene["draft"]["start"] == [9.0, 5.0]  # w1_11 and w2_11, the axes
    assert out.scene["draft"]["init"] == {"method": "typed", "values": {"b2": 3.0}}
    assert (out.controls["start_x"], out.controls["start_y"]) == ("9", "5")
    five = panel_controls(scene, whole_free=["b2"], whole_init="typed", whole_values="8 7 6 4 3")
    assert edits.apply(scene, five, edits.Event("whole")).scene["draft"]["start"] == scene["draft"]["start"]


@pytest.mark.parametrize(
    ("controls", "message"),
    [
        ({"whole_init": "typed", "whole_values": "1 2"}, "2 numbers typed"),
        ({"whole_init": "typed", "whole_values": "q=1"}, "'q' is not one of"),
        ({"whole_init": "typed", "whole_values": "b2=x"}, "is not a number"),
        ({"whole_init": "small", "whole_seed": "-1"}, "seed"),
        ({"whole_init": "nguyen_widrow", "whole_seed": "1.5"}, "whole number"),
    ],
)
def test_a_bad_panel_says_why_and_keeps_the_draft(controls, message):
    from explorer.core import reducer as edits

    scene = scenes.default_scene()
    typed = panel_controls(scene, whole_free=["b2"], **controls)
    out = edits.apply(scene, typed, edits.Event("whole"))
    assert out.scene["draft"] == scene["draft"]
    assert message in out.messages["start"]
    ran = edits.apply(scene, typed, edits.Event("run"))
    assert ran.scene["runs"] == [] and message in ran.messages["start"]


def test_garbage_in_the_panel_is_ignored():
    from explorer.components.whole import panel as whole_panel

    for junk in (None, 7, "b2", {"a": 1}, [None, 3, "nope"]):
        fields, _ = whole_panel.read({"x": "w1_11", "y": "w2_11", "whole_free": junk, "whole_init": junk})
        assert set(fields) <= {"free"}


def test_follow_is_part_of_the_playback_and_the_link():
    from explorer.core import reducer as edits

    scene = scenes.default_scene()
    out = edits.apply(scene, panel_controls(scene, follow=["follow"]), edits.Event("playback"))
    assert out.scene["playback"]["follow"] is True
    query = scenes.to_query(out.scene)
    assert query.endswith("&follow=1")
    assert scenes.load_query(query)[0] == out.scene
    off = edits.apply(out.scene, panel_controls(out.scene, follow=[]), edits.Event("playback"))
    assert "follow" not in off.scene["playback"] and scenes.to_query(off.scene) == scenes.to_query(scene)
    assert scenes.check({"playback": {"follow": "yes"}})[0]["playback"] == PLAYBACK_SLICE.default()


def test_the_follow_store_holds_the_keyframe_maps_through_the_iterate():
    from explorer.components.whole import view as whole_view

    scene, _ = scenes.load_query(SEVEN + "&follow=1")
    out = whole_view.follow_update(scene["playback"], scene["runs"], scene["view"], None)
    data, key = out["data"], out["key"]
    result = compute.run(*compute.run_args(scene["runs"][0], scene["view"]), compute.view_window(scene["view"]))
    assert [f["epoch"] for f in data["frames"]] == [k["epoch"] for k in result["keyframes"]]
    n = data["n"]
    assert n == whole_view.FOLLOW_RESOLUTION and len(data["x"]) == len(data["y"]) == n
    frame, iterate = data["frames"][-1], result["keyframes"][-1]["x"]
    z = codec.decode(frame["z"]).reshape(n, n)
    xs, ys = np.array(data["x"]), np.array(data["y"])
    point = np.array(iterate)
    point[[0, 4]] = xs[7], ys[11]
    assert z[11, 7] == pytest.approx(np.log10(max(surface.performance(point), 1e-30)), abs=1e-4)
    # the same maps again: no update; following switched off: emptied once, then nothing
    nothing = {"data": whole_view.no_update, "key": whole_view.no_update}
    assert whole_view.follow_update(scene["playback"], scene["runs"], scene["view"], key) == nothing
    off = PLAYBACK_SLICE.default()
    assert whole_view.follow_update(off, scene["runs"], scene["view"], key) == {"data": None, "key": None}
    assert whole_view.follow_update(off, scene["runs"], scene["view"], None) == nothing


@pytest.mark.parametrize("junk", [None, 7, "x", [1], {"follow": True}, {"x": "nope"}])
def test_the_follow_store_takes_garbage(junk):
    from explorer.components.whole import view as whole_view

    whole_view.follow_update(junk, junk, junk, junk)
    whole_view.follow_update({"follow": True}, junk, {"x": "w1_11"}, junk)
    assert whole_view.free_options(junk, junk) is whole_view.no_update


def test_the_card_says_the_gap_in_the_engines_words():
    from explorer.components.whole import view as whole_view

    scene, _ = scenes.load_query(SEVEN)
    out = derive.derive_runs(scene["runs"], scene["view"], None, [], "/export/")
    metas, cards = out["runs"], out["cards"]
    assert metas[0]["gap"]["words"].startswith("The slice under the path is up to")
    text = str(cards[0])
    assert (
        "Gap to the map's own slice" in text
        and "dotted curve is F of the slice shown" in text
        and metas[0]["gap"]["words"] in text
    )
    assert whole_view.card_lines({"gap": None}) == []


def test_a_run_that_frees_only_an_axis_is_the_plain_run():
    scene, notes = scenes.load_query("v=1&run=sdbp,-4,-4&run=sdbp,-4,-4,free=w1_11")
    assert len(scene["runs"]) == 1 and "free" not in scene["runs"][0]
    assert any("the same as an earlier run" in n for n in notes)


def test_a_seven_parameter_run_downloads_with_all_seven_columns():
    import csv
    import io

    import app as app_module

    client = app_module.build_app({"CACHE_TYPE": "SimpleCache"}).server.test_client()
    scene, _ = scenes.load_query(SEVEN)
    response = client.get("/export/run.csv?" + scenes.to_query(scene))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:9] == ["epoch", "evals", "w1_11", "w2_11", "w1_21", "b1_1", "b1_2", "w2_12", "b2"]
    start = np.array(rows[1][2:9], dtype=float)
    drawn = surface.initial_point("small", surface.PARAMS, seed=3)
    np.testing.assert_array_equal(start, [-4, -4, *drawn[[1, 2, 3, 5, 6]]])


def test_following_with_nothing_to_follow_says_so():
    from explorer.components.whole import view as whole_view

    scene, _ = scenes.load_query("v=1&run=sdbp,-4,-4,epochs=10&follow=1")
    out = whole_view.follow_update(scene["playback"], scene["runs"], scene["view"], None)
    data, key = out["data"], out["key"]
    assert data == {"key": None, "message": whole_view.NOTHING_TO_FOLLOW} and key == ["nothing"]
    assert (
        whole_view.follow_update(scene["playback"], scene["runs"], scene["view"], key)["data"] is whole_view.no_update
    )


def test_a_click_on_a_map_of_many_starts_runs_the_two_it_promised():
    from explorer.core import reducer as edits

    scene, _ = scenes.load_query("v=1&overlays=critical,basins&next=sdbp,-4,-4,alpha=0.5,epochs=100,free=b2")
    assert scene["draft"]["free"] == ["b2"]
    out = edits.apply(scene, panel_controls(scene), edits.Event("click", {"x": 1, "y": 2, "run": True}))
    assert len(out.scene["runs"]) == 1 and "free" not in out.scene["runs"][0]
    assert out.scene["draft"]["free"] == ["b2"]  # the training panel keeps its request
    hyper = {**scene, "view": {**scene["view"], "mode": "hyper"}}
    out = edits.apply(hyper, panel_controls(hyper), edits.Event("hyper-cell", {"alpha": 0.1}))
    assert len(out.scene["runs"]) == 1 and "free" not in out.scene["runs"][0]
    assert out.scene["draft"]["free"] == ["b2"] and out.scene["draft"]["hyper"]["alpha"] == 0.1
