"""Figure builders, tested on the traces and layouts they return."""

import json

import numpy as np
import plotly.io as pio
import pytest

import surface
from explorer.components import plots
from explorer.components.map import figures
from explorer.components.runs import figures as run_figures
from explorer.components.surface3d import figures as surface_figures
from explorer.core import scene as scenes

VIEW = scenes.check({"view": {"res": 40}})[0]["view"]
OPTIMUM = ((10.0, 1.0), 0.0)


@pytest.fixture(scope="module")
def grid():
    xs, ys = np.linspace(-5, 15, 40), np.linspace(-5, 15, 30)
    return xs, ys, surface.evaluate_grid("w1_11", "w2_11", xs, ys)


def test_map_has_contour_optimum_and_stationary_points(grid):
    points = [p.to_dict() for p in surface.critical_points("w1_11", "w2_11", (-5, 15), (-5, 15))]
    assert [p["kind"] for p in points] == ["minimum", "saddle"]
    fig = figures.map_figure(VIEW, *grid, points, OPTIMUM)
    types = [t.type for t in fig.data]
    assert types == ["heatmap", "contour", *["scatter"] * 4, "scatter", "scatter"]  # the star alone at nominal
    assert fig.data[0].visible is False  # the basin layer, waiting
    assert [t.uid for t in fig.data[2:6]] == ["condition", "nonconvex", "stability", "field"]
    assert all(t.visible is False for t in fig.data[2:6])  # the curvature overlays' places, while off
    _basins, _contour, *_layers, optimum, saddles = fig.data
    assert optimum.x == (10.0,) and optimum.y == (1.0,) and optimum.marker.symbol == "star"
    assert saddles.name == "saddle point" and saddles.marker.symbol == "x"
    np.testing.assert_allclose(saddles.x, [2.68346959], atol=1e-6)
    assert "Hessian eigenvalues" in saddles.text[0]
    assert fig.layout.xaxis.title.text == "w¹₁,₁" and fig.layout.yaxis.title.text == "w²₁,₁"
    assert tuple(fig.layout.xaxis.range) == (-5.0, 15.0)
    assert fig.layout.uirevision == figures.view_revision(VIEW)
    # with no star (the nominal point is no minimum of the slice) the minimum is marked as one
    fig = figures.map_figure(VIEW, *grid, points, None)
    assert [t.name for t in fig.data[6:]] == ["minimum", "saddle point"]


def test_contour_hover_is_left_to_the_page(grid):
    contour = figures.map_figure(VIEW, *grid).data[1]
    assert contour.hoverinfo == "none"  # the page shows F itself at the pointer; clicks still arrive


def test_equal_scales_for_like_parameters():
    assert figures.equal_aspect({"x": "b1_1", "y": "b1_2", "aspect": "auto"})
    assert not figures.equal_aspect({"x": "w1_11", "y": "w2_11", "aspect": "auto"})
    assert figures.equal_aspect({"x": "w1_11", "y": "w2_11", "aspect": "equal"})
    assert not figures.equal_aspect({"x": "b1_1", "y": "b1_2", "aspect": "free"})
    layout = figures.axes_layout({**VIEW, "x": "b1_1", "y": "b1_2"})
    assert layout["yaxis"]["scaleanchor"] == "x" and layout["yaxis"]["scaleratio"] == 1
    assert layout["xaxis"]["constrain"] == layout["yaxis"]["constrain"] == "domain"  # the window stays as typed
    assert "scaleanchor" not in figures.axes_layout(VIEW)["yaxis"]


def test_contour_draws_log_F_with_log_spaced_levels(grid):
    xs, ys, F = grid
    fig = figures.map_figure(VIEW, xs, ys, F)
    contour = fig.data[1]
    z = np.asarray(contour.z)
    assert z.shape == (30, 40) and z.dtype == np.float32
    np.testing.assert_allclose(z, np.log10(F), rtol=1e-6)
    levels = surface.log_levels(F, 24)
    assert contour.contours.start == pytest.approx(np.log10(levels[0]))
    assert contour.contours.end == pytest.approx(np.log10(levels[-1]))
    assert contour.contours.size == pytest.approx((np.log10(levels[-1]) - np.log10(levels[0])) / 23)
    assert contour.colorbar.title.text == "F"
    assert "1" in contour.colorbar.ticktext


def test_the_map_travels_base64_encoded_not_as_text(grid):
    payload = pio.to_json(figures.map_figure(VIEW, *grid))
    contour = json.loads(payload)["data"][1]
    assert set(contour["z"]) == {"dtype", "bdata", "shape"} and contour["z"]["dtype"] == "f4"
    assert contour["z"]["shape"] in ("30, 40", [30, 40])


def test_log_ticks_label_powers_of_ten_and_both_ends():
    vals, text = figures.log_ticks(np.geomspace(1e-4, 10, 5))
    assert text == ["0.0001", "0.001", "0.01", "0.1", "1", "10"]
    np.testing.assert_allclose(vals, [-4, -3, -2, -1, 0, 1])
    vals, text = figures.log_ticks(np.geomspace(0.05, 3, 5))
    assert text == ["0.05", "0.1", "0.2", "0.5", "1", "2", "3"]
    vals, text = figures.log_ticks(np.geomspace(2.8e-4, 8.6, 5))  # the book's map: its whole range labelled
    assert text[0] == "0.00028" and text[-1] == "8.6"
    assert vals[0] == pytest.approx(np.log10(2.8e-4)) and vals[-1] == pytest.approx(np.log10(8.6))
    _, text = figures.log_ticks(np.geomspace(28, 2.9e3, 5))  # the sine's map: no 2.9e+03 to be cut short
    assert text == ["28", "50", "100", "200", "500", "1,000", "2,000", "2,900"]
    _, text = figures.log_ticks(np.geomspace(3e-6, 2e7, 5))
    assert text[0] == "1e-5" and text[-3:] == ["100,000", "1e6", "1e7"]


def test_overlay_shares_the_maps_axes_and_margins_and_keeps_markers_on_top(grid):
    points = [{"point": [2.68, 3.29], "F": 0.24, "eigenvalues": [-1.0, 2.0], "kind": "saddle"}]
    fig = figures.map_figure(VIEW, *grid, points, OPTIMUM)
    base = figures.overlay_base(VIEW, points, OPTIMUM)
    layout = base["layout"]
    assert layout["margin"] == fig.layout.margin.to_plotly_json()
    assert layout["xaxis"]["range"] == list(fig.layout.xaxis.range)
    assert layout["yaxis"]["range"] == list(fig.layout.yaxis.range)
    assert layout["xaxis"]["visible"] is False and layout["paper_bgcolor"] == "rgba(0,0,0,0)"
    assert fig.layout.margin.autoexpand is False  # the colour bar may not push the map's plot area
    assert [m["name"] for m in base["markers"]] == ["nominal parameters (F = 0)", "saddle point"]
    assert base["pair"] == ["w1_11", "w2_11"]


def test_response_figure_shows_the_41_targets():
    fig = run_figures.response_figure()
    (targets,) = fig.data
    assert len(targets.x) == 41 and targets.x[0] == -2.0 and targets.x[-1] == 2.0
    np.testing.assert_allclose(targets.y, surface.T)
    assert fig.layout.xaxis.title.text == "p"


def test_loss_plot_says_what_it_will_show_before_any_run():
    fig = run_figures.loss_figure()
    assert fig["data"] == [] and fig["layout"]["yaxis"]["visible"] is False
    assert fig["layout"]["yaxis"]["exponentformat"] == "power"  # 10⁻⁶, not 1µ, once runs appear
    assert fig["layout"]["annotations"][0]["text"] == "F against epoch appears here for each run"
    assert run_figures.loss_layout()["yaxis"]["type"] == "log"


def test_surface_figure_draws_F_or_log_F(grid):
    xs, ys, F = grid
    fig = surface_figures.surface_figure(VIEW, xs, ys, F)
    assert [t.type for t in fig.data] == ["surface"]
    np.testing.assert_allclose(np.asarray(fig.data[0].z), F, rtol=1e-6)
    assert fig.layout.scene.zaxis.title.text == "F" and fig.layout.meta["zscale"] == "linear"
    fig = surface_figures.surface_figure({**VIEW, "zscale": "log"}, xs, ys, F)
    np.testing.assert_allclose(np.asarray(fig.data[0].z), np.log10(F), rtol=1e-5)
    assert fig.layout.scene.zaxis.title.text == "log₁₀ F"


def test_static_map_draws_every_path_with_start_and_end(grid):
    path = {"label": "sdbp from (−4, −4)", "color": "#ff4d4d", "x": [-4.0, 0.0, 10.0], "y": [-4.0, 2.0, 1.0]}
    fig = figures.static_map(VIEW, *grid, None, OPTIMUM, [path])
    line, ends = fig.data[-2:]
    assert line.name == path["label"] and line.line.color == "#ff4d4d" and tuple(line.x) == (-4.0, 0.0, 10.0)
    assert tuple(ends.x) == (-4.0, 10.0) and tuple(ends.marker.symbol) == ("circle", "square")
    assert fig.layout.showlegend is True


def test_palettes_have_a_colour_per_run():
    assert len(plots.PALETTES["plain"]) == len(plots.PALETTES["contrast"]) == 8
    assert len(set(plots.PALETTES["contrast"])) == 8
