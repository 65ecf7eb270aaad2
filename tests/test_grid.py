"""The vectorised grid equals a point-by-point loop, for every pair, window and size."""

import itertools
import tracemalloc

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import surface

PAIRS = list(itertools.permutations(surface.PARAMS, 2))


def pointwise(xname, yname, xs, ys, fixed=None):
    """The slow reference: F at every grid point, one point at a time."""
    base = surface.full_vector(fixed)
    ix, iy = surface.PARAMS.index(xname), surface.PARAMS.index(yname)
    out = np.empty((len(ys), len(xs)))
    for i, y in enumerate(ys):
        for j, x in enumerate(xs):
            point = base.copy()
            point[ix], point[iy] = x, y
            out[i, j] = surface.performance(point)
    return out


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p)
def test_grid_equals_pointwise_loop_for_every_pair(pair):
    (xr, yr) = surface.default_window(*pair)
    xs = np.linspace(*xr, 9)
    ys = np.linspace(*yr, 6)
    G = surface.evaluate_grid(*pair, xs, ys)
    assert G.shape == (6, 9)
    np.testing.assert_allclose(G, pointwise(*pair, xs, ys), rtol=1e-12, atol=1e-14)


window = st.tuples(st.floats(-60, 60), st.floats(0.01, 80)).map(lambda t: (t[0], t[0] + t[1]))


@given(
    pair=st.sampled_from(PAIRS),
    xr=window,
    yr=window,
    nx=st.integers(1, 13),
    ny=st.integers(1, 11),
    fixed=st.dictionaries(st.sampled_from(surface.PARAMS), st.floats(-20, 20), max_size=3),
)
def test_grid_equals_pointwise_loop_on_drawn_windows(pair, xr, yr, nx, ny, fixed):
    xs, ys = np.linspace(*xr, nx), np.linspace(*yr, ny)
    np.testing.assert_allclose(
        surface.evaluate_grid(*pair, xs, ys, fixed), pointwise(*pair, xs, ys, fixed), rtol=1e-12, atol=1e-14
    )


def test_blocks_join_seamlessly(monkeypatch):
    import surface.grid as grid

    xs, ys = np.linspace(-5, 15, 37), np.linspace(-5, 15, 23)
    whole = surface.evaluate_grid("w1_11", "b1_1", xs, ys)
    monkeypatch.setattr(grid, "BLOCK_CELLS", 40)  # one row per block
    np.testing.assert_array_equal(surface.evaluate_grid("w1_11", "b1_1", xs, ys), whole)


def test_orientation_rows_are_y_and_columns_are_x():
    G = surface.evaluate_grid("w1_11", "w2_11", [10.0, 0.0], [1.0, 5.0, 9.0])
    assert G.shape == (3, 2)
    assert G[0, 0] < 1e-28  # (w1_11, w2_11) = (10, 1): the global minimum, zero to rounding
    assert G[0, 1] > 0 and G[1, 0] > 0


def test_memory_stays_bounded_on_a_1000_square_grid():
    xs = ys = np.linspace(-5, 15, 1000)
    tracemalloc.start()
    G = surface.evaluate_grid("w1_11", "b1_1", xs, ys)  # the costliest kind: a hidden neuron per cell
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert G.shape == (1000, 1000)
    # the 8 MB result plus a few 256 KiB block temporaries, not 41 copies of the grid
    assert peak < G.nbytes + 6 * 2**20


@pytest.mark.parametrize(
    "args, message",
    [
        (("w1_11", "w1_11", [0], [0]), "distinct"),
        (("w9", "b2", [0], [0]), "unknown parameter"),
        (("w1_11", "b2", [], [0]), "non-empty"),
        (("w1_11", "b2", [np.nan], [0]), "finite"),
        (("w1_11", "b2", [0], [np.inf]), "finite"),
        (("w1_11", "b2", np.zeros(surface.MAX_AXIS + 1), [0]), "at most 4096"),
    ],
)
def test_bad_grid_requests_raise_clear_errors(args, message):
    with pytest.raises(ValueError, match=message):
        surface.evaluate_grid(*args)


def test_fixed_values_move_the_surface():
    xs, ys = np.linspace(-5, 15, 5), np.linspace(-5, 15, 4)
    moved = surface.evaluate_grid("w1_11", "w2_11", xs, ys, fixed={"b2": 0.0})
    assert not np.allclose(moved, surface.evaluate_grid("w1_11", "w2_11", xs, ys))
    np.testing.assert_allclose(moved, pointwise("w1_11", "w2_11", xs, ys, {"b2": 0.0}), rtol=1e-12)
