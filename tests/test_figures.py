"""Figure builders, tested on the traces and layouts they return."""

import json

import numpy as np
import plotly.io as pio
import pytest

import surface
from explorer import figures

VIEW = {"x": "w1_11", "y": "w2_11", "xr": [-5.0, 15.0], "yr": [-5.0, 15.0], "res": 40, "fixed": list(surface.NOMINAL)}


@pytest.fixture(scope="module")
def grid():
    xs, ys = np.linspace(-5, 15, 40), np.linspace(-5, 15, 30)
    return xs, ys, surface.evaluate_grid("w1_11", "w2_11", xs, ys)


def test_map_has_contour_optimum_and_stationary_points(grid):
    points = [p.to_dict() for p in surface.critical_points("w1_11", "w2_11", (-5, 15), (-5, 15))]
    fig = figures.map_figure(VIEW, *grid, points)
    types = [t.type for t in fig.data]
    assert types == ["contour", "scatter", "scatter", "scatter"]
    _contour, optimum, minima, saddles = fig.data
    assert optimum.x == (10.0,) and optimum.y == (1.0,)
    assert minima.name == "minimum" and saddles.name == "saddle point"
    assert saddles.marker.symbol == "x"
    np.testing.assert_allclose(saddles.x, [2.68346959], atol=1e-6)
    assert "Hessian eigenvalues" in saddles.text[0]
    assert fig.layout.xaxis.title.text == "w¹₁,₁" and fig.layout.yaxis.title.text == "w²₁,₁"
    assert tuple(fig.layout.xaxis.range) == (-5.0, 15.0)
    assert fig.layout.uirevision == figures.view_revision(VIEW)


def test_contour_draws_log_F_with_log_spaced_levels(grid):
    xs, ys, F = grid
    fig = figures.map_figure(VIEW, xs, ys, F)
    contour = fig.data[0]
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
    contour = json.loads(payload)["data"][0]
    assert set(contour["z"]) == {"dtype", "bdata", "shape"} and contour["z"]["dtype"] == "f4"
    assert contour["z"]["shape"] in ("30, 40", [30, 40])


def test_log_ticks_label_powers_of_ten():
    vals, text = figures.log_ticks(np.geomspace(1e-4, 10, 5))
    assert text == ["0.0001", "0.001", "0.01", "0.1", "1", "10"]
    np.testing.assert_allclose(vals, [-4, -3, -2, -1, 0, 1])
    vals, text = figures.log_ticks(np.geomspace(0.05, 3, 5))
    assert text == ["0.05", "0.1", "0.2", "0.5", "1", "2"]


def test_overlay_shares_the_maps_axes_and_margins(grid):
    fig = figures.map_figure(VIEW, *grid)
    overlay = figures.overlay_layout(VIEW)
    assert overlay["margin"] == fig.layout.margin.to_plotly_json()
    assert overlay["height"] == fig.layout.height
    assert overlay["xaxis"]["range"] == list(fig.layout.xaxis.range)
    assert overlay["yaxis"]["range"] == list(fig.layout.yaxis.range)
    assert overlay["xaxis"]["visible"] is False and overlay["paper_bgcolor"] == "rgba(0,0,0,0)"
    assert fig.layout.margin.autoexpand is False  # the colour bar may not push the map's plot area


def test_response_figure_shows_the_41_targets():
    fig = figures.response_figure()
    (targets,) = fig.data
    assert len(targets.x) == 41 and targets.x[0] == -2.0 and targets.x[-1] == 2.0
    np.testing.assert_allclose(targets.y, surface.T)
    assert fig.layout.xaxis.title.text == "p"


def test_loss_layout_is_log_F_against_epoch():
    layout = figures.loss_layout()
    assert layout["yaxis"]["type"] == "log" and layout["xaxis"]["title"]["text"] == "epoch"


def test_surface_figure_draws_paths_on_the_surface(grid):
    xs, ys, F = grid
    path = {"x": [-4.0, 0.0], "y": [-4.0, 1.0], "F": [2.0, 1.0], "color": "#ff0000", "label": "sdbp"}
    fig = figures.surface_figure(VIEW, xs, ys, F, [path])
    assert [t.type for t in fig.data] == ["surface", "scatter3d"]
    assert fig.data[1].line.color == "#ff0000"
    assert np.all(np.asarray(fig.data[1].z) > np.asarray(path["F"]))  # lifted just above the surface
    assert fig.layout.scene.xaxis.title.text == "w¹₁,₁" and fig.layout.scene.zaxis.title.text == "F"


def test_run_label():
    assert figures.run_label({"algorithm": "lmbp", "start": [-4.0, 10.0]}) == "lmbp from (-4, 10)"
