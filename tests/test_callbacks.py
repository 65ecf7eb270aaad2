"""Callbacks called as plain functions: good inputs give figures and stores, bad ones messages and no_update."""

import flask
import numpy as np
import pytest
from dash import Patch, html, no_update

import surface
from explorer import callbacks, compute, ids
from explorer.cache import init_cache

NOMINAL_TEXT = [f"{v:g}" for v in surface.NOMINAL]
FIXED_IDS = [{"type": ids.FIXED, "name": n} for n in surface.PARAMS]


@pytest.fixture(autouse=True)
def app_context():
    app = flask.Flask(__name__)
    init_cache(app, {"CACHE_TYPE": "SimpleCache"})
    with app.app_context():
        yield


def good_map(**over):
    args = dict(
        x="w1_11",
        y="w2_11",
        xmin="-5",
        xmax="15",
        ymin="-5",
        ymax="15",
        res="60",
        fixed_values=NOMINAL_TEXT,
        fixed_ids=FIXED_IDS,
        show_critical=["show"],
    )
    args.update(over)
    return callbacks.update_map(**args)


def test_map_callback_returns_figure_view_and_overlay():
    fig, view, overlay, msg_window, msg_res, msg_fixed, info = good_map()
    assert (msg_window, msg_res, msg_fixed) == ("", "", "")
    assert view == {
        "x": "w1_11",
        "y": "w2_11",
        "xr": [-5.0, 15.0],
        "yr": [-5.0, 15.0],
        "res": 60,
        "fixed": list(surface.NOMINAL),
    }
    assert fig.data[0].type == "contour" and np.asarray(fig.data[0].z).shape == (60, 60)
    assert {t.name for t in fig.data[2:]} == {"minimum", "saddle point"}
    assert overlay["xaxis"]["range"] == [-5.0, 15.0]
    assert "Stationary points in the window: 1 minimum, 1 saddle point." in info
    *_, info = good_map(ymax="45")
    assert "Stationary points in the window: 2 minima, 1 saddle point." in info


def test_map_without_stationary_points():
    fig, *_, info = good_map(show_critical=[])
    assert len(fig.data) == 2 and "Stationary" not in info


@pytest.mark.parametrize(
    "over, slot, message",
    [
        ({"xmin": "abc"}, 3, "x from: 'abc' is not a number"),
        ({"xmin": "20"}, 3, "x window: the first bound must be below the second (got 20 to 15)"),
        ({"ymax": "inf"}, 3, "y to: must be finite, not inf"),
        ({"ymax": "nan"}, 3, "y to: must be finite, not nan"),
        ({"xmax": ""}, 3, "x to: enter a number"),
        ({"res": "5000"}, 4, "grid points per axis: must be between 20 and 600"),
        ({"res": "12.5"}, 4, "grid points per axis: must be a whole number"),
        ({"fixed_values": [*NOMINAL_TEXT[:6], "oops"]}, 5, "b²: 'oops' is not a number"),
        ({"x": "w2_11"}, 3, "the two axes need different parameters"),
    ],
)
def test_bad_view_inputs_keep_the_last_map(over, slot, message):
    out = good_map(**over)
    assert out[0] is no_update and out[1] is no_update and out[2] is no_update  # the last good view stays
    assert out[slot] == message


def test_fixed_values_move_the_map():
    fixed = [*NOMINAL_TEXT[:6], "0"]
    fig, view, *_ = good_map(fixed_values=fixed)
    assert view["fixed"][6] == 0.0
    F = surface.evaluate_grid("w1_11", "w2_11", np.linspace(-5, 15, 60), np.linspace(-5, 15, 60), fixed={"b2": 0})
    np.testing.assert_allclose(np.asarray(fig.data[0].z), np.log10(np.maximum(F, 1e-300)), rtol=1e-6)


def test_grid_is_cached_on_scalars_and_tuples(monkeypatch):
    calls = []
    real = surface.evaluate_grid

    def counting(*args, **kwargs):
        calls.append(args[:2])
        return real(*args, **kwargs)

    monkeypatch.setattr(surface, "evaluate_grid", counting)
    nominal = tuple(float(v) for v in surface.NOMINAL)
    a = compute.grid("w1_11", "w2_11", (-5.0, 15.0), (-5.0, 15.0), 50, nominal)
    b = compute.grid("w1_11", "w2_11", (-5.0, 15.0), (-5.0, 15.0), 50, nominal)
    assert len(calls) == 1  # the second came from the cache
    np.testing.assert_array_equal(a[2], b[2])
    c = compute.grid("w1_11", "w2_11", (-5.0, 15.0), (-5.0, 15.0), 50, (*nominal[:6], 0.0))
    assert len(calls) == 2 and not np.allclose(a[2], c[2])  # another fixed value is another key
    compute.grid("w1_11", "w2_11", (-5.0, 15.0), (-5.0, 15.0), 51, nominal)
    assert len(calls) == 3


def test_axis_options_disable_the_other_axis():
    x_options, y_options, disabled = callbacks.axis_options("b1_1", "w2_11")
    assert [o["disabled"] for o in x_options] == [o["value"] == "w2_11" for o in x_options]
    assert [o["disabled"] for o in y_options] == [o["value"] == "b1_1" for o in y_options]
    assert disabled == [n in ("b1_1", "w2_11") for n in surface.PARAMS]
    assert x_options[0]["label"].startswith("w¹₁,₁")


def test_new_pair_gets_its_window_and_a_start_point():
    assert callbacks.window_for_pair("b1_1", "b1_2") == (-10.0, 10.0, -10.0, 10.0, -9.0, -9.0)
    assert callbacks.window_for_pair("w1_11", "w2_11") == (-5.0, 15.0, -5.0, 15.0, -4.0, -4.0)
    reset = callbacks.window_for_pair("w1_11", "b1_1", 1, ids.RESET_WINDOW)
    assert reset[:4] == (-10.0, 30.0, -20.0, 10.0) and reset[4] is no_update
    assert callbacks.window_for_pair("b2", "b2") == (no_update,) * 6


def test_reset_fixed_restores_nominal():
    assert callbacks.reset_fixed(1, FIXED_IDS) == ["10", "10", "-5", "5", "1", "1", "-1"]


def test_algorithm_controls_follow_the_algorithm():
    controls, help_text, epochs, note, msg = callbacks.algorithm_changed("lmbp")
    names = [c.children[1].id["name"] for c in controls]
    assert names == ["mu", "theta", "mu_max"]
    assert controls[0].children[1].value == "0.01"  # the book's μ
    assert epochs == compute.DEFAULT_EPOCHS["lmbp"] and "2,000" in note and msg == ""
    assert "Levenberg" in str(help_text)
    controls, *_ = callbacks.algorithm_changed("newton")
    assert "no hyperparameters" in str(controls)
    assert callbacks.algorithm_changed("bogus") == (no_update,) * 5


def test_click_sets_the_exact_start():
    assert callbacks.start_from_click({"x": 0.98669623, "y": 3.0246913, "at": 1}) == ("0.986696", "3.02469", "")
    assert callbacks.start_from_click(None) == (no_update, no_update, no_update)
    _, _, message = callbacks.start_from_click({"x": 1e9, "y": 0})
    assert message == "start x: must be between -10000 and 10000"


VIEW = {"x": "w1_11", "y": "w2_11", "xr": [-5.0, 15.0], "yr": [-5.0, 15.0], "res": 60, "fixed": list(surface.NOMINAL)}
HYPER_IDS = [{"type": ids.HYPER, "name": "alpha"}]


def run(**over):
    args = dict(
        _clicks=1,
        start_x="-4",
        start_y="-4",
        algorithm="sdbp",
        hyper_values=["0.5"],
        hyper_ids=HYPER_IDS,
        epochs="20000",
        goal="0",
        grad_tol="1e-8",
        view=VIEW,
        runs=[],
    )
    args.update(over)
    return callbacks.add_run(**args)


def test_run_appends_one_run_with_its_path_sent_once():
    runs_patch, paths_patch, msg_start, msg_hyper, msg_stop, msg_run = run()
    assert isinstance(runs_patch, Patch) and isinstance(paths_patch, Patch)
    (append,) = runs_patch.to_plotly_json()["operations"]
    meta = append["params"]["value"]
    assert append["operation"] == "Append"
    expected = surface.train("sdbp", (-4.0, -4.0), epochs=20000, grad_tol=1e-8, alpha=0.5)
    assert meta["status"] == expected.status == "gradient"
    assert meta["end"] == expected.end.tolist() and meta["epochs"] == expected.epochs
    assert meta["color"] == "#ff4d4d" and meta["label"] == "sdbp from (-4, -4)"
    assert "x" not in meta  # the path travels in the paths store only
    (assign,) = paths_patch.to_plotly_json()["operations"]
    path = assign["params"]["value"]
    xs = compute.decode(path["x"])
    assert len(xs) <= compute.DISPLAY_POINTS and xs[0] == -4.0 and xs[-1] == expected.end[0]
    assert compute.decode(path["epoch"])[-1] == expected.epochs
    assert (msg_start, msg_hyper, msg_stop) == ("", "", "")
    assert "Added sdbp from (-4, -4)" in str(msg_run)


def test_second_run_takes_the_next_colour():
    first = {"id": "a", "color": "#ff4d4d"}
    runs_patch, *_ = run(
        runs=[first],
        algorithm="lmbp",
        hyper_values=["0.01", "10", "1e10"],
        hyper_ids=[{"type": ids.HYPER, "name": n} for n in ("mu", "theta", "mu_max")],
        epochs="200",
    )
    meta = runs_patch.to_plotly_json()["operations"][0]["params"]["value"]
    assert meta["color"] == "#ffffff" and meta["algorithm"] == "lmbp"


@pytest.mark.parametrize(
    "over, slot, message",
    [
        ({"start_x": "left"}, 2, "start x: 'left' is not a number"),
        ({"start_y": "nan"}, 2, "start y: must be finite, not nan"),
        ({"hyper_values": ["-1"]}, 3, "α (learning rate) must be between 0 and 1e+06, got -1"),
        ({"hyper_values": ["big"]}, 3, "α (learning rate): 'big' is not a number"),
        ({"epochs": "400000"}, 4, "epochs: must be between 1 and 300,000"),
        ({"epochs": "ten"}, 4, "epochs: 'ten' is not a number"),
        ({"goal": "-1"}, 4, "goal: must be between 0 and 1000"),
        ({"grad_tol": "inf"}, 4, "gradient tolerance: must be finite, not inf"),
        (
            {
                "algorithm": "cgbp",
                "hyper_values": ["0.075", "1e-4", "fletcher-reeves"],
                "epochs": "5000",
                "hyper_ids": [{"type": ids.HYPER, "name": n} for n in ("eps", "tol", "beta_rule")],
            },
            4,
            "epochs: must be between 1 and 1,000",
        ),
    ],
)
def test_bad_run_requests_get_messages_and_change_nothing(over, slot, message):
    out = run(**over)
    assert out[0] is no_update and out[1] is no_update
    assert out[slot] == message


def test_no_more_than_eight_runs():
    full = [{"id": str(i), "color": c} for i, c in enumerate(["#000"] * 8)]
    out = run(runs=full)
    assert out[0] is no_update and out[5] == "At most 8 runs at once: remove one first."


def test_prune_removes_one_clears_all_and_drops_stale_runs():
    runs = [
        {"id": "a", "pair": ["w1_11", "w2_11"], "base": list(surface.NOMINAL)},
        {"id": "b", "pair": ["w1_11", "w2_11"], "base": list(surface.NOMINAL)},
    ]
    keep, paths, msg = callbacks.prune_runs([1, 0], 0, VIEW, runs, {"type": ids.REMOVE, "index": "a"}, 1)
    assert [r["id"] for r in keep] == ["b"] and paths.to_plotly_json()["operations"][0]["operation"] == "Delete"
    assert callbacks.prune_runs([0, 0], 0, VIEW, runs, {"type": ids.REMOVE, "index": "a"}, 0) == (no_update,) * 3
    cleared = callbacks.prune_runs([0, 0], 1, VIEW, runs, ids.CLEAR, 1)
    assert cleared[:2] == ([], {}) and "cleared" in str(cleared[2])
    other_pair = {**VIEW, "y": "b1_1"}
    keep, paths, msg = callbacks.prune_runs([0, 0], 0, other_pair, runs, ids.VIEW, None)
    assert keep == [] and "another pair" in str(msg)
    zoomed = {**VIEW, "xr": [0.0, 5.0], "res": 100}  # a new window keeps the runs
    assert callbacks.prune_runs([0, 0], 0, zoomed, runs, ids.VIEW, None) == (no_update,) * 3


def test_run_list_cards():
    assert "No runs yet" in str(callbacks.run_list([]))
    _, _, *_ = run()
    meta = run()[0].to_plotly_json()["operations"][0]["params"]["value"]
    (card,) = callbacks.run_list([meta])
    text = str(card)
    assert "gradient below tolerance" in text and "at a minimum" in text
    assert "alpha = 0.5" in text and "epochs" in text and "ms to compute" in text
    remove = card.children[0].children[2]
    assert remove.id == {"type": ids.REMOVE, "index": meta["id"]}


def test_three_d_view_only_when_chosen():
    fig, map_style, surface_style = callbacks.show_view("map", VIEW, [], {})
    assert fig is no_update and map_style == {"display": "block"} and surface_style == {"display": "none"}
    runs_patch, paths_patch, *_ = run()
    meta = runs_patch.to_plotly_json()["operations"][0]["params"]["value"]
    path = paths_patch.to_plotly_json()["operations"][0]["params"]["value"]
    fig, map_style, surface_style = callbacks.show_view("surface", VIEW, [meta], {meta["id"]: path})
    assert [t.type for t in fig.data] == ["surface", "scatter3d"]
    assert np.asarray(fig.data[0].z).shape == (60, 60)
    assert map_style == {"display": "none"} and surface_style == {"display": "block"}


def test_message_spans_are_not_errors():
    *_, msg = run()
    assert isinstance(msg, html.Span) and msg.className == "ok"
