"""train_batch: many starts at once give what train gives one at a time."""

import itertools
import json

import numpy as np
import pytest

import surface
from surface import testproblems
from surface.compiled import runs

ALL = sorted(surface.ALGORITHMS)
SECOND_ORDER = {"cgbp", "lmbp", "newton", "br"}
SETTLED_AFTER = {"oscillating": "max_epochs"}
"""Statuses ``train`` settles after a run from its whole path, and the stop they refine: a batch, which keeps no
paths, reports the stop."""


def stop(status: str) -> str:
    return SETTLED_AFTER.get(status, status)


def random_starts(n, seed=0):
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(-5, 15, n), rng.uniform(-5, 45, n)])


@pytest.mark.parametrize("name", ALL)
def test_batch_equals_single_runs(name):
    starts = random_starts(200)
    epochs = 100 if name in SECOND_ORDER else 300
    batch = surface.train_batch(name, starts, epochs=epochs)
    singles = [surface.train(name, s, epochs=epochs) for s in starts]
    np.testing.assert_allclose(batch.ends, [t.end for t in singles], rtol=0, atol=1e-9)
    np.testing.assert_array_equal(batch.status, [stop(t.status) for t in singles])
    np.testing.assert_array_equal(batch.epochs, [t.epochs for t in singles])
    np.testing.assert_allclose(batch.F, [t.F[-1] for t in singles], rtol=0, atol=1e-9)
    np.testing.assert_allclose(batch.grad_norm, [t.grad_norm[-1] for t in singles], rtol=1e-9, atol=1e-12)


def test_the_result_does_not_depend_on_how_starts_are_shared_between_threads(monkeypatch):
    starts = random_starts(64, seed=1)
    monkeypatch.setattr(runs, "THREADS", 1)
    one = surface.train_batch("vlbp", starts, epochs=500)
    monkeypatch.setattr(runs, "THREADS", 3)
    three = surface.train_batch("vlbp", starts, epochs=500)
    np.testing.assert_array_equal(one.ends, three.ends)
    np.testing.assert_array_equal(one.epochs, three.epochs)


@pytest.mark.parametrize(
    "name, per_start",
    [
        ("sdbp", {"alpha": [0.01, 0.1, 0.5, 2.0, 50.0]}),
        ("mobp", {"alpha": [0.1, 0.5, 0.5, 1.0, 3.0], "gamma": [0.0, 0.5, 0.9, 0.8, 0.2]}),
        ("sgd", {"seed": [0, 1, 2, 3, 4]}),
        ("lmbp", {"mu": [1e-3, 1e-2, 1.0, 10.0, 1e3]}),
    ],
)
def test_hyperparameters_may_be_given_per_start(name, per_start):
    starts = random_starts(5, seed=2)
    batch = surface.train_batch(name, starts, epochs=200, **per_start)
    for i, start in enumerate(starts):
        single = surface.train(name, start, epochs=200, **{k: v[i] for k, v in per_start.items()})
        np.testing.assert_allclose(batch.ends[i], single.end, rtol=0, atol=1e-9)
        assert batch.status[i] == stop(single.status)
    assert batch.hyper[next(iter(per_start))].tolist() == next(iter(per_start.values()))


@pytest.mark.parametrize("points", [2, 3, 50])
def test_paths_are_thinned_and_keep_start_and_end(points):
    starts = random_starts(6, seed=3)
    batch = surface.train_batch("sdbp", starts, epochs=1000, alpha=1.0, paths=points)
    for i, path in enumerate(batch.paths):
        single = surface.train("sdbp", starts[i], epochs=1000, alpha=1.0)
        assert 2 <= len(path) <= points or (single.epochs == 0 and len(path) == 1)
        np.testing.assert_array_equal(path[0], starts[i])
        np.testing.assert_allclose(path[-1], single.end, atol=1e-12)
        # every point kept is an iterate of the run
        distances = np.min(np.abs(single.xs[None, :, :] - path[:, None, :]).max(axis=2), axis=1)
        assert np.all(distances <= 1e-12)


def test_a_problem_without_a_compiled_form_runs_the_reference():
    bowl = testproblems.quadratic_bowl()
    starts = np.array([[3.0, 4.0], [-2.0, 1.0], [0.5, 0.5]])
    batch = surface.train_batch("lmbp", starts, problem=bowl, epochs=50, paths=10)
    for start, end in zip(starts, batch.ends, strict=True):
        np.testing.assert_array_equal(end, surface.train("lmbp", start, problem=bowl, epochs=50, compiled=False).end)
    assert batch.free == ("z0", "z1") and all(len(p) <= 10 for p in batch.paths)


def test_result_is_plain_data():
    batch = surface.train_batch("sdbp", random_starts(4), epochs=50, alpha=[1e6, 0.5, 0.5, 0.5], paths=5)
    d = json.loads(json.dumps(batch.to_dict(), allow_nan=False))
    assert d["status"][0] == "diverged" and len(d["ends"]) == 4 and d["hyper"]["alpha"][0] == 1e6
    assert len(batch) == 4


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"starts": np.zeros((3, 3))}, r"starts must be an \(n, 2\) array"),
        ({"starts": [[np.nan, 1.0]]}, "starts must be finite"),
        ({"starts": np.zeros((0, 2))}, r"\(n, 2\)"),
        ({"alpha": [0.1, 0.2]}, "one value per start"),
        ({"alpha": [0.1, 0.2, -1.0]}, "between 0 and"),
        ({"algorithm": "vlbp", "rho": [0.5, 1.0, 0.5]}, "strictly between 0 and 1"),
        ({"algorithm": "cgbp", "beta_rule": ["fletcher-reeves"] * 3}, "one value for the whole batch"),
        ({"epochs": -1}, "epochs must be between"),
        ({"paths": 1}, "paths must be between 2"),
        ({"algorithm": "nope"}, "unknown algorithm"),
    ],
)
def test_bad_batches_get_clear_errors(kwargs, message):
    kwargs = {"algorithm": "sdbp", "starts": np.zeros((3, 2)), "epochs": 10, **kwargs}
    with pytest.raises(ValueError, match=message):
        surface.train_batch(kwargs.pop("algorithm"), kwargs.pop("starts"), **kwargs)


def test_one_start_may_be_given_as_a_point():
    batch = surface.train_batch("lmbp", (-4.0, 10.0), epochs=100)
    np.testing.assert_array_equal(batch.ends[0], surface.train("lmbp", (-4.0, 10.0), epochs=100).end)


@pytest.mark.parametrize("algorithm", ["sdbp", "vlbp", "lmbp"])
def test_a_progress_feed_reports_steadily_and_changes_nothing(algorithm):
    rng = np.random.default_rng(3)
    starts = rng.uniform([-5, -5], [15, 15], size=(300, 2))
    calls = []
    fed = surface.train_batch(algorithm, starts, epochs=200, progress=lambda done, total: calls.append((done, total)))
    plain = surface.train_batch(algorithm, starts, epochs=200)
    np.testing.assert_array_equal(fed.ends, plain.ends)
    np.testing.assert_array_equal(fed.status, plain.status)
    np.testing.assert_array_equal(fed.epochs, plain.epochs)
    assert [t for _, t in calls] == [300] * len(calls) and calls[-1][0] == 300
    assert len(calls) >= 4 and all(a < b for (a, _), (b, _) in itertools.pairwise(calls))


def test_a_process_forked_while_the_kernels_compile_waits_and_can_run_them():
    import threading

    import multiprocess

    from surface import warmup

    started = threading.Event()

    def slow_compile():
        with warmup._lock:  # what warm_up holds while it compiles
            started.set()
            threading.Event().wait(0.5)

    holder = threading.Thread(target=slow_compile)
    holder.start()
    started.wait()
    queue = multiprocess.Queue()

    def child(q):
        q.put(surface.train("sdbp", (-4.0, -4.0), epochs=50).epochs)

    process = multiprocess.Process(target=child, args=(queue,))
    process.start()  # forks only once the lock is free
    assert queue.get(timeout=60) == 50
    process.join(timeout=60)
    holder.join()
    assert process.exitcode == 0
