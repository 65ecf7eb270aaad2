"""The run record: JSON round trips and display copies that keep the start, the end and the shape."""

import json

import numpy as np
import pytest

import surface
from surface.trajectory import display_indices


def distance_to_polyline(points, line):
    """The largest distance from any of ``points`` to the polyline through ``line``."""
    a, b = line[:-1], line[1:]
    ab = b - a
    worst = 0.0
    for p in points:
        t = np.clip(np.einsum("ij,ij->i", p - a, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab), 1e-300), 0, 1)
        worst = max(worst, float(np.min(np.linalg.norm(a + t[:, None] * ab - p, axis=1))))
    return worst


@pytest.mark.parametrize("name, epochs", [("vlbp", 300), ("cgbp", 20), ("lmbp", 30), ("br", 30), ("sgd", 50)])
def test_json_round_trip_keeps_everything(name, epochs):
    tr = surface.train(name, (-4.0, -4.0), epochs=epochs)
    text = tr.to_json()
    json.loads(text)  # plain JSON, no NaN
    back = surface.Trajectory.from_json(text)
    assert back.algorithm == tr.algorithm and back.hyper == tr.hyper and back.free == tr.free
    assert back.status == tr.status and back.message == tr.message and back.evaluations == tr.evaluations
    np.testing.assert_array_equal(back.xs, tr.xs)
    np.testing.assert_array_equal(back.F, tr.F)
    np.testing.assert_array_equal(back.epoch, tr.epoch)
    np.testing.assert_array_equal(back.evals, tr.evals)
    assert back.base == tr.base
    for key, value in tr.extras.items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(back.extras[key], value)
        else:
            assert back.extras[key] == json.loads(json.dumps(value))


def test_display_copy_keeps_start_end_and_shape():
    tr = surface.train("sdbp", (-4.0, -4.0), epochs=300_000, alpha=0.05, grad_tol=1e-9)
    shown = tr.display(2000)
    assert len(shown.xs) <= 2000 and len(tr.xs) > 100_000
    np.testing.assert_array_equal(shown.xs[0], tr.xs[0])
    np.testing.assert_array_equal(shown.xs[-1], tr.xs[-1])
    assert shown.epoch[0] == 0 and shown.epoch[-1] == tr.epochs and np.all(np.diff(shown.epoch) > 0)
    np.testing.assert_array_equal(shown.xs, tr.xs[shown.epoch])
    np.testing.assert_array_equal(shown.F, tr.F[shown.epoch])
    span = np.ptp(tr.xs, axis=0).max()
    assert distance_to_polyline(tr.xs[::97], shown.xs) < 1e-3 * span  # the shape survives
    assert shown.epochs == tr.epochs and shown.status == tr.status


def test_display_keeps_fast_early_turns():
    # a path that zig-zags in its first epochs and then crawls for a long time
    head = np.array([[0, 0], [1, 1], [2, 0], [3, 1], [4, 0]], dtype=float)
    tail = np.column_stack([np.linspace(4, 5, 100_000), np.zeros(100_000)])
    xs = np.vstack([head, tail])
    keep = display_indices(xs, 200)
    assert len(keep) <= 200 and keep[0] == 0 and keep[-1] == len(xs) - 1
    assert {1, 2, 3} <= set(keep.tolist())  # every corner of the zig-zag is kept


def test_display_thins_per_step_traces_with_the_iterates():
    tr = surface.train("vlbp", (-4.0, -4.0), epochs=5000, grad_tol=0)
    shown = tr.display(300)
    assert len(shown.xs) <= 300
    assert len(shown.extras["alpha"]) == len(shown.xs) - 1
    np.testing.assert_array_equal(shown.extras["alpha"], tr.extras["alpha"][shown.epoch[:-1]])


def test_short_runs_are_their_own_display_copy():
    tr = surface.train("lmbp", (-4.0, -4.0), epochs=50)
    assert tr.display(2000) is tr


def test_records_must_be_consistent():
    with pytest.raises(ValueError, match="one entry per iterate"):
        surface.Trajectory("sdbp", {}, ("a", "b"), (), np.zeros((3, 2)), np.zeros(2), np.zeros(3), {}, "goal", "")
