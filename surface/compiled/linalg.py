"""Small dense linear algebra for the compiled second-order steps: k ≤ 7 unknowns, no LAPACK call overhead.

``solve`` is what ``numpy.linalg.solve`` does (LU with partial pivoting, LAPACK's ``gesv``), and it refuses
the same systems: an exactly zero pivot (LAPACK's ``info > 0``, numpy's ``LinAlgError``) or an answer that is
not finite (``second_order.solve`` returns None for both). ``symmetric_eigenvalues`` is the cyclic Jacobi
method, which for a symmetric matrix also gives its singular values (their magnitudes), hence ``condition``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True, error_model="numpy")
def solve(a, b, x):
    """x = a⁻¹ b for a (k, k) and b, x (k, m); ``a`` is overwritten by its LU factors. False if singular.

    Partial pivoting takes the first row with the largest magnitude in the column, as LAPACK's ``idamax``.
    """
    k = a.shape[0]
    for i in range(k):
        for j in range(x.shape[1]):
            x[i, j] = b[i, j]
    for c in range(k):
        pivot = c
        for r in range(c + 1, k):
            if abs(a[r, c]) > abs(a[pivot, c]):
                pivot = r
        if a[pivot, c] == 0.0:
            return False
        if pivot != c:
            for j in range(k):
                a[c, j], a[pivot, j] = a[pivot, j], a[c, j]
            for j in range(x.shape[1]):
                x[c, j], x[pivot, j] = x[pivot, j], x[c, j]
        for r in range(c + 1, k):
            factor = a[r, c] / a[c, c]
            a[r, c] = factor
            for j in range(c + 1, k):
                a[r, j] -= factor * a[c, j]
            for j in range(x.shape[1]):
                x[r, j] -= factor * x[c, j]
    for c in range(k - 1, -1, -1):
        for j in range(x.shape[1]):
            s = x[c, j]
            for r in range(c + 1, k):
                s -= a[c, r] * x[r, j]
            x[c, j] = s / a[c, c]
    for c in range(k):
        for j in range(x.shape[1]):
            if not math.isfinite(x[c, j]):
                return False
    return True


@njit(cache=True, error_model="numpy")
def symmetric_eigenvalues(a, out):
    """The eigenvalues of the symmetric matrix ``a`` (k, k) into ``out`` (k,), ascending; ``a`` is overwritten.

    Cyclic Jacobi rotations (Golub & Van Loan, §8.5) until the off-diagonal part is below rounding. False if
    ``a`` holds a value that is not finite.
    """
    k = a.shape[0]
    for i in range(k):
        for j in range(k):
            if not math.isfinite(a[i, j]):
                return False
    for _ in range(100):
        off = 0.0
        scale = 0.0
        for i in range(k):
            scale += a[i, i] * a[i, i]
            for j in range(i + 1, k):
                off += a[i, j] * a[i, j]
        if off <= 1e-34 * scale or off == 0.0:
            break
        for i in range(k - 1):
            for j in range(i + 1, k):
                if a[i, j] == 0.0:
                    continue
                theta = (a[j, j] - a[i, i]) / (2.0 * a[i, j])
                t = math.copysign(1.0, theta) / (abs(theta) + math.sqrt(theta * theta + 1.0))
                c = 1.0 / math.sqrt(t * t + 1.0)
                s = t * c
                for r in range(k):
                    ari, arj = a[r, i], a[r, j]
                    a[r, i] = c * ari - s * arj
                    a[r, j] = s * ari + c * arj
                for r in range(k):
                    air, ajr = a[i, r], a[j, r]
                    a[i, r] = c * air - s * ajr
                    a[j, r] = s * air + c * ajr
    for i in range(k):  # insertion sort of the diagonal
        v = a[i, i]
        j = i
        while j > 0 and out[j - 1] > v:
            out[j] = out[j - 1]
            j -= 1
        out[j] = v
    return True


@njit(cache=True, error_model="numpy")
def condition(a):
    """The 2-norm condition number of the symmetric matrix ``a`` (largest over smallest |eigenvalue|), as
    ``numpy.linalg.cond``; inf when ``a`` is singular or not finite."""
    k = a.shape[0]
    eig = np.empty(k)
    if not symmetric_eigenvalues(a.copy(), eig):
        return np.inf
    largest = 0.0
    smallest = np.inf
    for i in range(k):
        largest = max(largest, abs(eig[i]))
        smallest = min(smallest, abs(eig[i]))
    if smallest == 0.0:
        return np.inf
    return largest / smallest
