"""Every algorithm in the registry: the shared contract, then each one's exact properties."""

import warnings

import numpy as np
import pytest

import surface
from surface import testproblems
from surface.algorithms import sample_order

BOWL = testproblems.quadratic_bowl()
# more errors than parameters, as Bayesian regularization's re-estimation of β = (n − γ) / 2E_D needs
TALL = np.array([[2.0, 0.5], [0.0, 1.0], [1.0, 1.0], [0.5, -1.0], [1.5, 0.2]])
TALL_BOWL = testproblems.quadratic_bowl(TALL, TALL @ np.array([0.5, -1.5]))
LAMBDA_MAX = float(np.linalg.eigvalsh(BOWL.hessian(np.zeros(2))).max())

# hyperparameters that suit each problem (learning rates scale with its curvature)
ON_BOWL = {
    "sdbp": {"alpha": 0.1},
    "sgd": {"alpha": 0.05},
    "mobp": {"alpha": 0.1, "gamma": 0.5},
    "vlbp": {"alpha": 0.1},
    "cgbp": {"eps": 0.01, "tol": 1e-10},
    "lmbp": {},
    "newton": {},
    "nesterov": {"alpha": 0.05, "gamma": 0.5},
    "rmsprop": {"alpha": 0.01},
    "adam": {"alpha": 0.05},
    "br": {},
}
ON_ROSENBROCK = {
    "sdbp": ({"alpha": 1e-3}, 40000),
    "sgd": ({"alpha": 1e-3}, 40000),
    "mobp": ({"alpha": 5e-3, "gamma": 0.9}, 40000),
    "vlbp": ({"alpha": 1e-3}, 20000),
    "cgbp": ({"eps": 1e-3, "tol": 1e-9, "beta_rule": "polak-ribiere"}, 500),
    "lmbp": ({}, 200),
    "newton": ({}, 50),
    "nesterov": ({"alpha": 1e-3, "gamma": 0.9}, 40000),
    "rmsprop": ({"alpha": 1e-3}, 40000),
    "adam": ({"alpha": 0.01}, 40000),
    "br": None,  # two errors for two parameters leave BR nothing to estimate β from: see the network test below
}
ALL = sorted(surface.ALGORITHMS)


def test_registry_names():
    assert set(ALL) == {"sdbp", "sgd", "mobp", "vlbp", "cgbp", "lmbp", "newton", "nesterov", "rmsprop", "adam", "br"}
    assert set(ON_BOWL) == set(ALL) == set(ON_ROSENBROCK)
    for name, cls in surface.ALGORITHMS.items():
        assert cls.name == name and cls.title and cls.__doc__
        assert set(cls.defaults()) == set(cls.SPEC), name  # every hyperparameter has a spec for its control


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("start", [(-4.0, -4.0), (-4.0, 10.0), (12.0, -3.0)])
def test_contract_on_the_network(name, start):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tr = surface.train(name, start, epochs=60)
    assert tr.algorithm == name and tr.free == ("w1_11", "w2_11")
    np.testing.assert_array_equal(tr.xs[0], start)  # the start is the first iterate, exactly
    assert np.all(np.isfinite(tr.xs)) and np.all(np.isfinite(tr.F)) and np.all(np.isfinite(tr.grad_norm))
    assert len(tr.xs) == len(tr.F) == tr.epochs + 1
    np.testing.assert_allclose(tr.F, [surface.Problem.make().performance(x) for x in tr.xs], rtol=1e-12, atol=1e-15)
    assert tr.status in surface.STATUS_LABELS and tr.message
    assert tr.evaluations["F"] >= tr.epochs


@pytest.mark.parametrize("name", ALL)
def test_reaches_the_minimum_of_a_quadratic_bowl(name):
    bowl = TALL_BOWL if name == "br" else BOWL
    tr = surface.train(name, (3.0, 4.0), problem=bowl, epochs=5000, grad_tol=1e-9, **ON_BOWL[name])
    if name == "rmsprop":  # with a constant α its normalised steps circle the minimum at about α / 2
        assert tr.status == "oscillating", tr.message
        np.testing.assert_allclose(tr.end, bowl.minimum, atol=ON_BOWL[name]["alpha"])
    else:
        assert tr.status == "gradient", tr.message
        np.testing.assert_allclose(tr.end, bowl.minimum, atol=1e-7)


@pytest.mark.parametrize("name", [n for n in ALL if ON_ROSENBROCK[n]])
def test_reaches_the_minimum_of_rosenbrock(name):
    hyper, epochs = ON_ROSENBROCK[name]
    tr = surface.train(name, (-1.2, 1.0), problem=testproblems.rosenbrock(), epochs=epochs, grad_tol=1e-7, **hyper)
    tol = hyper["alpha"] if name == "rmsprop" else 1e-6
    np.testing.assert_allclose(tr.end, (1.0, 1.0), atol=tol, err_msg=tr.message)


@pytest.mark.parametrize("start", [(5.0, 5.0), (8.0, 3.0), (12.0, 0.0)])
def test_bayesian_regularization_reaches_the_networks_global_minimum(start):
    tr = surface.train("br", start, epochs=100, grad_tol=1e-9)
    assert tr.status == "gradient", tr.message
    np.testing.assert_allclose(tr.end, (10.0, 1.0), atol=1e-9)
    assert tr.extras["gamma"][-1] == pytest.approx(2.0, abs=1e-6)  # both parameters are well determined


def test_cg_with_exact_line_search_ends_a_2d_quadratic_in_two_iterations():
    for rule in surface.algorithms.BETA_RULES:
        tr = surface.train(
            "cgbp", (3.0, 4.0), problem=BOWL, epochs=10, grad_tol=1e-6, eps=0.01, tol=1e-12, beta_rule=rule
        )
        assert tr.status == "gradient" and tr.epochs == 2, (rule, tr.message)
        np.testing.assert_allclose(tr.end, BOWL.minimum, atol=1e-9)


def test_cg_records_its_line_searches():
    tr = surface.train("cgbp", (-4.0, -4.0), epochs=5)
    searches = tr.extras["line_search"]
    assert len(searches) >= tr.epochs
    for s, step in zip(searches, tr.extras["step"], strict=False):
        assert s["bracket"][0] <= s["step"] <= s["bracket"][1]
        assert s["interval"][1] - s["interval"][0] < 1e-4 or s["unbounded"]
        assert all(len(probe) == 2 for probe in s["probes"])
        assert step == s["step"]


def test_newton_ends_a_quadratic_in_one_iteration():
    tr = surface.train("newton", (3.0, 4.0), problem=BOWL, epochs=10, grad_tol=1e-9)
    assert tr.status == "gradient" and tr.epochs == 1
    np.testing.assert_allclose(tr.end, BOWL.minimum, atol=1e-12)


def test_newton_is_drawn_to_the_saddle_and_says_so():
    tr = surface.train("newton", (2.5, 3.0), epochs=50, grad_tol=1e-10)
    np.testing.assert_allclose(tr.end, (2.68346959, 3.29264056), atol=1e-6)
    assert tr.status == "gradient"
    assert "saddle point" in tr.message


@pytest.mark.parametrize("compiled", [True, False])
def test_momentum_with_zero_gamma_is_steepest_descent(compiled):
    sd = surface.train("sdbp", (-4.0, -4.0), epochs=500, alpha=0.3, compiled=compiled)
    mo = surface.train("mobp", (-4.0, -4.0), epochs=500, alpha=0.3, gamma=0.0, compiled=compiled)
    np.testing.assert_array_equal(sd.xs, mo.xs)
    np.testing.assert_array_equal(sd.F, mo.F)


def test_levenberg_marquardt_tends_to_gauss_newton():
    x = np.array([9.0, 1.3])  # near the minimum, where the Gauss-Newton step lowers F and LM takes it
    problem = surface.Problem.make()
    J, e = problem.jacobian(x), problem.residuals(x)
    gauss_newton = -np.linalg.solve(J.T @ J, J.T @ e)
    previous = np.inf
    for mu in (1e-2, 1e-4, 1e-6, 1e-9):
        tr = surface.train("lmbp", x, epochs=1, mu=mu, theta=10.0)
        gap = np.linalg.norm((tr.xs[1] - x) - gauss_newton)
        assert gap < previous
        previous = gap
    assert previous < 1e-6 * np.linalg.norm(gauss_newton)


def test_steepest_descent_on_a_quadratic_is_stable_exactly_below_two_over_lambda_max():
    limit = 2.0 / LAMBDA_MAX
    stable = surface.train("sdbp", (3.0, 4.0), problem=BOWL, epochs=4000, grad_tol=0, alpha=0.98 * limit)
    unstable = surface.train("sdbp", (3.0, 4.0), problem=BOWL, epochs=4000, grad_tol=0, alpha=1.02 * limit)
    assert stable.F[-1] < 1e-12
    assert unstable.F[-1] > unstable.F[0] or unstable.status == "diverged"


@pytest.mark.parametrize("name", ["sdbp", "vlbp", "cgbp", "lmbp", "newton", "br", "sgd"])
def test_evals_count_the_evaluations_spent_to_reach_each_iterate(name):
    tr = surface.train(name, (-4.0, 10.0), epochs=40, grad_tol=0)
    assert tr.evals.shape == tr.F.shape
    assert np.all(np.diff(tr.evals) > 0)  # every iterate costs at least one evaluation
    assert tr.evals[0] == 2.0  # F and ∇F at the start
    # the last iterate has cost what was counted in all (a run stopped by a failed trial spent a little more)
    counts = dict(tr.evaluations)
    total = sum(n for kind, n in counts.items() if kind != "sample gradient") + counts.get("sample gradient", 0) / 41
    assert tr.evals[-1] <= total
    if tr.status == "max_epochs":
        assert tr.evals[-1] == total


def test_book_trajectory_a_crosses_the_flat_region_to_the_global_minimum():
    tr = surface.train("sdbp", (-4.0, -4.0), epochs=300_000, alpha=0.05, grad_tol=1e-9)
    assert tr.status == "gradient"
    np.testing.assert_allclose(tr.end, (10.0, 1.0), atol=1e-4)
    assert tr.epochs > 10_000  # the slow crossing
    # the flat region: for thousands of epochs F hardly moves
    assert np.sum(np.abs(np.diff(tr.F)) < 1e-6) > 5000


def test_book_trajectory_b_ends_in_the_local_minimum():
    tr = surface.train("sdbp", (-4.0, 10.0), epochs=300_000, alpha=0.5, grad_tol=1e-9)
    assert tr.status == "gradient" and "It ended at a local minimum, F = 0.09342, not the global one" in tr.message
    np.testing.assert_allclose(tr.end, (0.8828, 38.6187), atol=1e-3)
    assert tr.F[-1] == pytest.approx(0.0934221214, rel=1e-7)


@pytest.mark.parametrize("start", [(-4.0, -4.0), (-4.0, 10.0), (5.0, 5.0), (14.0, -3.0)])
def test_levenberg_marquardt_converges_in_a_few_dozen_iterations(start):
    tr = surface.train("lmbp", start, epochs=200, grad_tol=1e-8)
    assert tr.status == "gradient" and tr.epochs <= 40, tr.message
    assert "It ended at the global minimum" in tr.message or "It ended at a local minimum" in tr.message
    assert len(tr.extras["mu"]) == tr.epochs


# (VLBP is left out: its first rule rejects any step that raises F, so it cannot run away)
@pytest.mark.parametrize("name", ["sdbp", "mobp", "sgd", "nesterov", "adam", "rmsprop"])
def test_a_far_too_large_learning_rate_diverges_cleanly(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tr = surface.train(name, (-4.0, -4.0), epochs=1000, alpha=1e5 if name in ("adam", "rmsprop") else 1e6)
    assert tr.status == "diverged", tr.message
    assert "Diverged" in tr.message
    assert np.all(np.isfinite(tr.xs)) and np.all(np.isfinite(tr.F)) and np.all(np.isfinite(tr.grad_norm))


def test_vlbp_rejects_steps_that_raise_F_and_shrinks_alpha():
    tr = surface.train("vlbp", (-4.0, -4.0), epochs=400, alpha=5.0, rho=0.5, eta=1.05, zeta=0.04)
    rejected = tr.extras["rejected"]
    alpha = tr.extras["alpha"]
    assert len(alpha) == tr.epochs and rejected
    for event in rejected:
        k = event["epoch"]
        assert event["F"] > tr.F[k] * 1.04
        np.testing.assert_array_equal(tr.xs[k + 1], tr.xs[k])  # x stays where it was
        if k + 1 < len(alpha):
            assert alpha[k + 1] == pytest.approx(alpha[k] * 0.5)
    accepted = [k for k in range(tr.epochs) if k not in {e["epoch"] for e in rejected}]
    for k in accepted[:50]:
        if tr.F[k + 1] < tr.F[k] and k + 1 < len(alpha):
            assert alpha[k + 1] == pytest.approx(alpha[k] * 1.05)


def test_bayesian_regularization_traces():
    tr = surface.train("br", (5.0, 5.0), epochs=50)
    for name in ("alpha", "beta", "gamma", "mu", "objective"):
        assert len(tr.extras[name]) == tr.epochs and np.all(np.isfinite(tr.extras[name]))
    assert np.all((tr.extras["gamma"] >= 0) & (tr.extras["gamma"] <= 2))
    assert tr.extras["alpha"][0] == 0.0 and tr.extras["beta"][0] == 1.0  # the first step is plain LM
    assert tr.F[-1] < tr.F[0]


def test_sgd_is_reproducible_from_its_seed():
    a = surface.train("sgd", (-4.0, -4.0), epochs=200, seed=3)
    b = surface.train("sgd", (-4.0, -4.0), epochs=200, seed=3)
    c = surface.train("sgd", (-4.0, -4.0), epochs=200, seed=4)
    np.testing.assert_array_equal(a.xs, b.xs)
    assert not np.array_equal(a.xs, c.xs)


def test_sample_orders_are_permutations_that_change_every_epoch():
    orders = [sample_order(5, k, 41) for k in range(20)]
    for o in orders:
        assert sorted(o) == list(range(41))
    assert len({tuple(o) for o in orders}) == 20


def test_stop_rules():
    goal = surface.train("lmbp", (5.0, 5.0), epochs=100, goal=1e-6, grad_tol=0)
    assert goal.status == "goal" and goal.F[-1] <= 1e-6 and goal.F[-2] > 1e-6
    budget = surface.train("sdbp", (-4.0, -4.0), epochs=17)
    assert budget.status == "max_epochs" and budget.epochs == 17 and "17 epochs" in budget.message
    at_start = surface.train("sdbp", (10.0, 1.0), epochs=10)
    assert at_start.status == "gradient" and at_start.epochs == 0
    off = surface.train("sdbp", (10.0, 1.0), epochs=5, goal=0, grad_tol=0)
    assert off.status in ("max_epochs", "stalled")


def test_a_step_below_rounding_stalls():
    tr = surface.train("sdbp", (-4.0, -4.0), epochs=100, alpha=1e-300, grad_tol=0)
    assert tr.status == "stalled" and tr.epochs == 0
    assert "rounding" in tr.message


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"algorithm": "sdbpx"}, "unknown algorithm 'sdbpx'"),
        ({"algorithm": "sdbp", "beta": 1}, "Steepest descent [(]SDBP[)] has no hyperparameter 'beta'; it takes α"),
        ({"algorithm": "lmbp", "mu_maximum": 1}, "has no hyperparameter 'mu_maximum'; it takes μ [(]initial[)], θ"),
        ({"algorithm": "sdbp", "grad_tol": -1}, "the [|]∇F[|] tolerance must be ≥ 0"),
        ({"algorithm": "sdbp", "alpha": -1}, "between 0 and 1e[+]06"),
        ({"algorithm": "sdbp", "alpha": float("nan")}, "finite"),
        ({"algorithm": "sdbp", "alpha": "fast"}, "must be a number"),
        ({"algorithm": "cgbp", "beta_rule": "magic"}, "β rule must be one of"),
        ({"algorithm": "vlbp", "rho": 1.0}, "strictly between 0 and 1"),
        ({"algorithm": "lmbp", "mu": 1e6, "mu_max": 10.0}, "below μ max"),
        ({"algorithm": "sdbp", "epochs": 3_000_000}, "epochs must be between 0 and 2,000,000"),
        ({"algorithm": "sdbp", "epochs": 2.5}, "whole number"),
        ({"algorithm": "sdbp", "goal": -1}, "goal must be"),
        ({"algorithm": "sdbp", "start": (1.0,)}, "start must have 2 values"),
        ({"algorithm": "sdbp", "start": (np.nan, 1.0)}, "start must be finite"),
        ({"algorithm": "sdbp", "pair": ("w1_11", "w1_11")}, "distinct"),
    ],
)
def test_bad_requests_get_clear_errors(kwargs, message):
    kwargs = {"start": (0.0, 0.0), **kwargs}
    with pytest.raises(ValueError, match=message):
        surface.train(kwargs.pop("algorithm"), kwargs.pop("start"), **kwargs)


def test_more_than_two_free_parameters():
    tr = surface.train("lmbp", (5.0, 5.0, 0.0, 0.0), pair=("w1_11", "w1_21", "b1_1", "b1_2"), epochs=100)
    assert tr.xs.shape[1] == 4 and tr.status == "gradient"
    assert tr.F[-1] < tr.F[0]


@pytest.mark.parametrize("name", ["sdbp", "mobp", "nesterov", "rmsprop", "adam"])
def test_gradient_steps_run_on_a_batch_of_starts_as_on_one(name):
    algo = surface.ALGORITHMS[name]()
    problem = surface.Problem.make()
    starts = np.array([[-4.0, -4.0], [-4.0, 10.0], [2.5, 3.0], [12.0, -3.0]])
    batch = algo.init(problem, starts)
    singles = [algo.init(problem, s) for s in starts]
    for _ in range(25):
        batch = algo.step(problem, batch)
        singles = [algo.step(problem, s) for s in singles]
    assert batch.x.shape == (4, 2) and batch.F.shape == (4,)
    np.testing.assert_allclose(batch.x, [s.x for s in singles], rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(batch.F, [s.F for s in singles], rtol=1e-13, atol=1e-15)
