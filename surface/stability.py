"""Where a fixed step is unstable: maps over the curvature arrays of ``curvature_grid``, for the app's overlays.

Near a point, F is its quadratic model, and a fixed-step method is stable there only if its step shrinks the
error along every eigenvector of the Hessian (Hagan et al., ch. 9 and 12). Each algorithm declares its limit
(``STABILITY``, an ``algorithms.Stability``, or None): steepest descent's α < 2/λmax and momentum's, in the
book's filtered form, α < 2(1 + γ)/((1 − γ)λmax) (``outcome.stable_alpha`` derives both). Each is a constant
over λmax, so the product α·λmax has a fixed edge, and the map only compares it with that edge. Where λmax ≤ 0
(near a maximum, or a ridge flat along one direction) the condition holds for every α: steps move away from
such a point, downhill, and that is no instability.
"""

from __future__ import annotations

import numpy as np

from .runner import make_algorithm


def stability_edge(algorithm: str, **hyper) -> float | None:
    """The largest stable α·λmax of ``algorithm`` with ``hyper`` (its defaults for what is not given), or None.

    2 for steepest descent; 2(1 + γ)/(1 − γ) for momentum (18 at γ = 0.8): the algorithm's limit at λmax = 1,
    since every such limit is inversely proportional to λmax. None for an algorithm without a fixed step.
    Incremental steepest descent steps by the same α: its edge is that of the batch step its epoch adds up to.
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
    if algo.STABILITY is None:
        return None
    return algo.alpha, algo.STABILITY.edge(algo)
