"""The compiled engine: every algorithm's loop equals its numpy reference, and only a problem that declares it runs it.

The reference (``train(..., compiled=False)``) and the compiled loop do the same arithmetic in the same order, but
numpy sums through BLAS and einsum and its ``exp`` is not ours, so the two differ in the last bit of F and ∇F.
Where an algorithm amplifies its own last bit, the reference itself is not reproducible to 1e-10 (VLBP raising α
to the edge of stability, RMSprop normalising a gradient component that is pure cancellation, CG's golden section
comparing F values that differ only by rounding once it has converged, Newton's huge steps across a plateau).
The cases below are long stretches of real movement where the reference is well conditioned: a step that
decides on rounding noise would make them differ.
"""

import math

import numpy as np
import pytest

import surface
from surface import network, testproblems
from surface.algorithms.base import HALT_REASONS

BOOK = ("w1_11", "w2_11")
THREE = ("b1_1", "w1_21", "w2_12")

# (algorithm, hyperparameters, epochs, grad_tol, [(pair, start), ...])
CASES = [
    ("sdbp", {"alpha": 0.5}, 10_000, 0.0, [(BOOK, (-4.0, -4.0)), (THREE, (1.0, 3.0, -2.0))]),
    ("sdbp", {"alpha": 0.05}, 10_000, 0.0, [(BOOK, (-4.0, 10.0)), (THREE, (-3.0, 8.0, 2.0))]),
    ("mobp", {"alpha": 0.5, "gamma": 0.8}, 10_000, 0.0, [(BOOK, (-4.0, -4.0)), (THREE, (1.0, 3.0, -2.0))]),
    # an epoch of sgd is 41 steps, and the reference spends 3 ms on it: 500 epochs are 20,500 steps
    ("sgd", {"alpha": 0.2, "seed": 7}, 500, 0.0, [(BOOK, (-4.0, -4.0)), (THREE, (1.0, 3.0, -2.0))]),
    ("nesterov", {"alpha": 0.02}, 10_000, 0.0, [(BOOK, (-4.0, -4.0)), (THREE, (1.0, 3.0, -2.0))]),
    ("rmsprop", {"alpha": 1e-4}, 10_000, 0.0, [(BOOK, (-4.0, -4.0)), (THREE, (1.0, 3.0, -2.0))]),
    ("adam", {"alpha": 0.01}, 10_000, 0.0, [(BOOK, (-4.0, -4.0)), (BOOK, (-4.0, 10.0)), (THREE, (1.0, 3.0, -2.0))]),
    ("vlbp", {}, 10_000, 1e-6, [(BOOK, (-4.0, -4.0)), (BOOK, (0.0, 0.0)), (THREE, (1.0, 3.0, -2.0))]),
    ("vlbp", {"alpha": 5.0, "rho": 0.5}, 400, 0.0, [(BOOK, (-4.0, -4.0))]),  # many rejections
    ("cgbp", {}, 20_000, 1e-6, [(BOOK, (8.0, 3.0)), (BOOK, (2.5, 3.0)), (THREE, (0.0, 12.0, 0.5))]),
    ("lmbp", {}, 20_000, 1e-8, [(BOOK, (-4.0, -4.0)), (BOOK, (-4.0, 10.0)), (THREE, (1.0, 3.0, -2.0))]),
    ("newton", {}, 20_000, 1e-10, [(BOOK, (3.0, -2.0)), (THREE, (1.0, 3.0, -2.0)), (THREE, (-6.0, 9.0, 1.5))]),
    ("br", {}, 20_000, 1e-9, [(BOOK, (5.0, 5.0)), (BOOK, (12.0, 20.0)), (THREE, (2.0, 5.0, 0.0))]),
]


def assert_close(a, b, path="extras"):
    """Nested extras equal: the same keys, lengths, strings and flags; numbers within 1e-10 (relative for large)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), path
        for key in a:
            assert_close(a[key], b[key], f"{path}[{key!r}]")
    elif isinstance(a, list | tuple | np.ndarray):
        assert len(a) == len(b), path
        for i, (u, v) in enumerate(zip(a, b, strict=True)):
            assert_close(u, v, f"{path}[{i}]")
    elif isinstance(a, bool | str):
        assert a == b, path
    else:
        a, b = float(a), float(b)
        assert (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-10 * max(1.0, abs(b)), (path, a, b)


@pytest.mark.parametrize("name, hyper, epochs, grad_tol, runs", CASES, ids=[f"{c[0]}{c[1] or ''}" for c in CASES])
def test_compiled_loop_equals_numpy_reference(name, hyper, epochs, grad_tol, runs):
    for pair, start in runs:
        kw = dict(pair=pair, epochs=epochs, grad_tol=grad_tol, **hyper)
        fast = surface.train(name, start, **kw)
        slow = surface.train(name, start, compiled=False, **kw)
        assert fast.status == slow.status and fast.epochs == slow.epochs, (pair, start, fast.message, slow.message)
        assert fast.epochs >= 5 and np.max(np.abs(fast.end - fast.start)) > 0.5  # real movement
        np.testing.assert_allclose(fast.xs, slow.xs, rtol=0, atol=1e-10)
        np.testing.assert_allclose(fast.F, slow.F, rtol=0, atol=1e-10)
        np.testing.assert_allclose(fast.grad_norm, slow.grad_norm, rtol=0, atol=1e-10)
        assert fast.evaluations == slow.evaluations
        np.testing.assert_array_equal(fast.evals, slow.evals)
        assert_close(fast.extras, slow.extras)


def test_the_cases_cover_every_algorithm_and_their_events():
    assert {c[0] for c in CASES} == set(surface.ALGORITHMS)
    vlbp = surface.train("vlbp", (-4.0, -4.0), epochs=400, grad_tol=0, alpha=5.0, rho=0.5)
    assert len(vlbp.extras["rejected"]) > 5  # the rejection case really rejects
    cg = surface.train("cgbp", (8.0, 3.0), epochs=100, grad_tol=1e-6)
    assert len(cg.extras["line_search"]) >= cg.epochs and all(s["probes"] for s in cg.extras["line_search"])


class FlippedGradient(surface.Problem):
    """A planted bug: the gradient points uphill."""

    def gradient(self, z):
        return -super().gradient(z)

    def value_and_gradient(self, z):
        f, g = super().value_and_gradient(z)
        return f, -g


def test_a_subclass_with_a_planted_bug_runs_the_reference_of_its_own_gradient():
    clean = surface.Problem.make()
    buggy = FlippedGradient(clean.free, clean.base, clean.index)
    assert clean.compiled() is not None and buggy.compiled() is None
    run = surface.train("sdbp", (-4.0, -4.0), epochs=50, alpha=0.5, problem=buggy)
    reference = surface.train("sdbp", (-4.0, -4.0), epochs=50, alpha=0.5, problem=buggy, compiled=False)
    honest = surface.train("sdbp", (-4.0, -4.0), epochs=50, alpha=0.5)
    np.testing.assert_array_equal(run.xs, reference.xs)  # the same numpy path, bit for bit
    assert np.all(np.diff(run.F) > 0)  # it climbs, as its gradient says
    assert not np.allclose(run.xs[-1], honest.xs[-1])


def test_a_problem_whose_method_was_replaced_loses_its_compiled_form():
    problem = surface.Problem.make()
    object.__setattr__(problem, "gradient", lambda z: np.zeros(2))
    assert problem.compiled() is None


def test_a_subclass_may_opt_in_again():
    class Labelled(surface.Problem):
        COMPILABLE = True  # adds nothing to the math

    clean = surface.Problem.make()
    assert Labelled(clean.free, clean.base, clean.index).compiled() is not None


def test_problems_without_a_compiled_form_run_the_reference():
    bowl = testproblems.quadratic_bowl()
    a = surface.train("lmbp", (3.0, 4.0), problem=bowl, epochs=20)
    b = surface.train("lmbp", (3.0, 4.0), problem=bowl, epochs=20, compiled=False)
    np.testing.assert_array_equal(a.xs, b.xs)


@pytest.mark.parametrize("name", ["lmbp", "br"])
def test_halts_are_worded_by_the_algorithm_itself(name):
    # at the global minimum no step lowers F: μ grows past μ max
    tr = surface.train(name, (10.0, 1.0), epochs=50, grad_tol=0, mu_max=1e3)
    reference = surface.train(name, (10.0, 1.0), epochs=50, grad_tol=0, mu_max=1e3, compiled=False)
    algo = surface.ALGORITHMS[name](mu_max=1e3)
    status, _ = algo.halt("mu_max", algo.STATE(x=tr.end, F=tr.F[-1], g=np.zeros(2)))
    assert tr.status == reference.status == status and tr.epochs == reference.epochs
    for reason in algo.HALTS:
        assert reason in HALT_REASONS


def test_a_halt_that_quotes_the_state_is_worded_alike():
    # Bayesian regularization ends at the minimum of its regularized index near the local minimum of F, where
    # its state (μ, α, β, γ) is well defined: the compiled loop passes the same state to the same words
    kw = dict(epochs=200, grad_tol=0, mu_max=1e3)
    tr = surface.train("br", (-4.0, 10.0), **kw)
    reference = surface.train("br", (-4.0, 10.0), compiled=False, **kw)
    assert tr.status == reference.status and tr.epochs == reference.epochs
    assert tr.message == reference.message


def test_newton_halts_where_the_hessian_is_singular():
    tr = surface.train("newton", (5.0, 5.0), epochs=50, grad_tol=1e-10)
    reference = surface.train("newton", (5.0, 5.0), epochs=50, grad_tol=1e-10, compiled=False)
    assert tr.status == reference.status == "singular" and tr.epochs == reference.epochs
    assert tr.message == reference.message


@pytest.mark.parametrize("free", [(0, 4), (2, 1, 5), (0, 1, 2, 3, 4, 5, 6), (6,), (3, 2)])
def test_compiled_network_equals_the_numpy_network(free):
    rng = np.random.default_rng(len(free))
    names = tuple(network.PARAMS[i] for i in free)
    fixed = network.NOMINAL + rng.normal(size=7)
    problem = surface.Problem.make(names, fixed)
    fast = problem.compiled()
    z = rng.normal(scale=5.0, size=(20, len(free)))
    f, g = problem.value_and_gradient(z)
    ff, gg, hh = fast.value_gradient_hessian(z)
    np.testing.assert_allclose(ff, f, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(gg, g, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(hh, problem.hessian(z), rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(fast.performance(z), f, rtol=1e-13, atol=1e-15)
    assert isinstance(fast.performance(z[0]), float)
    assert fast.gradient(z[0]).shape == (len(free),) and fast.hessian(z[:4].reshape(2, 2, -1)).shape[:2] == (2, 2)


def test_compiled_linear_algebra_equals_numpy():
    from surface.compiled import linalg

    rng = np.random.default_rng(3)
    for k in range(1, 8):
        a = rng.normal(size=(k, k))
        b = rng.normal(size=(k, 2))
        x = np.empty((k, 2))
        assert linalg.solve(a.copy(), b, x)
        np.testing.assert_allclose(x, np.linalg.solve(a, b), rtol=1e-9, atol=1e-10)
        s = a + a.T
        eig = np.empty(k)
        assert linalg.symmetric_eigenvalues(s.copy(), eig)
        np.testing.assert_allclose(eig, np.linalg.eigvalsh(s), atol=1e-12 * np.abs(s).max())
        assert linalg.condition(s) == pytest.approx(np.linalg.cond(s), rel=1e-8)
    assert not linalg.solve(np.zeros((2, 2)), np.ones((2, 1)), np.empty((2, 1)))
    assert linalg.condition(np.diag([1.0, 0.0])) == np.inf


def test_compiled_exponential_is_within_an_ulp_of_numpy():
    from surface.compiled import network as kernels

    m = np.concatenate([np.random.default_rng(1).uniform(0, 800, 200_000), np.linspace(0, 1, 10_001), [708.0]])
    reference = np.exp(-np.minimum(m, 708.0))  # the loops clamp at 708 so that 2^-k stays a normal number
    got = kernels.exp_neg_array(m)
    assert np.max(np.abs(got - reference) / reference) <= 1.01 * np.finfo(float).eps
    assert kernels.exp_neg_array(np.zeros(1))[0] == 1.0
