"""Where a fixed step is unstable: maps over the curvature arrays of ``curvature_grid``, for the app's overlays.

Near a point, F is its quadratic model, and a fixed-step method is stable there only if its step shrinks the
error along every eigenvector of the Hessian (Hagan et al., ch. 9 and 12). ``outcome.stable_alpha`` derives
the limit on α for steepest descent (α < 2/λmax) and for momentum in the book's filtered form
(α < 2(1 + γ)/((1 − γ)λmax)); both are a constant over λmax, so the product α·λmax has a fixed edge, and the
map only compares it with that edge. Where λmax ≤ 0 (near a maximum, or a ridge flat along one direction) the
condition holds for every α: steps move away from such a point, downhill, and that is no instability.
"""

from __future__ import annotations

import numpy as np

from .outcome import stable_alpha
from .runner import make_algorithm

FIXED_STEP = {"sdbp": "sdbp", "sgd": "sdbp", "mobp": "mobp"}
"""The algorithms with a fixed-step stability condition, and whose condition they obey. Incremental steepest
descent steps by the same α: the map shows the condition of the batch step α∇F that its epoch adds up to."""


def stability_edge(algorithm: str, **hyper) -> float | None:
    """The largest stable α·λmax of ``algorithm`` with ``hyper`` (its defaults for what is not given), or None.

    2 for steepest descent; 2(1 + γ)/(1 − γ) for momentum (18 at γ = 0.8): ``outcome.stable_alpha`` at λmax = 1,
    since both its limits are inversely proportional to λmax. None for an algorithm without a fixed step.
    """
    fixed = _fixed_step(algorithm, hyper)
    return None if fixed is None else fixed[1]


def unstable_mask(algorithm: str, lam_max, **hyper) -> np.ndarray | None:
    """Where a fixed step of ``algorithm`` is locally unstable: a bool array shaped like ``lam_max``, or None.

    ``lam_max`` is the Hessian's largest eigenvalue per cell (``curvature_grid``). Unstable where α·λmax is past
    the edge ``stability_edge`` gives: for ``sdbp`` and ``sgd`` where α·λmax > 2, for ``mobp`` where
    (1 − γ)αλmax > 2(1 + γ). False where λmax ≤ 0 or is NaN. None for the algorithms whose step is not fixed
    (VLBP, CG, LM, Newton, BR, and the adaptive ones: their steps adapt to the curvature, or are not analysed
    here). ``hyper`` is the run's hyperparameters, checked as ``train`` checks them.
    """
    fixed = _fixed_step(algorithm, hyper)
    if fixed is None:
        return None
    alpha, edge = fixed
    with np.errstate(invalid="ignore", over="ignore"):
        return alpha * np.asarray(lam_max, dtype=float) > edge


def _fixed_step(algorithm: str, hyper: dict) -> tuple[float, float] | None:
    """(α, the edge of α·λmax) of a fixed-step algorithm, or None."""
    algo = make_algorithm(algorithm, **hyper)
    rule = FIXED_STEP.get(algo.name)
    if rule is None:
        return None
    gamma = algo.gamma if rule == "mobp" else 0.0
    return algo.alpha, stable_alpha(rule, 1.0, gamma)
