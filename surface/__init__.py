"""The engine of the loss-surface explorer: the 1-2-1 network of Hagan et al., *Neural Network Design*, ch. 12.

Pure numpy (and compiled kernels); imports neither dash, flask nor plotly, so it can be used from a notebook::

    import surface
    surface.performance(surface.NOMINAL)                       # 0.0, the global minimum
    F = surface.evaluate_grid("w1_11", "w2_11", xs, ys)        # shape (len(ys), len(xs))
    surface.critical_points("b1_1", "b1_2", (-10, 10), (-10, 10))
"""

from .algorithms import ALGORITHMS
from .critical import CriticalPoint, FlatRegion, classify, critical_points, flat_regions, stationary_kind
from .grid import MAX_AXIS, evaluate_grid
from .network import (
    LABELS,
    NOMINAL,
    PARAMS,
    P,
    T,
    gradient,
    hessian,
    jacobian,
    logsig,
    output,
    performance,
    residuals,
    value_and_gradient,
)
from .outcome import STATUS_LABELS, stable_alpha
from .params import full_vector
from .problem import Problem
from .runner import MAX_EPOCHS, train
from .trajectory import Trajectory
from .windows import default_window, log_levels

__all__ = [
    "ALGORITHMS",
    "LABELS",
    "MAX_AXIS",
    "MAX_EPOCHS",
    "NOMINAL",
    "PARAMS",
    "STATUS_LABELS",
    "CriticalPoint",
    "FlatRegion",
    "P",
    "Problem",
    "T",
    "Trajectory",
    "classify",
    "critical_points",
    "default_window",
    "evaluate_grid",
    "flat_regions",
    "full_vector",
    "gradient",
    "hessian",
    "jacobian",
    "log_levels",
    "logsig",
    "output",
    "performance",
    "residuals",
    "stable_alpha",
    "stationary_kind",
    "train",
    "value_and_gradient",
]
