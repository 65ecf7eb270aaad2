"""How fast is a 300,000-epoch steepest-descent run? Printed as ratios to two baselines measured in this run.

1. The plain per-epoch numpy loop a user would write for the same training (forward pass, backpropagation,
   update, keep every iterate). The compiled run must be at least 50x faster (aim: 100x).
2. One ``np.exp`` pass over the same 300,000 * 41 * 3 logistic evaluations. The compiled run must stay
   within 4x of it (aim: 2.5x).

    python -m benchmarks.trajectory [epochs]

The run is the book's trajectory 'a' at a small learning rate (alpha = 0.01 from (w1_11, w2_11) = (-4, -4)),
which crawls through the flat region for all 300,000 epochs. Momentum and incremental steepest descent are
timed too, in seconds.
"""

from __future__ import annotations

import sys
import time

import numpy as np

import surface
from benchmarks._timing import best_of

START = (-4.0, -4.0)
ALPHA = 0.01


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


def compiled(name: str, epochs: int, **hyper):
    return surface.train(name, START, epochs=epochs, grad_tol=0, alpha=ALPHA, **hyper)


def main(epochs: int = 300_000) -> int:
    compiled("sdbp", 10)  # compile (or load the numba cache) outside the timings
    compiled("sgd", 10)
    run = compiled("sdbp", epochs)
    assert run.epochs == epochs, run.message
    fast = best_of(lambda: compiled("sdbp", epochs), 5)

    clock = time.perf_counter()
    path = numpy_loop(epochs)
    loop = time.perf_counter() - clock
    gap = float(np.max(np.abs(path - run.xs)))

    values = np.random.default_rng(0).uniform(-5, 5, epochs * surface.P.size * 3)
    np.exp(values)
    exp_pass = best_of(lambda: np.exp(values), 5)

    print(f"{epochs:,} epochs of sdbp from {START}, alpha = {ALPHA}")
    print(f"  compiled run           {fast * 1e3:9.1f} ms")
    print(f"  plain numpy loop       {loop * 1e3:9.1f} ms   speed-up {loop / fast:6.1f}x  (need >= 50x, aim 100x)")
    ratio = fast / exp_pass
    print(f"  np.exp over {values.size:,} values {exp_pass * 1e3:7.1f} ms   ratio {ratio:5.2f}  (need <= 4x, aim 2.5x)")
    print(f"  largest difference between the two paths: {gap:.1e}")
    for name, hyper in (("mobp", {"gamma": 0.8}), ("sgd", {"seed": 0})):
        seconds = best_of(lambda name=name, hyper=hyper: compiled(name, epochs, **hyper), 3)
        print(f"  {name:<5} {epochs:,} epochs     {seconds * 1e3:9.1f} ms")
    ok = loop / fast >= 50 and fast / exp_pass <= 4
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300_000))
