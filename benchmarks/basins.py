"""How fast are many starts at once? The batch runner against its baselines, measured in this run.

    python -m benchmarks.basins [side]

1. ``train_batch``: side × side starts (100 × 100 by default) × 1,000 epochs of sdbp over the book's window, on
   every core, against one in-place exp pass over 10^7 · 41 · 3 values (that many epochs' logistic evaluations,
   on one core). Need: at most 2×.
2. For every algorithm, 400 starts (20 × 20 over the book's window) through ``train_batch`` against the same
   starts through ``train`` one at a time. Need: the batch at least 1.5× faster.
3. The stationary-point search on the compiled problem (``Problem.compiled()``, which ``critical_points`` uses
   once warm-up has finished): one batched F, ∇F and Hessian call on 400 points, and ``critical_points`` itself,
   against one 250 × 250 ``evaluate_grid`` of the same window, and the same search on the numpy problem (as
   before warm-up). The issue's limit for ``critical_points``: at most 3×.

Prints PASS or FAIL against each limit; asserts nothing about absolute time. The machine's cores are shared, so
the figures vary from run to run: ratios within a run are what to compare.
"""

from __future__ import annotations

import os
import sys

import numpy as np

import surface
from benchmarks._timing import best_of, exp_pass
from surface import critical

PAIR = ("w1_11", "w2_11")
WINDOW = ((-5.0, 15.0), (-5.0, 45.0))
EPOCHS = {"cgbp": 100, "lmbp": 100, "newton": 100, "br": 100, "sgd": 200}


def grid_starts(side: int) -> np.ndarray:
    gx, gy = np.meshgrid(np.linspace(*WINDOW[0], side), np.linspace(*WINDOW[1], side))
    return np.column_stack([gx.ravel(), gy.ravel()])


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def big_batch(side: int) -> bool:
    starts = grid_starts(side)
    epochs = 1000
    run = surface.train_batch("sdbp", starts, PAIR, epochs=epochs, grad_tol=0)
    done = int(run.epochs.sum())
    batch = best_of(lambda: surface.train_batch("sdbp", starts, PAIR, epochs=epochs, grad_tol=0), 3)
    values = done * surface.P.size * 3
    exp_seconds = best_of(exp_pass(values), 3)
    r = batch / exp_seconds
    cores = len(os.sched_getaffinity(0))
    print(f"1. train_batch sdbp, {side}x{side} starts x {epochs:,} epochs ({done:,} epochs run), {cores} cores")
    print(f"   train_batch                          {batch * 1e3:9.1f} ms")
    print(f"   in-place exp over {values:,} values {exp_seconds * 1e3:9.1f} ms   ratio {r:5.2f}  (need <= 2x)  "
          f"{verdict(r <= 2)}")  # fmt: skip
    return r <= 2


def every_algorithm() -> bool:
    starts = grid_starts(20)
    print()
    print(f"2. {len(starts)} starts over the book's window: train_batch against train one start at a time")
    print(f"   {'algorithm':<10} {'epochs':>7} {'batch ms':>9} {'singles ms':>11} {'speed-up':>9}")
    ok = True
    for name in surface.ALGORITHMS:
        epochs = EPOCHS.get(name, 1000)
        batch = best_of(lambda name=name, epochs=epochs: surface.train_batch(name, starts, epochs=epochs), 3)
        singles = best_of(lambda name=name, epochs=epochs: [surface.train(name, s, epochs=epochs) for s in starts], 2)
        speedup = singles / batch
        ok &= speedup >= 1.5
        print(f"   {name:<10} {epochs:>7,} {batch * 1e3:9.1f} {singles * 1e3:11.1f} {speedup:8.1f}x  "
              f"{verdict(speedup >= 1.5)}")  # fmt: skip
    return ok


def stationary_points() -> bool:
    problem = surface.Problem.make(PAIR)
    fast = problem.compiled()
    xs, ys = np.linspace(*WINDOW[0], 250), np.linspace(*WINDOW[1], 250)
    points = grid_starts(20)
    grid = best_of(lambda: surface.evaluate_grid(*PAIR, xs, ys), 7)
    numpy_call = best_of(lambda: (problem.value_and_gradient(points), problem.hessian(points)), 7)
    compiled_call = best_of(lambda: fast.value_gradient_hessian(points), 7)
    original = critical.compiled_ready
    critical.compiled_ready = lambda: False  # as before warm-up has finished: the numpy problem
    try:
        numpy_search = best_of(search, 3)
    finally:
        critical.compiled_ready = original
    found = search()
    compiled_search = best_of(search, 3)
    assert [p.kind for p in found] == [p.kind for p in search()]
    print()
    print("3. the stationary-point search, against one 250x250 evaluate_grid of the same window")
    print(f"   {'':<60} {'ms':>8} {'ratio':>7}")
    print(f"   {'baseline: evaluate_grid 250x250':<60} {grid * 1e3:8.2f} {1:7.2f}")
    for label, seconds in (
        ("F, ∇F and H at 400 points, numpy Problem", numpy_call),
        ("F, ∇F and H at 400 points, one compiled call", compiled_call),
        ("critical_points before warm-up (numpy problem)", numpy_search),
        ("critical_points after warm-up (compiled problem)", compiled_search),
    ):
        print(f"   {label:<60} {seconds * 1e3:8.2f} {seconds / grid:7.2f}")
    ok = compiled_search / grid <= 3
    print(f"   critical_points on the compiled problem: {compiled_search / grid:.2f}x  (need <= 3x)  {verdict(ok)}")
    return ok


def search():
    """``critical_points`` on the book's window, computed afresh (a cached survey, if critical.py keeps one, is
    cleared first)."""
    getattr(getattr(critical, "_survey", None), "cache_clear", lambda: None)()
    return surface.critical_points(*PAIR, *WINDOW)


def main(side: int = 100) -> int:
    surface.warm_up()
    results = [big_batch(side), every_algorithm(), stationary_points()]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
