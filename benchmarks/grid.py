"""How fast is a 400 x 400 contour grid? Printed as a ratio to an exp pass over the same amount of work.

The baseline, measured in the same run, is one in-place exp pass (``np.exp(v, out=buf)`` on a cache-sized
buffer, repeated; ``benchmarks._timing.exp_pass``) over 400 * 400 * 41 values per pass the pair needs: one pass,
or two where both axes feed the same hidden neuron (w1_11 with b1_1, w1_21 with b1_2). The grid must stay within
3x of it for every pair.

    python -m benchmarks.grid [resolution]
"""

from __future__ import annotations

import itertools
import sys

import numpy as np

import surface
from benchmarks._timing import exp_pass, ratio

LIMIT = 3.0
TWO_PASS = {frozenset(("w1_11", "b1_1")), frozenset(("w1_21", "b1_2"))}


def main(n: int = 400) -> int:
    values = n * n * surface.P.size
    print(f"grid {n}x{n}, {surface.P.size} inputs; baseline: in-place exp over {values:,} values per pass")
    print(f"{'pair':<18} {'passes':>6} {'grid ms':>8} {'exp ms':>8} {'ratio':>6}")
    worst = 0.0
    for xname, yname in itertools.combinations(surface.PARAMS, 2):
        (xr, yr) = surface.default_window(xname, yname)
        xs, ys = np.linspace(*xr, n), np.linspace(*yr, n)
        passes = 2 if frozenset((xname, yname)) in TWO_PASS else 1

        baseline = exp_pass(passes * values)

        def grid(xname=xname, yname=yname, xs=xs, ys=ys):
            surface.evaluate_grid(xname, yname, xs, ys)

        t, b, r = ratio(grid, baseline)
        worst = max(worst, r)
        print(f"{xname + ', ' + yname:<18} {passes:>6} {t * 1e3:8.1f} {b * 1e3:8.1f} {r:6.2f}")
    verdict = "PASS" if worst <= LIMIT else "FAIL"
    print(f"worst ratio {worst:.2f} (limit {LIMIT:g}x)  {verdict}")
    return 0 if worst <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 400))
