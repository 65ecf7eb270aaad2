"""Planes through the seven parameters: F over them equals a point-by-point loop, a coordinate plane is the
pair's grid exactly, projections are least squares, and each constructor's directions are what it says."""

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import surface
from surface import planes
from surface import training_set as ts


def loop(plane, alphas, betas, data=None):
    return np.array([[surface.performance(plane.point(a, b), data) for a in alphas] for b in betas])


def some_planes():
    x = surface.NOMINAL + np.array([0.5, -1.0, 0.3, -0.2, 0.4, -0.1, 0.2])
    path = surface.full_path(surface.train("lmbp", x, surface.PARAMS, epochs=30))
    return {
        "pair": surface.plane_from_pair("w1_11", "b2", {"w2_12": 0.5}),
        "hessian": surface.hessian_plane(x),
        "pca": surface.pca_plane(path),
        "random": surface.random_plane(x, seed=3),
        "line": surface.line_plane(path[0], path[-1], "random", seed=1),
        "custom": surface.Plane(x, np.arange(7.0), np.ones(7), ("a", "b")),
    }


@pytest.mark.parametrize("kind", ["pair", "hessian", "pca", "random", "line", "custom"])
@pytest.mark.parametrize("data", [None, ts.sine(), ts.from_points([(0, 0.1), (1, 0.9), (3, 0.4)])])
def test_plane_grids_equal_a_point_by_point_loop(kind, data):
    plane = some_planes()[kind]
    alphas, betas = np.linspace(-1.5, 2.0, 17), np.linspace(-1.0, 1.0, 13)
    np.testing.assert_allclose(
        surface.evaluate_plane(plane, alphas, betas, data), loop(plane, alphas, betas, data), rtol=1e-12, atol=1e-12
    )


@given(
    pair=st.lists(st.sampled_from(surface.PARAMS), min_size=2, max_size=2, unique=True),
    lo=st.floats(-20, 10),
    width=st.floats(0.5, 30),
    n=st.integers(2, 40),
)
def test_a_coordinate_plane_is_the_pair_s_grid_exactly(pair, lo, width, n):
    xs = np.linspace(lo, lo + width, n)
    ys = np.linspace(-lo, -lo + width / 2, n + 3)
    plane = surface.plane_from_pair(*pair, {"b2": 0.3})
    np.testing.assert_array_equal(
        surface.evaluate_plane(plane, xs, ys), surface.evaluate_grid(*pair, xs, ys, {"b2": 0.3})
    )


def test_large_planes_go_in_blocks_and_stay_bounded():
    plane = some_planes()["random"]
    alphas, betas = np.linspace(-1, 1, 700), np.linspace(-1, 1, 90)
    f = surface.evaluate_plane(plane, alphas, betas)
    np.testing.assert_allclose(f[::37, ::101], loop(plane, alphas[::101], betas[::37]), rtol=1e-12)
    with pytest.raises(ValueError, match="at most"):
        surface.evaluate_plane(plane, np.zeros(surface.MAX_AXIS + 1), [0.0])


def test_projection_is_least_squares_and_exact_on_the_plane():
    plane = surface.Plane(np.zeros(7), np.eye(7)[0] + np.eye(7)[1], np.eye(7)[1], ("u", "v"))  # 45° apart
    assert plane.angle == pytest.approx(45.0)
    coords = np.array([[1.0, 2.0], [-0.5, 3.0]])
    on = plane.point(coords[:, 0], coords[:, 1])
    p = surface.project(plane, on)
    np.testing.assert_allclose(p.coords, coords, atol=1e-14)
    np.testing.assert_allclose(p.distance, 0, atol=1e-14)
    off = on + np.eye(7)[4] * 2.0  # a component the plane cannot hold
    q = surface.project(plane, off)
    np.testing.assert_allclose(q.coords, coords, atol=1e-14)
    np.testing.assert_allclose(q.distance, 2.0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20, 7))
    lsq = np.linalg.lstsq(plane.basis, (x - plane.origin).T, rcond=None)[0].T
    np.testing.assert_allclose(surface.project(plane, x).coords, lsq, atol=1e-12)


def test_a_pair_plane_projects_to_the_pair_s_values():
    plane = surface.plane_from_pair("b1_1", "w2_12")
    x = np.random.default_rng(1).normal(size=(5, 7))
    np.testing.assert_allclose(surface.project(plane, x).coords, x[:, [2, 5]], atol=1e-14)
    assert plane.labels == ("b¹₁", "w²₁,₂") and plane.pair == ("b1_1", "w2_12")


def test_hessian_directions_are_the_largest_curvatures():
    x = surface.NOMINAL + 0.3
    plane = surface.hessian_plane(x)
    h = surface.hessian(x)
    lam = np.linalg.eigvalsh(h)
    big = lam[np.argsort(-np.abs(lam))[:2]]
    for d, value, label in zip((plane.u, plane.v), big, plane.labels, strict=True):
        np.testing.assert_allclose(h @ d, value * d, atol=1e-9 * abs(lam).max())
        assert f"λ = {value:.3g}" in label
    assert plane.angle == pytest.approx(90.0)


def test_pca_directions_hold_the_path_s_variance():
    rng = np.random.default_rng(2)
    t = np.linspace(0, 1, 50)
    path = surface.NOMINAL + np.outer(t, np.eye(7)[0] * 3) + np.outer(np.sin(6 * t), np.eye(7)[3]) * 0.5
    path = path + rng.normal(0, 1e-4, path.shape)
    plane = surface.pca_plane(path)
    span = plane.basis @ np.linalg.pinv(plane.basis)  # the projector onto the plane's directions
    assert np.linalg.norm(span @ np.eye(7)[0]) > 0.9999 and np.linalg.norm(span @ np.eye(7)[3]) > 0.9999
    assert plane.u[0] > 0  # it points the way the path went
    assert "% of variance" in plane.labels[0]
    np.testing.assert_array_equal(plane.origin, path[-1])
    assert surface.project(plane, path).distance.max() < 1e-3
    with pytest.raises(ValueError, match="lies on a line"):
        surface.pca_plane(surface.NOMINAL + np.outer(t, np.ones(7)))


def test_random_directions_are_scaled_neuron_by_neuron():
    x = surface.NOMINAL.copy()
    plane = surface.random_plane(x, seed=5)
    for d in (plane.u, plane.v):
        for block in planes.NEURONS:
            assert np.linalg.norm(d[list(block)]) == pytest.approx(np.linalg.norm(x[list(block)]))
    again = surface.random_plane(x, seed=5)
    np.testing.assert_array_equal(again.u, plane.u)
    zero = surface.random_plane(np.zeros(7), seed=5)  # a neuron with no weights: its block at unit norm
    assert np.linalg.norm(zero.u[[4, 5, 6]]) == pytest.approx(1.0)


def test_the_line_plane_runs_from_start_to_end():
    a, b = np.zeros(7), surface.NOMINAL
    plane = surface.line_plane(a, b, "hessian")
    np.testing.assert_allclose(plane.point(0, 0), a)
    np.testing.assert_allclose(plane.point(1, 0), b)
    assert abs(plane.u @ plane.v) < 1e-9 * np.linalg.norm(plane.u) * np.linalg.norm(plane.v)
    assert plane.labels[0] == "start → end" and "⊥ start → end" in plane.labels[1]
    with pytest.raises(ValueError, match="along the line"):
        surface.line_plane(a, b, 2 * b)
    with pytest.raises(ValueError, match="same point"):
        surface.line_plane(b, b)


def test_a_plane_moves_through_a_point_keeping_its_coordinates():
    plane = some_planes()["random"]
    x = surface.NOMINAL * 0.7
    moved = plane.through(x)
    np.testing.assert_array_equal(moved.u, plane.u)
    p = surface.project(moved, x)
    assert p.distance == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(p.coords, surface.project(plane, x).coords, atol=1e-12)


def test_a_plane_goes_to_plain_data_and_back():
    for plane in some_planes().values():
        back = surface.Plane.from_dict(json.loads(json.dumps(plane.to_dict())))
        for name in ("origin", "u", "v"):
            np.testing.assert_array_equal(getattr(back, name), getattr(plane, name))
        assert back.labels == plane.labels and back.kind == plane.kind and back.pair == plane.pair


def test_degenerate_planes_are_refused():
    with pytest.raises(ValueError, match="not parallel"):
        surface.Plane(np.zeros(7), np.ones(7), 2 * np.ones(7))
    with pytest.raises(ValueError, match="7 finite"):
        surface.Plane(np.zeros(6), np.ones(7), np.eye(7)[0])
