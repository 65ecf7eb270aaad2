"""Every run says what happened: oscillation and its cause, global or local minima, and the finishes of LM and BR."""

import re

import numpy as np
import pytest

import surface
from surface import outcome, testproblems
from surface.algorithms import ALGORITHMS

BOOK_MINIMUM = (10.0, 1.0)
LAMBDA_MAX = float(np.linalg.eigvalsh(surface.Problem.make().hessian(np.array(BOOK_MINIMUM))).max())


@pytest.fixture(scope="module")
def book_oscillation():
    """Steepest descent from (-4, -4) at the book demo's lr 3.5, α = 1.75, over 300,000 epochs."""
    return surface.train("sdbp", (-4.0, -4.0), epochs=300_000, alpha=1.75)


def test_the_largest_curvature_at_the_book_minimum():
    assert pytest.approx(1.1557433, abs=1e-7) == LAMBDA_MAX
    assert pytest.approx(1.7305, abs=1e-4) == 2 / LAMBDA_MAX
    assert outcome.stable_alpha("sdbp", LAMBDA_MAX) == 2 / LAMBDA_MAX


def test_steepest_descent_at_alpha_1_75_oscillates_and_says_why(book_oscillation):
    tr = book_oscillation
    assert tr.status == "oscillating"
    assert tr.epochs == 300_000
    best = int(np.argmin(tr.F))
    assert 2000 < best < 2300 and tr.F[best] < 1e-10  # it reached the minimum ...
    assert tr.F[-1] > 4e-3  # ... and climbed back
    m = tr.message
    assert f"F fell to {tr.F[best]:.3g} at epoch {best:,}" in m
    assert "between 0.00409 and 0.00476" in m
    assert "the global minimum of this slice at (w¹₁,₁, w²₁,₁) = (10, 1)" in m
    assert "λmax = 1.156" in m and "α < 2/λmax ≈ 1.73" in m and "α = 1.75 is above it" in m
    assert "α·λmax = 2.02 > 2" in m


def test_just_below_the_limit_steepest_descent_settles():
    tr = surface.train("sdbp", (-4.0, -4.0), epochs=300_000, alpha=1.72)
    assert tr.status == "gradient", tr.message
    np.testing.assert_allclose(tr.end, BOOK_MINIMUM, atol=1e-5)


def test_momentum_has_its_own_limit_on_the_network():
    limit = outcome.stable_alpha("mobp", LAMBDA_MAX, 0.8)
    assert limit == pytest.approx(2 * 1.8 / (0.2 * LAMBDA_MAX)) and 15.5 < limit < 15.6
    inside = surface.train("mobp", (-4.0, -4.0), epochs=100_000, alpha=15.4, gamma=0.8)
    assert inside.status == "gradient", inside.message
    outside = surface.train("mobp", (-4.0, -4.0), epochs=100_000, alpha=16.0, gamma=0.8)
    assert outside.status == "oscillating", outside.message
    assert "momentum with γ = 0.8 is stable there only for α < 2(1 + γ)/((1 − γ)λmax) ≈ 15.6" in outside.message
    assert "α = 16 is above it" in outside.message


def momentum_errors(c: float, gamma: float, steps: int = 3000) -> float:
    """|e| after ``steps`` of e_{k+1} = (1 + γ − c) e_k − γ e_{k−1} from e_0 = e_{-1} = 1 (the filtered momentum
    step along an eigenvector of a quadratic, with c = (1 − γ)αλ)."""
    e_prev, e = 1.0, 1.0
    for _ in range(steps):
        e_prev, e = e, (1 + gamma - c) * e - gamma * e_prev
        if abs(e) > 1e12:
            break
    return abs(e)


@pytest.mark.parametrize("gamma", [0.0, 0.3, 0.8, 0.95])
def test_momentum_condition_against_simulation_on_quadratics(gamma):
    # the recurrence itself: stable just inside (1 − γ)αλ < 2(1 + γ), unstable just outside
    edge = 2 * (1 + gamma)
    assert momentum_errors(0.99 * edge, gamma) < 1e-6
    assert momentum_errors(1.01 * edge, gamma) > 1e6
    # and the algorithm on a two-dimensional quadratic bowl, whose Hessian is 2 MᵀM
    bowl = testproblems.quadratic_bowl(((2.0, 0.5), (0.0, 1.0)), (1.0, -2.0))
    lam = float(np.linalg.eigvalsh(bowl.hessian(np.zeros(2))).max())
    limit = outcome.stable_alpha("mobp", lam, gamma)
    kw = dict(problem=bowl, epochs=4000, grad_tol=0, gamma=gamma)
    stable = surface.train("mobp", (3.0, 4.0), alpha=0.98 * limit, **kw)
    unstable = surface.train("mobp", (3.0, 4.0), alpha=1.02 * limit, **kw)
    assert stable.F[-1] < 1e-12
    assert unstable.status == "diverged" or unstable.F[-1] > unstable.F[0]


def test_momentum_with_no_momentum_has_steepest_descents_limit():
    assert outcome.stable_alpha("mobp", 3.0, 0.0) == outcome.stable_alpha("sdbp", 3.0) == 2 / 3
    assert outcome.stable_alpha("sdbp", -1.0) == np.inf  # a maximum does not hold a run
    with pytest.raises(ValueError, match="no fixed-step stability limit"):
        outcome.stable_alpha("adam", 1.0)


def test_other_algorithms_oscillate_without_a_fixed_step_claim():
    tr = surface.train("rmsprop", (-4.0, -4.0), epochs=20_000)
    assert tr.status == "oscillating"
    assert "a local minimum at (w¹₁,₁, w²₁,₁) = (0.8828, 38.62)" in tr.message
    assert "(A stability limit on α is worked out for steepest descent and momentum only, not for RMSprop.)" in (
        tr.message
    )
    assert "λmax" not in tr.message


def test_sampling_noise_is_not_oscillation():
    # near the local minimum the samples' errors do not vanish: each single-sample step pulls its own way
    tr = surface.train("sgd", (0.5, 35.0), epochs=20_000, alpha=0.5)
    assert tr.status == "max_epochs"
    assert "The noise of single-sample steps keeps it moving around a local minimum" in tr.message
    assert "jittering between" in tr.message


def test_bouncing_where_every_sample_error_vanishes_is_no_noise():
    # a record made up for the purpose: incremental steps bouncing across the global minimum, where F = 0
    problem = surface.Problem.make()
    a, b = np.array([9.93, 1.09]), np.array([9.925, 0.92])
    xs = np.array([[-4.0, -4.0]] + [a if k % 2 else b for k in range(1, 400)])
    fs = problem.performance(xs)
    gns = np.linalg.norm(problem.gradient(xs), axis=1)
    status, message = outcome.describe(
        ALGORITHMS["sgd"](alpha=1.0), "max_epochs", "", problem, xs, fs, gns, goal=0, grad_tol=0, bound=1e4, epochs=399
    )
    assert status == "oscillating"
    assert "every sample's error vanishes: this is no sampling noise" in message


def test_a_crawl_through_the_flat_region_is_not_oscillation():
    tr = surface.train("sdbp", (-4.0, -4.0), epochs=20_000, alpha=0.05)
    assert tr.status == "max_epochs" and tr.F[-1] < tr.F[0]
    assert "Oscillating" not in tr.message


def test_a_zigzag_that_still_descends_is_not_oscillation():
    # unstable across a valley (every step turns back) while it still crawls down the valley
    tr = surface.train("sdbp", (-4.0, -4.0, 0.0), pair=("w1_11", "w2_11", "b2"), epochs=20_000, alpha=0.5, grad_tol=0)
    assert tr.status == "max_epochs"
    assert "Its step turns back in 100% of the last 5,000 epochs: it zig-zags, though F still falls." in tr.message


def test_oscillation_from_histories():
    k = np.arange(2000)
    # a two-point cycle after a good start
    cycle = np.where(k % 2, 2.0, 3.0)
    cycle[:50] = np.linspace(5, 1, 50)
    xs = np.column_stack([np.where(k % 2, 1.0, -1.0), np.zeros(2000)])
    assert outcome.oscillation(cycle, xs) == outcome.Bounce(49, 1.0, 2.0, 3.0, 1999 // 4)
    # the same cycle with F equal at both points (a symmetric bowl) still turns back every step
    assert outcome.oscillation(np.where(k < 50, cycle, 2.0), xs) is not None
    # a slow crawl: F falls, the steps go one way
    crawl = np.column_stack([k * 1e-3, np.zeros(2000)])
    assert outcome.oscillation(1.0 / (1 + k), crawl) is None
    # a spiral into a minimum: F bounces ever less
    spiral = np.exp(-k / 100.0) * (1 + np.cos(k))
    assert outcome.oscillation(spiral, xs * np.exp(-k / 100.0)[:, None]) is None
    # converged: nothing moves
    assert outcome.oscillation(np.full(2000, 1e-30), np.ones((2000, 2))) is None
    # too short to tell
    assert outcome.oscillation(cycle[:30], xs[:30]) is None


def test_levenberg_marquardt_from_minus_4_10_says_local():
    tr = surface.train("lmbp", (-4.0, 10.0), epochs=200)
    assert tr.status == "gradient"
    np.testing.assert_allclose(tr.end, (0.8828, 38.6187), atol=1e-4)
    assert tr.F[-1] == pytest.approx(0.0934221214, rel=1e-8)
    assert "It ended at a local minimum, F = 0.09342, not the global one: F = 0 at (w¹₁,₁, w²₁,₁) = (10, 1)" in (
        tr.message
    )


def test_steepest_descent_from_minus_4_minus_4_says_global():
    tr = surface.train("sdbp", (-4.0, -4.0), epochs=300_000, alpha=0.05)
    assert tr.status == "gradient"
    assert "It ended at the global minimum of this slice, where F = 0." in tr.message
    assert "local" not in tr.message


def test_on_other_slices_the_lowest_minimum_found_is_not_called_global():
    fixed = {"w2_12": -3.0}  # no F = 0 on this slice: its minima have F = 1.264, 1.444, 1.768, ...
    lowest = surface.train("lmbp", (60.0, 5.0), fixed=fixed, epochs=300)
    assert "It ended at the lowest minimum found on this slice, F = 1.264" in lowest.message
    assert "w¹₁,₁ in [-95, 105] and w²₁,₁ in [-95, 105] found none lower" in lowest.message
    assert "global" not in lowest.message
    higher = surface.train("lmbp", (30.0, 5.0), fixed=fixed, epochs=300)
    assert (
        "It ended at a local minimum, F = 1.444: a lower one, F = 1.264, lies at (w¹₁,₁, w²₁,₁) = (66.21, 4.798)"
        in (higher.message)
    )
    # F = 0 is global on any slice: F ≥ 0
    swapped = surface.train("lmbp", (4.0, -4.0), pair=("b1_1", "b1_2"), fixed={"b2": -1.0}, epochs=200)
    assert "global minimum" in swapped.message


def test_more_free_parameters_claim_no_more_than_they_know():
    tr = surface.train("lmbp", (5.0, 5.0, 0.0, 0.0), pair=("w1_11", "w1_21", "b1_1", "b1_2"), fixed={"b2": -0.5})
    assert "It ended at a minimum, F = 0.2009 (lower ones are searched for on slices of two parameters only)" in (
        tr.message
    )


def test_bayesian_regularization_finishes_converged():
    tr = surface.train("br", (-4.0, -4.0), epochs=200)
    assert tr.status == "converged"
    assert "μ passed μ max = 1e+10 because no step lowers βE_D + αE_W" in tr.message
    assert re.search(r"γ = 1\.\d+ of the 2 parameters are well determined", tr.message)
    # at the minimum of βE_D + αE_W, β∇F + 2αx = 0: ∇F points straight back at the origin
    g = surface.Problem.make().gradient(tr.end)
    np.testing.assert_allclose(g / np.linalg.norm(g), -tr.end / np.linalg.norm(tr.end), atol=1e-5)
    assert "∇F = −(2α/β)x" in tr.message


def test_levenberg_marquardt_past_mu_max():
    tr = surface.train("lmbp", (-4.0, 10.0), epochs=200, grad_tol=0)
    assert tr.status == "mu_max"
    assert tr.message.startswith(f"μ passed μ max = 1e+10 after {tr.epochs} iterations: not even a step as short as")
    assert "It ended at a local minimum" in tr.message
    assert tr.extras["mu"][-1] < 1e10 and len(tr.extras["rejected"]) > 0


def test_every_status_has_a_label():
    seen = {
        surface.train(*args, **kw).status
        for args, kw in [
            (("sdbp", (-4.0, -4.0)), dict(epochs=10)),
            (("lmbp", (-4.0, 10.0)), dict(epochs=200)),
            (("lmbp", (-4.0, 10.0)), dict(epochs=200, grad_tol=0)),
            (("br", (-4.0, -4.0)), dict(epochs=200)),
            (("lmbp", (5.0, 5.0)), dict(epochs=100, goal=1e-6)),
            (("sdbp", (-4.0, -4.0)), dict(epochs=100, alpha=1e6)),
            (("sdbp", (-4.0, -4.0)), dict(epochs=100, alpha=1e-300, grad_tol=0)),
            (("newton", (5.0, 5.0)), dict(epochs=200, grad_tol=0)),  # singular after 4 steps on either path
            (("mobp", (-4.0, -4.0)), dict(epochs=20_000, alpha=16.0, gamma=0.8)),
        ]
    }
    assert seen == set(surface.STATUS_LABELS)  # all nine, each met above
    assert all(isinstance(label, str) and label for label in surface.STATUS_LABELS.values())


BOOK_SYMBOLS_ONLY = re.compile(r"\b(alpha|gamma|mu_max|mu|grad_tol|theta|rho|zeta|eta|beta)\b")


@pytest.mark.parametrize(
    "name, start, kw",
    [
        ("sdbp", (-4.0, -4.0), dict(epochs=20_000, alpha=1.75)),
        ("mobp", (-4.0, -4.0), dict(epochs=20_000, alpha=16.0, gamma=0.8)),
        ("lmbp", (-4.0, 10.0), dict(epochs=200, grad_tol=0)),
        ("br", (-4.0, -4.0), dict(epochs=200)),
        ("vlbp", (-4.0, -4.0), dict(epochs=50)),
        ("rmsprop", (-4.0, -4.0), dict(epochs=3000)),
    ],
)
def test_messages_use_the_books_symbols(name, start, kw):
    tr = surface.train(name, start, **kw)
    assert not BOOK_SYMBOLS_ONLY.search(tr.message), tr.message


@pytest.mark.parametrize(
    "kw",
    [
        dict(algorithm="sdbp", beta=1.0),
        dict(algorithm="lmbp", mu_maximum=1.0),
        dict(algorithm="mobp", alpha=1.0, gamma=2.0),
        dict(algorithm="lmbp", mu=1e6, mu_max=10.0),
        dict(algorithm="vlbp", rho=1.0),
        dict(algorithm="sdbp", grad_tol=-1.0),
        dict(algorithm="sdbp", bound=-1.0),
    ],
)
def test_validation_messages_use_the_books_symbols(kw):
    kw = dict(kw)
    with pytest.raises(ValueError) as err:
        surface.train(kw.pop("algorithm"), (0.0, 0.0), **kw)
    text = str(err.value).replace("'beta'", "").replace("'mu_maximum'", "")  # the name asked for, quoted back
    assert not BOOK_SYMBOLS_ONLY.search(text), text
