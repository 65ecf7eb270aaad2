"""How fast is every algorithm? Printed as ratios to compiled sdbp's cost per epoch, measured in this run.

    python -m benchmarks.trajectory

1. 300,000 epochs of steepest descent from the book's trajectory-'a' start at α = 0.01 (it crawls through the
   flat region for all 300,000), against the per-epoch numpy loop a user would write (need ≥ 50×, aim 100×) and
   against one in-place exp pass over the same 300,000 · 41 · 3 logistic evaluations (need ≤ 4×, aim 2.5×).
2. Every algorithm's cost per iteration in the compiled loop (one core, 64 starts over the book's window, nothing
   recorded), as a ratio to sdbp's cost per epoch: at most 3× for the first-order methods, at most 100× for CG,
   LM, Newton and BR (line searches, trials and solves).
3. ``surface.train`` at each algorithm's epoch cap (``surface.EPOCH_CAPS``) from (−4, −4) with grad_tol = 0,
   recorded in full, as the explorer asks for it: with default hyperparameters, and, for the first-order methods,
   with ones that keep it moving for the whole budget. Need: well under 0.3 s.

It prints PASS or FAIL against each limit and exits 1 on a FAIL; it asserts nothing about absolute time.
"""

from __future__ import annotations

import sys
import time

import numpy as np

import surface
from benchmarks._timing import best_of, exp_pass
from surface.compiled import runs

START = (-4.0, -4.0)
ALPHA = 0.01
FIRST_ORDER = ("sdbp", "sgd", "mobp", "vlbp", "nesterov", "rmsprop", "adam")
LIMITS = {name: 3.0 for name in FIRST_ORDER} | {"cgbp": 100.0, "lmbp": 100.0, "newton": 100.0, "br": 100.0}
CAP_SECONDS = 0.3
# hyperparameters that keep each first-order method moving for its whole cap (the slowest request)
MOVING = {
    "sdbp": {"alpha": 0.01},
    "sgd": {"alpha": 0.01},
    "mobp": {"alpha": 0.01},
    "vlbp": {"alpha": 0.01, "eta": 1.0},
    "nesterov": {"alpha": 0.001},
    "rmsprop": {},
    "adam": {},
}


def numpy_loop(epochs: int) -> np.ndarray:
    """Batch steepest descent on (w1_11, w2_11) the way one writes it with numpy, every iterate kept."""
    p, t = surface.P, surface.T
    w11, w21, b11, b12, v1, v2, b2 = surface.NOMINAL
    w11, v1 = START
    path = np.empty((epochs + 1, 2))
    path[0] = w11, v1
    for k in range(epochs):
        a11 = 1 / (1 + np.exp(-(w11 * p + b11)))
        a12 = 1 / (1 + np.exp(-(w21 * p + b12)))
        a2 = 1 / (1 + np.exp(-(v1 * a11 + v2 * a12 + b2)))
        e = t - a2
        s = -2 * e * a2 * (1 - a2)
        g_w11 = np.sum(s * v1 * a11 * (1 - a11) * p)
        g_v1 = np.sum(s * a11)
        w11 -= ALPHA * g_w11
        v1 -= ALPHA * g_v1
        path[k + 1] = w11, v1
    return path


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def long_run(epochs: int) -> bool:
    run = surface.train("sdbp", START, epochs=epochs, grad_tol=0, alpha=ALPHA)
    assert run.epochs == epochs, run.message
    fast = best_of(lambda: surface.train("sdbp", START, epochs=epochs, grad_tol=0, alpha=ALPHA), 5)
    clock = time.perf_counter()
    path = numpy_loop(epochs)
    loop = time.perf_counter() - clock
    baseline = exp_pass(epochs * surface.P.size * 3)
    exp_seconds = best_of(baseline, 5)
    speedup, ratio = loop / fast, fast / exp_seconds
    print(f"1. {epochs:,} epochs of sdbp from {START}, alpha = {ALPHA}")
    print(f"   compiled surface.train        {fast * 1e3:9.1f} ms")
    print(f"   plain numpy loop              {loop * 1e3:9.1f} ms   speed-up {speedup:6.1f}x  (need >= 50x)  "
          f"{verdict(speedup >= 50)}")  # fmt: skip
    print(f"   in-place exp, {epochs * 123:,} values {exp_seconds * 1e3:7.1f} ms   ratio {ratio:8.2f}  (need <= 4x)  "
          f"{verdict(ratio <= 4)}")  # fmt: skip
    print(f"   largest difference between the two paths: {np.max(np.abs(path - run.xs)):.1e}")
    return speedup >= 50 and ratio <= 4


def per_iteration() -> bool:
    """Engine cost per iteration on one core: the compiled loop from 64 starts, nothing recorded."""
    gx, gy = np.meshgrid(np.linspace(-5, 15, 8), np.linspace(-5, 45, 8))
    starts = np.column_stack([gx.ravel(), gy.ravel()])
    threads, runs.THREADS = runs.THREADS, 1
    cost = {}
    try:
        for name in surface.ALGORITHMS:
            algo = surface.ALGORITHMS[name]()
            epochs = 2000 if name in FIRST_ORDER else 200
            hypers = runs.hyper_rows(algo, len(starts))
            args = (algo, starts, hypers, surface.NOMINAL, (0, 4), epochs, 0.0, 0.0, 1e4, 0, 1, 0)
            raw = runs.execute(*args)
            seconds = best_of(lambda args=args: runs.execute(*args), 5)
            cost[name] = (seconds / max(1, int(raw.epochs.sum())), int(raw.epochs.sum()))
    finally:
        runs.THREADS = threads
    base = cost["sdbp"][0]
    print()
    print("2. cost per iteration in the compiled loop, one core (64 starts over the book's window)")
    print(f"   {'algorithm':<10} {'iterations':>11} {'ns/iter':>9} {'ratio':>7} {'limit':>6}")
    ok = True
    for name, (seconds, iterations) in cost.items():
        r, limit = seconds / base, LIMITS[name]
        ok &= r <= limit
        print(f"   {name:<10} {iterations:>11,} {seconds * 1e9:9.0f} {r:7.2f} {limit:5.0f}x  {verdict(r <= limit)}")
    return ok


def caps() -> bool:
    print()
    print(f"3. surface.train at its cap from {START}, grad_tol = 0, recorded in full (need < {CAP_SECONDS:g} s)")
    print(f"   {'algorithm':<10} {'hyperparameters':<26} {'cap':>8} {'epochs':>8} {'status':<11} {'ms':>8}")
    ok = True
    for name, cap in surface.EPOCH_CAPS.items():
        for hyper in ({}, MOVING[name]) if MOVING.get(name) else ({},):
            run = surface.train(name, START, epochs=cap, grad_tol=0, **hyper)
            seconds = best_of(lambda name=name, cap=cap, hyper=hyper: surface.train(
                name, START, epochs=cap, grad_tol=0, **hyper), 3)  # fmt: skip
            ok &= seconds < CAP_SECONDS
            text = ", ".join(f"{k}={v:g}" for k, v in hyper.items()) or "defaults"
            print(f"   {name:<10} {text:<26} {cap:>8,} {run.epochs:>8,} {run.status:<11} {seconds * 1e3:8.1f}  "
                  f"{verdict(seconds < CAP_SECONDS)}")  # fmt: skip
    return ok


def main(epochs: int = 300_000) -> int:
    surface.warm_up()
    print(f"numpy {np.__version__}; timings are the best of several, ratios against baselines run alongside\n")
    results = [long_run(epochs), per_iteration(), caps()]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300_000))
