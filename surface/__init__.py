"""The engine of the loss-surface explorer: the 1-2-1 network of Hagan et al., *Neural Network Design*, ch. 12.

Pure numpy (and compiled kernels); imports neither dash, flask nor plotly, so it can be used from a notebook
(these examples run as doctests in the tests):

    >>> import numpy as np
    >>> import surface
    >>> surface.performance(surface.NOMINAL)                          # the global minimum
    0.0
    >>> xs, ys = np.linspace(-5, 15, 5), np.linspace(-5, 45, 4)
    >>> surface.evaluate_grid("w1_11", "w2_11", xs, ys).shape          # F, one row per y
    (4, 5)
    >>> lam_min, lam_max = surface.curvature_grid("w1_11", "w2_11", xs, ys)    # the Hessian's eigenvalues
    >>> [p.kind for p in surface.critical_points("b1_1", "b1_2", (-10, 10), (-10, 10))]
    ['minimum', 'minimum', 'saddle']
    >>> surface.train("lmbp", (-4, 10))        # one run: a Trajectory  # doctest: +ELLIPSIS
    Trajectory(lmbp, ...: (w1_11, w2_11) (-4, 10) → (0.8828, 38.62) in 23 epochs, F 6.711 → 0.09342, 'gradient')
    >>> starts = np.column_stack([np.linspace(-5, 15, 50), np.full(50, -4.0)])
    >>> surface.train_batch("sdbp", starts, epochs=1000).status[:3]    # many starts at once (compiled, every core)
    array(['max_epochs', 'max_epochs', 'max_epochs'], dtype='<U10')
    >>> sine = surface.TrainingSet.sine()                               # ch. 11's 1 + sin(πp/4), linear output
    >>> start = surface.initial_point("nguyen_widrow", data=sine)
    >>> surface.train("lmbp", start, surface.PARAMS, data=sine).F[-1] > 0    # no 1-2-1 network fits it exactly
    np.True_
    >>> x = surface.NOMINAL + 0.5                                       # off the minimum, where residuals are not 0
    >>> surface.gradient_check(x, bug="bias_like_weight").flagged
    ('b1_1', 'b1_2')
    >>> alphas = betas = np.linspace(-1, 1, 3)
    >>> surface.evaluate_plane(surface.hessian_plane(surface.NOMINAL), alphas, betas).shape
    (3, 3)

Compiled kernels load lazily: ``import surface`` compiles nothing; each kernel compiles on its first use, and
``surface.warm_up()`` compiles them all ahead, steepest descent's first. ``surface.kernel_status()`` says which
are ready, and ``surface.kernel_wait("sdbp", epochs=300_000)`` whether such a run would wait, and for how long.
"""

from .algorithms import ALGORITHMS, DEFAULT_EPOCHS, EPOCH_CAPS
from .anatomy import StepAnatomy, step_anatomy
from .basins import BasinMap, Destination, HyperMap, Restarts, basin_map, hyper_map, restarts
from .batch import BatchResult, train_batch
from .bugs import BUGS, Bug
from .critical import CriticalPoint, FlatRegion, classify, critical_points, flat_regions, stationary_kind
from .curvature import condition_number, curvature_grid, hessian_grid
from .gradcheck import GradientCheck, gradient_check
from .grid import MAX_AXIS, evaluate_grid
from .initial import initial_point
from .kernels import Wait
from .kernels import status as kernel_status
from .kernels import wait as kernel_wait
from .lean import CompiledNetwork
from .lines import Barrier, barrier, line_profile, swap_hidden, symmetry_barrier
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
from .planes import (
    Plane,
    evaluate_plane,
    full_path,
    hessian_plane,
    line_plane,
    pca_plane,
    plane_from_pair,
    project,
    random_plane,
)
from .points import parse_points
from .problem import Problem
from .runner import MAX_EPOCHS, train
from .slices import SliceGap, keyframes, slice_gap, through
from .stability import stability_edge, unstable_mask
from .training_set import MAX_POINTS, OUTPUTS, TrainingSet
from .trajectory import Trajectory
from .warmup import compiled_ready, warm_up
from .windows import default_window, log_levels

__all__ = [
    "ALGORITHMS",
    "BUGS",
    "DEFAULT_EPOCHS",
    "EPOCH_CAPS",
    "LABELS",
    "MAX_AXIS",
    "MAX_EPOCHS",
    "MAX_POINTS",
    "NOMINAL",
    "OUTPUTS",
    "PARAMS",
    "STATUS_LABELS",
    "Barrier",
    "BasinMap",
    "BatchResult",
    "Bug",
    "CompiledNetwork",
    "CriticalPoint",
    "Destination",
    "FlatRegion",
    "GradientCheck",
    "HyperMap",
    "P",
    "Plane",
    "Problem",
    "Restarts",
    "SliceGap",
    "StepAnatomy",
    "T",
    "TrainingSet",
    "Trajectory",
    "Wait",
    "barrier",
    "basin_map",
    "classify",
    "compiled_ready",
    "condition_number",
    "critical_points",
    "curvature_grid",
    "default_window",
    "evaluate_grid",
    "evaluate_plane",
    "flat_regions",
    "full_path",
    "full_vector",
    "gradient",
    "gradient_check",
    "hessian",
    "hessian_grid",
    "hessian_plane",
    "hyper_map",
    "initial_point",
    "jacobian",
    "kernel_status",
    "kernel_wait",
    "keyframes",
    "line_plane",
    "line_profile",
    "log_levels",
    "logsig",
    "output",
    "parse_points",
    "pca_plane",
    "performance",
    "plane_from_pair",
    "project",
    "random_plane",
    "residuals",
    "restarts",
    "slice_gap",
    "stability_edge",
    "stable_alpha",
    "stationary_kind",
    "step_anatomy",
    "swap_hidden",
    "symmetry_barrier",
    "through",
    "train",
    "train_batch",
    "unstable_mask",
    "value_and_gradient",
    "warm_up",
]
