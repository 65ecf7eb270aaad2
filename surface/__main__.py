"""``python -m surface``: what the engine is, and a short demonstration of its public API.

It prints the network and its training set, F at the book's global minimum, the stationary points of the
default map (F over w¹₁,₁ and w²₁,₁), and the outcome of the book's trajectory 'a' (steepest descent from
(−4, −4), α = 0.02, 300,000 epochs: the first compiled run, so a fresh install compiles its loop first).
``--no-train`` leaves the trajectory out; ``--help`` says so.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import surface

PAIR = ("w1_11", "w2_11")
TRAJECTORY_A = {"algorithm": "sdbp", "start": (-4.0, -4.0), "alpha": 0.02, "epochs": 300_000}
"""The book's trajectory 'a', as the explorer's lesson runs it (explorer/components/lessons/presets.py)."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m surface",
        description="The engine of the loss-surface explorer: the 1-2-1 network of Hagan et al., Neural Network "
        "Design, ch. 12, its performance surface, stationary points and training algorithms. Prints what it is "
        "and a short demonstration.",
    )
    p.add_argument("--no-train", action="store_true", help="leave out trajectory 'a' (which compiles a loop)")
    return p


def numbers(values, digits: int = 4) -> str:
    return ", ".join(f"{float(v):.{digits}g}" for v in values)


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    labels = [surface.LABELS[name] for name in surface.PARAMS]
    p = np.asarray(surface.P)
    print("surface: the 1-2-1 network of Hagan et al., Neural Network Design, ch. 12 (log-sigmoid layers).")
    print(f"  parameters {' '.join(labels)}, nominal {numbers(surface.NOMINAL)}")
    print(f"  training set: {p.size} inputs p = {p[0]:g}, {p[1]:g}, ..., {p[-1]:g}; targets the nominal network's")
    f_nominal = surface.performance(surface.NOMINAL)
    print(f"  F(x) = Σ (t − a)²; F at the nominal parameters, the global minimum: {f_nominal:g}")
    print(f"  algorithms: {', '.join(sorted(surface.ALGORITHMS))}")

    xr, yr = surface.default_window(*PAIR)
    print(f"\nStationary points of F over ({labels[0]}, {labels[4]}) in [{numbers(xr)}] × [{numbers(yr)}]:")
    for point in surface.critical_points(*PAIR, xr, yr):
        print(f"  {point.kind:<10} ({numbers(point.point)})  F = {point.F:.4g}")

    if not args.no_train:
        a = TRAJECTORY_A
        what = f"{a['algorithm']} from ({numbers(a['start'])}), α = {a['alpha']:g}, {a['epochs']:,} epochs"
        print(f"\nTrajectory 'a': {what}")
        clock = time.perf_counter()
        run = surface.train(a["algorithm"], a["start"], PAIR, epochs=a["epochs"], alpha=a["alpha"])
        seconds = time.perf_counter() - clock
        end = run.xs[-1]
        print(f"  {run.status}: ended at ({numbers(end)}), F = {run.F[-1]:.3g} after {len(run.xs) - 1:,} epochs")
        print(f"  {run.message}")
        print(f"  ({seconds:.1f} s, compiling the loop included on a first run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
