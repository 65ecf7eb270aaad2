"""The network specialised to its free parameters, evaluated by compiled kernels: what ``Problem.compiled()`` gives.

``CompiledNetwork`` has the batched interface of ``Problem`` (F, ∇F and the Hessian over the free parameters,
for one point ``(k,)`` or many ``(..., k)``) and is what the compiled runners train. Importing this module
loads no numba; the first evaluation compiles the many-point kernel, or waits for the thread compiling it
(``kernels.ensure``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import kernels, network
from .training_set import TrainingSet


@dataclass(frozen=True, eq=False)
class CompiledNetwork:
    """F(z) of the 1-2-1 network with ``z`` the values of ``free`` and every other parameter at ``base``, on the
    training set ``data`` (None: ch. 12's)."""

    free: tuple[str, ...]
    base: np.ndarray = field(repr=False)
    index: tuple[int, ...] = field(repr=False)
    data: TrainingSet | None = field(default=None, repr=False)

    def __post_init__(self):
        # the kernel's own copies, of the one type it is compiled for (writable float64 and int64)
        object.__setattr__(self, "_base", np.array(self.base, dtype=float))
        object.__setattr__(self, "_free", np.array(self.index, dtype=np.int64))

    @property
    def size(self) -> int:
        """The number of free parameters."""
        return len(self.index)

    @property
    def samples(self) -> int:
        """The number of training pairs (errors), Q."""
        return network.P.size if self.data is None else self.data.size

    def performance(self, z):
        """F(z): a float for one point, an array of shape ``z.shape[:-1]`` for many."""
        f, _, _ = self._evaluate(z, 1)
        return f

    def value_and_gradient(self, z):
        """F(z) and dF/dz."""
        f, g, _ = self._evaluate(z, 2)
        return f, g

    def gradient(self, z) -> np.ndarray:
        """dF/dz, shape ``(..., k)``."""
        return self._evaluate(z, 2)[1]

    def hessian(self, z) -> np.ndarray:
        """d2F/dz2, shape ``(..., k, k)``."""
        return self._evaluate(z, 3)[2]

    def value_gradient_hessian(self, z):
        """F, dF/dz and d2F/dz2 from one pass over the points (what a Newton search needs)."""
        return self._evaluate(z, 3)

    def _evaluate(self, z, want: int):
        z = np.asarray(z, dtype=float)
        if z.shape[-1:] != (self.size,):
            raise ValueError(f"points must have a last axis of length {self.size}, got shape {z.shape}")
        lead, k = z.shape[:-1], self.size
        f, g, h = evaluate(z.reshape(-1, k), self._base, self._free, want, self.data)
        f = float(f[0]) if not lead else f.reshape(lead)
        g = g.reshape(*lead, k) if want >= 2 else None
        h = h.reshape(*lead, k, k) if want >= 3 else None
        return f, g, h


def evaluate(points, base: np.ndarray, index, want: int, data=None):
    """(F, ∇F, H) at ``points`` (n, k) by the compiled many-point kernel (``compiled.many.evaluate``), compiled
    first if it is not: the arrays not wanted come back empty. ``want``: 1 for F, 2 for F and ∇F, 3 for all
    three; ``data`` the training set (ch. 12's by default)."""
    kernels.ensure(kernels.MANY)  # compiles once, or waits for the thread already compiling
    from .compiled import many

    return many.evaluate(points, base, index, want, data)
