"""Callbacks called as plain functions, with named inputs: the scene reducer's wiring and the derived views."""

import numpy as np
import pytest
from dash import Patch, html, no_update

import surface
from explorer import wiring
from explorer.components.lessons import callbacks as lesson_callbacks
from explorer.components.lessons import ids as lessons_ids
from explorer.components.lessons import presets
from explorer.components.map import callbacks as map_callbacks
from explorer.components.map import draw
from explorer.components.map import ids as map_ids
from explorer.components.runs import cards, derive, race
from explorer.components.runs import ids as runs_ids
from explorer.components.surface3d import callbacks as surface3d_callbacks
from explorer.components.topbar import ids as topbar_ids
from explorer.components.training import callbacks as training_callbacks
from explorer.components.training import ids as training_ids
from explorer.core import compute
from explorer.core import reducer as edits
from explorer.core import scene as scenes
from explorer.core.run import run_key

FIXED_IDS = [{"type": map_ids.FIXED, "name": n} for n in surface.PARAMS]
HYPER_IDS = [
    {"type": training_ids.HYPER, "algo": a, "name": n} for a, cls in surface.ALGORITHMS.items() for n in cls.SPEC
]


pytestmark = pytest.mark.usefixtures("app_context")  # the cache, in a Flask app context (conftest)


def inputs_for(scene, **typed):
    """The reducer's named inputs when the controls show ``scene`` (some boxes typed over)."""
    shown = edits.controls_for(scene)
    values = {name: shown[name] for name in wiring.control_names()}
    values["fixed"] = [shown["fixed"][i["name"]] for i in FIXED_IDS]
    values["hyper"] = [shown["hyper"][i["algo"]][i["name"]] for i in HYPER_IDS]
    values.update(url=None, preset=[0] * len(presets.PRESETS), upload=None, click=None, run=0, clear=0)
    values.update(remove=[], reset_window=0, reset_fixed=0, reveal=None)
    values.update(typed)
    return values


def state_for(scene):
    parts = scenes.parts_of(scene)
    return {"fixed_ids": FIXED_IDS, "hyper_ids": HYPER_IDS, **parts}


def test_run_click_appends_the_request_and_pushes_a_link():
    scene = scenes.default_scene()
    out = wiring.edit_scene(inputs_for(scene, alpha=None), state_for(scene), training_ids.RUN, 1)
    (run,) = out["part_runs"]
    assert run["algorithm"] == "sdbp" and run["start"] == [-4.0, -4.0] and run["color"] == 0
    assert out["link"] == {
        "query": "v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&run=sdbp,-4,-4,alpha=0.5,epochs=20000",
        "history": "push",
        "load": False,
    }
    assert out["part_view"] is no_update and out["control_x"] is no_update
    assert out["control_fixed"] == [no_update] * 7  # a pattern-matching output takes a list
    # a report, not a refusal: in the page's ink, not the red of an error
    assert out["msg_run"].children == "Added sdbp from (−4, −4)." and out["msg_run"].className == "info"


def test_a_preset_card_loads_its_scene_into_every_control():
    scene = scenes.default_scene()
    trigger = {"type": lessons_ids.PRESET, "name": "trajectory-b"}
    out = wiring.edit_scene(inputs_for(scene), state_for(scene), trigger, 1)
    assert out["part_view"]["yr"] == [-5.0, 45.0] and out["control_ymax"] == "45"
    assert out["part_meta"] == {"preset": "trajectory-b", "predict": True}
    assert out["link"]["history"] == "push" and "preset=trajectory-b&predict=1" in out["link"]["query"]
    assert len(out["control_hyper"]) == len(HYPER_IDS)
    assert out["control_hyper"][HYPER_IDS.index({"type": training_ids.HYPER, "algo": "sdbp", "name": "alpha"})] == "0.5"


def test_controls_drawn_but_not_clicked_do_nothing():
    scene = scenes.default_scene()
    for trigger in (
        {"type": lessons_ids.PRESET, "name": "trajectory-a"},
        {"type": runs_ids.REMOVE, "key": "x"},
        training_ids.RUN,
    ):
        out = wiring.edit_scene(inputs_for(scene), state_for(scene), trigger, 0)
        assert out["link"] is no_update and out["part_runs"] is no_update


def test_a_store_holding_garbage_is_read_as_the_nearest_valid_scene():
    state = {"fixed_ids": FIXED_IDS, "hyper_ids": HYPER_IDS, "view": 12, "runs": {"a": 1}, "draft": "x"}
    scene = scenes.default_scene()
    out = wiring.edit_scene(inputs_for(scene, xmin="0"), state, map_ids.X_MIN, "0")
    assert out["part_view"]["xr"] == [0.0, 15.0] and out["part_runs"] == []


def test_an_uploaded_scene_file_is_checked_like_a_link():
    import base64
    import json

    text = json.dumps({"view": {"x": "b1_1", "y": "b1_2"}, "runs": [{"algorithm": "newton", "start": [0.5, 0.3]}]})
    contents = "data:application/json;base64," + base64.b64encode(text.encode()).decode()
    scene = scenes.default_scene()
    out = wiring.edit_scene(inputs_for(scene), state_for(scene), topbar_ids.LOAD_SCENE, contents)
    assert out["part_view"]["x"] == "b1_1" and out["part_runs"][0]["algorithm"] == "newton"
    assert out["msg_scene"] == ""
    out = wiring.edit_scene(inputs_for(scene), state_for(scene), topbar_ids.LOAD_SCENE, "data:x;base64,@@@")
    assert out["msg_scene"].startswith("This file was changed to make a valid scene: it is not JSON")


VIEW = scenes.check({"view": {"res": 60}})[0]["view"]
RUN = {"algorithm": "sdbp", "start": [-4.0, -4.0], "hyper": {"alpha": 0.5}, "epochs": 20000, "goal": 0.0}
RUN = {**RUN, "grad_tol": 1e-8, "color": 0}


def test_derived_runs_send_each_path_once_and_say_how_the_new_run_ended():
    out = derive.derive_runs([RUN], VIEW, {"predict": False}, [], "/export/")
    metas, paths, cards, note = out["runs"], out["paths"], out["cards"], out["note"]
    (meta,) = metas
    expected = surface.train("sdbp", (-4.0, -4.0), epochs=20000, grad_tol=1e-8, alpha=0.5)
    assert meta["status"] == expected.status and meta["epochs"] == expected.epochs
    assert meta["end"] == expected.end.tolist() and meta["label"] == "sdbp from (−4, −4)"
    assert meta["key"] == compute.result_key(RUN, VIEW) and len(meta["key"]) == 16
    assert meta["csv"].startswith("/export/run.csv?v=1&x=w1_11&y=w2_11")
    assert "path" not in meta
    (assign,) = paths.to_plotly_json()["operations"]
    path = assign["params"]["value"]
    xs = compute.decode(path["x"])
    assert len(xs) <= compute.DISPLAY_POINTS and xs[0] == -4.0 and xs[-1] == expected.end[0]
    assert compute.decode(path["evals"])[-1] == expected.evals[-1]
    assert isinstance(note, html.Span) and note.children == "sdbp from (−4, −4): gradient below tolerance."
    (card,) = cards
    assert "gradient below tolerance" in str(card) and "α = 0.5" in str(card)
    assert card.children[1].id == {"type": runs_ids.REMOVE, "key": run_key(RUN)}

    # the browser has it now: nothing is sent again; a run removed from the scene is deleted there
    out = derive.derive_runs([RUN], VIEW, {}, metas, "/export/")
    paths, note = out["paths"], out["note"]
    assert paths.to_plotly_json()["operations"] == [] and note is no_update
    out = derive.derive_runs([], VIEW, {}, metas, "/export/")
    paths, cards = out["paths"], out["cards"]
    assert paths.to_plotly_json()["operations"][0]["operation"] == "Delete"
    assert "No runs yet" in str(cards)


def test_a_run_on_other_fixed_values_is_another_result():
    other = {**VIEW, "fixed": {"b2": 0.5}}
    assert compute.result_key(RUN, VIEW) != compute.result_key(RUN, other)
    (meta,) = derive.derive_runs([RUN], other, {}, [], "/export/")["runs"]
    assert meta["base"][6] == 0.5


def test_while_a_prediction_is_asked_for_no_outcome_is_announced():
    note = derive.derive_runs([RUN], VIEW, {"predict": True}, [], "/export/")["note"]
    assert note is no_update


def test_a_fake_runs_store_cannot_grow_what_is_sent():
    known = [{"key": str(i)} for i in range(10_000)]
    out = derive.derive_runs([RUN] * 50, VIEW, {}, known, "/export/")
    metas, paths, cards = out["runs"], out["paths"], out["cards"]
    assert len(metas) == 1 and len(cards) == 1  # the scene holds at most 8 distinct runs
    assert len(paths.to_plotly_json()["operations"]) <= 2 * 8 + 1  # and a fake store cannot grow the answer


def test_the_map_stars_the_nominal_point_only_where_it_is_a_minimum():
    out = draw.draw_map(VIEW, None, None)
    figure, base, info = out["figure"], out["base"], out["info"]
    names = [t.name for t in figure.data]
    assert names[1] == "F" and names[6] == "nominal parameters (F = 0)" and figure.data[0].visible is False
    assert [t.visible for t in figure.data[2:6]] == [False] * 4  # the curvature overlays' places, all off
    assert "minimum" not in names  # the global minimum is drawn as the star alone
    assert [m["name"] for m in base["markers"]] == ["nominal parameters (F = 0)", "saddle point"]
    assert base["key"]["surface"] == draw.map_key(VIEW)
    assert base["fixed"] == list(surface.NOMINAL)
    assert "Stationary points in the window: 1 minimum, 1 saddle point." in info
    # with b² = 0.5 the nominal parameters are no minimum of the slice
    out = draw.draw_map({**VIEW, "fixed": {"b2": 0.5}}, None, None)
    figure, base, info = out["figure"], out["base"], out["info"]
    assert not any("nominal" in (t.name or "") for t in figure.data)
    assert "The nominal parameters are not a minimum of this slice." in info
    # a map already drawn is not drawn again
    drawn = {"key": base_key(VIEW), "overlays": VIEW["overlays"]}
    assert draw.draw_map(VIEW, None, drawn) == {"figure": no_update, "base": no_update, "info": no_update}
    assert draw.draw_map({**VIEW, "mode": "3d"}, None, drawn) == {
        "figure": no_update,
        "base": no_update,
        "info": no_update,
    }
    # switching where each start ends on changes nothing drawn until its layer arrives; the base learns of it
    # (a click on the map then runs from the cell)
    out = draw.draw_map({**VIEW, "overlays": ["critical", "basins"]}, None, drawn)
    figure, base, info = out["figure"], out["base"], out["info"]
    assert (figure, info) == (no_update, no_update) and base["overlays"] == ["critical", "basins"]
    assert base["key"] == drawn["key"]


def base_key(view):
    return draw.draw_map(view, None, None)["base"]["key"]


def hidden(figure, map_hidden, surface_hidden, hyper_hidden) -> dict:
    """The 3-D view's outputs, by name."""
    return {"figure": figure, "map_hidden": map_hidden, "surface_hidden": surface_hidden, "hyper_hidden": hyper_hidden}


def test_the_3d_view_only_when_chosen():
    assert surface3d_callbacks.draw_surface(VIEW) == hidden(no_update, False, True, True)
    assert surface3d_callbacks.draw_surface({**VIEW, "mode": "hyper"}) == hidden(no_update, True, True, False)
    out = surface3d_callbacks.draw_surface({**VIEW, "mode": "3d", "zscale": "log"})
    figure, map_hidden, surface_hidden, hyper_hidden = (
        out["figure"],
        out["map_hidden"],
        out["surface_hidden"],
        out["hyper_hidden"],
    )
    assert (map_hidden, surface_hidden, hyper_hidden) == (True, False, True)
    assert [t.type for t in figure.data] == ["surface"]
    assert np.asarray(figure.data[0].z).shape == (60, 60)
    assert figure.layout.scene.zaxis.title.text == "log₁₀ F"


def test_axis_options_disable_the_other_axis():
    out = map_callbacks.axis_options("b1_1", "w2_11")
    x_options, y_options, disabled = out["x_options"], out["y_options"], out["disabled"]
    assert [o["disabled"] for o in x_options] == [o["value"] == "w2_11" for o in x_options]
    assert [o["disabled"] for o in y_options] == [o["value"] == "b1_1" for o in y_options]
    assert disabled == [n in ("b1_1", "w2_11") for n in surface.PARAMS]


def test_only_the_chosen_algorithms_panel_shows():
    panel_ids = [{"type": training_ids.HYPER_PANEL, "algo": a} for a in surface.ALGORITHMS]
    out = training_callbacks.show_algorithm("lmbp", panel_ids)
    styles, help_, note = out["styles"], out["help"], out["note"]
    assert [s is None for s in styles] == [a == "lmbp" for a in surface.ALGORITHMS]
    assert "Levenberg" in str(help_) and "at most 20,000" in note
    assert "\\mu_k I" in str(help_)  # the equations go to MathJax as LaTeX
    assert training_callbacks.show_algorithm("bogus", panel_ids) == {
        "styles": no_update,
        "help": no_update,
        "note": no_update,
    }


def test_the_lesson_panel_asks_before_it_tells():
    scene = presets.preset_scene("saddle-point")
    out = lesson_callbacks.lesson_panel({"preset": "saddle-point", "predict": True}, scene["view"], scene["runs"])
    children, shell = out["panel"], out["shell"]
    text = str(children)
    assert shell == "shell predicting" and "Predict first" in text and presets.PRESETS["saddle-point"].prompt in text
    out = lesson_callbacks.lesson_panel({"preset": "saddle-point", "predict": False}, scene["view"], [])
    children, shell = out["panel"], out["shell"]
    assert shell == "shell" and "(changed since)" in str(children) and "Predict" not in str(children)
    assert lesson_callbacks.lesson_panel(None, None, None) == {"panel": [], "shell": "shell"}


def test_race_table_orders_runs_and_races_to_any_target():
    runs = [RUN, {**RUN, "algorithm": "lmbp", "hyper": {"mu": 0.01, "theta": 10.0, "mu_max": 1e10}, "color": 1}]
    runs[1]["epochs"] = 200
    out = race.update(runs, VIEW, "1e-3", None)
    table, order, msg = out["table"], out["order"], out["msg"]
    assert msg == "" and order == {"column": None, "descending": False}
    heads = [th.to_plotly_json()["props"]["data-key"] for th in table.children[0].children.children[1:]]
    assert heads == [run_key(r) for r in runs]
    out = race.update(runs, VIEW, "1e-3", order, {"type": runs_ids.RACE_SORT, "column": "iterations"})
    table, order = out["table"], out["order"]
    assert order == {"column": "iterations", "descending": False}
    heads = [th.to_plotly_json()["props"]["data-key"] for th in table.children[0].children.children[1:]]
    assert heads[0] == run_key(runs[1])  # LM took fewer iterations
    out = race.update(runs, VIEW, "1e-3", order, {"type": runs_ids.RACE_SORT, "column": "iterations"})
    table, order = out["table"], out["order"]
    assert order["descending"] is True

    rows = race.rows(
        runs, VIEW, [compute.run(*compute.run_args(r, VIEW), compute.view_window(VIEW)) for r in runs], [None, None]
    )
    sd = surface.train("sdbp", (-4.0, -4.0), epochs=20000, grad_tol=1e-8, alpha=0.5)
    first = race.firsts_for(
        runs[:1], VIEW, [compute.run(*compute.run_args(RUN, VIEW), compute.view_window(VIEW))], 0.5
    )[0]
    k = int(np.flatnonzero(sd.F <= 0.5)[0])
    assert first == {"epoch": k, "evals": float(sd.evals[k])}
    assert rows[0]["iterations"] == sd.epochs and rows[0]["evals"] == sd.evals[-1]

    assert race.update(runs, VIEW, "-1", order)["msg"] == "target F: must be between 0 and 1e+06"
    assert race.update(runs, VIEW, "0", order)["msg"] == "target F: must be above 0, not '0'"
    assert race.update([], VIEW, "1e-3", None)["table"].children == "Add runs to race them."


def test_race_figures_of_the_default_target_come_with_the_run():
    result = compute.run(*compute.run_args(RUN, VIEW), compute.view_window(VIEW))
    sd = surface.train("sdbp", (-4.0, -4.0), epochs=20000, grad_tol=1e-8, alpha=0.5)
    k = int(np.flatnonzero(sd.F <= 1e-3)[0])
    assert result["first"] == {"epoch": k, "evals": float(sd.evals[k])}


def test_run_cards_are_one_line_with_the_details_folded():
    metas = derive.derive_runs([RUN], VIEW, {}, [], "/export/")["runs"]
    card = cards.run_card(metas[0], "var(--run-0)")
    summary = card.children[0].children[0]
    assert [c.className for c in summary.children] == [
        "swatch",
        "run-name",
        "status-mark gradient outcome",
        "run-f outcome",
    ]
    assert summary.children[2].children == "✓" and summary.children[2].title == "gradient below tolerance"


def test_the_scene_parts_round_trip_through_the_stores():
    scene = presets.preset_scene("faster-methods")
    parts = scenes.parts_of(scene)
    assert scenes.from_parts(parts) == scene


def test_result_keys_are_the_same_in_every_process():
    # a digest, not Python's salted hash(): a second worker names the same run the same way
    import subprocess
    import sys

    code = (
        "from explorer.core import compute; from explorer.core import scene as s;"
        f"print(compute.result_key({RUN!r}, s.check({{'view': {{'res': 60}}}})[0]['view']))"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=".")
    assert other.stdout.strip() == compute.result_key(RUN, VIEW)


def test_patches_are_patches():
    paths = derive.derive_runs([RUN], VIEW, {}, [], "/export/")["paths"]
    assert isinstance(paths, Patch)


def test_every_card_says_how_faithful_its_drawing_is():
    (meta,) = derive.derive_runs([RUN], VIEW, {}, [], "/export/")["runs"]
    assert meta["deviation"] <= 1e-3 and meta["points"] <= compute.DISPLAY_POINTS
    assert cards.drawing_text(meta).startswith(f"Drawn through {meta['points']:,} of its {meta['iterates']:,}")
    assert "within 0.1 % of the window" in cards.drawing_text(meta)
    # a path that bounces chaotically in every epoch gets more points, and the card says how close it is
    chaos = {**RUN, "hyper": {"alpha": 2.6}, "epochs": 300_000, "grad_tol": 0.0}
    (meta,) = derive.derive_runs([chaos], VIEW, {}, [], "/export/")["runs"]
    assert compute.DISPLAY_POINTS < meta["points"] <= compute.MAX_DISPLAY_POINTS
    full = surface.train("sdbp", (-4.0, -4.0), epochs=300_000, grad_tol=0.0, alpha=2.6)
    shown, deviation = compute.faithful_copy(full, compute.view_window(VIEW))
    assert deviation == pytest.approx(meta["deviation"]) and deviation > 1e-3 and len(shown.xs) == meta["points"]
    assert f"{100 * deviation:.2g} % of the window away" in cards.drawing_text(meta)


def test_the_first_map_of_a_view_is_built_once_and_shared_through_the_cache(monkeypatch):
    """Every student who opens the same view gets the same first map: the second asks nothing of the figure
    builder, and the answer is what draw_map draws, as the page receives it."""
    from explorer.components.map import figures

    first = draw.first_map(VIEW, None, None, None)
    out = draw.draw_map(VIEW, None, None)
    figure, base, info = out["figure"], out["base"], out["info"]
    assert first == {"figure": figure.to_plotly_json(), "base": base, "info": info}
    coarser = draw.first_map({**VIEW, "res": 40}, None, None, None)
    assert coarser["base"]["key"] != base["key"]  # another view is another map
    monkeypatch.setattr(figures, "map_figure", lambda *a, **k: pytest.fail("the shared first map was rebuilt"))
    assert draw.first_map(VIEW, None, None, None) == first
    assert draw.first_map(VIEW, None, base, None) is None  # drawn already: draw_map answers (no update)
