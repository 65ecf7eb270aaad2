"""What people type: every parser returns a value or a message that says what is wrong."""

import pytest

from explorer.core import validate


@pytest.mark.parametrize(
    "text, value",
    [("3", 3.0), (" -4.5 ", -4.5), ("1e-3", 1e-3), ("−2", -2.0), (7, 7.0), (0.25, 0.25)],
)
def test_numbers_parse(text, value):
    assert validate.number(text, "x") == (value, None)


@pytest.mark.parametrize(
    "text, message",
    [
        ("abc", "x: 'abc' is not a number"),
        ("", "x: enter a number"),
        (None, "x: enter a number"),
        ("nan", "x: must be finite, not nan"),
        ("inf", "x: must be finite, not inf"),
        ("-Infinity", "x: must be finite, not -inf"),
        ("1e5", "x: must be between -10000 and 10000"),
        (True, "x: True is not a number"),
    ],
)
def test_bad_numbers_get_messages(text, message):
    assert validate.number(text, "x") == (None, message)


def test_whole_numbers():
    assert validate.whole("300000", "epochs", 1, 300_000) == (300_000, None)
    assert validate.whole("300001", "epochs", 1, 300_000) == (None, "epochs: must be between 1 and 300,000")
    assert validate.whole("2.5", "epochs", 1, 10) == (None, "epochs: must be a whole number")
    assert validate.whole("1e2", "epochs", 1, 1000) == (100, None)


def test_windows():
    assert validate.window("-5", "15", -5, "15") == (((-5.0, 15.0), (-5.0, 15.0)), None)
    assert "x window: the first bound must be below the second" in validate.window(5, 1, 0, 1)[1]
    assert "y window: the first bound must be below the second (got 2 to 2)" in validate.window(0, 1, 2, 2)[1]
    assert "x from: 'a' is not a number" in validate.window("a", 1, 0, 1)[1]
    assert "too narrow" in validate.window(0, 1e-7, 0, 1)[1]


def test_resolution_caps():
    assert validate.resolution("400") == (400, None)
    assert validate.resolution("19")[1] == "grid points per axis: must be between 20 and 600"
    assert validate.resolution("601")[1] == "grid points per axis: must be between 20 and 600"


def test_pairs():
    assert validate.pair("w1_11", "b2") == (("w1_11", "b2"), None)
    assert validate.pair("b2", "b2")[1] == "the two axes need different parameters"
    assert validate.pair("w9", "b2")[1] == "choose a parameter for each axis"


def test_fixed_values_skip_the_axes():
    texts = {"w1_11": "junk", "w1_21": "9", "b1_1": "-5", "b1_2": "5", "w2_11": "junk", "w2_12": "1", "b2": "-1"}
    values, error = validate.fixed_values(texts, ("w1_11", "w2_11"))
    assert error is None and values == (10.0, 9.0, -5.0, 5.0, 1.0, 1.0, -1.0)
    _, error = validate.fixed_values({**texts, "b2": "nan"}, ("w1_11", "w2_11"))
    assert error == "b²: must be finite, not nan"


def test_start_points():
    assert validate.start_point("-4", "-4") == ((-4.0, -4.0), None)
    message = validate.start_point("x", "1e9")[1]
    assert message == "start x: 'x' is not a number; start y: must be between -10000 and 10000"


def test_hyperparameters_use_the_algorithms_specs():
    assert validate.hyperparameters("mobp", {"alpha": "0.2", "gamma": "0.5"}) == ({"alpha": 0.2, "gamma": 0.5}, None)
    message = validate.hyperparameters("mobp", {"alpha": "fast", "gamma": "0.5"})[1]
    assert message == "α (learning rate): 'fast' is not a number"
    message = validate.hyperparameters("mobp", {"alpha": 1, "gamma": 2})[1]
    assert "γ (momentum) must be between 0 and 0.999, got 2" in message
    assert validate.hyperparameters("cgbp", {"eps": "0.1", "tol": "1e-4", "beta_rule": "polak-ribiere"})[0] == {
        "eps": 0.1,
        "tol": 1e-4,
        "beta_rule": "polak-ribiere",
    }
    assert validate.hyperparameters("nope", {})[1] == "choose an algorithm"
    assert validate.hyperparameters("newton", {}) == ({}, None)
