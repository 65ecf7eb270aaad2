"""The forward pass, where it is written more than once (see ``surface.network``'s docstring): each kept copy
computes what the reference computes. These are the parities no other file holds; the grid's, the curvature
grid's, the compiled F, ∇F and H and backpropagation's gradient and Jacobian are in test_grid, test_curvature,
test_compiled, test_data and test_gradcheck."""

import numpy as np
import pytest

import surface
from surface import backprop, network
from surface import training_set as ts
from surface.algorithms import sample_order

SETS = {
    "nominal": None,
    "sine purelin": ts.sine(),
    "noisy sine logsig": ts.noisy_sine(0.1, 3).with_output("logsig"),
    "three points": ts.from_points([(-1.0, 0.2), (0.0, 0.9), (2.0, 0.4)]),
}


def points(n: int, seed: int = 0) -> np.ndarray:
    return network.NOMINAL + np.random.default_rng(seed).normal(scale=3.0, size=(n, 7))


@pytest.mark.parametrize("name", SETS)
def test_the_reference_forms_agree(name):
    data = SETS[name]
    x = points(16)
    p, t, linear = network.training_pairs(data)
    *_, (a2, _, _) = network._forward(x, p, linear)
    np.testing.assert_array_equal(network.output(x, data=data), a2)
    f, _ = network.value_and_gradient(x, data)
    np.testing.assert_allclose(f, network.performance(x, data), rtol=1e-14, atol=0)
    np.testing.assert_array_equal(network.residuals(x, data), t - a2)


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("free", [(0, 4), (2, 1, 5), tuple(range(7)), (6,)])
def test_the_compiled_errors_jacobian_and_value_equal_the_reference(name, free):
    from surface.compiled import network as kernels

    data = SETS[name]
    names = tuple(network.PARAMS[i] for i in free)
    base = network.NOMINAL + np.random.default_rng(len(free)).normal(size=7)
    problem = surface.Problem.make(names, base, data)
    p, t, output = kernels.kernel_data(problem.data)
    net = kernels.make_net(np.array(base), p, t, output)
    index = np.array(free, dtype=np.int64)
    for z in points(6, seed=len(free))[:, list(free)]:
        z = np.ascontiguousarray(z)
        e, jac = np.empty(p.size), np.empty((p.size, len(free)))
        kernels.residuals_jacobian(net, index, z, e, jac)
        np.testing.assert_allclose(e, problem.residuals(z), rtol=0, atol=1e-14)
        np.testing.assert_allclose(jac, problem.jacobian(z), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(kernels.value(net, index, z), problem.performance(z), rtol=1e-12, atol=1e-15)


def test_the_compiled_sample_order_is_the_reference_s():
    from surface.compiled import steps

    order = np.empty(41, dtype=np.int64)
    for seed in (0, 1, 7, 2**31 - 1):
        for epoch in (0, 1, 2, 999, 49_999):
            steps.sample_order(seed, epoch, order)
            np.testing.assert_array_equal(order, sample_order(seed, epoch, 41))


@pytest.mark.parametrize("name", SETS)
def test_backpropagations_single_sample_gradient_is_the_networks(name):
    data = SETS[name]
    x = points(5)
    for q in (0, 1, 2):
        np.testing.assert_allclose(
            backprop.sample_gradient(x, q, data), network.sample_gradient(x, q, data), rtol=1e-13, atol=1e-13
        )
