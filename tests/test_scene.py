"""The scene record: its checker on good, broken and hostile input, and the link round trip."""

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import surface
from explorer.components.basins.slice import CELLS as BASIN_CELLS
from explorer.components.basins.slice import EPOCHS as BASIN_EPOCHS
from explorer.components.basins.slice import SHADES
from explorer.components.hypermap.slice import AXES as HYPER_AXES
from explorer.components.hypermap.slice import CELLS as HYPER_CELLS
from explorer.components.hypermap.slice import EPOCHS as HYPER_EPOCHS
from explorer.components.map.slice import ASPECTS, MODES, ZSCALES, overlay_names
from explorer.components.playback.slice import CLOCKS, SPEEDS
from explorer.components.restarts.slice import INITS
from explorer.components.restarts.slice import STARTS as RESTART_STARTS
from explorer.core import limits
from explorer.core import scene as scenes
from explorer.core.format import number_text
from explorer.core.run import labels

# ---------- random valid scenes ----------

finite = st.floats(allow_nan=False, allow_infinity=False)
magnitude = st.floats(-limits.MAX_MAGNITUDE, limits.MAX_MAGNITUDE, allow_nan=False)


@st.composite
def windows(draw):
    lo = draw(st.floats(-limits.MAX_MAGNITUDE, limits.MAX_MAGNITUDE - 1, allow_nan=False))
    hi = draw(st.floats(lo + 1e-3, limits.MAX_MAGNITUDE, allow_nan=False))
    return [lo, hi]


@st.composite
def hyperparameters(draw, algorithm):
    values = {}
    for name, spec in surface.ALGORITHMS[algorithm].SPEC.items():
        if spec.kind == "choice":
            values[name] = draw(st.sampled_from(spec.choices))
        elif spec.kind == "int":
            values[name] = draw(st.integers(int(spec.low), int(spec.high)))
        else:
            values[name] = draw(st.floats(spec.low, spec.high, allow_nan=False))
    return values


@st.composite
def run_requests(draw):
    algorithm = draw(st.sampled_from(sorted(surface.ALGORITHMS)))
    return {
        "algorithm": algorithm,
        "start": [draw(magnitude), draw(magnitude)],
        "hyper": draw(hyperparameters(algorithm)),
        "epochs": draw(st.integers(1, limits.EPOCH_CAPS[algorithm])),
        "goal": draw(st.floats(0, limits.MAX_GOAL, allow_nan=False)),
        "grad_tol": draw(st.floats(0, limits.MAX_GRAD_TOL, allow_nan=False)),
    }


@st.composite
def raw_scenes(draw):
    x, y = draw(st.lists(st.sampled_from(surface.PARAMS), min_size=2, max_size=2, unique=True))
    off_axis = [p for p in surface.PARAMS if p not in (x, y)]
    fixed = draw(st.dictionaries(st.sampled_from(off_axis), magnitude, max_size=5))
    runs = draw(st.lists(run_requests(), max_size=limits.MAX_RUNS))
    colors = draw(st.permutations(range(limits.MAX_RUNS)))
    for run, c in zip(runs, colors, strict=False):
        run["color"] = c
    return {
        "v": 1,
        "view": {
            "x": x,
            "y": y,
            "xr": draw(windows()),
            "yr": draw(windows()),
            "res": draw(st.integers(limits.MIN_RESOLUTION, limits.MAX_RESOLUTION)),
            "fixed": fixed,
            "overlays": draw(st.lists(st.sampled_from(overlay_names()), unique=True)),
            "mode": draw(st.sampled_from(MODES)),
            "aspect": draw(st.sampled_from(ASPECTS)),
            "zscale": draw(st.sampled_from(ZSCALES)),
            "basins": {
                "cells": draw(st.integers(*BASIN_CELLS)),
                "epochs": draw(st.integers(1, BASIN_EPOCHS)),
                "shade": draw(st.sampled_from(SHADES)),
            },
            "hypermap": {
                "alpha": sorted(draw(st.lists(st.floats(1e-12, 1e6), min_size=2, max_size=2, unique=True))),
                "y": draw(st.sampled_from(HYPER_AXES)),
                "gamma": sorted(draw(st.lists(st.floats(0, 0.999), min_size=2, max_size=2, unique=True))),
                "line": draw(st.one_of(st.none(), st.lists(magnitude, min_size=2, max_size=2))),
                "cells": draw(st.integers(*HYPER_CELLS)),
                "epochs": draw(st.integers(1, HYPER_EPOCHS)),
            },
        },
        "runs": runs,
        "draft": draw(st.one_of(st.none(), run_requests())),
        "playback": {
            "t": draw(st.floats(0, 1e6, allow_nan=False)),
            "speed": draw(st.sampled_from(SPEEDS)),
            "loop": draw(st.booleans()),
            "clock": draw(st.sampled_from(CLOCKS)),
        },
        "restarts": {
            "on": draw(st.booleans()),
            "n": draw(st.integers(*RESTART_STARTS)),
            "init": draw(st.sampled_from(INITS)),
            "seed": draw(st.integers(0, 2**31 - 1)),
        },
        "preset": draw(st.one_of(st.none(), st.sampled_from(["trajectory-a", "saddle-point"]))),
        "predict": draw(st.booleans()),
    }


@given(raw_scenes())
def test_a_checked_scene_survives_the_link_and_json_exactly(raw):
    scene, _ = scenes.check(raw)
    assert scenes.check(scene) == (scene, [])  # checking is idempotent
    query = scenes.to_query(scene)
    assert scenes.load_query(query) == (scene, [])
    assert scenes.check(json.loads(json.dumps(scene))) == (scene, [])  # through a dcc.Store
    assert "+" not in query and " " not in query  # nothing a form decoder would turn into a space


def test_the_default_scene_is_the_books_map_and_its_link_is_short():
    scene = scenes.default_scene()
    assert scene["view"]["x"] == "w1_11" and scene["view"]["y"] == "w2_11"
    assert scene["view"]["xr"] == [-5.0, 15.0] and scene["draft"]["start"] == [-4.0, -4.0]
    assert scenes.to_query(scene) == "v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15"
    assert scenes.load_query("") == (scene, [])


def test_the_issues_example_link_reads_as_written():
    scene, notes = scenes.load_query("?x=w1_11&y=w2_11&run=sdbp,-4,-4,alpha=1.75,epochs=300000")
    assert notes == []
    (run,) = scene["runs"]
    assert run == {
        "algorithm": "sdbp",
        "start": [-4.0, -4.0],
        "hyper": {"alpha": 1.75},
        "epochs": 300_000,
        "goal": 0.0,
        "grad_tol": 1e-8,
        "color": 0,
    }
    assert scene["draft"] == {k: v for k, v in run.items() if k != "color"}  # the panel shows the last run
    assert "run=sdbp,-4,-4,alpha=1.75,epochs=300000" in scenes.to_query(scene)


def test_fixed_values_are_kept_only_off_the_axes_and_away_from_nominal():
    scene, notes = scenes.check({"view": {"x": "w1_11", "y": "b2", "fixed": {"b2": 0.5, "w2_12": 1.0, "b1_1": 2}}})
    assert scene["view"]["fixed"] == {"b1_1": 2.0}
    assert notes == ["fixed values: b² is on an axis, so its fixed value is not used"]
    assert scenes.fixed_vector(scene["view"]) == (10.0, 10.0, 2.0, 5.0, 1.0, 1.0, -1.0)


@pytest.mark.parametrize(
    "raw, expected_note",
    [
        ([1, 2, 3], "a scene must be a JSON object, not list: showing the default scene"),
        ({"v": 7}, "scene version 7 is not 1: read as version 1, where it could be"),
        ({"view": {"x": "w1_11", "y": "w1_11"}}, "axes: 'w1_11' and 'w1_11' are not two different parameters"),
        ({"view": {"x": "nope", "y": "b2"}}, "axes: 'nope' and 'b2' are not two different parameters"),
        ({"view": {"xr": [5, -5]}}, "x window: 5 to -5 is not a range from low to high"),
        ({"view": {"yr": "wide"}}, "y window: 'wide' is not two numbers"),
        ({"view": {"xr": [-1e9, 3]}}, "x window: -1e+09 is outside -10000 to 10000: using -10000"),
        ({"view": {"res": 10**9}}, "grid points per axis: 1e+09 is outside 20 to 600: using 600"),
        ({"view": {"res": "many"}}, "grid points per axis: 'many' is not a finite number: using 20"),
        ({"view": {"fixed": {"b2": float("nan")}}}, "b²: nan is not a finite number: using -1"),
        (
            {"view": {"overlays": ["critical", "lasers"]}},
            "overlays: 'lasers' is not one of critical, basins, condition, nonconvex, stability, field: ignored",
        ),
        ({"view": {"mode": "4d"}}, "view: '4d' is not one of contour, 3d, hyper"),
        ({"view": {"basins": {"cells": 5000}}}, "basin cells per axis: 5000 is outside 10 to 120: using 120"),
        ({"view": {"basins": {"shade": "pink"}}}, "basin shading: 'pink' is not one of destination, epochs"),
        ({"view": {"hypermap": {"alpha": [1, 0.1]}}}, "learning-rate map α: 1 to 0.1 is not a range from low to high"),
        ({"view": {"hypermap": {"gamma": [0, 2]}}}, "learning-rate map γ: 2 is outside 0 to 0.999: using 0.999"),
        ({"restarts": {"on": True, "n": 10**6}}, "restarts: 1e+06 is outside 2 to 500: using 500"),
        ({"restarts": {"on": True, "init": "huge"}}, "restart starts: 'huge' is not one of uniform, small"),
        ({"runs": [{"algorithm": "gd", "start": [0, 0]}]}, "run 1: 'gd' is not an algorithm"),
        ({"runs": [{"algorithm": "sdbp", "start": [0]}]}, "run 1: its start [0] is not two numbers: dropped"),
        ({"runs": [{"algorithm": "sdbp", "start": [0, True]}]}, "run 1 start: True is not a finite number: dropped"),
        (
            {"runs": [{"algorithm": "sdbp", "start": [0, 0], "epochs": 10**7}]},
            "run 1 epochs: 1e+07 is outside 1 to 300000: using 300000",
        ),
        (
            {"runs": [{"algorithm": "sdbp", "start": [0, 0], "hyper": {"alpha": -2}}]},
            "run 1 α: -2 is outside 0 to 1e+06: using 0",
        ),
        (
            {"runs": [{"algorithm": "sdbp", "start": [0, 0], "hyper": {"mu": 3}}]},
            "run 1: sdbp has no hyperparameter 'mu': ignored",
        ),
        (
            {"runs": [{"algorithm": "vlbp", "start": [0, 0], "hyper": {"rho": 1.0}}]},
            "run 1: ρ (decrease) must lie strictly between 0 and 1, got 1: its defaults are used",
        ),
        ({"runs": "all of them"}, "runs: not a list: no runs are shown"),
        ({"playback": {"speed": 3}}, None),  # rounded to the nearest speed on offer, silently
        ({"playback": {"clock": "sundial"}}, "playback clock: 'sundial' is not one of epochs, log, evals"),
        ({"preset": "trajectory-z"}, "preset: 'trajectory-z' is not a preset: its caption is not shown"),
    ],
)
def test_a_broken_scene_gets_the_nearest_valid_scene_and_says_what_changed(raw, expected_note):
    scene, notes = scenes.check(raw)
    assert scenes.check(scene) == (scene, [])  # what came out is valid
    if expected_note is None:
        assert notes == []
    else:
        assert any(n.startswith(expected_note) for n in notes), notes


def test_at_most_eight_runs_no_twins_and_colours_stay_their_own():
    run = {"algorithm": "sdbp", "start": [0, 0]}
    scene, notes = scenes.check({"runs": [{**run, "start": [i, 0]} for i in range(12)]})
    assert len(scene["runs"]) == 8 and "runs: 12 runs asked for, at most 8 at once: the last 4 dropped" in notes
    assert sorted(r["color"] for r in scene["runs"]) == list(range(8))
    scene, notes = scenes.check({"runs": [run, run]})
    assert len(scene["runs"]) == 1 and notes == ["run 2: the same as an earlier run: dropped"]
    scene, _ = scenes.check({"runs": [{**run, "color": 5}, {**run, "start": [1, 1], "color": 5}]})
    assert [r["color"] for r in scene["runs"]] == [5, 0]
    # a colour that is not the automatic one travels in the link, and only then
    query = scenes.to_query(scene)
    assert "run=sdbp,0,0,alpha=0.5,epochs=20000,color=5&run=sdbp,1,1,alpha=0.5,epochs=20000,color=0" in query
    scene, _ = scenes.check({"runs": [run, {**run, "start": [1, 1]}]})
    assert "color" not in scenes.to_query(scene)  # colours in order are left out


def test_hostile_scenes_are_bounded_and_quoted_short():
    huge = "x" * 10**7
    scene, notes = scenes.check({"view": {"x": huge, "y": "b2"}, "runs": [{"algorithm": huge}] * 10**6})
    assert scene["runs"] == [] and len(scene["view"]["x"]) < 10
    assert all(len(n) < 300 for n in notes)  # typed text comes back at most 40 characters long
    assert scenes.check({"view": None, "runs": None, "draft": 5, "playback": []})[0]["runs"] == []


def test_a_link_past_the_length_limit_says_what_was_dropped():
    parts = ["x=w1_11", "y=w2_11"] + [f"run=sdbp,{i},0,alpha=0.5,epochs=20000" for i in range(8)]
    query = "&".join(parts) + "&b2=" + "1" * limits.MAX_QUERY
    scene, notes = scenes.load_query(query)
    assert len(scene["runs"]) == 8 and scene["view"]["fixed"] == {}
    assert notes[0].startswith(f"link: longer than {limits.MAX_QUERY:,} characters: its last 1 part(s) were dropped")


@pytest.mark.parametrize(
    "query, note",
    [
        ("x=w1_11&zoom=3", "link: 'zoom=3' was dropped: not a part of a scene"),
        ("run=sdbp", "link: 'run=sdbp' was dropped: needs an algorithm and a start"),
        ("run=sdbp,1,2,alpha", "link: 'run=sdbp,1,2,alpha' was dropped: 'alpha' is not name=value"),
        ("run=sdbp,1,2,alpha=fast", "run 1 α: 'fast' is not a finite number: using 0.5"),
        ("xr=1,2,3", "x window: ['1', '2', '3'] is not two numbers"),
    ],
)
def test_a_broken_part_of_a_link_is_named(query, note):
    scene, notes = scenes.load_query(query)
    assert any(n.startswith(note) for n in notes), notes
    assert scenes.check(scene) == (scene, [])


def test_numbers_in_links_are_the_shortest_exact_text():
    assert [number_text(v) for v in (-4.0, 0.1, 1e-8, 1e20, 2.5e-300, 1 / 3, 300000, 1e10, 1.5e-4)] == [
        "-4",
        "0.1",
        "1e-8",
        "1e20",
        "2.5e-300",
        "0.3333333333333333",
        "300000",
        "1e10",
        "1.5e-4",
    ]
    for v in (0.1, 1 / 3, 1e20, -2.5e-300, 123456.789, 12345678.0, 1e-8):
        assert float(number_text(v)) == v


def test_labels_say_what_tells_twins_apart():
    base = {"algorithm": "sdbp", "start": [-4.0, -4.0], "epochs": 20000, "goal": 0.0, "grad_tol": 1e-8}
    runs = [{**base, "hyper": {"alpha": 50.0}}, {**base, "hyper": {"alpha": 0.5}}]
    assert labels(runs) == ["sdbp from (−4, −4), α = 50", "sdbp from (−4, −4), α = 0.5"]
    other = {**base, "algorithm": "lmbp", "hyper": {"mu": 0.01, "theta": 10.0, "mu_max": 1e10}}
    assert labels([runs[0], other]) == ["sdbp from (−4, −4)", "lmbp from (−4, −4)"]
    longer = {**base, "hyper": {"alpha": 0.5}, "epochs": 300000}
    assert labels([runs[1], longer])[1] == "sdbp from (−4, −4), epochs = 3e+05"


def test_check_never_raises_on_json_shaped_garbage():
    garbage = st.recursive(
        st.none() | st.booleans() | finite | st.text(max_size=20) | st.integers(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=30,
    )
    keys = st.sampled_from(["v", "view", "runs", "draft", "playback", "preset", "predict"])

    @given(st.dictionaries(keys, garbage))
    def check_it(raw):
        scene, notes = scenes.check(raw)
        assert scenes.check(scene) == (scene, [])
        assert all(isinstance(n, str) for n in notes)

    check_it()


def test_speed_rounds_to_the_nearest_on_offer():
    assert scenes.check({"playback": {"speed": 3}})[0]["playback"]["speed"] == 4.0
    assert scenes.check({"playback": {"speed": 0.3}})[0]["playback"]["speed"] == 0.25
    assert math.isclose(scenes.check({"playback": {"t": 12.5}})[0]["playback"]["t"], 12.5)
