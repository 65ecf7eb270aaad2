"""Inside the step: what the panel and the map are sent for the run looked inside, how the scene holds the choice,
and each algorithm's own trace under the loss curve."""

import json

import numpy as np
import pytest
from dash import no_update

import surface
from explorer.components.inside import view as inside_view
from explorer.components.map.slice import default_view
from explorer.core import codec, compute
from explorer.core import reducer as edits
from explorer.core import scene as scenes
from explorer.core.reducer import Event
from explorer.core.run import default_request

pytestmark = pytest.mark.usefixtures("app_context")  # the cache, in a Flask app context (conftest)


def unpack(p) -> np.ndarray:
    values = codec.decode(p)
    assert values.dtype == np.float32  # what the browser draws needs no more than seven digits
    return values[:, 0] if values.ndim == 2 and values.shape[1] == 1 else values


def load(query: str) -> dict:
    scene, notes = scenes.load_query(query)
    assert notes == []
    return scene


BOOK = "?x=w1_11&y=w2_11&xr=-5,15&yr=-5,45"


# ---------- the scene ----------


def test_the_choice_travels_in_the_link_and_survives_a_removed_run():
    scene = load(BOOK + "&run=sdbp,-4,-4&run=lmbp,2,20,epochs=200&inside=1")
    assert scene["inside"] == {"run": 1, "open": True}
    assert scenes.to_query(scene).endswith("&inside=1")
    assert load(scenes.to_query(scene))["inside"] == scene["inside"]
    closed = load(BOOK + "&run=sdbp,-4,-4&inside=first,closed")
    assert closed["inside"] == {"run": None, "open": False} and "inside" not in scenes.to_query(closed)
    # the run it named has gone: the first run, quietly
    assert load(BOOK + "&run=sdbp,-4,-4&inside=5")["inside"] == {"run": None, "open": True}
    _, notes = scenes.load_query(BOOK + "&inside=lmbp")
    assert any("inside" in n for n in notes)
    _, notes = scenes.check({"inside": {"run": "x", "open": "yes"}})
    assert len(notes) == 2


def test_opening_the_panel_and_choosing_a_run_are_edits_of_the_scene():
    scene = load(BOOK + "&run=sdbp,-4,-4&run=lmbp,2,20,epochs=200")
    opened = edits.apply(scene, {"inside_run": 0, "inside_open": True}, Event("inside"))
    assert opened.scene["inside"] == {"run": None, "open": True} and opened.history == "replace"
    chosen = edits.apply(opened.scene, {"inside_run": 1, "inside_open": True}, Event("inside"))
    assert chosen.scene["inside"] == {"run": 1, "open": True}
    # a colour no run has is ignored
    assert edits.apply(chosen.scene, {"inside_run": 7, "inside_open": True}, Event("inside")).scene is chosen.scene
    loaded = edits.apply(scene, {}, Event("load", ("url", BOOK + "&run=sdbp,-4,-4&run=lmbp,2,20,epochs=200&inside=1")))
    assert loaded.controls["inside_run"] == 1 and loaded.controls["inside_open"] is True


# ---------- what is sent ----------


@pytest.mark.parametrize("algorithm", sorted(surface.ALGORITHMS))
def test_every_algorithm_is_sent_aligned_with_its_display_copy(algorithm):
    view = default_view()
    run = {**default_request(view, algorithm), "start": [2.0, 20.0], "epochs": 300, "color": 0}
    data = inside_view.anatomy(*compute.run_args(run, view), compute.view_window(view))
    meta = compute.run(*compute.run_args(run, view), compute.view_window(view))
    epochs = compute.decode(meta["path"]["epoch"])
    assert data["algorithm"] == algorithm and data["n"] == len(epochs)
    assert np.array_equal(codec.decode(data["epoch"]), epochs)
    tr = surface.train(algorithm, (2.0, 20.0), epochs=300)
    reference = surface.step_anatomy(tr, epochs.astype(int))
    assert unpack(data["x"]) == pytest.approx(reference.x, rel=1e-6)
    assert unpack(data["gradient"]) == pytest.approx(reference.gradient, rel=1e-5, abs=1e-12)
    assert unpack(data["eigenvalues"]) == pytest.approx(reference.eigenvalues, rel=1e-5, abs=1e-12)
    expected = {
        "mobp": {"velocity", "momentum_term", "gradient_term"},
        "vlbp": {"alpha", "gamma", "accepted", "rejected"},
        "cgbp": {"direction", "step", "beta", "restarted", "probes", "search"},
        "lmbp": {"mu", "damped", "gauss_newton", "jtj", "jte", "rejected"},
        "br": {"alpha", "beta", "gamma", "mu", "damped", "rejected"},
        "rmsprop": {"rate"},
        "adam": {"rate"},
        "nesterov": {"velocity", "lookahead", "gradient_ahead"},
    }.get(algorithm, set())
    assert expected <= set(data["inside"])
    for value in data["inside"].values():
        if "bdata" in value:
            assert len(unpack(value)) == data["n"]
    json.dumps(data, allow_nan=False)  # plain JSON, no NaN tokens at the top level


def test_event_lists_are_flat_with_offsets_and_capped(monkeypatch):
    rows = inside_view.trial_rows("mu")
    per_iterate = [[], [{"point": [1, 2], "F": 3.0, "mu": 0.1}, {"point": [4, 5], "F": 6.0, "mu": 1.0}], []]
    flat = inside_view.flatten_events(per_iterate, rows)
    assert flat["at"] == [0, 0, 2, 2] and flat["left_out"] == []
    assert unpack(flat["rows"]).tolist() == [[1, 2, 3, 0.10000000149011612], [4, 5, 6, 1]]
    monkeypatch.setattr(inside_view, "MAX_EVENTS", 1)
    flat = inside_view.flatten_events(per_iterate, rows)
    assert flat["left_out"] == [1] and flat["at"] == [0, 0, 0, 0]


def test_a_long_run_is_looked_inside_at_most_at_2000_iterates():
    epochs = np.arange(0, 300_001, 75)
    picked = inside_view.anatomy_indices(epochs)
    assert len(picked) == inside_view.ANATOMY_POINTS and picked[0] == 0 and picked[-1] == 300_000
    short = np.arange(50)
    assert inside_view.anatomy_indices(short) is short


def test_a_crawling_conjugate_gradient_run_stays_within_its_budget():
    view = {**default_view("w1_11", "b1_1")}
    run = {**default_request(view, "cgbp"), "start": [-4.0, -4.0], "epochs": 20_000, "color": 0}
    data = inside_view.anatomy(*compute.run_args(run, view), compute.view_window(view))
    probes = data["inside"]["probes"]
    assert probes["at"][-1] <= inside_view.MAX_EVENTS
    assert len(json.dumps(data)) < 3_000_000


def test_the_panel_is_fed_only_while_open():
    scene = load(BOOK + "&run=sdbp,-4,-4,epochs=100&run=lmbp,2,20,epochs=200")
    parts = scenes.parts_of(scene)
    out = inside_view.inside_data(parts["view"], parts["runs"], parts["inside"])
    data, options, value, equation = out["data"], out["options"], out["value"], out["equation"]
    assert data is None and value == 0 and equation is no_update
    assert [o["label"] for o in options] == ["sdbp from (−4, −4)", "lmbp from (2, 20)"]
    opened = {"run": 1, "open": True}
    out = inside_view.inside_data(parts["view"], parts["runs"], opened)
    data, value, equation = out["data"], out["value"], out["equation"]
    assert value == 1 and data["algorithm"] == "lmbp" and data["color"] == 1
    assert data["key"] == compute.result_key(scene["runs"][1], scene["view"])  # how the browser finds the run
    assert "Levenberg" in str(equation)
    empty = inside_view.inside_data(parts["view"], [], opened)
    assert empty["data"] is None and "Run an algorithm" in str(empty["equation"])


# ---------- each algorithm's own trace ----------


@pytest.mark.parametrize(("algorithm", "name"), [("vlbp", "alpha"), ("lmbp", "mu"), ("cgbp", "beta"), ("br", "gamma")])
def test_the_own_trace_is_the_value_each_step_used(algorithm, name):
    view = default_view()
    run = {**default_request(view, algorithm), "start": [-4.0, -4.0], "epochs": 300, "color": 0}
    meta = compute.run(*compute.run_args(run, view), compute.view_window(view))
    assert meta["trace"]["symbol"] in "αμβγ"
    trace = compute.decode(meta["path"]["trace"])
    tr = surface.train(algorithm, (-4.0, -4.0), epochs=300, **run["hyper"])
    shown = tr.display_copy(compute.DISPLAY_POINTS, window=compute.view_window(view))
    assert len(trace) == len(shown.xs) and np.isnan(trace[-1])
    assert trace[:-1] == pytest.approx(np.asarray(shown.extras[name])[: len(trace) - 1])


def test_algorithms_without_a_trace_send_none():
    view = default_view()
    run = {**default_request(view, "sdbp"), "epochs": 50, "color": 0}
    meta = compute.run(*compute.run_args(run, view), compute.view_window(view))
    assert meta["trace"] is None and "trace" not in meta["path"]
