"""Default windows and contour levels."""

import itertools

import numpy as np
import pytest

import surface


def test_book_windows():
    assert surface.default_window("w1_11", "w2_11") == ((-5, 15), (-5, 15))
    assert surface.default_window("w1_11", "b1_1") == ((-10, 30), (-20, 10))
    assert surface.default_window("b1_1", "b1_2") == ((-10, 10), (-10, 10))


@pytest.mark.parametrize("pair", list(itertools.permutations(surface.PARAMS, 2)), ids=lambda p: p)
def test_every_window_shows_the_global_minimum(pair):
    (xr, yr) = surface.default_window(*pair)
    x0, y0 = (surface.NOMINAL[surface.PARAMS.index(n)] for n in pair)
    assert xr[0] < x0 < xr[1] and yr[0] < y0 < yr[1]
    # swapping the axes swaps the window
    assert surface.default_window(pair[1], pair[0]) == (yr, xr)


def test_windows_include_every_named_saddle():
    for pair, saddle in [(("w1_11", "b1_2"), (28.42, -2.34)), (("b1_2", "w2_11"), (-10.69, 1.58))]:
        (xr, yr) = surface.default_window(*pair)
        assert xr[0] < saddle[0] < xr[1] and yr[0] < saddle[1] < yr[1]


def test_log_levels_span_the_grid_in_even_ratios():
    F = surface.evaluate_grid("w1_11", "w2_11", np.linspace(-5, 15, 50), np.linspace(-5, 15, 50))
    levels = surface.log_levels(F, 20)
    assert len(levels) == 20
    ratios = levels[1:] / levels[:-1]
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-12)
    assert levels[-1] == pytest.approx(F.max())
    assert levels[0] == pytest.approx(F[F > 0].min())


def test_log_levels_are_capped_below_and_handle_flat_grids():
    levels = surface.log_levels(np.array([0.0, 1e-30, 1.0]), 7, decades=6)
    assert levels[0] == pytest.approx(1e-6) and levels[-1] == pytest.approx(1.0)
    flat = surface.log_levels(np.full((3, 3), 2.0), 5)
    assert flat[0] < 2.0 < flat[-1]
    zeros = surface.log_levels(np.zeros((2, 2)), 4)
    assert np.all(np.isfinite(zeros)) and np.all(zeros > 0)
