"""Training sets: the nominal one, ch. 11's sine, its noisy version, a person's own points; reading them from text."""

import json

import numpy as np
import pytest

import surface
from surface import training_set as ts


def test_the_nominal_set_is_today_s_inputs_and_targets_themselves():
    d = ts.nominal()
    assert d.P is surface.P and d.T is surface.T
    assert d.output == "logsig" and d.size == 41 and d.is_nominal
    assert d.reach_warning is None
    assert surface.TrainingSet.nominal() is d


def test_the_sine_target_is_chapter_11_s_function_on_the_same_inputs():
    d = ts.sine()
    np.testing.assert_array_equal(d.P, surface.P)
    np.testing.assert_allclose(d.T, 1 + np.sin(np.pi * surface.P / 4), rtol=0, atol=1e-15)
    assert d.output == "purelin" and d.linear and d.reach_warning is None
    assert d.T.min() == 0.0 and d.T.max() == 2.0


def test_a_logsig_output_says_which_targets_it_cannot_reach():
    words = ts.sine("logsig").reach_warning
    assert words.startswith("Targets of 1 or more cannot be reached by a log-sigmoid output: 21 of 41 are")
    assert "1 of 41 is" in words and "a linear output can" in words
    assert "0 or less" not in ts.from_points([(0, 1.5), (1, 0.5)]).reach_warning


def test_noisy_sine_is_reproducible_from_its_seed():
    a, b, c = ts.noisy_sine(0.1, 3), ts.noisy_sine(0.1, 3), ts.noisy_sine(0.1, 4)
    assert a == b and hash(a) == hash(b) and a != c
    np.testing.assert_allclose(a.T - ts.sine().T, np.random.default_rng(3).normal(0, 1, 41) * 0.1)
    assert ts.noisy_sine(0.0, 9).T.tolist() == ts.sine().T.tolist()


@pytest.mark.parametrize(
    "make",
    [
        ts.nominal,
        ts.sine,
        lambda: ts.sine("logsig"),
        lambda: ts.noisy_sine(0.2, 7, "logsig"),
        lambda: ts.from_points([(0, 0.2), (1, 0.9), (2.5, 0.4)], output="purelin"),
        lambda: ts.scaled_inputs(ts.nominal(), 100),
    ],
)
def test_a_set_goes_to_plain_data_and_back_unchanged(make):
    d = make()
    back = ts.TrainingSet.from_dict(json.loads(json.dumps(d.to_dict())))
    assert back == d and hash(back) == hash(d) and back.digest == d.digest
    np.testing.assert_array_equal(back.P, d.P)
    np.testing.assert_array_equal(back.T, d.T)
    assert back.output == d.output


def test_long_sets_of_points_travel_as_a_message_not_inline():
    d = ts.from_points([(i / 10, 0.5) for i in range(150)])
    short = d.to_dict(inline_limit=100)
    assert short["inline"] is False and "points" not in short and short["size"] == 150
    with pytest.raises(ValueError, match="too many to carry"):
        ts.TrainingSet.from_dict(short)


def test_sets_compare_and_hash_by_content_and_are_read_only():
    a = ts.from_points([(0, 0.1), (1, 0.2)])
    b = ts.from_points(np.array([[0, 0.1], [1, 0.2]]))
    assert a == b and len({a, b, ts.nominal()}) == 2
    assert a != a.with_output("purelin")
    with pytest.raises(ValueError):
        a.P[0] = 5.0


@pytest.mark.parametrize(
    ("pairs", "words"),
    [
        ([(0, 1)], "at least 2 points"),
        ([(i, 0.5) for i in range(201)], "at most 200 points"),
        ([(0, 1), (1, "x")], "point 2: t is not a number"),
        ([(0, 1), (float("nan"), 2)], "point 2: p must be finite"),
        ([(0, 1), (1, 2, 3)], "point 2: expected two numbers"),
    ],
)
def test_bad_points_are_named(pairs, words):
    with pytest.raises(ValueError, match=words):
        ts.from_points(pairs)


def test_other_arguments_are_checked():
    with pytest.raises(ValueError, match="output transfer function"):
        ts.sine("tansig")
    with pytest.raises(ValueError, match="σ must be between"):
        ts.noisy_sine(-1)
    with pytest.raises(ValueError, match="seed must be"):
        ts.noisy_sine(0.1, 1.5)
    with pytest.raises(ValueError, match="must be a TrainingSet"):
        surface.performance(surface.NOMINAL, data="sine")


def test_pasted_and_csv_text_is_read():
    text = "\ufeffp,t\n# my points\n-1, 0.2\n\n0;0.5\n1\t0.7\n 2   0.9 \n"
    assert surface.parse_points(text) == [(-1.0, 0.2), (0.0, 0.5), (1.0, 0.7), (2.0, 0.9)]
    d = surface.TrainingSet.parse(text, output="purelin")
    assert d.size == 4 and d.kind == "points" and d.linear and d.name == "your 4 points"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "no points found"),
        ("1, 2", "only 1 point found"),
        ("1, 2\n3, x", "line 2: t = 'x' is not a number"),
        ("1, 2\n\n3, 4, 5", "line 3: expected two numbers"),
        ("0,5;1\n2;3", "line 1: p = '0,5' is not a number \\(use a point for decimals\\)"),
        ("1 inf\n2 3", "line 1: t = 'inf' is not a finite number"),
        ("p,t\nq,r", "line 2: p = 'q' is not a number"),
        ("\n".join(f"{i}, 0.5" for i in range(201)), "line 201: more than 200 points"),
        ("1,2\n" * 20_000, "too long"),
    ],
)
def test_text_problems_name_the_line(text, words):
    with pytest.raises(ValueError, match=words):
        surface.parse_points(text)
