"""Stationary points: the book's minima and saddles, found and classified in any window; flat regions apart."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import surface
from surface import critical


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


BOOK_POINTS = [
    ((10.0, 1.0), "minimum"),
    ((0.8828279334, 38.6187244310), "minimum"),
    ((2.6834695921, 3.2926405630), "saddle"),
]


def same_points(found, expected, tol=1e-6):
    """Do the points found match the (point, kind) pairs expected, one for one?"""
    if len(found) != len(expected):
        return False
    return all(any(np.allclose(p.point, where, atol=tol) and p.kind == kind for p in found) for where, kind in expected)


def test_a_wide_window_keeps_every_point_of_the_book_map():
    # the window in which the saddle was lost and a "degenerate point" reported at (-11.3, 0), on a flat valley
    points = surface.critical_points("w1_11", "w2_11", (-20, 100), (-30, 60))
    assert same_points(points, BOOK_POINTS), points
    assert surface.flat_regions("w1_11", "w2_11", (-20, 100), (-30, 60)) == []


@pytest.mark.parametrize(
    "pair, window, expected",
    [
        (("w1_11", "w2_11"), ((-100, 100), (-100, 100)), BOOK_POINTS),
        (
            ("b1_1", "b1_2"),
            ((-100, 100), (-100, 100)),
            [((-5, 5), "minimum"), ((5, -5), "minimum"), ((0, 0), "saddle")],
        ),
        (
            ("w1_21", "w2_11"),
            ((-60, 60), (-30, 30)),
            [((10, 1), "minimum"), ((-9.99886, 1.99990), "minimum"), ((-4.19513, 1.62904), "saddle")],
        ),
        (
            ("w1_11", "b1_2"),
            ((-70, 70), (-10, 10)),
            [
                ((10, 5), "minimum"),
                ((-50.56026, 0.82904), "minimum"),
                ((28.42001, -2.33739), "saddle"),
                ((-37.41865, 1.13477), "saddle"),
                ((51.48268, -1.17532), "saddle"),
                ((35.98211, -1.77707), "maximum"),
            ],
        ),
    ],
)
def test_stationary_points_in_wide_windows(pair, window, expected):
    points = surface.critical_points(*pair, *window)
    assert same_points(points, expected, tol=1e-4), [(p.kind, p.point) for p in points]
    for p in points:
        assert p.gradient_norm < 1e-10
        assert p.kind == surface.classify(p.eigenvalues) != "degenerate"


NESTED = [
    (
        ("w1_11", "w2_11"),
        None,
        [((8, 12), (0, 2)), ((-5, 15), (-5, 15)), ((-5, 15), (-5, 45)), ((-20, 100), (-30, 60))],
    ),
    (("w1_11", "w2_11"), {"w2_12": -3.0}, [((9.9, 14), (14, 15)), ((0, 40), (0, 20)), ((-25, 70), (-25, 35))]),
    (("b1_1", "b1_2"), None, [((-0.3, 0.2), (-0.1, 0.4)), ((-10, 10), (-10, 10)), ((-300, 1000), (-50, 50))]),
    (("w1_11", "b1_2"), None, [((27, 29.5), (-3, -2)), ((-10, 35), (-10, 20)), ((-60, 60), (-15, 25))]),
    (("b1_2", "w2_11"), {"b2": 0.5}, [((-13, -12), (0, 0.1)), ((-15, 15), (-4, 6)), ((-45, 45), (-14, 16))]),
]


@pytest.mark.parametrize("pair, fixed, windows", NESTED)
def test_points_of_a_window_are_found_in_every_wider_one(pair, fixed, windows):
    found = [surface.critical_points(*pair, *w, fixed) for w in windows]
    assert found[0], "the narrowest window of each chain holds a point"
    for narrow, wide in itertools.pairwise(found):
        for p in narrow:
            assert any(np.allclose(p.point, q.point, rtol=0, atol=1e-8) and p.kind == q.kind for q in wide), p


@settings(max_examples=25, deadline=None)
@given(
    pair=st.sampled_from([("w1_11", "w2_11"), ("b1_1", "b1_2"), ("w1_21", "w2_11"), ("b1_2", "w2_11")]),
    centre=st.tuples(st.floats(-20, 20), st.floats(-10, 10)),
    half=st.tuples(st.floats(0.05, 15), st.floats(0.05, 15)),
    grow=st.tuples(st.floats(0, 40), st.floats(0, 40), st.floats(0, 40), st.floats(0, 40)),
)
def test_nested_windows_drawn_at_random(pair, centre, half, grow):
    narrow = ((centre[0] - half[0], centre[0] + half[0]), (centre[1] - half[1], centre[1] + half[1]))
    wide = ((narrow[0][0] - grow[0], narrow[0][1] + grow[1]), (narrow[1][0] - grow[2], narrow[1][1] + grow[3]))
    inner = surface.critical_points(*pair, *narrow)
    outer = surface.critical_points(*pair, *wide)
    for p in inner:
        assert any(np.allclose(p.point, q.point, rtol=0, atol=1e-8) for q in outer), (p, narrow, wide)


@pytest.mark.parametrize(
    "pair, window, fixed",
    [
        (("b1_1", "b1_2"), ((-100, 100), (-100, 100)), None),
        (("w1_11", "b1_1"), ((-100, 100), (-100, 100)), None),
        (("w2_11", "b2"), ((-100, 100), (-100, 100)), {"w2_12": -3.0}),
        (("w1_11", "w2_11"), ((-1e4, 1e4), (-1e4, 1e4)), None),
    ],
)
def test_plateaus_are_flat_regions_not_points(pair, window, fixed):
    points = surface.critical_points(*pair, *window, fixed)
    regions = surface.flat_regions(*pair, *window, fixed)
    plateaus = [r for r in regions if r.kind == "plateau"]
    assert plateaus, "these windows reach where every sigmoid saturates"
    problem = surface.Problem.make(pair, fixed)
    for p in points:  # every point marked is curved in every direction
        lam = np.abs(p.eigenvalues)
        assert lam.min() > critical.FLAT_RTOL * lam.max() and lam.max() > critical.PLATEAU_CURVATURE
    for r in plateaus:
        (x0, x1), (y0, y1) = r.box
        assert x0 <= r.point[0] <= x1 and y0 <= r.point[1] <= y1
        assert window[0][0] <= x0 < x1 <= window[0][1] and window[1][0] <= y0 < y1 <= window[1][1]
        # F is constant to rounding there: no slope, no curvature
        assert np.linalg.norm(problem.gradient(np.array(r.point))) < 1e-12
        assert np.abs(problem.hessian(np.array(r.point))).max() < critical.PLATEAU_CURVATURE
        assert abs(r.F - problem.performance(np.array(r.point))) <= 1e-12 * r.F
        assert not any(x0 < p.point[0] < x1 and y0 < p.point[1] < y1 and abs(p.F - r.F) < 1e-12 for p in points)


def test_a_zero_of_the_gradient_on_a_flat_valley_is_no_point():
    # on the line w2_11 = 0 the first neuron is cut off and F does not depend on w1_11; just off it lies a genuine
    # zero of the gradient (checked to 50 digits) whose Hessian has eigenvalues -1.1e-10 and 1.22: the lowest
    # spot of a valley flat to one part in 10^10, which no map can show as a point
    problem = surface.Problem.make()
    z = np.array([[-11.316662743810115, 4.4349113447794727e-05]])
    assert np.linalg.norm(problem.gradient(z)) < 1e-15
    points, flats = critical._classify_points(problem, z, np.array([[0.5, 0.5]]))
    assert points == [] and [f[0] for f in flats] == ["valley"]
    assert abs(flats[0][3][0]) == pytest.approx(1.0)  # flat along w1_11
    # a genuine saddle next to it is a point
    points, flats = critical._classify_points(problem, np.array([[2.6834695921, 3.2926405630]]), np.ones((1, 2)))
    assert [p.kind for p in points] == ["saddle"] and flats == []


def test_stationary_kind_of_the_nominal_star():
    nominal = (10.0, 1.0)
    assert surface.stationary_kind(("w1_11", "w2_11"), nominal) == "minimum"
    assert surface.stationary_kind(("w1_11", "w2_11"), nominal, {"b2": 0.5}) is None  # not even stationary
    assert surface.stationary_kind(("b1_1", "b1_2"), (0.0, 0.0)) == "saddle"
    assert surface.stationary_kind(("w1_11", "w2_11"), (2.6834695921, 3.2926405630), gradient_tol=1e-8) == "saddle"
    assert surface.stationary_kind(("w1_11", "w2_11"), (2.68, 3.29)) is None
    with pytest.raises(ValueError, match="2 finite values"):
        surface.stationary_kind(("w1_11", "w2_11"), (1.0, np.nan))


def test_the_lattice_is_fixed_in_parameter_space():
    wide, narrow = critical.lattice(-100, 100), critical.lattice(-3.3, 7.1)
    assert set(narrow.tolist()) <= set(wide.tolist())  # every node of a narrower window is a node of a wider one
    assert narrow[0] < -3.3 and narrow[-1] > 7.1 and 0.0 in narrow.tolist()
    steps = np.diff(critical.lattice(-1e4, 1e4))
    assert steps.min() == pytest.approx(critical.SPACING) and len(steps) < critical.MAX_NODES


def test_any_finite_window_is_searched():
    assert surface.critical_points("w1_11", "w2_11", (1e307, 1.7e308), (0, 1)) == []
    points = surface.critical_points("w1_11", "w2_11", (-1e300, 1e300), (-1e300, 1e300))
    assert all(np.all(np.isfinite(p.point)) for p in points)


def test_a_window_without_stationary_points_gives_none():
    assert surface.critical_points("w1_11", "w2_11", (-5, -4), (-5, -4)) == []


@pytest.mark.parametrize("xr, yr", [((1, 0), (0, 1)), ((0, 1), (2, 2)), ((0, np.inf), (0, 1))])
def test_bad_windows_are_refused(xr, yr):
    with pytest.raises(ValueError):
        surface.critical_points("w1_11", "w2_11", xr, yr)
