"""Stationary points: the book's minima and saddles, found and classified."""

import numpy as np
import pytest

import surface


def by_kind(points, kind):
    return [p for p in points if p["kind"] == kind]


def near(points, where, tol):
    return [p for p in points if np.allclose(p["point"], where, atol=tol)]


def test_book_map_has_global_minimum_local_minimum_and_saddle():
    points = surface.critical_points("w1_11", "w2_11", (-5, 15), (-5, 45))
    minima = by_kind(points, "minimum")
    saddles = by_kind(points, "saddle")
    (best,) = near(minima, (10, 1), 1e-9)
    assert best["F"] < 1e-20 and best["gradient_norm"] < 1e-12
    (local,) = near(minima, (0.88, 38.6), 0.02)  # the local minimum the source text names
    assert local["F"] == pytest.approx(0.0934221214, rel=1e-8)
    assert all(ev > 0 for ev in local["eigenvalues"])
    assert len(saddles) == 1
    saddle = saddles[0]
    eig = saddle["eigenvalues"]
    assert eig[0] < 0 < eig[1]
    # the saddle lies between the two basins: its F exceeds both minima's
    assert saddle["F"] > local["F"] > best["F"]
    np.testing.assert_allclose(saddle["point"], (2.68346959, 3.29264056), atol=1e-6)
    assert len(points) == 3


def test_bias_map_has_two_global_minima_and_a_saddle_at_the_origin():
    points = surface.critical_points("b1_1", "b1_2", (-10, 10), (-10, 10))
    minima = by_kind(points, "minimum")
    assert len(minima) == 2
    assert near(minima, (-5, 5), 1e-9) and near(minima, (5, -5), 1e-9)
    assert all(m["F"] < 1e-20 for m in minima)
    (saddle,) = by_kind(points, "saddle")
    np.testing.assert_allclose(saddle["point"], (0, 0), atol=1e-12)
    assert saddle["gradient_norm"] < 1e-14
    assert len(points) == 3


def test_every_point_is_stationary_and_inside_its_window():
    points = surface.critical_points("w1_21", "w2_11", (-15, 25), (-4, 6))
    assert {p.kind for p in points} == {"minimum", "saddle"}
    for p in points:
        assert -15 <= p.point[0] <= 25 and -4 <= p.point[1] <= 6
        assert p.gradient_norm < 1e-10
        assert np.isclose(p.F, surface.Problem.make(("w1_21", "w2_11")).performance(p.point))


def test_points_round_trip_to_plain_numbers():
    (p, *_) = surface.critical_points("b1_1", "b1_2", (-10, 10), (-10, 10))
    d = p.to_dict()
    assert set(d) == {"point", "F", "gradient_norm", "eigenvalues", "kind"}
    assert all(isinstance(v, float) for v in d["point"])


@pytest.mark.parametrize(
    "eigenvalues, kind",
    [((1.0, 2.0), "minimum"), ((-1.0, -3.0), "maximum"), ((-1.0, 2.0), "saddle"), ((0.0, 2.0), "degenerate")],
)
def test_classify(eigenvalues, kind):
    assert surface.classify(eigenvalues) == kind


def test_a_window_without_stationary_points_gives_none():
    assert surface.critical_points("w1_11", "w2_11", (-5, -4), (-5, -4)) == []


@pytest.mark.parametrize("xr, yr", [((1, 0), (0, 1)), ((0, 1), (2, 2)), ((0, np.inf), (0, 1))])
def test_bad_windows_are_refused(xr, yr):
    with pytest.raises(ValueError):
        surface.critical_points("w1_11", "w2_11", xr, yr)
