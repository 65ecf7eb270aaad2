"""The curvature overlays of the map: their traces, their key, and how the map callback draws and patches them."""

import numpy as np
import plotly
import pytest
from dash import no_update

import surface
from explorer.components.curvature import compute as curvature_compute
from explorer.components.curvature import figures as curvature_figures
from explorer.components.curvature import view as curvature_view
from explorer.components.map import draw, figures, layout
from explorer.components.map import layers as map_layers
from explorer.components.map.slice import overlay_names
from explorer.core import scene as scenes
from explorer.serving import exports

BOOK = {"x": "w1_11", "y": "w2_11", "xr": [-5.0, 15.0], "yr": [-5.0, 45.0]}  # the book's map
MINIMUM = (10.0, 1.0)  # the global minimum, λmax = 1.1557: a fixed step is stable for α < 1.7305
SADDLE = (2.6835, 3.2926)


pytestmark = pytest.mark.usefixtures("app_context")  # the cache, in a Flask app context (conftest)


def view_with(*overlays, **changes) -> dict:
    return scenes.check({"view": {**BOOK, "overlays": list(overlays), **changes}})[0]["view"]


def draft_with(algorithm="sdbp", **hyper) -> dict:
    draft = {"algorithm": algorithm, "start": [-4, -4], "hyper": hyper, "epochs": 200}
    scene, notes = scenes.check({"draft": draft})
    assert notes == []
    return scene["draft"]


def layers(view, draft=None) -> dict:
    return {t.uid: t for t in curvature_view.traces(view, draft or draft_with(alpha=1.75))}


def at(trace, x: float, y: float) -> float:
    """The trace's z at (x, y), interpolated bilinearly between its grid nodes (as the contour's edge is)."""
    xs, ys, z = np.asarray(trace.x, float), np.asarray(trace.y, float), np.asarray(trace.z, float)
    j = int(np.clip(np.searchsorted(xs, x) - 1, 0, len(xs) - 2))
    i = int(np.clip(np.searchsorted(ys, y) - 1, 0, len(ys) - 2))
    tx, ty = (x - xs[j]) / (xs[j + 1] - xs[j]), (y - ys[i]) / (ys[i + 1] - ys[i])
    low = (1 - tx) * z[i, j] + tx * z[i, j + 1]
    high = (1 - tx) * z[i + 1, j] + tx * z[i + 1, j + 1]
    return (1 - ty) * low + ty * high


def shaded(trace, values) -> np.ndarray:
    """Where a constraint contour fills: where its condition (z op value) fails."""
    op, level = trace.contours.operation, trace.contours.value
    keep = {"<=": np.less_equal, ">=": np.greater_equal, "<": np.less, ">": np.greater}[op](values, level)
    return ~keep


# ---------- the traces ----------


def test_every_overlay_has_its_place_in_the_map_hidden_while_off():
    view = view_with("critical")
    assert [t.visible for t in curvature_view.traces(view, draft_with())] == [False] * 4
    xs, ys, F = np.linspace(-5, 15, 30), np.linspace(-5, 45, 30), np.ones((30, 30))
    fig = figures.map_figure(view, xs, ys, F, layers=curvature_view.traces(view_with(*overlay_names()), draft_with()))
    assert [t.uid for t in fig.data[:6]] == ["basins", "surface", "condition", "nonconvex", "stability", "field"]
    assert [t.type for t in fig.data[2:6]] == ["heatmap", "contour", "contour", "scatter"]
    assert all(t.visible is not False and t.hoverinfo == "skip" for t in fig.data[2:6])  # clicks reach the map
    with pytest.raises(ValueError, match="the map's layers must be"):
        figures.map_figure(view, xs, ys, F, layers=[map_layers.hidden("field")] * 4)


@pytest.mark.parametrize("alpha, inside", [(1.75, True), (1.7, False)])
def test_the_books_lr_3_5_shades_the_global_minimum_and_alpha_1_7_does_not(alpha, inside):
    trace = layers(view_with("stability"), draft_with(alpha=alpha))["stability"]
    assert trace.type == "contour" and trace.contours.type == "constraint"
    assert trace.contours.operation == "<=" and trace.contours.value == pytest.approx(2 / alpha)
    assert trace.fillcolor == curvature_figures.STABILITY_FILL and trace.line.color == curvature_figures.STABILITY_EDGE
    assert bool(shaded(trace, at(trace, *MINIMUM))) is inside
    assert not shaded(trace, at(trace, -4.0, 40.0))  # the flat plateau is stable at either α
    assert trace.name == f"unstable for sdbp at α = {alpha:g}: α·λmax > 2"


def test_the_stability_shading_is_the_engines_unstable_mask_on_its_grid():
    for draft in (draft_with(alpha=1.75), draft_with("mobp", alpha=10.0, gamma=0.8), draft_with("sgd", alpha=0.9)):
        trace = layers(view_with("stability"), draft)["stability"]
        xs, _, _, lam_max = curvature_compute.view_curvature(view_with("stability"))
        np.testing.assert_array_equal(trace.x, xs.astype(np.float32))
        mask = surface.unstable_mask(draft["algorithm"], lam_max, **draft["hyper"])
        drawn = shaded(trace, np.asarray(trace.z, dtype=float))
        close = np.isclose(lam_max, trace.contours.value, rtol=1e-6)  # float32 may round a node onto the edge
        assert mask.any() and not mask.all()
        np.testing.assert_array_equal(drawn[~close], mask[~close])


def test_momentum_moves_the_edge_by_its_own_condition():
    sd = layers(view_with("stability"), draft_with(alpha=1.0))["stability"]
    mo = layers(view_with("stability"), draft_with("mobp", alpha=1.0, gamma=0.8))["stability"]
    assert mo.contours.value == pytest.approx(9 * sd.contours.value)  # 2(1+γ)/(1−γ) = 18 against 2
    assert mo.name == "unstable for mobp at α = 1, γ = 0.8: α·λmax > 2(1+γ)/(1−γ) = 18"
    sgd = layers(view_with("stability"), draft_with("sgd", alpha=1.0))["stability"]
    assert sgd.contours.value == sd.contours.value and "batch step" in sgd.name


@pytest.mark.parametrize("algorithm", ["vlbp", "cgbp", "lmbp", "newton", "br", "nesterov", "rmsprop", "adam"])
def test_algorithms_without_a_fixed_step_are_not_shaded_and_the_key_says_why(algorithm):
    draft = draft_with(algorithm)
    assert layers(view_with("stability"), draft)["stability"].visible is False
    (entry,) = curvature_view.map_key(view_with("stability"), draft)
    assert str(entry.children) == (f"no stability shading for {algorithm}: sdbp, sgd and mobp only")


def test_not_convex_is_shaded_where_lam_min_is_negative():
    view = view_with("nonconvex")
    trace = layers(view)["nonconvex"]
    _, _, lam_min, _ = curvature_compute.view_curvature(view)
    assert trace.contours.type == "constraint" and (trace.contours.operation, trace.contours.value) == (">=", 0.0)
    z = np.asarray(trace.z)
    assert z.dtype == np.float32
    np.testing.assert_array_equal(shaded(trace, z), lam_min < 0)  # float32 keeps every sign
    assert shaded(trace, at(trace, *SADDLE))  # a saddle point curves down along one direction
    assert not shaded(trace, at(trace, *MINIMUM))  # a minimum is a bowl
    assert trace.name == "not convex: λmin < 0"


def test_signs_survive_float32():
    z = curvature_figures._float32([-1e-300, 0.0, 1e-300, np.nan, -1e308, 1e308])
    assert list(np.sign(z)) == [-1, 0, 1, 0, -1, 1] and np.isfinite(z).all()


def test_the_condition_number_is_drawn_where_both_eigenvalues_are_positive_beneath_contour_lines():
    view = view_with("condition")
    trace = layers(view)["condition"]
    _, _, lam_min, lam_max = curvature_compute.view_curvature(view)
    z = np.asarray(trace.z, dtype=float)
    bowl = (lam_min > 0) & (lam_max > 0)
    np.testing.assert_array_equal(np.isnan(z), ~bowl)  # blank where F is not a bowl
    np.testing.assert_allclose(z[bowl], np.log10(lam_max[bowl] / lam_min[bowl]), rtol=1e-6)
    assert (trace.type, trace.zmin, trace.zmax, trace.showscale) == ("heatmap", 0.0, 6.0, False)
    assert 0.5 < at(trace, *MINIMUM) < 6  # the valley of the global minimum is narrow
    xs, ys, F = np.linspace(-5, 15, 30), np.linspace(-5, 45, 30), np.ones((30, 30))
    fig = figures.map_figure(view, xs, ys, F, layers=curvature_view.traces(view, draft_with()))
    assert fig.data[1].contours.coloring == "lines" and fig.layout.plot_bgcolor == figures.BACKGROUND["lines"]
    plain = figures.map_figure(view_with(), xs, ys, F)
    assert plain.data[1].contours.coloring == "fill" and plain.layout.plot_bgcolor == figures.BACKGROUND["fill"]


@pytest.mark.parametrize("aspect", ["auto", "equal"])
def test_the_gradient_field_points_along_minus_grad_F_in_cells_of_the_screen(aspect):
    view = view_with("field", aspect=aspect)
    trace = layers(view)["field"]
    nx, ny = curvature_compute.field_shape(view)
    assert 16 <= max(nx, ny) <= 24 and min(nx, ny) >= 6
    if aspect == "equal":  # the plot has the window's proportions: a 20 × 50 window gets 6 × 16 square cells
        assert (nx, ny) == (6, 16)
    x, y = np.asarray(trace.x).reshape(-1, 6, 2), np.asarray(trace.y).reshape(-1, 6, 2)  # 6 (tail, tip) each
    assert len(x) == nx * ny  # ∇F vanishes nowhere on these cells' centres
    tail, tip = np.stack([x[:, 0, 0], y[:, 0, 0]], 1), np.stack([x[:, 0, 1], y[:, 0, 1]], 1)
    for part in range(1, 6):  # every marker of an arrow turns along the same tail → tip
        np.testing.assert_allclose(x[:, part], x[:, 0]) and np.testing.assert_allclose(y[:, part], y[:, 0])
    centre = (tail + tip) / 2
    points = np.tile(surface.NOMINAL, (len(centre), 1))
    points[:, 0], points[:, 4] = centre[:, 0], centre[:, 1]
    descent = -surface.gradient(points)[:, [0, 4]]
    arrow = tip - tail
    cross = arrow[:, 0] * descent[:, 1] - arrow[:, 1] * descent[:, 0]
    sines = cross / (np.hypot(*arrow.T) * np.hypot(*descent.T))
    np.testing.assert_allclose(sines, 0, atol=1e-5)  # float32 positions: within 1e-5 rad of −∇F
    assert (np.sum(arrow * descent, axis=1) > 0).all()  # downhill, not up
    cell = np.array([20 / nx, 50 / ny])
    np.testing.assert_allclose(np.hypot(*(arrow / cell).T), 0.6, rtol=1e-5)  # direction only: one length
    # a shaft and two barbs, dark then white, each drawn at the tip (nothing at the tail), turned on the screen
    assert trace.marker.symbol == "line-ns" and trace.marker.angleref == "previous"
    np.testing.assert_array_equal(np.asarray(trace.marker.size)[0:12:2], 0)
    np.testing.assert_array_equal(np.asarray(trace.marker.angle)[1:12:2], [0, 28, -28] * 2)
    np.testing.assert_array_equal(np.asarray(trace.marker.line.color)[1:12:2], [0, 0, 0, 1, 1, 1])


# ---------- the key line above the map ----------


def texts(entries) -> list[str]:
    def flat(node):
        if isinstance(node, str):
            return node
        if isinstance(node, list | tuple):
            return "".join(flat(n) for n in node)
        return flat(getattr(node, "children", None) or "")

    return [flat(e) for e in entries]


def test_the_key_names_each_overlay_in_one_line_in_drawing_order():
    assert curvature_view.map_key(view_with("critical", "basins"), draft_with()) == []
    view = view_with(*overlay_names())
    assert texts(curvature_view.map_key(view, draft_with(alpha=1.75))) == [
        "condition number λmax/λmin: 110⁶(blank: not a bowl)",
        "not convex: λmin < 0",
        "unstable for sdbp at α = 1.75: α·λmax > 2",
        "➜direction of −∇F",
    ]
    stability = curvature_view.map_key(view_with("stability"), draft_with(alpha=1.75))[0]
    assert "λmax > 1.143" in stability.title  # the condition in the curvature itself, on hover
    # only on the contour map, and from the scene's parts as the browser holds them
    assert curvature_view.key_for({**view, "mode": "3d"}, draft_with()) == []
    assert curvature_view.key_for(None, None) == []
    assert texts(curvature_view.key_for(view_with("stability"), {"algorithm": "sdbp", "hyper": {"alpha": "x"}}))


def test_the_overlays_are_toggles_under_the_maps_controls():
    checklist = layout.controls().children[-3]
    assert checklist.id == "overlays"
    options = {o["value"]: o["label"] for o in checklist.options}
    assert list(options) == ["critical", "basins", "stability", "nonconvex", "condition", "field"]
    assert "the training panel's α" in options["stability"] and "λmin < 0" in options["nonconvex"]
    assert set(options) == set(overlay_names())


# ---------- the map callback: whole map, patch, or nothing ----------


def operations(patch) -> dict:
    return {tuple(op["location"]): op["params"].get("value") for op in patch.to_plotly_json()["operations"]}


def size(obj) -> int:
    """Bytes on the wire, as Dash sends a response."""
    return len(plotly.io.json.to_json_plotly(obj))


def test_a_new_alpha_moves_the_stability_edge_by_a_patch_of_a_few_bytes():
    view = view_with("critical", "stability")
    out = draw.draw_map(view, None, None, draft_with(alpha=1.75))
    figure, base = out["figure"], out["base"]
    stability = figure.data[4]
    assert stability.uid == "stability" and stability.contours.value == pytest.approx(2 / 1.75)
    assert base["key"]["curvature"]["stability"] == {
        "algorithm": "sdbp",
        "alpha": 1.75,
        "edge": 2.0,
        "setting": "α = 1.75",
        "edge_words": "2",
    }
    out = draw.draw_map(view, None, base, draft_with(alpha=1.7))
    patch, new_base, new_info = out["figure"], out["base"], out["info"]
    assert new_info is no_update and new_base["key"]["curvature"]["stability"]["alpha"] == 1.7
    assert operations(patch) == {
        ("data", 4, "contours", "value"): pytest.approx(2 / 1.7),
        ("data", 4, "name"): "unstable for sdbp at α = 1.7: α·λmax > 2",
    }
    assert size(patch.to_plotly_json()) < 400 < size(figure.to_plotly_json()) / 1000
    # momentum: the same level, moved by its own edge
    out = draw.draw_map(view, None, new_base, draft_with("mobp", alpha=10.0, gamma=0.8))
    patch, base2 = out["figure"], out["base"]
    assert operations(patch)[("data", 4, "contours", "value")] == pytest.approx(1.8)
    # an algorithm without a fixed step hides the shading; coming back sends the trace again
    out = draw.draw_map(view, None, base2, draft_with("lmbp"))
    patch, base3 = out["figure"], out["base"]
    assert (
        operations(patch)[
            (
                "data",
                4,
            )
        ]["visible"]
        is False
    )
    patch = draw.draw_map(view, None, base3, draft_with(alpha=1.75))["figure"]
    sent = operations(patch)[
        (
            "data",
            4,
        )
    ]
    assert sent["type"] == "contour" and sent["uid"] == "stability" and sent["contours"]["value"] == 2 / 1.75


def test_the_training_panel_redraws_nothing_while_the_stability_overlay_is_off():
    view = view_with("critical", "nonconvex", "field")
    base = draw.draw_map(view, None, None, draft_with(alpha=1.75))["base"]
    for draft in (draft_with(alpha=1.7), draft_with("mobp", alpha=3.0), draft_with("lmbp")):
        assert draw.draw_map(view, None, base, draft) == {"figure": no_update, "base": no_update, "info": no_update}
    # with it on, a change that does not touch the condition (sgd's seed) redraws nothing either
    view = view_with("stability")
    base = draw.draw_map(view, None, None, draft_with("sgd", alpha=0.5, seed=1))["base"]
    assert draw.draw_map(view, None, base, draft_with("sgd", alpha=0.5, seed=2)) == {
        "figure": no_update,
        "base": no_update,
        "info": no_update,
    }


def test_switching_an_overlay_sends_its_trace_alone_and_the_contour_style_it_needs():
    plain = view_with("critical")
    out = draw.draw_map(plain, None, None)
    figure, base = out["figure"], out["base"]
    for uid, k in (("nonconvex", 3), ("field", 5), ("stability", 4)):
        out = draw.draw_map({**plain, "overlays": ["critical", uid]}, None, base)
        patch, on_base = out["figure"], out["base"]
        ops = operations(patch)
        assert set(ops) == {("data", k)} and ops[("data", k)]["uid"] == uid and "visible" not in ops[("data", k)]
        sent = size(figures.trace_json(layers({**plain, "overlays": [uid]})[uid]))  # its own trace, base64
        assert size(patch.to_plotly_json()) < sent + 200 and sent < size(figure.to_plotly_json())
        patch = draw.draw_map(plain, None, on_base)["figure"]  # and off again: its hidden place
        assert operations(patch) == {("data", k): figures.trace_json(map_layers.hidden(uid))}
    out = draw.draw_map({**plain, "overlays": ["critical", "condition"]}, None, base)
    patch, on_base = out["figure"], out["base"]
    ops = operations(patch)
    assert set(ops) == {
        ("data", 2),
        ("data", 1, "contours", "coloring"),
        ("data", 1, "line"),
        ("layout", "plot_bgcolor"),
    }
    assert ops[("data", 1, "contours", "coloring")] == "lines" and ops[("layout", "plot_bgcolor")] == "#f4f5f7"
    patch = draw.draw_map(plain, None, on_base)["figure"]
    assert operations(patch)[("data", 1, "contours", "coloring")] == "fill"
    # a new window draws the whole map again, overlays and all
    out = draw.draw_map({**plain, "overlays": ["condition"], "xr": [0.0, 15.0]}, None, on_base)
    figure, info = out["figure"], out["info"]
    assert info is not no_update and figure.data[2].visible is not False and figure.data[1].contours.coloring == "lines"


# ---------- the scene and the export ----------


def test_the_overlays_travel_in_the_link_and_old_links_still_open():
    scene, notes = scenes.load_query("?overlays=field,stability,critical&next=sdbp,-4,-4,alpha=1.75,epochs=200")
    assert notes == [] and scene["view"]["overlays"] == ["critical", "stability", "field"]
    query = scenes.to_query(scene)
    assert "overlays=critical,stability,field" in query and "next=sdbp,-4,-4,alpha=1.75,epochs=200" in query
    assert scenes.load_query(query) == (scene, [])
    old, notes = scenes.load_query("?overlays=critical,basins")
    assert notes == [] and old["view"]["overlays"] == ["critical", "basins"]


def test_the_offline_page_draws_the_overlays_and_names_them_in_its_legend():
    scene, _ = scenes.load_query("?yr=-5,45&overlays=critical,stability,field&next=sdbp,-4,-4,alpha=1.75,epochs=200")
    page = exports.standalone_html(scene)
    named = '"name":"unstable for sdbp at α = 1.75: α·λmax \\u003e 2","showlegend":true'  # plotly escapes ">"
    assert named in page and '"uid":"stability"' in page and '"uid":"field"' in page
    plain = exports.standalone_html(scenes.load_query("?yr=-5,45")[0])
    assert "unstable for" not in plain
