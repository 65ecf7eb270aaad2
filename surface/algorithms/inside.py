"""What the algorithms' ``Inside.parts`` share: small batched linear algebra at the iterates looked inside.

Each ``parts(at)`` receives the run at the requested iterates (``surface.anatomy._Evaluated``: ``at.z``,
``at.g``, ``at.h``, the steps in and out, ``at.trace``, ``at.events``, ``at.call``, ``at.no_step``, ``at.hyper``)
and returns the algorithm's own values there (``StepAnatomy.inside``; see ``surface.anatomy``).
"""

from __future__ import annotations

import numpy as np

SINGULAR = 1.0 / np.finfo(float).eps
"""A condition number past which a damped system (LM's, BR's) is singular to rounding; the algorithms solve any
system an LU factorisation takes, and no step they took is anywhere near it."""


def nothing(at) -> dict:
    """No values of its own (Newton's step is the anatomy's ``newton``)."""
    return {}


def normal_equations(at) -> tuple[np.ndarray, np.ndarray]:
    """JᵀJ (n, k, k) and Jᵀe (n, k) at the iterates, e = t − a and J = ∂e/∂x."""
    j = at.call(at.problem.jacobian, at.z)
    e = at.call(at.problem.residuals, at.z)
    return np.einsum("nqi,nqj->nij", j, j), np.einsum("nqi,nq->ni", j, e)


def solve_stack(a: np.ndarray, b: np.ndarray, max_condition: float) -> np.ndarray:
    """a⁻¹b for stacks a (n, k, k) and b (n, k), by LU; NaN rows where a's condition number passes
    ``max_condition``, where a is singular, and where a or b is not finite."""
    n, k = b.shape
    eye = np.eye(k)
    ok = np.all(np.isfinite(a), axis=(1, 2)) & np.all(np.isfinite(b), axis=1)
    if n:
        ok &= np.linalg.cond(np.where(ok[:, None, None], a, eye)) <= max_condition  # inf where singular
    a, b = np.where(ok[:, None, None], a, eye), np.where(ok[:, None], b, 0.0)
    try:
        x = np.linalg.solve(a, b[..., None])[..., 0]
    except np.linalg.LinAlgError:  # one matrix singular to the last bit: solve them one by one
        x = np.array([_solve_one(ai, bi) for ai, bi in zip(a, b, strict=True)]).reshape(n, k)
    x[~ok] = np.nan
    return x


def _solve_one(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(a, b)
    except np.linalg.LinAlgError:
        return np.full(len(b), np.nan)
