"""The inside of each step: every entry of ``step_anatomy`` against direct engine calls at a few iterates, and each
algorithm's own entries against its update equation and its recorded extras."""

import json

import numpy as np
import pytest

import surface
from surface import testproblems

START = (-4.0, -4.0)
EPS = np.finfo(float).eps
PROBLEM = surface.Problem.make()


def run(name, epochs=200, start=START, **hyper):
    return surface.train(name, start, epochs=epochs, **hyper)


@pytest.fixture(scope="module")
def runs():
    return {name: run(name) for name in surface.ALGORITHMS}


def picks(tr, count=5):
    """A few iterates spread over the run, the first and the last among them."""
    return np.unique(np.linspace(0, len(tr.xs) - 1, count).astype(int))


def close(a, b, rtol=1e-10, atol=1e-13):
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


@pytest.mark.parametrize("name", list(surface.ALGORITHMS))
def test_the_common_entries_against_direct_engine_calls(runs, name):
    tr = runs[name]
    idx = picks(tr)
    an = surface.step_anatomy(tr, idx)
    assert len(an) == len(idx) and an.algorithm == name and an.free == tr.free
    np.testing.assert_array_equal(an.index, idx)
    for i, k in enumerate(idx):
        x = tr.xs[k]
        g, h = PROBLEM.gradient(x), PROBLEM.hessian(x)
        np.testing.assert_array_equal(an.x[i], x)
        assert an.F[i] == tr.F[k]
        close(an.gradient[i], g, atol=1e-14 * np.abs(g).max())
        close(an.hessian[i], [h[0, 0], h[0, 1], h[1, 1]], atol=1e-14 * np.abs(h).max())
        close(an.eigenvalues[i], np.linalg.eigvalsh(h), atol=1e-13 * np.abs(h).max())
        v = an.eigenvectors[i]
        close(h @ v, v * an.eigenvalues[i], atol=1e-12 * np.abs(h).max())
        close(an.step_in[i], tr.xs[k] - tr.xs[k - 1] if k > 0 else np.zeros(2), rtol=0, atol=0)
        close(an.step_out[i], tr.xs[k + 1] - tr.xs[k] if k < len(tr.xs) - 1 else np.zeros(2), rtol=0, atol=0)
        if np.linalg.cond(h) <= 1e14:
            close(an.newton[i], np.linalg.solve(h, -g), rtol=1e-8, atol=0)
        else:
            assert np.all(np.isnan(an.newton[i]))
        assert an.indefinite[i] == (np.linalg.eigvalsh(h)[0] < 0 < np.linalg.eigvalsh(h)[1])


def test_the_newton_step_heads_for_the_saddle_where_the_hessian_is_indefinite():
    saddle = np.array([2.6834695920912903, 3.2926405630020645])
    start = saddle + np.array([0.05, -0.05])
    tr = surface.train("newton", start, epochs=20, compiled=False)
    an = surface.step_anatomy(tr, [0])
    assert an.indefinite[0] and an.eigenvalues[0, 0] < 0 < an.eigenvalues[0, 1]
    gap = np.linalg.norm(an.x[0] + an.newton[0] - saddle)
    assert gap < 0.3 * np.linalg.norm(start - saddle)  # one step goes most of the way to it
    np.testing.assert_allclose(an.newton[0], an.step_out[0], rtol=1e-12)


def test_newtons_steps_are_the_runs_own():
    tr = run("newton", compiled=False)  # the numpy steps: the same Hessian, to the last bit
    an = surface.step_anatomy(tr)
    close(an.newton[:-1], an.step_out[:-1], rtol=1e-12, atol=1e-14)
    assert an.inside == {}


@pytest.mark.parametrize("name", ["sdbp", "sgd"])
def test_steepest_descent(runs, name):
    tr = runs[name]
    an = surface.step_anatomy(tr)
    assert an.inside == {"alpha": 0.5}
    if name == "sdbp":  # x_{k+1} = x_k − α∇F(x_k)
        close(an.step_out[:-1], -0.5 * an.gradient[:-1], atol=1e-15)


def test_momentum_splits_its_step_into_the_velocity_and_the_gradient(runs):
    an = surface.step_anatomy(runs["mobp"])
    ins = an.inside
    assert ins["alpha"] == 0.5 and ins["gamma"] == 0.8
    np.testing.assert_array_equal(ins["velocity"], an.step_in)
    close(ins["momentum_term"][:-1], 0.8 * an.step_in[:-1], rtol=1e-15, atol=0)
    close(ins["gradient_term"][:-1], -0.2 * 0.5 * an.gradient[:-1], rtol=1e-15, atol=0)
    close(ins["momentum_term"][:-1] + ins["gradient_term"][:-1], an.step_out[:-1], rtol=1e-12, atol=1e-15)
    assert np.all(np.isnan(ins["momentum_term"][-1]))  # no step leaves the last iterate


def test_nesterov_looks_ahead(runs):
    an = surface.step_anatomy(runs["nesterov"], [0, 5, 50, 150])
    ins = an.inside
    for i in range(len(an)):
        ahead = an.x[i] + 0.9 * an.step_in[i]
        close(ins["lookahead"][i], ahead, rtol=1e-15, atol=0)
        close(ins["gradient_ahead"][i], PROBLEM.gradient(ahead), atol=1e-14)
    close(ins["momentum_term"] + ins["gradient_term"], an.step_out, rtol=1e-12, atol=1e-15)


def test_rmsprops_rate_is_its_own_scale_per_parameter():
    rho, eps, alpha = 0.9, 1e-8, 0.01
    tr = run("rmsprop", epochs=60, alpha=alpha, rho=rho, eps=eps)
    an = surface.step_anatomy(tr)
    s = np.zeros(2)
    for k in range(len(tr.xs) - 1):  # the running mean of ∇F², from the whole history
        s = rho * s + (1 - rho) * PROBLEM.gradient(tr.xs[k]) ** 2
        close(an.inside["rate"][k], alpha / (np.sqrt(s) + eps), rtol=1e-9, atol=0)
    assert np.all(np.isnan(an.inside["rate"][-1]))


def test_adams_rate_holds_its_momentum_too():
    b1, b2, eps, alpha = 0.9, 0.999, 1e-8, 0.05
    tr = run("adam", epochs=60)
    an = surface.step_anatomy(tr)
    m, s = np.zeros(2), np.zeros(2)
    for k in range(len(tr.xs) - 1):
        g = PROBLEM.gradient(tr.xs[k])
        m, s = b1 * m + (1 - b1) * g, b2 * s + (1 - b2) * g**2
        step = -alpha * (m / (1 - b1 ** (k + 1))) / (np.sqrt(s / (1 - b2 ** (k + 1))) + eps)
        close(an.inside["rate"][k], -step / g, rtol=1e-9, atol=0)


def test_vlbp_rejections_momentum_and_its_alpha(runs):
    tr = runs["vlbp"]
    rejected = tr.extras["rejected"]
    assert len(rejected) > 3
    an = surface.step_anatomy(tr)
    ins = an.inside
    np.testing.assert_array_equal(ins["alpha"][:-1], tr.extras["alpha"])
    by_epoch = {e["epoch"]: e for e in rejected}
    for k in range(len(tr.xs) - 1):
        trial = ins["momentum_term"][k] + ins["gradient_term"][k]
        after = (k - 1) in by_epoch
        assert ins["gamma"][k] == (0.0 if after else 0.8) and ins["momentum"][k] == (not after)
        if k in by_epoch:
            event = by_epoch[k]
            assert ins["rejected"][k] == [{"point": event["point"], "F": event["F"], "alpha": event["alpha"]}]
            assert not ins["accepted"][k] and np.all(an.step_out[k] == 0)
            close(an.x[k] + trial, event["point"], rtol=1e-12, atol=1e-14)  # the trial it rejected
            assert event["F"] == pytest.approx(PROBLEM.performance(np.array(event["point"])), rel=1e-12)
            assert event["F"] > tr.F[k] * 1.04
        else:
            assert ins["rejected"][k] == [] and ins["accepted"][k]
            close(trial, an.step_out[k], rtol=1e-12, atol=1e-14)
        if after:  # the rejection reset the momentum: the step is plain steepest descent
            close(trial, -ins["alpha"][k] * an.gradient[k], rtol=1e-14, atol=0)
    # α grows by η after a step that lowered F, shrinks by ρ after a rejection
    k = next(iter(by_epoch))
    assert ins["alpha"][k + 1] == pytest.approx(0.7 * ins["alpha"][k], rel=1e-14)


def test_conjugate_gradient_directions_probes_and_restarts(runs):
    tr = runs["cgbp"]
    an = surface.step_anatomy(tr)
    ins = an.inside
    searches = tr.extras["line_search"]
    np.testing.assert_array_equal(ins["step"][:-1], tr.extras["step"])
    np.testing.assert_array_equal(ins["beta"][:-1], tr.extras["beta"])
    for k in range(len(tr.xs) - 1):
        mine = ins["line_search"][k]
        theirs = [s for s in searches if s["epoch"] == k]
        assert [{key: v for key, v in s.items() if key not in ("points", "probes")} for s in mine] == [
            {key: v for key, v in s.items() if key not in ("epoch", "probes")} for s in theirs
        ]
        for s, t in zip(mine, theirs, strict=True):
            np.testing.assert_array_equal(s["probes"], np.reshape(t["probes"], (-1, 2)))
        for s in mine:
            origin, p = np.array(s["origin"]), np.array(s["direction"])
            for (a, f), point in zip(s["probes"], s["points"], strict=True):
                close(point, origin + a * p, rtol=1e-15, atol=0)
                # to F's rounding: each error e = t − a keeps the digits t and a share (critical.ROUNDING)
                assert abs(f - PROBLEM.performance(origin + a * p)) <= 64 * EPS * (f + np.sqrt(f))
            lo, hi = s["bracket"]
            assert lo <= s["step"] <= hi or s["step"] == 0.0
        close(ins["step"][k] * ins["direction"][k], an.step_out[k], rtol=1e-12, atol=1e-15)
        # a restart searches along −∇F; otherwise along −∇F + β p_{k−1}
        if ins["restarted"][k]:
            close(ins["direction"][k], -an.gradient[k], rtol=1e-10, atol=1e-13)
        else:
            expected = -an.gradient[k] + ins["beta"][k - 1] * ins["direction"][k - 1]
            close(ins["direction"][k], expected, rtol=1e-9, atol=1e-12)
    assert ins["restarted"][0]  # p_0 = −∇F
    np.testing.assert_array_equal(ins["restarted"][1:-1], ins["beta"][:-2] == 0.0)  # every 2 on a 2-D slice


def test_levenberg_marquardt_blends_gauss_newton_and_steepest_descent(runs):
    tr = runs["lmbp"]
    assert tr.extras["rejected"]
    an = surface.step_anatomy(tr)
    ins = an.inside
    np.testing.assert_array_equal(ins["mu"][:-1], tr.extras["mu"])
    for k in picks(tr, 8)[:-1]:
        x, mu = tr.xs[k], ins["mu"][k]
        j, e = PROBLEM.jacobian(x), PROBLEM.residuals(x)
        jtj, jte = j.T @ j, j.T @ e
        close(ins["jtj"][k], [jtj[0, 0], jtj[0, 1], jtj[1, 1]], atol=1e-14 * np.abs(jtj).max())
        close(ins["jte"][k], jte, atol=1e-14 * np.abs(jte).max())
        close(ins["damped"][k], np.linalg.solve(jtj + mu * np.eye(2), -jte), rtol=1e-9)
        close(ins["damped"][k], an.step_out[k], rtol=1e-9)  # the step it took
        close(ins["gauss_newton"][k], np.linalg.solve(jtj, -jte), rtol=1e-8)
        close(ins["steepest"][k], -jte / mu, rtol=1e-9)
        close(ins["steepest"][k], -an.gradient[k] / (2 * mu), rtol=1e-9)  # ∇F = 2Jᵀe
        # and the limits: as μ → 0 the damped step tends to Gauss–Newton's, as μ → ∞ to −Jᵀe/μ
        small = np.linalg.solve(jtj + 1e-9 * np.trace(jtj) * np.eye(2), -jte)
        close(small, ins["gauss_newton"][k], rtol=1e-5 * np.linalg.cond(jtj))
        big = 1e9 * np.trace(jtj)
        close(np.linalg.solve(jtj + big * np.eye(2), -jte), -jte / big, rtol=1e-8)
    for k, trials in enumerate(ins["rejected"]):
        of_k = [r for r in tr.extras["rejected"] if r["epoch"] == k]
        assert trials == [{key: v for key, v in r.items() if key != "epoch"} for r in of_k]
        for trial in trials:
            assert trial["mu"] < ins["mu"][k] or np.isnan(ins["mu"][k])  # μ grew until a trial was taken
            assert trial["F"] >= tr.F[k]


def test_bayesian_regularizations_alpha_beta_gamma_and_step(runs):
    tr = runs["br"]
    an = surface.step_anatomy(tr)
    ins = an.inside
    for name in ("alpha", "beta", "gamma", "mu"):
        np.testing.assert_array_equal(ins[name][:-1], tr.extras[name])
    assert ins["alpha"][0] == 0.0 and ins["beta"][0] == 1.0  # the first step is plain LM
    assert np.all((ins["gamma"][:-1] >= 0) & (ins["gamma"][:-1] <= 2))  # of the 2 free parameters
    close(ins["damped"][:-1], an.step_out[:-1], rtol=1e-8, atol=1e-12)


def test_a_display_copy_names_the_iterates():
    tr = surface.train("sdbp", START, epochs=30_000, alpha=0.01)
    shown = tr.display_copy(max_points=500)
    assert len(shown.xs) < len(tr.xs)
    an = surface.step_anatomy(tr, shown)
    np.testing.assert_array_equal(an.index, shown.epoch)
    np.testing.assert_array_equal(an.x, shown.xs)
    # the steps are the run's own, one epoch long, not the gaps between kept iterates
    k = shown.epoch[len(shown.epoch) // 2]
    np.testing.assert_array_equal(an.step_out[len(shown.epoch) // 2], tr.xs[k + 1] - tr.xs[k])
    with pytest.raises(ValueError, match="whole run"):
        surface.step_anatomy(shown)
    other = surface.train("sdbp", (-3.0, -4.0), epochs=30_000, alpha=0.01)
    with pytest.raises(ValueError, match="not one of this run"):
        surface.step_anatomy(other, shown)


def test_indices_default_and_checks(runs):
    tr = runs["lmbp"]
    an = surface.step_anatomy(tr)
    np.testing.assert_array_equal(an.index, np.arange(len(tr.xs)))
    assert len(surface.step_anatomy(tr, [])) == 0
    for bad in ([-1], [len(tr.xs)], [[0, 1]], [0.5]):
        with pytest.raises(ValueError, match="indices"):
            surface.step_anatomy(tr, bad)


def test_plain_data_for_the_browser(runs):
    for name, tr in runs.items():
        an = surface.step_anatomy(tr, picks(tr, 7))
        d = an.to_dict()
        text = json.dumps(d, allow_nan=False)  # NaN became None
        back = json.loads(text)
        assert back["algorithm"] == name and back["index"] == an.index.tolist()
        assert len(back["x"]) == len(back["newton"]) == len(back["indefinite"]) == len(an)
        assert back["x"] == an.x.tolist()
        for key, value in an.inside.items():
            if isinstance(value, np.ndarray):
                assert len(back["inside"][key]) == len(an)
                nones = [v is None for v in np.ravel(back["inside"][key])]
                assert nones == np.isnan(value.astype(float)).ravel().tolist()
    last = surface.step_anatomy(runs["mobp"], [len(runs["mobp"].xs) - 1]).to_dict()
    assert last["inside"]["momentum_term"] == [[None, None]]


def test_a_one_point_test_problem_is_evaluated_point_by_point():
    bowl = testproblems.quadratic_bowl()
    tr = surface.train("lmbp", (3.0, 4.0), problem=bowl, epochs=20)
    an = surface.step_anatomy(tr, problem=bowl)
    close(an.x[0] + an.inside["gauss_newton"][0], bowl.minimum, rtol=1e-12)  # Gauss–Newton solves it at once
    close(an.x[0] + an.newton[0], bowl.minimum, rtol=1e-12)
    close(an.hessian[0], [8.0, 2.0, 2.5], rtol=1e-14)  # 2 MᵀM
    with pytest.raises(ValueError, match="pass it as problem="):
        surface.step_anatomy(tr)


def test_solves_leave_nan_where_a_matrix_is_singular():
    from surface.anatomy import SINGULAR, _solve

    singular, nan, ill = [[1.0, 2.0], [2.0, 4.0]], [[np.nan, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1e-15]]
    a = np.array([singular, np.zeros((2, 2)), np.eye(2), nan, ill])
    x = _solve(a, np.ones((5, 2)))
    assert np.all(np.isnan(x[[0, 1, 3, 4]])) and np.all(x[2] == 1.0)  # 1e15 passes Newton's limit, 1e14
    x = _solve(a, np.ones((5, 2)), SINGULAR)
    assert np.all(np.isnan(x[[0, 1, 3]])) and np.all(x[2] == 1.0) and x[4, 1] == pytest.approx(1e15)
