"""Default windows for each of the 21 parameter pairs, and contour levels that show flat regions.

The book's three maps (ch. 12) fix three windows; the other 18 were chosen by looking at each surface so that
the global minimum, every saddle and local minimum near it, and the flat regions around them are all in view.
"""

from __future__ import annotations

import itertools

import numpy as np

from .network import PARAMS
from .params import free_indices

Range = tuple[float, float]

_WINDOWS: dict[tuple[str, str], tuple[Range, Range]] = {
    # the book's (ch. 12, figures of the 1-2-1 surface)
    ("w1_11", "w2_11"): ((-5.0, 15.0), (-5.0, 15.0)),
    ("w1_11", "b1_1"): ((-10.0, 30.0), (-20.0, 10.0)),
    ("b1_1", "b1_2"): ((-10.0, 10.0), (-10.0, 10.0)),
    # chosen for this explorer
    ("w1_11", "w1_21"): ((-5.0, 25.0), (-5.0, 25.0)),
    ("w1_11", "b1_2"): ((-10.0, 35.0), (-10.0, 20.0)),  # saddle near (28.4, -2.3)
    ("w1_11", "w2_12"): ((-5.0, 25.0), (-4.0, 6.0)),
    ("w1_11", "b2"): ((-5.0, 25.0), (-6.0, 4.0)),
    ("w1_21", "b1_1"): ((-10.0, 35.0), (-20.0, 10.0)),  # saddle near (28.4, 2.3)
    ("w1_21", "b1_2"): ((-10.0, 30.0), (-10.0, 20.0)),
    ("w1_21", "w2_11"): ((-15.0, 25.0), (-4.0, 6.0)),  # local minimum (-10, 2) and a saddle
    ("w1_21", "w2_12"): ((-5.0, 25.0), (-5.0, 10.0)),
    ("w1_21", "b2"): ((-5.0, 25.0), (-6.0, 4.0)),
    ("b1_1", "w2_11"): ((-20.0, 10.0), (-4.0, 6.0)),
    ("b1_1", "w2_12"): ((-20.0, 10.0), (-4.0, 6.0)),
    ("b1_1", "b2"): ((-20.0, 10.0), (-6.0, 4.0)),
    ("b1_2", "w2_11"): ((-15.0, 15.0), (-4.0, 6.0)),  # saddle near (-10.7, 1.6)
    ("b1_2", "w2_12"): ((-10.0, 20.0), (-4.0, 6.0)),
    ("b1_2", "b2"): ((-10.0, 20.0), (-6.0, 4.0)),
    ("w2_11", "w2_12"): ((-4.0, 6.0), (-4.0, 6.0)),
    ("w2_11", "b2"): ((-4.0, 6.0), (-6.0, 4.0)),
    ("w2_12", "b2"): ((-4.0, 6.0), (-6.0, 4.0)),
}

assert set(_WINDOWS) == set(itertools.combinations(PARAMS, 2)), "one window per unordered pair"


def default_window(xname: str, yname: str) -> tuple[Range, Range]:
    """The (x range, y range) that shows the structure of the surface over ``(xname, yname)``."""
    free_indices((xname, yname))
    if (xname, yname) in _WINDOWS:
        return _WINDOWS[(xname, yname)]
    xr, yr = _WINDOWS[(yname, xname)]
    return yr, xr


def log_levels(F: np.ndarray, count: int = 24, decades: float = 6.0) -> np.ndarray:
    """``count`` contour levels of F spaced evenly in log F over the values on the grid.

    Sums of squared errors span several decades over a window and crowd near the minima, so evenly spaced
    levels would leave the flat regions blank and draw no ring round a shallow minimum. The levels run from
    the smallest positive value on the grid (but at most ``decades`` below the largest) to the largest.
    """
    F = np.asarray(F, dtype=float)
    finite = F[np.isfinite(F)]
    count = int(np.clip(count, 2, 200))
    positive = finite[finite > 0]
    if not positive.size:
        return np.geomspace(1e-12, 1.0, count)
    hi = float(positive.max())
    lo = max(float(positive.min()), hi * 10.0**-decades)
    if hi <= lo * (1 + 1e-12):
        lo, hi = hi / 10.0, hi * 10.0
    return np.geomspace(lo, hi, count)
