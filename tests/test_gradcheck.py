"""Planted bugs and gradient checks: the correct gradient passes everywhere it is tried; each bug is flagged at
exactly the parameters it touches; a run with a bug follows the buggy gradient on the reference path and says so."""

import numpy as np
import pytest

import surface
from surface import backprop, bugs
from surface import training_set as ts

SETS = {
    "nominal": None,
    "sine": ts.sine(),
    "sine logsig": ts.sine("logsig"),
    "noisy sine": ts.noisy_sine(0.2, 1),
    "nominal purelin": ts.nominal().with_output("purelin"),
    "points purelin": ts.from_points([(-3.0, 5.0), (-1.0, -2.0), (0.0, 1.0), (2.0, 3.5), (4.0, 0.0)], "purelin"),
    "points logsig": ts.from_points([(-1.0, 0.2), (0.5, 0.9), (2.0, 0.3)]),
}


def trial_points(seed, spread, n=12):
    """Points near nominal and near the origin (where the book's small random weights start)."""
    rng = np.random.default_rng(seed)
    return np.concatenate([surface.NOMINAL + rng.normal(0, spread, (n, 7)), rng.normal(0, spread, (n, 7))])


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("spread", [0.5, 2.0, 5.0, 15.0])
def test_the_correct_gradient_passes_everywhere_it_is_tried(name, spread):
    for x in trial_points(int(spread * 10), spread):
        check = surface.gradient_check(x, data=SETS[name])
        assert check.passed, check.words
        assert max(r.error for r in check.rows) < 0.2 * check.threshold  # with room to spare
        np.testing.assert_allclose([r.analytic for r in check.rows], surface.gradient(x, SETS[name]))


def visible(x, bug, data):
    """Whether every derivative ``bug`` touches is, at x, far above the size a check counts as zero (a bug whose
    wrong term all but vanishes at a point, as through a saturated neuron, cannot be seen there)."""
    g = surface.gradient(x, data)
    wrong = backprop.gradient(x, data, bug.variant)
    f = surface.performance(x, data)
    idx = [surface.PARAMS.index(n) for n in bug.touches]
    return np.all(np.abs(wrong - g)[idx] > 1e-4 * (1 + f))


@pytest.mark.parametrize("bug", [b for b in surface.BUGS if surface.BUGS[b].in_gradient])
@pytest.mark.parametrize("name", SETS)
def test_each_bug_is_flagged_exactly_where_it_touches(bug, name):
    record, data = surface.BUGS[bug], SETS[name]
    tried = 0
    for x in trial_points(7, 1.5, n=15):
        if not visible(x, record, data):
            continue
        tried += 1
        check = surface.gradient_check(x, bug=bug, data=data)
        assert check.flagged == record.touches, (x, check.to_dict())
        assert check.bug == bug
    assert tried >= 10


def test_the_data_pitfall_passes_a_gradient_check_and_changes_the_surface():
    pitfall = surface.BUGS["unnormalised_inputs"]
    assert pitfall.touches == () and not pitfall.in_gradient
    for x in trial_points(3, 1.0):
        check = surface.gradient_check(x, bug="unnormalised_inputs")
        assert check.passed, check.words
        scaled = ts.scaled_inputs(ts.nominal(), 100.0)
        assert np.isclose(check.F, surface.performance(x, scaled), rtol=1e-14, atol=0)


def test_touches_are_what_the_recurrences_say():
    assert surface.BUGS["derivative_of_net_input"].touches == ("w1_11", "w1_21", "b1_1", "b1_2")
    assert surface.BUGS["bias_like_weight"].touches == ("b1_1", "b1_2")
    for name in ("wrong_function_derivative", "output_sign", "missing_factor_2", "mean_not_sum"):
        assert surface.BUGS[name].touches == surface.PARAMS


def test_the_loss_bugs_scale_the_gradient_exactly():
    x = trial_points(1, 1.0)[0]
    g = surface.gradient(x)
    np.testing.assert_allclose(backprop.gradient(x, None, surface.BUGS["output_sign"].variant), -g, rtol=1e-13)
    np.testing.assert_allclose(backprop.gradient(x, None, surface.BUGS["missing_factor_2"].variant), g / 2, rtol=1e-13)
    np.testing.assert_allclose(backprop.gradient(x, None, surface.BUGS["mean_not_sum"].variant), g / 41, rtol=1e-13)


def test_the_correct_variant_is_the_network_s_backpropagation():
    xs = trial_points(4, 3.0)
    for data in SETS.values():
        np.testing.assert_allclose(backprop.gradient(xs, data), surface.gradient(xs, data), rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(backprop.jacobian(xs, data), surface.jacobian(xs, data), rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("bug", surface.BUGS)
def test_every_bug_is_documented_with_both_lines(bug):
    record = surface.BUGS[bug]
    for output in surface.OUTPUTS:
        correct, buggy = record.lines(output)
        tex_correct, tex_buggy = record.lines(output, tex=True)
        assert correct != buggy and tex_correct != tex_buggy
        assert "{" not in correct + buggy  # every placeholder filled
    assert record.title and record.effect and "eed 003" in record.pitfall
    d = record.to_dict("purelin")
    assert d["touches"] == list(record.touches) and d["buggy"] == record.lines("purelin")[1]


def test_a_run_with_a_bug_takes_the_reference_path_and_says_so():
    problem = bugs.planted("output_sign")
    assert problem.compiled() is None  # a subclass that does not declare a compiled form
    run = surface.train("sdbp", (-4.0, -4.0), epochs=40, alpha=0.5, bug="output_sign")
    reference = surface.train("sdbp", (-4.0, -4.0), epochs=40, alpha=0.5, problem=problem, compiled=False)
    np.testing.assert_array_equal(run.xs, reference.xs)
    assert np.all(np.diff(run.F) > 0)  # it climbs
    np.testing.assert_allclose(run.F, [surface.Problem.make().performance(x) for x in run.xs], rtol=1e-14)
    assert run.bug == "output_sign" and run.message.startswith("Planted bug: sign error in the output sensitivity.")
    assert "true |∇F|" in run.message
    back = surface.Trajectory.from_json(run.to_json())
    assert back.bug == "output_sign"


def test_the_broken_path_leaves_the_correct_one_from_the_same_start():
    start = (-1.0, 4.0, 0.5, -0.5, 0.3, -0.2, 0.1)
    honest = surface.train("sdbp", start, surface.PARAMS, epochs=300, alpha=0.05)
    for name in ("derivative_of_net_input", "bias_like_weight", "missing_factor_2", "mean_not_sum"):
        broken = surface.train("sdbp", start, surface.PARAMS, epochs=300, alpha=0.05, bug=name)
        np.testing.assert_array_equal(broken.xs[0], honest.xs[0])
        assert not np.allclose(broken.xs[-1], honest.xs[-1])
    half = surface.train("sdbp", start, surface.PARAMS, epochs=300, alpha=0.1, bug="missing_factor_2")
    np.testing.assert_allclose(half.xs, honest.xs, rtol=1e-12, atol=1e-12)  # half the gradient at twice α


def test_a_batch_with_a_bug_runs_each_start_on_the_reference():
    starts = np.array([[-4.0, -4.0], [2.0, 2.0]])
    batch = surface.train_batch("sdbp", starts, epochs=30, alpha=0.5, bug="output_sign")
    assert batch.bug == "output_sign" and batch.to_dict()["bug"] == "output_sign"
    single = surface.train("sdbp", starts[1], epochs=30, alpha=0.5, bug="output_sign")
    np.testing.assert_array_equal(batch.ends[1], single.end)


def test_the_data_pitfall_trains_on_the_scaled_set():
    run = surface.train("lmbp", (1.0, 1.0), epochs=20, bug="unnormalised_inputs")
    assert run.data.kind == "scaled" and run.data.input_range == (-200.0, 200.0)
    assert run.message.startswith("Planted pitfall: inputs not normalised (p × 100).")
    np.testing.assert_allclose(run.F, surface.performance(surface.full_path(run), run.data), rtol=1e-14)
    back = surface.Trajectory.from_json(run.to_json())
    assert back.data == run.data


def test_the_anatomy_of_a_buggy_run_shows_the_gradient_it_saw():
    run = surface.train("sdbp", (-2.0, 3.0), ("b1_1", "w2_11"), epochs=10, bug="bias_like_weight")
    anatomy = surface.step_anatomy(run)
    np.testing.assert_allclose(anatomy.gradient, bugs.planted("bias_like_weight", ("b1_1", "w2_11")).gradient(run.xs))


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="unknown bug"):
        surface.gradient_check(surface.NOMINAL, bug="typo")
    with pytest.raises(ValueError, match="seven parameters"):
        surface.gradient_check([1.0, 2.0])
    with pytest.raises(ValueError, match="neither a training set"):
        surface.train("sdbp", (1.0, 1.0), problem=surface.Problem.make(), bug="output_sign")
    check = surface.gradient_check(surface.NOMINAL, free=("w2_11", "b2"))
    assert [r.name for r in check.rows] == ["w2_11", "b2"] and check.to_dict()["flagged"] == []
