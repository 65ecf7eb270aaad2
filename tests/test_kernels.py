"""The compiled kernels: one per algorithm's step, compiled on first use, in the warm-up's order, cached on disk; a
short run asked for while they are prepared is answered by the numpy reference, alike; a name the compiled path
does not know is an error, never another algorithm."""

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pytest
from conftest import ROOT

import surface
from surface import kernels


def run(code: str, env: dict | None = None) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return out.stdout.strip().splitlines()[-1]


def test_each_kernel_compiles_on_its_first_use():
    code = (
        "import json, sys, surface\n"
        "before = surface.kernel_status()\n"
        "numba_before = 'numba' in sys.modules\n"
        "surface.train('sdbp', (-4.0, -4.0), epochs=100)\n"
        "print(json.dumps([numba_before, before, surface.kernel_status()]))\n"
    )
    numba_before, before, after = json.loads(run(code))
    assert not numba_before and set(before.values()) == {"not started"}
    assert set(before) == {*surface.ALGORITHMS, "many"}
    # steepest descent's kernel, which momentum shares (the same step with γ = 0), and nothing else
    assert {name for name, state in after.items() if state == "ready"} == {"sdbp", "mobp"}


def test_the_warm_up_prepares_steepest_descent_first_and_the_many_point_kernel_last():
    names = kernels.order()
    assert names[0] == "sdbp" and names[-1] == kernels.MANY
    assert len({kernels.kernel(n) for n in names}) == len(names)  # each kernel once
    assert {kernels.kernel(n) for n in names} == {kernels.kernel(n) for n in [*surface.ALGORITHMS, kernels.MANY]}
    code = (
        "import json, surface\n"
        "from surface import kernels\n"
        "seen = []\n"
        "original = kernels._prepare\n"
        "def prepare(name):\n"
        "    seen.append((name, kernels.status()))\n"
        "    original(name)\n"
        "kernels._prepare = prepare\n"
        "surface.warm_up()\n"
        "print(json.dumps([seen, surface.kernel_status(), surface.compiled_ready()]))\n"
    )
    seen, after, ready = json.loads(run(code))
    assert [name for name, _ in seen] == names
    for i, (name, status) in enumerate(seen):
        assert status[name] == "compiling"
        assert all(status[n] == "ready" for n in names[:i])
        assert all(status[n] == "queued" for n in names[i + 1 :])
    assert set(after.values()) == {"ready"} and ready


def test_a_kernel_compiled_once_loads_from_numbas_cache_in_the_next_process(tmp_path):
    code = (
        "import json, surface\n"
        "from surface import kernels\n"
        "from surface.compiled import driver\n"
        "wait = surface.kernel_wait('adam', epochs=300_000)\n"
        "kernels.ensure('adam')\n"
        "step = driver.resolve('adam')\n"
        "hits = [sum(f.stats.cache_hits.values()) for f in (driver.loop(), step)]\n"
        "print(json.dumps([wait.message, hits]))\n"
    )
    env = {"NUMBA_CACHE_DIR": str(tmp_path)}
    first, first_hits = json.loads(run(code, env))
    second, second_hits = json.loads(run(code, env))
    assert first.startswith("Preparing the compiled loop for Adam: about") and first.endswith("once per machine.")
    assert first_hits == [0, 0]
    assert second.startswith("Loading the compiled loop for Adam: about")
    assert second_hits == [1, 1]  # the loop and Adam's step, both from the cache


def test_a_name_the_compiled_path_does_not_know_is_an_error():
    from surface.compiled import driver, runs

    with pytest.raises(ValueError, match="no compiled kernel for 'nope'"):
        kernels.kernel("nope")
    with pytest.raises(ValueError, match="no compiled kernel for 'nope'"):
        kernels.ensure("nope")
    with pytest.raises(ValueError, match="no compiled kernel for 'nope'"):
        runs.algorithm("nope")
    with pytest.raises(ValueError, match="has no compiled function 'nope'"):
        driver.resolve("nope")
    with pytest.raises(ValueError, match="has no compiled function"):
        driver.resolve("surface.compiled.network:P")  # a name, but not a compiled function


@dataclass(frozen=True)
class Unregistered(surface.ALGORITHMS["sdbp"]):
    """Steepest descent under a name the registry does not hold."""

    name: ClassVar[str] = "unregistered"


@dataclass(frozen=True)
class StepMissing(surface.ALGORITHMS["sdbp"]):
    """Steepest descent whose declared compiled step does not exist."""

    name: ClassVar[str] = "stepmissing"
    COMPILED: ClassVar = surface.algorithms.Compiled("no_such_step", lambda h: (h["alpha"], 0.0))


def test_an_algorithm_the_registry_does_not_hold_runs_no_kernel():
    from surface.compiled import runs

    with pytest.raises(ValueError, match="not the registry's algorithm"):
        runs.kernel(Unregistered())
    surface.algorithms.register(StepMissing)
    try:
        with pytest.raises(ValueError, match="has no compiled function 'no_such_step'"):
            surface.train("stepmissing", (-4.0, -4.0), epochs=10)
        assert kernels.state("stepmissing") == kernels.NOT_STARTED
        reference = surface.train("stepmissing", (-4.0, -4.0), epochs=10, compiled=False)
        assert reference.algorithm == "stepmissing" and reference.epochs == 10
    finally:
        surface.algorithms.unregister("stepmissing")


@pytest.fixture
def preparing(monkeypatch):
    """Steepest descent's kernel as while a warm-up under way has not got to it (it is compiled here, so the
    test can compare against it): not ready, queued."""
    kernels.ensure("sdbp")
    key = kernels.kernel("sdbp")
    monkeypatch.setattr(kernels, "_ready", kernels._ready - {key})
    monkeypatch.setattr(kernels, "_queue", [key])
    return key


def test_a_short_run_is_answered_by_the_reference_while_its_kernel_is_prepared(preparing, monkeypatch):
    from surface.compiled import runs

    start, kw = (-4.0, -4.0), dict(epochs=2000, grad_tol=0.0, alpha=0.5)
    assert surface.kernel_status()["sdbp"] == "queued"
    wait = surface.kernel_wait("sdbp", epochs=2000)
    assert wait.reference and wait.seconds == 0 and not wait and wait.message == ""
    ran = []
    original = runs.trajectory
    monkeypatch.setattr(runs, "trajectory", lambda *a, **k: ran.append(1) or original(*a, **k))
    answered = surface.train("sdbp", start, **kw)
    assert ran == []  # the numpy reference answered it
    monkeypatch.setattr(kernels, "_ready", kernels._ready | {preparing})
    compiled = surface.train("sdbp", start, **kw)
    assert ran == [1]
    # the same result, to the tolerances the compiled-vs-reference tests hold the two paths to
    assert answered.status == compiled.status and answered.epochs == compiled.epochs
    np.testing.assert_allclose(answered.xs, compiled.xs, rtol=0, atol=1e-10)
    np.testing.assert_allclose(answered.F, compiled.F, rtol=0, atol=1e-10)
    assert answered.message == compiled.message


def test_a_small_batch_is_answered_by_the_reference_while_its_kernel_is_prepared(preparing, monkeypatch):
    from surface.compiled import runs

    starts = [(-4.0, -4.0), (-4.0, 10.0)]
    monkeypatch.setattr(runs, "run_many", lambda *a, **k: pytest.fail("the compiled kernel ran"))
    answered = surface.train_batch("sdbp", starts, epochs=300)
    monkeypatch.undo()
    compiled = surface.train_batch("sdbp", starts, epochs=300)
    np.testing.assert_array_equal(answered.status, compiled.status)
    np.testing.assert_allclose(answered.ends, compiled.ends, rtol=0, atol=1e-10)


def test_a_long_run_waits_for_its_kernel(preparing, monkeypatch):
    wait = surface.kernel_wait("sdbp", epochs=300_000)
    assert wait and wait.seconds > 0 and not wait.reference and wait.state == "queued"
    assert wait.message.startswith(("Preparing the compiled loop for Steepest descent", "Loading the compiled loop"))
    holding, asking, released, answered = threading.Event(), threading.Event(), [], []

    def compile_elsewhere():  # another thread compiles the kernel: holds the guard, as ensure does
        with kernels.GUARD:
            kernels._compiling[preparing] = 0.0
            holding.set()
            asking.wait(60)
            threading.Event().wait(0.2)  # let the run reach the guard
            del kernels._compiling[preparing]
            released.append(True)

    def ask():
        holding.wait(60)
        assert surface.kernel_status()["sdbp"] == "compiling"
        asking.set()
        tr = surface.train("sdbp", (-4.0, -4.0), epochs=300_000, alpha=0.02)
        answered.append((bool(released), tr.epochs))

    threads = [threading.Thread(target=compile_elsewhere), threading.Thread(target=ask)]
    [t.start() for t in threads]
    [t.join(120) for t in threads]
    assert answered and answered[0][0]  # it ran once the compilation had finished, not before
    assert kernels.ready("sdbp")


def test_nothing_being_prepared_a_run_compiles_its_own_kernel_rather_than_the_reference(monkeypatch):
    # a notebook's first run, or a test of the compiled path: no warm-up under way
    monkeypatch.setattr(kernels, "_queue", [])
    assert not kernels.busy()
    assert not kernels.answers_now("lmbp", 10)
    assert kernels.reference_seconds("lmbp", 200) < kernels.REFERENCE_BUDGET  # cheap, and still compiled


def test_a_run_the_reference_answers_well_before_a_fresh_kernel_is_answered_by_it(monkeypatch):
    # just after a fresh start: nothing compiled yet, steepest descent's kernel queued, the numba cache empty
    monkeypatch.setattr(kernels, "_ready", set())
    monkeypatch.setattr(kernels, "_compiling", {})
    monkeypatch.setattr(kernels, "_queue", [kernels.kernel(n) for n in kernels.order()])
    monkeypatch.setattr(kernels, "_on_disk", {})  # what the warm-up found before it began: nothing
    default_run = surface.DEFAULT_EPOCHS["sdbp"]  # 20,000 epochs: about 1.9 s of numpy, the kernel about 5 s away
    assert kernels.REFERENCE_BUDGET < kernels.reference_seconds("sdbp", default_run) <= kernels.REFERENCE_LIMIT
    assert kernels.answers_now("sdbp", default_run)
    assert not kernels.answers_now("sdbp", 300_000)  # trajectory 'a': 28 s of numpy, it waits
    wait = surface.kernel_wait("sdbp", epochs=300_000)
    assert wait.message == "Preparing the compiled loop for Steepest descent (SDBP): about 5 s, once per machine."
    # once the machine has compiled it, loading it is sooner than any such run
    monkeypatch.setattr(kernels, "_on_disk", dict.fromkeys(map(kernels.kernel, kernels.order()), True))
    assert not kernels.answers_now("sdbp", default_run)
    assert surface.kernel_wait("sdbp", epochs=300_000).message == (
        "Loading the compiled loop for Steepest descent (SDBP): about 1 s."
    )


def _until(condition, what: str) -> None:
    """Wait (in small naps, up to a minute) until ``condition()`` holds."""
    for _ in range(6000):
        if condition():
            return
        threading.Event().wait(0.01)
    raise AssertionError(f"never: {what}")


def test_the_guard_is_granted_in_the_order_it_was_asked_for():
    lock, order = kernels.FairLock(), []
    lock.acquire()

    def wait_for_it():
        with lock:
            order.append("the thread that waited")

    waiter = threading.Thread(target=wait_for_it)
    waiter.start()
    _until(lambda: lock._next == 2, "the other thread asks for the lock")
    lock.release()
    with lock:  # asked again at once, as the warm-up does for its next kernel: it comes second
        order.append("the thread that held it")
    waiter.join(60)
    assert order == ["the thread that waited", "the thread that held it"]
    with lock, lock:  # re-entrant for its holder
        pass
    with pytest.raises(RuntimeError):
        lock.release()


def test_a_run_waits_for_its_kernels_compilation_not_for_the_warm_ups_next(monkeypatch):
    monkeypatch.setattr(kernels, "_ready", set())
    monkeypatch.setattr(kernels, "_compiling", {})
    monkeypatch.setattr(kernels, "_queue", [])
    log, next_one_may_finish = [], threading.Event()
    asking = kernels.GUARD._next + 1  # the ticket the run below will hold

    def prepare(name):  # as a warm-up compiles: sdbp's kernel, then the next one for as long as the test lets it
        if name == "sdbp":
            _until(lambda: kernels.GUARD._next > asking, "the run asks for the guard")
        else:
            next_one_may_finish.wait(60)
        log.append(f"{name} compiled")

    monkeypatch.setattr(kernels, "_prepare", prepare)
    warm = threading.Thread(target=lambda: [kernels.ensure(n) for n in ("sdbp", "sgd")])
    warm.start()
    _until(lambda: "momentum" in kernels._compiling, "the warm-up compiles sdbp's kernel")
    kernels.ensure("sdbp")
    log.append("the run went on")
    next_one_may_finish.set()
    warm.join(60)
    assert log == ["sdbp compiled", "the run went on", "sgd compiled"]
