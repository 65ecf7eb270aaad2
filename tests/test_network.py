"""The 1-2-1 network: training set, performance index and exact derivatives against central differences."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import surface
from surface import network


def central_difference(f, x, h=1e-6):
    """d f / d x by central differences, stacked on a last axis of len(x)."""
    cols = []
    for i in range(len(x)):
        step = np.zeros_like(x)
        step[i] = h
        cols.append((np.asarray(f(x + step)) - np.asarray(f(x - step))) / (2 * h))
    return np.stack(cols, axis=-1)


def random_points(seed, n=12, spread=4.0):
    rng = np.random.default_rng(seed)
    return surface.NOMINAL + rng.normal(0.0, spread, (n, 7))


def test_parameter_order_and_nominal_values():
    assert surface.PARAMS == ("w1_11", "w1_21", "b1_1", "b1_2", "w2_11", "w2_12", "b2")
    np.testing.assert_array_equal(surface.NOMINAL, [10, 10, -5, 5, 1, 1, -1])
    assert surface.LABELS["w1_21"] == "w¹₂,₁"


def test_training_inputs_are_exact_tenths():
    assert surface.P.shape == (41,)
    np.testing.assert_allclose(surface.P, np.linspace(-2, 2, 41), atol=1e-12, rtol=0)
    assert surface.P[20] == 0.0 and surface.P[0] == -2.0 and surface.P[-1] == 2.0
    assert all(abs(p * 10 - round(p * 10)) < 1e-12 for p in surface.P)


def test_targets_are_the_nominal_network():
    p = surface.P
    hidden = 1 / (1 + np.exp(-(10 * p - 5))) + 1 / (1 + np.exp(-(10 * p + 5)))
    np.testing.assert_allclose(surface.T, 1 / (1 + np.exp(-(hidden - 1))), rtol=0, atol=1e-15)


def test_global_minimum_is_zero_at_nominal():
    assert surface.performance(surface.NOMINAL) == 0.0
    np.testing.assert_array_equal(surface.gradient(surface.NOMINAL), np.zeros(7))


def test_performance_is_sum_of_squared_errors():
    x = random_points(1, n=1)[0]
    e = surface.residuals(x)
    assert e.shape == (41,)
    assert surface.performance(x) == pytest.approx(float(np.sum(e**2)), rel=1e-14)


@pytest.mark.parametrize("seed", range(4))
def test_gradient_matches_central_differences(seed):
    for x in random_points(seed):
        np.testing.assert_allclose(
            surface.gradient(x), central_difference(surface.performance, x), rtol=1e-6, atol=1e-8
        )


@pytest.mark.parametrize("seed", range(4))
def test_jacobian_matches_central_differences(seed):
    for x in random_points(seed):
        J = surface.jacobian(x)
        assert J.shape == (41, 7)
        np.testing.assert_allclose(J, central_difference(surface.residuals, x), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("seed", range(4))
def test_hessian_matches_central_differences_of_gradient(seed):
    for x in random_points(seed):
        H = surface.hessian(x)
        np.testing.assert_allclose(H, H.T, atol=1e-14)
        np.testing.assert_allclose(H, central_difference(surface.gradient, x), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("seed", range(3))
def test_gradient_is_twice_jacobian_transpose_times_errors(seed):
    for x in random_points(seed):
        np.testing.assert_allclose(
            surface.gradient(x), 2 * surface.jacobian(x).T @ surface.residuals(x), rtol=1e-12, atol=1e-15
        )


def test_batched_calls_equal_one_point_calls():
    X = random_points(7, n=6).reshape(2, 3, 7)
    F, G, J, H = surface.performance(X), surface.gradient(X), surface.jacobian(X), surface.hessian(X)
    assert F.shape == (2, 3) and G.shape == (2, 3, 7) and J.shape == (2, 3, 41, 7) and H.shape == (2, 3, 7, 7)
    for i in range(2):
        for j in range(3):
            assert F[i, j] == pytest.approx(surface.performance(X[i, j]), rel=1e-14)
            np.testing.assert_allclose(H[i, j], surface.hessian(X[i, j]), rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize(
    "free", [("w1_11", "w2_11"), ("b1_1", "b1_2"), ("b2",), ("w2_12", "w1_21", "b1_1"), surface.PARAMS]
)
def test_restricted_derivatives_match_central_differences(free):
    fixed = {"b2": -0.5, "w1_21": 7.0}
    problem = surface.Problem.make(free, fixed)
    rng = np.random.default_rng(len(free))
    for _ in range(5):
        z = problem.restrict(problem.embed(np.zeros(len(free)))) + rng.normal(0, 3, len(free))
        g = problem.gradient(z)
        np.testing.assert_allclose(g, central_difference(problem.performance, z), rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(problem.jacobian(z), central_difference(problem.residuals, z), rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(problem.hessian(z), central_difference(problem.gradient, z), rtol=1e-6, atol=1e-7)
        np.testing.assert_allclose(g, 2 * problem.jacobian(z).T @ problem.residuals(z), rtol=1e-12, atol=1e-15)
    # the fixed values are the ones asked for, the free ones come from z
    x = problem.embed(np.arange(len(free), dtype=float))
    for name, value in fixed.items():
        if name not in free:
            assert x[surface.PARAMS.index(name)] == value
    assert list(problem.restrict(x)) == list(range(len(free)))


def test_restricted_problem_rejects_bad_names():
    with pytest.raises(ValueError, match="unknown parameter 'w3'"):
        surface.Problem.make(("w3", "b2"))
    with pytest.raises(ValueError, match="distinct"):
        surface.Problem.make(("b2", "b2"))
    with pytest.raises(ValueError, match="finite"):
        surface.Problem.make(("b2",), {"w1_11": float("nan")})


EXTREMES = [
    np.array([1e6, -1e6, 1e6, -1e6, 1e6, -1e6, 1e6]),
    np.array([-1e6, 1e6, -1e6, 1e6, -1e6, 1e6, -1e6]),
    np.full(7, np.finfo(float).max),
    np.full(7, -np.finfo(float).max),
    np.array([1e300, 1e-300, -1e300, 5.0, 1e200, -1e200, 0.0]),
]


@pytest.mark.parametrize("x", EXTREMES)
def test_extreme_parameters_give_no_warning_and_no_nan(x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = [surface.performance(x), surface.gradient(x), surface.jacobian(x), surface.hessian(x)]
        values.append(surface.evaluate_grid("w1_11", "b2", [x[0], -x[0]], [x[6], 0.0], fixed=x))
    for v in values:
        assert not np.any(np.isnan(v))
    assert np.isfinite(values[0]) and np.all(np.isfinite(values[1])) and np.all(np.isfinite(values[2]))


finite_parameter = st.floats(allow_nan=False, allow_infinity=False, width=64)


@given(st.lists(finite_parameter, min_size=7, max_size=7))
def test_any_finite_parameters_are_safe(values):
    x = np.array(values)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f = surface.performance(x)
        g = surface.gradient(x)
        h = surface.hessian(x)
    assert 0.0 <= f <= 41.0
    assert np.all(np.isfinite(g))
    assert not np.any(np.isnan(h))


def test_logsig_is_exact_in_both_tails():
    n = np.array([-800.0, -40.0, 0.0, 40.0, 800.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = network.logsig(n)
    np.testing.assert_allclose(a[1], np.exp(-40.0) / (1 + np.exp(-40.0)), rtol=1e-15)
    assert a[0] == 0.0 and a[2] == 0.5 and a[4] == 1.0
