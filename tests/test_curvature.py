"""The curvature grid: the 2×2 Hessian of F over two free parameters, and its eigenvalues, in every cell.

Checked against ``surface.hessian`` (the engine's exact Hessian, point by point), against central differences of
the exact gradient, and at the book's stationary points of (w¹₁,₁, w²₁,₁) (ch. 12).

The grid and ``surface.hessian`` add the same terms in different orders, so where the terms cancel they may
differ by a few rounding errors of the terms' own size: each comparison allows 64ε of Σ|terms| (``term_scale``)
per entry. That is far tighter than 1e-10 of the entry wherever the sum does not cancel.
"""

import itertools
import tracemalloc

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import surface
from surface import curvature, network

PAIRS = list(itertools.permutations(surface.PARAMS, 2))
EPS = np.finfo(float).eps
BOOK = ("w1_11", "w2_11")


def cells(xname, yname, xs, ys, fixed=None) -> np.ndarray:
    """Full parameter vectors of every grid cell, shape (len(ys), len(xs), 7)."""
    x = np.broadcast_to(surface.full_vector(fixed), (len(ys), len(xs), 7)).copy()
    x[..., surface.PARAMS.index(xname)] = np.asarray(xs)[None, :]
    x[..., surface.PARAMS.index(yname)] = np.asarray(ys)[:, None]
    return x


def reference(xname, yname, xs, ys, fixed=None) -> np.ndarray:
    """(3, ny, nx): the entries xx, xy, yy of ``surface.hessian`` restricted to the pair, cell by cell."""
    index = (surface.PARAMS.index(xname), surface.PARAMS.index(yname))
    h = surface.hessian(cells(xname, yname, xs, ys, fixed), index)
    return np.stack([h[..., 0, 0], h[..., 0, 1], h[..., 1, 1]])


def term_scale(xname, yname, xs, ys, fixed=None) -> np.ndarray:
    """(3, ny, nx): Σ_q of the absolute values of the terms ``network.hessian`` adds for each entry.

    The error e = t − a2 enters with |t| + |a2| rather than |e|: where a2 is close to its target, e keeps only
    the digits their difference leaves (its rounding is ε a2, not ε e), in the grid and in the engine alike.
    """
    x = cells(xname, yname, xs, ys, fixed)
    (_, _, _, _, v1, v2, _), h1, h2, o = network._forward(x)
    a2, d2, dd2 = o
    e = np.abs(network.T) + np.abs(a2)
    dn2 = network._net2_gradient(v1, v2, h1, h2)
    i, j = surface.PARAMS.index(xname), surface.PARAMS.index(yname)
    out = []
    for a, b in ((i, i), (i, j), (j, j)):
        terms = np.abs(d2 * d2 * dn2[..., a] * dn2[..., b]) + np.abs(e * dd2 * dn2[..., a] * dn2[..., b])
        curv = network._net2_curvature(a, b, (v1, v2), (h1, h2))
        if curv is not None:
            terms = terms + np.abs(e * d2 * curv)
        out.append(2.0 * terms.sum(axis=-1))
    return np.stack(out)


def assert_matches_engine(xname, yname, xs, ys, fixed=None):
    """The grid's entries and eigenvalues against ``surface.hessian`` and ``numpy.linalg.eigvalsh``, cell by cell."""
    grid = curvature.hessian_grid(xname, yname, xs, ys, fixed)
    ref = reference(xname, yname, xs, ys, fixed)
    scale = term_scale(xname, yname, xs, ys, fixed)
    assert grid.shape == ref.shape == (3, len(ys), len(xs))
    assert np.all(np.abs(grid - ref) <= 64 * EPS * scale + 1e-300)
    lam_min, lam_max = surface.curvature_grid(xname, yname, xs, ys, fixed)
    index = (surface.PARAMS.index(xname), surface.PARAMS.index(yname))
    expected = np.linalg.eigvalsh(surface.hessian(cells(xname, yname, xs, ys, fixed), index))
    radius = np.abs(expected).max(axis=-1)
    tol = 64 * EPS * scale.max(axis=0) + 8 * EPS * radius + 1e-300
    assert np.all(np.abs(lam_min - expected[..., 0]) <= tol)
    assert np.all(np.abs(lam_max - expected[..., 1]) <= tol)
    assert np.all(lam_min <= lam_max)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p)
def test_every_pair_matches_the_engines_hessian_on_its_default_window(pair):
    (xr, yr) = surface.default_window(*pair)
    assert_matches_engine(*pair, np.linspace(*xr, 23), np.linspace(*yr, 17))


window = st.tuples(st.floats(-60, 60), st.floats(0.01, 80)).map(lambda t: (t[0], t[0] + t[1]))


@given(
    pair=st.sampled_from(PAIRS),
    xr=window,
    yr=window,
    nx=st.integers(1, 13),
    ny=st.integers(1, 11),
    fixed=st.dictionaries(st.sampled_from(surface.PARAMS), st.floats(-20, 20), max_size=3),
)
def test_random_cells_of_random_pairs_windows_and_fixed_values(pair, xr, yr, nx, ny, fixed):
    assert_matches_engine(*pair, np.linspace(*xr, nx), np.linspace(*yr, ny), fixed)


def test_within_1e_10_of_eigvalsh_at_random_cells():
    rng = np.random.default_rng(12)
    for pair in PAIRS:
        (xr, yr) = surface.default_window(*pair)
        xs, ys = np.sort(rng.uniform(*xr, 9)), np.sort(rng.uniform(*yr, 7))
        fixed = {name: rng.uniform(-10, 10) for name in rng.choice(surface.PARAMS, 2)}
        lam = np.stack(surface.curvature_grid(*pair, xs, ys, fixed), axis=-1)
        index = (surface.PARAMS.index(pair[0]), surface.PARAMS.index(pair[1]))
        expected = np.linalg.eigvalsh(surface.hessian(cells(*pair, xs, ys, fixed), index))
        np.testing.assert_allclose(lam, expected, rtol=0, atol=1e-10 * np.abs(expected).max())
        radius = np.abs(expected).max(axis=-1, keepdims=True)
        assert np.all(np.abs(lam - expected) <= 1e-10 * radius)


def test_against_central_differences_of_the_gradient():
    rng = np.random.default_rng(3)
    for pair in PAIRS:
        (xr, yr) = surface.default_window(*pair)
        xs, ys = rng.uniform(*xr, 4), rng.uniform(*yr, 3)
        index = [surface.PARAMS.index(n) for n in pair]
        grid = curvature.hessian_grid(*pair, xs, ys)
        lam_min, lam_max = surface.curvature_grid(*pair, xs, ys)
        x = cells(*pair, xs, ys)
        h = 1e-5
        columns = []
        for k in index:
            step = np.zeros(7)
            step[k] = h
            g = (surface.gradient(x + step) - surface.gradient(x - step)) / (2 * h)
            columns.append(g[..., index])
        fd = np.stack(columns, axis=-1)  # (ny, nx, 2, 2): column k differentiates along free parameter k
        fd = 0.5 * (fd + np.swapaxes(fd, -1, -2))
        scale = np.abs(fd).max() + 1e-6
        np.testing.assert_allclose(grid[0], fd[..., 0, 0], atol=1e-6 * scale)
        np.testing.assert_allclose(grid[1], fd[..., 0, 1], atol=1e-6 * scale)
        np.testing.assert_allclose(grid[2], fd[..., 1, 1], atol=1e-6 * scale)
        eig = np.linalg.eigvalsh(fd)
        np.testing.assert_allclose(lam_min, eig[..., 0], atol=1e-6 * scale)
        np.testing.assert_allclose(lam_max, eig[..., 1], atol=1e-6 * scale)


def test_the_books_global_minimum_and_saddle():
    lam_min, lam_max = surface.curvature_grid(*BOOK, [10.0, 2.6835], [1.0, 3.2926])
    assert lam_max[0, 0] == pytest.approx(1.1557, abs=1e-4)  # at the global minimum (10, 1)
    assert lam_min[0, 0] == pytest.approx(0.00382, abs=1e-5)
    assert lam_min[1, 1] < 0 < lam_max[1, 1]  # the saddle (2.6835, 3.2926)
    assert 2 / lam_max[0, 0] == pytest.approx(1.7305, abs=1e-4)  # steepest descent's limit on α there


def test_orientation_rows_are_y_and_swapping_the_axes_transposes():
    xs, ys = np.linspace(-5, 15, 6), np.linspace(-3, 8, 4)
    lam_min, lam_max = surface.curvature_grid("b1_1", "w2_12", xs, ys)
    assert lam_min.shape == lam_max.shape == (4, 6)
    swapped = surface.curvature_grid("w2_12", "b1_1", ys, xs)  # the same cells, summed in another order
    radius = np.maximum(np.abs(lam_min), np.abs(lam_max)).T
    assert np.all(np.abs(swapped[0] - lam_min.T) <= 1e-13 * radius)
    assert np.all(np.abs(swapped[1] - lam_max.T) <= 1e-13 * radius)


@pytest.mark.parametrize("pair", [("w1_11", "b1_1"), ("w1_21", "w2_12"), ("b1_2", "b2")], ids=lambda p: p)
def test_blocks_join_seamlessly(monkeypatch, pair):
    xs, ys = np.linspace(-5, 15, 37), np.linspace(-5, 15, 23)
    whole = curvature.hessian_grid(*pair, xs, ys)
    monkeypatch.setattr(curvature, "BLOCK_VALUES", 41 * 37 * 2)  # two rows per block, the last one alone
    blocked = curvature.hessian_grid(*pair, xs, ys)
    # a block of one row may take another BLAS kernel, which sums in another order
    assert np.all(np.abs(blocked - whole) <= 16 * EPS * term_scale(*pair, xs, ys))


def test_the_exponential_from_its_parts_equals_the_direct_one(monkeypatch):
    xs, ys = np.linspace(-10, 10, 31), np.linspace(-10, 10, 29)
    assert curvature._Plan(curvature._Grid.make("b1_1", "b1_2", xs, ys, None)).exp_parts is not None
    parts = curvature.hessian_grid("b1_1", "b1_2", xs, ys)
    monkeypatch.setattr(curvature, "_exp_parts", lambda along_y, along_x: None)
    direct = curvature.hessian_grid("b1_1", "b1_2", xs, ys)
    scale = term_scale("b1_1", "b1_2", xs, ys)
    assert np.all(np.abs(parts - direct) <= 64 * EPS * scale)


def test_the_net_input_as_a_matrix_product_equals_the_sum(monkeypatch):
    xs, ys = np.linspace(-4, 6, 31), np.linspace(-10, 30, 29)
    assert curvature._Plan(curvature._Grid.make("w2_11", "w1_11", xs, ys, None)).outer is not None
    product = curvature.hessian_grid("w2_11", "w1_11", xs, ys)
    monkeypatch.setattr(curvature._Plan, "_outer_product", lambda self: None)
    summed = curvature.hessian_grid("w2_11", "w1_11", xs, ys)
    assert np.all(np.abs(product - summed) <= 64 * EPS * term_scale("w2_11", "w1_11", xs, ys))


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p)
def test_finite_for_any_finite_parameters(pair):
    rng = np.random.default_rng(abs(hash(pair)) % 2**32)
    for limit in (1e3, 1e30, 1e300, 1.7e308):
        fixed = {name: rng.uniform(-1e3, 1e3) for name in rng.choice(surface.PARAMS, 3)}
        lam_min, lam_max = surface.curvature_grid(*pair, limit * np.linspace(-1, 1, 9), limit * np.linspace(-1, 1, 7))
        assert np.all(np.isfinite(lam_min)) and np.all(np.isfinite(lam_max))
        lam_min, lam_max = surface.curvature_grid(*pair, np.linspace(-1e4, 1e4, 9), np.linspace(-1e4, 1e4, 7), fixed)
        assert np.all(np.isfinite(lam_min)) and np.all(np.isfinite(lam_max))


def test_memory_stays_bounded_on_a_1000_square_grid():
    xs = ys = np.linspace(-5, 15, 1000)
    tracemalloc.start()
    lam_min, lam_max = surface.curvature_grid("w1_11", "b1_1", xs, ys)  # the costliest kind: a neuron per cell
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert lam_min.shape == (1000, 1000)
    # the two 8 MB results plus a dozen 1 MiB block temporaries, not 41 copies of the grid
    assert peak < lam_min.nbytes + lam_max.nbytes + 16 * 2**20


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
def test_bad_requests_raise_the_grids_errors(args, message):
    with pytest.raises(ValueError, match=message):
        surface.curvature_grid(*args)


def test_symmetric_eigenvalues_in_closed_form():
    rng = np.random.default_rng(0)
    a, b, c = rng.normal(size=(3, 1000)) * 10.0 ** rng.uniform(-8, 8, size=(3, 1000))
    lam_min, lam_max = curvature.symmetric_eigenvalues(a, b, c)
    expected = np.linalg.eigvalsh(np.stack([np.stack([a, b], -1), np.stack([b, c], -1)], -1))
    radius = np.abs(expected).max(axis=-1)
    assert np.all(np.abs(lam_min - expected[:, 0]) <= 8 * EPS * radius)
    assert np.all(np.abs(lam_max - expected[:, 1]) <= 8 * EPS * radius)
    # no overflow for huge entries, exact zeros and an exact diagonal
    assert curvature.symmetric_eigenvalues(1e300, 1e300, 1e300) == (0.0, 2e300)
    assert curvature.symmetric_eigenvalues(0.0, 0.0, 0.0) == (0.0, 0.0)
    assert curvature.symmetric_eigenvalues(3.0, 0.0, -2.0) == (-2.0, 3.0)
    # a nearly singular matrix keeps its small eigenvalue to its own accuracy: det/λmax, no cancellation
    lam_min, lam_max = curvature.symmetric_eigenvalues(1.0, 1e-9, 1e-12)
    assert lam_min == pytest.approx(1e-12 - 1e-18, rel=1e-12) and lam_max == pytest.approx(1.0, rel=1e-15)


def test_eigenvector_angle_is_that_of_the_smallest_eigenvalue():
    rng = np.random.default_rng(1)
    a, b, c = rng.normal(size=(3, 200))
    theta = curvature.eigenvector_angle(a, b, c)
    assert np.all((-np.pi / 2 < theta) & (theta <= np.pi / 2))
    v = np.stack([np.cos(theta), np.sin(theta)], -1)
    h = np.stack([np.stack([a, b], -1), np.stack([b, c], -1)], -1)
    lam_min, _ = curvature.symmetric_eigenvalues(a, b, c)
    np.testing.assert_allclose(np.einsum("nij,nj->ni", h, v), lam_min[:, None] * v, atol=1e-12)
    assert curvature.eigenvector_angle(1.0, 0.0, 2.0) == 0.0  # λmin = 1 along x
    assert curvature.eigenvector_angle(2.0, 0.0, 1.0) == pytest.approx(np.pi / 2)


def test_condition_number_where_both_are_positive():
    kappa = curvature.condition_number([0.00382209, -0.0134, 0.0, 2.0], [1.15574, 0.4535, 1.0, 2.0])
    assert kappa[0] == pytest.approx(302.38, rel=1e-4) and kappa[3] == 1.0
    assert np.isnan(kappa[1]) and np.isnan(kappa[2])
