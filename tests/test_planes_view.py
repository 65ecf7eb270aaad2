"""The app's planes and 1-D views: the scene's plane (check, link, bad input), the figure builders and the
callbacks called as plain functions, against the engine's own numbers."""

import numpy as np
import pytest
from dash import no_update

import surface
from explorer import wiring
from explorer.components.lessons import presets
from explorer.components.lines import view as lines_view
from explorer.components.map import draw
from explorer.components.map import ids as map_ids
from explorer.components.map.slice import default_view
from explorer.components.planes import build as planes_build
from explorer.components.planes import ids as planes_ids
from explorer.components.planes import slice as sp
from explorer.components.planes import view as planes_view
from explorer.components.surface3d import callbacks as surface3d_callbacks
from explorer.core import reducer as edits
from explorer.core import scene as scenes

RUN = {"algorithm": "sdbp", "start": [-4, -4], "hyper": {"alpha": 0.5}, "epochs": 300, "goal": 0, "grad_tol": 1e-8}
RUNS = [{**RUN, "color": 0}, {**RUN, "start": [2, 20], "color": 3}]


pytestmark = pytest.mark.usefixtures("app_context")  # the cache, in a Flask app context (conftest)


def view_with(plane, **more):
    return {**default_view(), "plane": plane, **more}


# ---------- the scene ----------


def test_a_default_scene_has_no_plane_and_its_link_is_as_before():
    scene = scenes.default_scene()
    assert scene["view"]["plane"] is None
    assert scenes.to_query(scene) == "v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15"
    assert scenes.load_query("v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15") == (scene, [])


@pytest.mark.parametrize(
    "plane, part",
    [
        ({"kind": "hessian"}, "plane=hessian"),
        ({"kind": "hessian", "through": "end", "run": 3}, "plane=hessian,through=end,run=3"),
        ({"kind": "random", "seed": 7}, "plane=random,seed=7"),
        ({"kind": "pca", "run": 0}, "plane=pca,run=0"),
        ({"kind": "line", "second": "random", "seed": 2}, "plane=line,seed=2,second=random"),
    ],
)
def test_a_plane_round_trips_through_the_link_in_readable_keys(plane, part):
    scene, notes = scenes.check({"view": {"plane": plane}})
    assert notes == []
    assert scene["view"]["plane"] == {**sp.default_plane(plane["kind"]), **plane}
    query = scenes.to_query(scene)
    assert part in query.split("&")
    assert scenes.load_query(query) == (scene, [])


@pytest.mark.parametrize(
    "raw, note",
    [
        ("tilted", "plane: 'tilted' is not a plane"),
        ({"kind": "fourier"}, "plane: 'fourier' is not one of pair, hessian"),
        ({"kind": "hessian", "through": "moon"}, "plane: through 'moon' is not one of start, end, nominal"),
        ({"kind": "line", "second": "line"}, "plane: second direction 'line' is not one of hessian, pca, random"),
        ({"kind": "pca", "run": 99}, "plane: run 99 is not a run colour 0–7"),
        ({"kind": "random", "seed": -1}, "plane: seed -1 is not a whole number"),
        ({"kind": "random", "seed": 1.5}, "plane: seed 1.5 is not a whole number"),
        ({"kind": "random", "seed": [1]}, "plane: seed [1] is not a whole number"),
        ({"kind": "random", "seed": float("nan")}, "plane: seed nan is not a whole number"),
    ],
)
def test_a_broken_plane_is_made_valid_with_a_note(raw, note):
    scene, notes = scenes.check({"view": {"plane": raw}})
    assert scenes.check(scene) == (scene, [])
    assert any(n.startswith(note) for n in notes), notes


@pytest.mark.parametrize("part", ["plane=", "plane=hessian,through", "plane=hessian,colour=3", "plane=x,y=z"])
def test_a_broken_plane_in_a_link_is_dropped_or_mended_never_raised(part):
    scene, notes = scenes.load_query("v=1&" + part)
    assert scene["view"]["plane"] is None
    assert notes


def test_choosing_a_plane_in_the_controls_edits_the_view_and_pushes_history():
    scene = scenes.default_scene()
    controls = {**edits.controls_for(scene), "plane_kind": "hessian", "plane_through": "end", "plane_seed": "4"}
    outcome = edits.apply(scene, controls, edits.Event("plane"))
    assert outcome.scene["view"]["plane"] == {**sp.default_plane("hessian"), "through": "end", "seed": 4}
    assert outcome.history == "push"
    bad = {**controls, "plane_seed": "four"}
    outcome = edits.apply(outcome.scene, bad, edits.Event("plane"))
    assert outcome.scene["view"]["plane"]["seed"] == 4 and "seed" in outcome.messages["plane"]
    back = edits.apply(outcome.scene, {**controls, "plane_kind": "pair"}, edits.Event("plane"))
    assert back.scene["view"]["plane"] is None
    assert edits.controls_for(outcome.scene)["plane_kind"] == "hessian"


def test_the_reducer_reads_the_plane_menu():
    scene = scenes.default_scene()
    shown = edits.controls_for(scene)
    values = {name: shown[name] for name in wiring.control_names()}
    values["fixed"] = [shown["fixed"][n] for n in surface.PARAMS]
    values.update(url=None, preset=[0] * len(presets.PRESETS), upload=None, click=None, run=0, clear=0, hyper=[])
    values.update(remove=[], reset_window=0, reset_fixed=0, reveal=None, plane_kind="random")
    state = {"fixed_ids": [{"type": map_ids.FIXED, "name": n} for n in surface.PARAMS], "hyper_ids": []}
    state |= scenes.parts_of(scene)
    out = wiring.edit_scene(values, state, planes_ids.PLANE_KIND, "random")
    assert out["part_view"]["plane"]["kind"] == "random"
    assert "plane=random" in out["link"]["query"]


# ---------- the plane's map ----------


def test_a_plane_grid_equals_a_point_by_point_loop_of_the_performance():
    plane = surface.hessian_plane(surface.NOMINAL)
    alphas, betas, F = planes_build.grid_for(plane, (-3.0, 2.0), (-1.0, 4.0), 9)
    loop = [[surface.performance(plane.point(a, b)) for a in alphas] for b in betas]
    np.testing.assert_allclose(F, loop, rtol=1e-12, atol=1e-12)
    again = planes_build.grid_for(plane, (-3.0, 2.0), (-1.0, 4.0), 9)[2]  # from the cache
    np.testing.assert_array_equal(again, F)
    assert planes_build.grid_for(plane, (-1, 1), (-1, 1), 10_000)[2].shape == (200, 200)  # bounded


@pytest.mark.parametrize("kind", sp.KINDS)
def test_the_plane_map_draws_the_grid_and_the_runs_projected_with_the_planes_titles(kind):
    view = view_with({**sp.default_plane(kind), "through": "end", "second": "random", "seed": 3}, res=31)
    out = planes_view.draw(view, RUNS)
    figure, hidden, note = out["figure"], out["hidden"], out["note"]
    assert hidden is False and "not animated" in note
    results = planes_build.run_results(*scenes.checked_parts(view, RUNS))
    plane, _ = planes_build.build_plane(view["plane"], view, results)
    assert figure.layout.xaxis.title.text == "α: " + plane.labels[0]
    assert figure.layout.yaxis.title.text == "β: " + plane.labels[1]
    contour = next(t for t in figure.data if t.uid == "surface")
    alphas, betas = np.asarray(contour.x, dtype=float), np.asarray(contour.y, dtype=float)
    assert len(alphas) == len(betas) == 31
    F = surface.evaluate_plane(plane, np.linspace(alphas[0], alphas[-1], 31), np.linspace(betas[0], betas[-1], 31))
    expected = np.log10(np.maximum(F, surface.log_levels(F, 24)[0] * 1e-3))
    np.testing.assert_allclose(np.asarray(contour.z, dtype=float), expected, rtol=1e-5, atol=1e-5)
    for r in results:
        path = next(t for t in figure.data if t.uid == f"plane-path-{r['color']}")
        coords = surface.project(plane, planes_build.full_path(r)).coords
        np.testing.assert_allclose(path.x, coords[:, 0])
        np.testing.assert_allclose(path.y, coords[:, 1])
        # every projected iterate lies in the window
        assert alphas[0] <= coords[:, 0].min() and coords[:, 0].max() <= alphas[-1]
        assert betas[0] <= coords[:, 1].min() and coords[:, 1].max() <= betas[-1]


def test_the_full_path_is_the_runs_iterates_in_seven_parameters():
    view = default_view()
    (r,) = planes_build.run_results(view, RUNS[:1])
    tr = surface.train("sdbp", (-4, -4), ("w1_11", "w2_11"), epochs=300, alpha=0.5)
    full = surface.full_path(tr)
    path = planes_build.full_path(r)
    np.testing.assert_allclose(path[0], full[0])
    np.testing.assert_allclose(path[-1], full[-1])
    np.testing.assert_allclose(planes_build.full_point(r, r["end"]), full[-1])


def test_a_plane_that_needs_a_run_says_so_and_a_pair_or_another_tab_draws_nothing():
    out = planes_view.draw(view_with(sp.default_plane("pca")), [])
    figure, hidden, note = out["figure"], out["hidden"], out["note"]
    assert hidden is False and note == "No plane to draw: this plane is made from a run: add a run first."
    assert figure["data"] == []
    assert planes_view.draw(view_with(None), RUNS) == {"figure": no_update, "hidden": True, "note": ""}
    assert planes_view.draw(view_with(sp.default_plane("hessian"), mode="line"), RUNS) == {
        "figure": no_update,
        "hidden": True,
        "note": "",
    }
    assert planes_view.draw(view_with(sp.default_plane("hessian"), mode="hyper"), RUNS) == {
        "figure": no_update,
        "hidden": True,
        "note": "",
    }
    assert planes_view.draw(None, None) == {"figure": no_update, "hidden": no_update, "note": no_update}


def test_a_plane_through_a_missing_run_without_a_training_panel_falls_back_to_the_nominal_point():
    view = view_with({**sp.default_plane("hessian"), "through": "end", "run": 5})
    out = planes_view.draw(view, [])
    figure, note = out["figure"], out["note"]
    assert "global minimum" in note and "no run yet" in note
    assert figure.layout.xaxis.title.text.startswith("α: Hessian eigenvector 1")


@pytest.mark.parametrize("kind", ["hessian", "random"])
@pytest.mark.parametrize("through", ["start", "end"])
def test_a_plane_through_a_runs_start_or_end_with_no_run_passes_through_the_training_panels_start(kind, through):
    view = view_with({**sp.default_plane(kind), "through": through}, fixed={"b2": -0.5}, res=20)
    draft = {**scenes.default_scene()["draft"], "start": [2, -3]}
    out = planes_view.draw(view, [], draft)
    hidden, note = out["hidden"], out["note"]
    assert hidden is False
    assert (
        "through the training panel's start (w¹₁,₁ = 2, w²₁,₁ = −3; the other five at the map's fixed values)" in note
    )
    assert ("no end either" in note) == (through == "end")
    point = np.array(surface.NOMINAL, dtype=float)
    point[[0, 4, 6]] = [2.0, -3.0, -0.5]
    plane, _ = planes_build.build_plane(view["plane"], scenes.checked_parts(view, [])[0], [], draft=draft)
    np.testing.assert_allclose(plane.origin, point)
    # moving the panel's start redraws such a plane, and no other
    assert planes_view.draw(view, [], draft, trigger="draft")["figure"] is not no_update
    assert planes_view.draw(view, RUNS, draft, trigger="draft") == {
        "figure": no_update,
        "hidden": no_update,
        "note": no_update,
    }
    nominal = view_with(sp.default_plane(kind))
    assert planes_view.draw(nominal, [], draft, trigger="draft") == {
        "figure": no_update,
        "hidden": no_update,
        "note": no_update,
    }


@pytest.mark.parametrize("zscale", ["linear", "log"])
def test_the_3d_tab_draws_the_planes_surface_over_the_same_window_with_the_same_titles(zscale):
    plane_req = {**sp.default_plane("hessian"), "through": "end"}
    flat = planes_view.draw(view_with(plane_req, res=40), RUNS)["figure"]
    out = planes_view.draw(view_with(plane_req, res=40, mode="3d", zscale=zscale), RUNS)
    figure, hidden, note = out["figure"], out["hidden"], out["note"]
    assert hidden is False and "at F of its projection" in note
    surf = next(t for t in figure.data if t.type == "surface")
    contour = next(t for t in flat.data if t.uid == "surface")
    assert figure.layout.scene.xaxis.title.text == flat.layout.xaxis.title.text
    assert figure.layout.scene.yaxis.title.text == flat.layout.yaxis.title.text
    xs, ys = np.asarray(surf.x, dtype=float), np.asarray(surf.y, dtype=float)
    np.testing.assert_allclose(
        [xs[0], xs[-1], ys[0], ys[-1]], [contour.x[0], contour.x[-1], contour.y[0], contour.y[-1]], rtol=1e-6
    )
    results = planes_build.run_results(*scenes.checked_parts(view_with(plane_req), RUNS))
    plane, _ = planes_build.build_plane(plane_req, default_view(), results)
    F = surface.evaluate_plane(plane, np.linspace(xs[0], xs[-1], len(xs)), np.linspace(ys[0], ys[-1], len(ys)))
    expected = np.log10(F) if zscale == "log" else F
    np.testing.assert_allclose(np.asarray(surf.z, dtype=float), expected, rtol=1e-5, atol=1e-6)
    for r in results:
        path = next(t for t in figure.data if t.uid == f"plane-path3d-{r['color']}")
        c = surface.project(plane, planes_build.full_path(r)).coords
        z = [surface.performance(plane.point(a, b)) for a, b in c]
        np.testing.assert_allclose(path.customdata, np.log10(z) if zscale == "log" else z, rtol=1e-5)
        lift = np.asarray(path.z) - np.asarray(path.customdata)  # drawn a little above the surface, all alike
        assert np.all(lift > 0) and np.ptp(lift) < 1e-9 * max(1.0, float(lift[0]))
    # and the pair's surface is neither shown nor computed
    assert surface3d_callbacks.draw_surface(view_with(plane_req, mode="3d")) == {
        "figure": no_update,
        "map_hidden": True,
        "surface_hidden": True,
        "hyper_hidden": True,
    }


@pytest.mark.parametrize("junk", [None, "x", 3, [1, 2], {"plane": "x"}, {"plane": {"kind": 3}, "res": -9}])
def test_the_plane_callback_takes_garbage_without_raising(junk):
    planes_view.draw(junk, junk)
    planes_view.draw(junk, junk, junk, trigger="draft")
    through_start = view_with({**sp.default_plane("hessian"), "through": "start"}, res=20)
    planes_view.draw(through_start, [], junk)
    planes_view.draw({**through_start, "mode": "3d"}, junk, {"start": junk, "algorithm": junk})
    planes_view.run_options(junk)


def test_the_run_menu_lists_the_runs_by_colour():
    options = planes_view.run_options(RUNS)
    assert [o["value"] for o in options] == list(range(8))  # all colours, so a link's run= is never dropped
    assert [o["value"] for o in options if not o["disabled"]] == [0, 3]
    assert options[0]["label"].startswith("sdbp from (−4, −4)") and options[1]["label"] == "colour 2: no run"


def test_the_pair_map_hides_when_a_plane_is_shown():
    out = surface3d_callbacks.draw_surface(view_with(sp.default_plane("random")))
    map_hidden, surface_hidden, hyper_hidden = out["map_hidden"], out["surface_hidden"], out["hyper_hidden"]
    assert (map_hidden, surface_hidden, hyper_hidden) == (True, True, True)
    assert surface3d_callbacks.draw_surface(view_with(None))["map_hidden"] is False


# ---------- the 1-D views ----------


def test_the_swapped_point_has_the_same_performance():
    x = surface.NOMINAL + np.array([0.3, -0.2, 0.1, 0.4, -0.5, 0.2, 0.1])
    sym = lines_view.symmetry(x)
    np.testing.assert_allclose(sym["twin"], surface.swap_hidden(x))
    assert sym["ends"][0] == pytest.approx(sym["ends"][1], rel=1e-12, abs=1e-14)
    assert sym["ends"][0] == pytest.approx(float(surface.performance(x)), rel=1e-12)


def test_the_barrier_shown_is_the_engines():
    sym = lines_view.symmetry()
    engine = surface.symmetry_barrier(surface.NOMINAL)
    assert sym["barrier"] == engine
    view = {**default_view(), "mode": "line"}
    out = lines_view.draw(view, RUNS)
    hidden, swap_fig, text = out["hidden"], out["swap"], out["barrier"]
    assert hidden is False
    assert f"Barrier height {engine.height:.4g}" in text
    top = next(t for t in swap_fig.data if t.uid == "line-barrier")
    assert (top.x[0], top.y[0]) == (engine.t, engine.top)
    assert top.text[0] == f"barrier {engine.height:.4g}"
    line = next(t for t in swap_fig.data if t.uid == "line-swap")
    _, F = surface.line_profile(surface.NOMINAL, surface.swap_hidden(surface.NOMINAL), 301, t_range=(-0.25, 1.25))
    np.testing.assert_allclose(line.y, F)


def test_each_runs_line_runs_from_a_quarter_before_its_start_to_a_quarter_past_its_end():
    view = {**default_view(), "mode": "line"}
    runs_fig = lines_view.draw(view, RUNS)["runs"]
    results = planes_build.run_results(view, RUNS)
    for r in results:
        trace = next(t for t in runs_fig.data if t.uid == f"line-run-{r['color']}")
        a, b = planes_build.full_point(r, r["start"]), planes_build.full_point(r, r["end"])
        assert trace.x[0] == -0.25 and trace.x[-1] == 1.25
        np.testing.assert_allclose(trace.y, surface.line_profile(a, b, 301, t_range=(-0.25, 1.25))[1])
        ends = next(t for t in runs_fig.data if t.uid == f"line-ends-{r['color']}")
        np.testing.assert_allclose(ends.y, [surface.performance(a), r["F_end"]], rtol=1e-9)
    marks = sorted(s.x0 for s in runs_fig.layout.shapes)
    assert marks == [0.0, 1.0]


def test_the_line_view_without_runs_asks_for_one_and_is_hidden_on_other_tabs():
    out = lines_view.draw({**default_view(), "mode": "line"}, [])
    hidden, runs_fig, text = out["hidden"], out["runs"], out["barrier"]
    assert hidden is False and "Add a run" in runs_fig.layout.annotations[0].text and "Barrier height" in text
    assert lines_view.draw(default_view(), RUNS) == {
        "hidden": True,
        "runs": no_update,
        "swap": no_update,
        "barrier": no_update,
    }


def test_the_line_tab_is_a_mode_in_the_link():
    scene, notes = scenes.check({"view": {"mode": "line"}})
    assert notes == [] and "view=line" in scenes.to_query(scene).split("&")


@pytest.mark.parametrize(
    "kind, through, second, shown",
    [
        ("pair", "nominal", "hessian", set()),
        ("hessian", "nominal", "hessian", {"through"}),
        ("hessian", "end", "hessian", {"through", "run"}),
        ("random", "start", "hessian", {"through", "run", "seed"}),
        ("pca", "nominal", "random", {"run"}),
        ("line", "nominal", "random", {"run", "second", "seed"}),
        ("line", "nominal", "pca", {"run", "second"}),
        (None, None, None, set()),
    ],
)
def test_the_plane_menu_shows_only_the_settings_that_apply(kind, through, second, shown):
    assert planes_view.shown_fields(kind, through, second) == shown


def test_on_another_training_set_the_line_joins_no_minima_and_says_so():
    """On ch. 11's sine the nominal parameters are no minimum: the line to their twin is no barrier between
    minima, and neither the words, the marker nor the title call it one."""
    sine = surface.TrainingSet.sine()
    sym = lines_view.symmetry(data=sine)
    assert sym["ends"][0] > 1 and not lines_view.at_minimum(sym)
    text = lines_view.barrier_text(sym)
    assert text.startswith("On this training set the nominal parameters are not a minimum")
    assert "Barrier" not in text and "global minimum" not in text
    fig = lines_view.swap_figure(sym)
    assert fig.layout.title.text.startswith("F between the nominal parameters and their twin")
    assert next(t for t in fig.data if t.uid == "line-barrier").text[0].startswith("rises by")
    assert [a.text for a in fig.layout.annotations][:2] == ["nominal (t = 0)", "its twin (t = 1)"]


def test_a_diverged_run_or_a_two_point_path_never_breaks_a_plane_or_a_line():
    runs = [
        {**RUN, "hyper": {"alpha": 1e6}, "epochs": 2000, "color": 0},  # diverges at once
        {**RUN, "epochs": 1, "color": 1},
    ]
    view, runs = scenes.checked_parts(None, runs)
    for kind in sp.KINDS:
        for through in sp.THROUGH:
            plane = {**sp.default_plane(kind), "through": through, "run": 0, "second": "random"}
            out = planes_view.draw({**view, "plane": plane, "res": 20}, runs)
            hidden, note = out["hidden"], out["note"]
            assert hidden is False and note
    note = planes_view.draw({**view, "plane": {**sp.default_plane("pca"), "run": 1}}, runs)["note"]
    assert note == "No plane to draw: a path needs at least 3 iterates for two principal components."
    out = lines_view.draw({**view, "mode": "line"}, runs)
    hidden, text = out["hidden"], out["barrier"]
    assert hidden is False and "Barrier height" in text


def test_a_run_of_the_whole_network_is_projected_with_all_its_free_values():
    """A run that trains all seven moves off the pair's slice: the plane sees its seven values, not the two on
    the axes over the fixed five."""
    from explorer.core import compute

    tr = surface.train("lmbp", [9.0, 1.5, -4.0, 4.0, 1.2, 0.8, -0.9], surface.PARAMS, epochs=30)
    result = compute.run(
        "lmbp",
        tuple(tr.start),
        tuple(surface.PARAMS),
        tuple(surface.NOMINAL),
        30,
        0.0,
        1e-8,
        (),
        None,
        None,
        ((-5, 15), (-5, 45)),
    )
    full = planes_build.full_path(result)
    assert full.shape[1] == 7
    np.testing.assert_allclose(full[0], tr.xs[0])
    np.testing.assert_allclose(full[-1], tr.xs[-1])


# ---------- no pair work while a plane is shown ----------


def refuse(*_args, **_kwargs):
    raise AssertionError("the pair's map was computed while a plane is shown")


@pytest.mark.parametrize("mode", ["contour", "3d", "line"])
def test_with_a_plane_the_pair_map_its_stationary_points_and_overlays_are_not_computed(monkeypatch, mode):
    from explorer.components.curvature import view as curvature_view
    from explorer.core import compute

    pair = view_with(None, overlays=["critical", "basins", "condition"], res=30)
    drawn = draw.draw_map(pair, None, None)["base"]
    for name in ("view_grid", "view_stationary", "view_nominal_minimum", "view_flat"):
        monkeypatch.setattr(compute, name, refuse)
    monkeypatch.setattr(curvature_view, "traces", refuse)
    for name in ("view_curvature", "view_gradient_field"):  # what the curvature overlays' layers compute
        monkeypatch.setattr(curvature_view, name, refuse)
    plane = {**pair, "plane": sp.default_plane("hessian"), "mode": mode}
    out = draw.draw_map(plane, None, drawn)
    figure, base, info = out["figure"], out["base"], out["info"]
    assert figure is no_update and info == planes_view.PAIR_INFO
    assert base["key"] is None  # the base forgets the pair's map, so going back draws it again
    assert draw.draw_map(plane, None, None) == {"figure": no_update, "base": no_update, "info": planes_view.PAIR_INFO}
    assert curvature_view.key_for(plane, None) == []
    monkeypatch.undo()
    out = draw.draw_map(pair, None, base)  # back to the pair: drawn afresh
    figure, again, info = out["figure"], out["base"], out["info"]
    assert figure is not no_update and again["key"] == drawn["key"] and "Stationary points" in info


def test_with_a_plane_no_basin_job_starts_and_going_back_asks_for_it():
    from explorer.components.basins import job as basins_job
    from explorer.components.basins import view as basins_view

    pair = view_with(None, overlays=["critical", "basins"])
    draft = scenes.default_scene()["draft"]
    scene = scenes.check({"view": pair, "draft": draft})[0]
    request = basins_job.for_scene(scene)
    assert request["pair"] == ["w1_11", "w2_11"] and basins_view.shown(scene["view"]) is True
    plane = scenes.check({"view": {**pair, "plane": sp.default_plane("random")}, "draft": draft})[0]
    assert basins_job.for_scene(plane) is None and basins_view.shown(plane["view"]) is False  # no job, no panel
    assert basins_job.for_scene(scene) == request  # on the way back, asked for (the store shares a result it holds)
