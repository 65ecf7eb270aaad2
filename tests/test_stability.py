"""The stability map: where a fixed step is locally unstable, against the book's example and against simulation."""

import numpy as np
import pytest

import surface
from surface import outcome, testproblems

BOOK = ("w1_11", "w2_11")


@pytest.fixture(scope="module")
def book_minimum():
    """λmax at the global minimum (10, 1) of (w¹₁,₁, w²₁,₁), from the curvature grid."""
    _, lam_max = surface.curvature_grid(*BOOK, [10.0], [1.0])
    return lam_max


def test_the_book_demos_lr_3_5_is_just_past_the_limit_at_the_minimum(book_minimum):
    assert book_minimum[0, 0] == pytest.approx(1.1557, abs=1e-4)
    assert surface.unstable_mask("sdbp", book_minimum, alpha=1.75)[0, 0]  # lr 3.5: α = 1.75 > 2/λmax ≈ 1.7305
    assert not surface.unstable_mask("sdbp", book_minimum, alpha=1.7)[0, 0]
    assert surface.unstable_mask("sgd", book_minimum, alpha=1.75)[0, 0]  # the same α, the same condition


def test_the_map_shades_the_minimum_in_a_window_at_alpha_1_75():
    xs, ys = np.linspace(-5, 15, 201), np.linspace(-5, 15, 201)  # the book's window, 0.1 apart: (10, 1) is a node
    _, lam_max = surface.curvature_grid(*BOOK, xs, ys)
    mask = surface.unstable_mask("sdbp", lam_max, alpha=1.75)
    assert mask.shape == lam_max.shape and mask.dtype == bool
    assert mask[np.argmin(np.abs(ys - 1.0)), np.argmin(np.abs(xs - 10.0))]
    assert 0 < mask.mean() < 1  # flat regions are stable at this α
    assert not surface.unstable_mask("sdbp", lam_max, alpha=0.01)[np.argmin(np.abs(ys - 1.0)), 150]


def test_the_edge_is_stable_alphas_at_every_curvature():
    rng = np.random.default_rng(0)
    lam = 10.0 ** rng.uniform(-6, 3, 2000)
    for algorithm, gamma in (("sdbp", 0.0), ("mobp", 0.0), ("mobp", 0.5), ("mobp", 0.9)):
        hyper = {"alpha": 0.37} | ({"gamma": gamma} if algorithm == "mobp" else {})
        mask = surface.unstable_mask(algorithm, lam, **hyper)
        limit = np.array([outcome.stable_alpha(algorithm, v, gamma) for v in lam])
        away = np.abs(0.37 / limit - 1) > 1e-12  # off the edge itself, where rounding may go either way
        np.testing.assert_array_equal(mask[away], (limit < 0.37)[away])


def test_momentum_has_its_own_edge():
    assert surface.stability_edge("sdbp", alpha=0.1) == 2.0
    assert surface.stability_edge("mobp", alpha=0.1, gamma=0.0) == 2.0
    assert surface.stability_edge("mobp", alpha=0.1, gamma=0.8) == pytest.approx(18.0)
    assert surface.stability_edge("mobp") == pytest.approx(18.0)  # its default γ = 0.8
    lam = np.array([1.0])
    assert not surface.unstable_mask("mobp", lam, alpha=17.9, gamma=0.8)[0]  # (1 − γ)αλ = 3.58 < 2(1 + γ) = 3.6
    assert surface.unstable_mask("mobp", lam, alpha=18.1, gamma=0.8)[0]


def test_no_instability_where_the_curvature_is_not_positive():
    lam = np.array([[-3.0, 0.0, np.nan, np.inf]])
    np.testing.assert_array_equal(surface.unstable_mask("sdbp", lam, alpha=100.0), [[False, False, False, True]])


@pytest.mark.parametrize("algorithm", ["vlbp", "cgbp", "lmbp", "newton", "nesterov", "rmsprop", "adam", "br"])
def test_algorithms_without_a_fixed_step_have_no_map(algorithm):
    assert surface.unstable_mask(algorithm, np.ones((2, 2))) is None
    assert surface.stability_edge(algorithm) is None


def test_hyperparameters_are_checked_as_train_checks_them():
    with pytest.raises(ValueError, match="unknown algorithm"):
        surface.unstable_mask("sd", np.ones(1), alpha=0.1)
    with pytest.raises(ValueError, match="no hyperparameter"):
        surface.unstable_mask("sdbp", np.ones(1), alpha=0.1, gamma=0.5)
    with pytest.raises(ValueError, match="between"):
        surface.unstable_mask("mobp", np.ones(1), alpha=0.1, gamma=1.5)


def bowl_lam_max(bowl) -> float:
    return float(np.linalg.eigvalsh(bowl.hessian(np.zeros(2))).max())


@pytest.mark.parametrize("algorithm, gamma", [("sdbp", None), ("mobp", 0.0), ("mobp", 0.5), ("mobp", 0.8)])
def test_on_a_quadratic_just_inside_converges_and_just_outside_diverges(algorithm, gamma):
    bowl = testproblems.quadratic_bowl(((2.0, 0.5), (0.0, 1.0)), (1.0, -2.0))  # Hessian 2 MᵀM
    lam = np.array([bowl_lam_max(bowl)])
    extra = {} if gamma is None else {"gamma": gamma}
    edge = surface.stability_edge(algorithm, **extra)
    steps = 300 if gamma in (None, 0.0) else 3000  # momentum's slowest mode decays like √γ per step
    runs = {}
    for factor in (0.98, 1.02):
        alpha = factor * edge / lam[0]
        runs[factor] = (
            surface.unstable_mask(algorithm, lam, alpha=alpha, **extra)[0],
            surface.train(algorithm, (3.0, 4.0), problem=bowl, epochs=steps, grad_tol=0.0, alpha=alpha, **extra),
        )
    unstable, inside = runs[0.98]
    assert not unstable and inside.F[-1] - bowl.performance(bowl.minimum) < 1e-8 * inside.F[0]
    unstable, outside = runs[1.02]
    assert unstable and (outside.status == "diverged" or outside.F[-1] > 1e3 * outside.F[0])


def test_the_edge_against_the_bare_recurrence_on_random_quadratics():
    """x ← x − αAx (steepest descent) and the filtered momentum step, on random symmetric A > 0."""
    rng = np.random.default_rng(7)
    for _ in range(20):
        q, _ = np.linalg.qr(rng.normal(size=(2, 2)))
        lam = np.sort(10.0 ** rng.uniform(-1, 1, 2))  # condition numbers up to 100
        a = q @ np.diag(lam) @ q.T
        gamma = rng.uniform(0, 0.9)
        edge = surface.stability_edge("mobp", gamma=gamma)
        for factor, grows in ((0.97, False), (1.03, True)):
            alpha = factor * edge / lam[1]
            assert surface.unstable_mask("mobp", lam[1:], alpha=alpha, gamma=gamma)[0] == grows
            x, dx = np.array([1.0, 1.0]), np.zeros(2)
            for _ in range(4000):
                dx = gamma * dx - (1 - gamma) * alpha * (a @ x)
                x = x + dx
                if np.abs(x).max() > 1e6:
                    break
            assert np.abs(x).max() > 1e6 if grows else np.abs(x).max() < 1e-6
