"""Where every start ends: basin maps, random restarts, hyperparameter maps."""

import json

import numpy as np
import pytest

import surface

BOOK = ("w1_11", "w2_11")
LOCAL = (0.8828, 38.6187)  # the local minimum of the source text, F = 0.0934221214


def by_point(m, where, tol):
    return [d for d in m.destinations if d.point is not None and np.allclose(d.point, where, atol=tol)]


def label_at(m, x, y):
    return m.labels[np.argmin(np.abs(m.ys - y)), np.argmin(np.abs(m.xs - x))]


@pytest.fixture(scope="module")
def lm_map():
    return surface.basin_map("lmbp", BOOK, np.linspace(-5, 15, 21), np.linspace(-5, 45, 26), epochs=200)


def test_cells_near_the_global_minimum_label_to_it(lm_map):
    (best,) = by_point(lm_map, (10.0, 1.0), 1e-9)
    assert best.kind == "minimum" and best.F < 1e-20 and best.label == 0  # lowest F first
    near = (np.abs(lm_map.xs[None, :] - 10) <= 2) & (np.abs(lm_map.ys[:, None] - 1) <= 2)
    assert near.sum() >= 4 and np.all(lm_map.labels[near] == best.label)


def test_trajectory_b_labels_to_the_local_minimum(lm_map):
    (local,) = by_point(lm_map, LOCAL, 1e-3)
    assert local.kind == "minimum" and pytest.approx(0.0934221214, rel=1e-7) == local.F
    assert label_at(lm_map, -4.0, 10.0) == local.label


def test_steepest_descent_with_a_budget_that_lets_it_arrive():
    # the book's trajectory b: sdbp with α = 0.5 from (−4, 10) reaches |∇F| ≤ 1e-8 after 158,601 epochs
    m = surface.basin_map("sdbp", BOOK, [-4.0, 9.5], [1.5, 10.0], epochs=160_000, alpha=0.5)
    (local,) = by_point(m, LOCAL, 1e-3)
    (best,) = by_point(m, (10.0, 1.0), 1e-9)
    assert label_at(m, -4.0, 10.0) == local.label and label_at(m, 9.5, 1.5) == best.label
    assert pytest.approx(0.0934221214, rel=1e-7) == local.F
    assert m.epochs[1, 0] == surface.train("sdbp", (-4.0, 10.0), epochs=160_000, alpha=0.5).epochs


def test_ends_at_the_same_stationary_point_share_one_label(lm_map):
    starts = np.column_stack([g.ravel() for g in np.meshgrid(lm_map.xs, lm_map.ys)])
    run = surface.train_batch("lmbp", starts, epochs=200)
    at_local = np.linalg.norm(run.ends - LOCAL, axis=1) < 1e-3
    assert at_local.sum() > 10
    assert len(set(lm_map.labels.ravel()[at_local])) == 1
    assert sum(d.count for d in lm_map.destinations) == lm_map.labels.size
    assert set(np.unique(lm_map.labels)) == {d.label for d in lm_map.destinations}


def test_every_kind_of_destination():
    xs, ys = np.linspace(-5, 15, 9), np.linspace(-5, 45, 9)
    newton = surface.basin_map("newton", BOOK, xs, ys, epochs=100)
    kinds = {d.kind for d in newton.destinations}
    assert {"minimum", "stalled", "diverged"} <= kinds
    saddles = [d for d in newton.destinations if d.kind == "saddle"]
    assert all(d.eigenvalues[0] < 0 < d.eigenvalues[1] for d in saddles)
    moving = surface.basin_map("sdbp", BOOK, xs, ys, epochs=50, alpha=0.05)
    assert [d.kind for d in moving.destinations][-1] == "moving"
    br = surface.basin_map("br", BOOK, xs, ys, epochs=200)
    stopped = [d for d in br.destinations if d.kind == "stopped"]  # the minimum of its regularised index
    assert stopped and all(d.F > 0.0934 for d in stopped)


def test_basin_map_is_plain_data(lm_map):
    d = json.loads(json.dumps(lm_map.to_dict(), allow_nan=False))
    assert np.array(d["labels"]).shape == (26, 21) and np.array(d["epochs"]).shape == (26, 21)
    assert {"label", "kind", "title", "count", "point", "F", "eigenvalues"} == set(d["destinations"][0])


def test_a_basin_map_needs_two_parameters():
    with pytest.raises(ValueError, match="two parameters"):
        surface.basin_map("sdbp", ("w1_11",), [0.0], [0.0], epochs=10)


def test_restarts_are_reproducible_by_seed():
    window = ((-5, 15), (-5, 45))
    a = surface.restarts("lmbp", BOOK, 60, window, seed=7, epochs=200)
    b = surface.restarts("lmbp", BOOK, 60, window, seed=7, epochs=200)
    c = surface.restarts("lmbp", BOOK, 60, window, seed=8, epochs=200)
    np.testing.assert_array_equal(a.starts, b.starts)
    np.testing.assert_array_equal(a.ends, b.ends)
    assert not np.array_equal(a.starts, c.starts)
    assert np.all((a.starts >= (-5, -5)) & (a.starts <= (15, 45)))
    assert a.lowest < 1e-20 and a.F[a.best] == a.lowest  # the global minimum, F = 0 at nominal
    assert 0 < a.fraction < 1 and a.fraction == np.mean(a.lowest + a.tolerance >= a.F)
    json.dumps(a.to_dict(), allow_nan=False)


def test_small_random_starts():
    r = surface.restarts("sdbp", BOOK, 20, None, init="small", seed=1, epochs=10)
    assert np.all(np.abs(r.starts) <= 1)


def test_hyper_map_shows_the_edge_of_stability():
    alphas = np.array([0.3, 1.0, 30.0, 100.0, 1e6])
    h = surface.hyper_map("sdbp", (-4.0, -4.0), BOOK, x=("alpha", alphas), y=("start", [(-4.0, -4.0)]), epochs=20_000)
    start_f = surface.Problem.make().performance((-4.0, -4.0))
    assert np.all(h.F[0, :2] < 1e-10)  # below the edge it converges
    assert np.all(h.F[0, 2:4] > start_f)  # beyond it the steps overshoot: F ends above where it began
    assert h.diverged[0, 4] and np.isnan(h.F[0, 4]) and h.status[0, 4] == "diverged"
    assert h.F.shape == (1, 5)
    json.dumps(h.to_dict(), allow_nan=False)


def test_hyper_map_of_two_hyperparameters_equals_single_runs():
    h = surface.hyper_map("mobp", (-4.0, 10.0), BOOK, x=("alpha", [0.1, 1.0]), y=("gamma", [0.0, 0.5, 0.9]), epochs=500)
    assert h.F.shape == (3, 2)
    for i, gamma in enumerate([0.0, 0.5, 0.9]):
        for j, alpha in enumerate([0.1, 1.0]):
            tr = surface.train("mobp", (-4.0, 10.0), epochs=500, alpha=alpha, gamma=gamma)
            assert h.F[i, j] == pytest.approx(tr.F[-1], abs=1e-12)
