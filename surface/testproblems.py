"""Named least-squares problems with the same interface as ``Problem``, for testing every algorithm.

Each is F(z) = Σ e_q(z)² with exact e, J = de/dz and the residuals' Hessians, so every algorithm (LM and
Bayesian regularization included) runs on it unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class LeastSquares:
    """F(z) = Σ e(z)², with ``e``, its Jacobian ``jac`` and its stacked Hessians ``curv`` (q, k, k)."""

    name: str
    e: Callable[[np.ndarray], np.ndarray]
    jac: Callable[[np.ndarray], np.ndarray]
    curv: Callable[[np.ndarray], np.ndarray]
    minimum: np.ndarray
    size: int = 2

    @property
    def samples(self) -> int:
        return len(self.e(np.zeros(self.size)))

    def residuals(self, z):
        return self.e(np.asarray(z, dtype=float))

    def performance(self, z) -> float:
        r = self.residuals(z)
        return float(r @ r)

    def jacobian(self, z):
        return self.jac(np.asarray(z, dtype=float))

    def gradient(self, z):
        return 2.0 * self.jacobian(z).T @ self.residuals(z)

    def value_and_gradient(self, z):
        return self.performance(z), self.gradient(z)

    def sample_gradient(self, z, q: int):
        return 2.0 * self.residuals(z)[q] * self.jacobian(z)[q]

    def hessian(self, z):
        j, r = self.jacobian(z), self.residuals(z)
        return 2.0 * (j.T @ j + np.einsum("q,qij->ij", r, self.curv(np.asarray(z, dtype=float))))


def quadratic_bowl(m=((2.0, 0.5), (0.0, 1.0)), target=(1.0, -2.0)) -> LeastSquares:
    """F(z) = |t − M z|², a 2-D quadratic with Hessian 2 MᵀM and its minimum at the least-squares solution.

    M may have more rows than columns (more errors than parameters, as Bayesian regularization needs).
    """
    m = np.asarray(m, dtype=float)
    t = np.asarray(target, dtype=float)
    return LeastSquares(
        name="quadratic bowl",
        e=lambda z: t - m @ z,
        jac=lambda z: -m,
        curv=lambda z: np.zeros((len(t), 2, 2)),
        minimum=np.linalg.lstsq(m, t, rcond=None)[0],
    )


def rosenbrock() -> LeastSquares:
    """Rosenbrock's banana valley as residuals e = (1 − z₀, 10 (z₁ − z₀²)): F = (1 − z₀)² + 100 (z₁ − z₀²)²."""
    return LeastSquares(
        name="Rosenbrock",
        e=lambda z: np.array([1.0 - z[0], 10.0 * (z[1] - z[0] ** 2)]),
        jac=lambda z: np.array([[-1.0, 0.0], [-20.0 * z[0], 10.0]]),
        curv=lambda z: np.array([[[0.0, 0.0], [0.0, 0.0]], [[-20.0, 0.0], [0.0, 0.0]]]),
        minimum=np.array([1.0, 1.0]),
    )
