"""The many-point kernel from Python: F, ∇F and the Hessian at many points in one compiled call (``network.many``).

What ``surface.lean.CompiledNetwork`` evaluates with, for the stationary-point search and the outcome's Newton
steps; compiled on first use, after the run kernels when ``surface.warm_up()`` prepares them all.
"""

from __future__ import annotations

import numpy as np

from .. import network as reference
from .network import kernel_data, many


def evaluate(points, base: np.ndarray, index, want: int, data=None):
    """(F, ∇F, H) at ``points`` (n, k) by the compiled kernel; the arrays not wanted come back empty.

    ``want``: 1 for F, 2 for F and ∇F, 3 for all three; ``data`` the training set (ch. 12's by default). Every
    array is converted to the one type the kernel is compiled for (a read-only array is another type to numba:
    another compilation).
    """
    points = np.ascontiguousarray(points, dtype=float)
    if not points.flags.writeable:
        points = points.copy()
    base = base if base.dtype == float and base.flags.writeable else np.array(base, dtype=float)
    index = np.asarray(index, dtype=np.int64)
    n, k = points.shape
    f = np.empty(n)
    g = np.empty((n if want >= 2 else 0, k))
    h = np.empty((n if want >= 3 else 0, k, k))
    p, t, output = kernel_data(data)
    many(points, base, index if index.flags.writeable else index.copy(), p, t, output, f, g, h, want)
    return f, g, h


def prepare() -> None:
    """Compile (or load from numba's cache) the many-point kernel: one tiny call with exactly the real types."""
    evaluate(np.array([[1.0, 1.0]]), reference.NOMINAL, (0, 4), want=3)
