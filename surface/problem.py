"""The performance index restricted to a set of free parameters, the others held at fixed values.

This is what a training algorithm or a stationary-point search sees: F, e, J, H and the gradient as functions of
the free parameters ``z`` only (shape ``(..., k)`` for k free parameters), each exact and batched like the full
versions in ``network``, on the problem's training set ``data`` (ch. 12's 41 pairs by default).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from . import network
from .lean import CompiledNetwork
from .params import free_indices, full_vector
from .training_set import TrainingSet, resolve

FIELDS = frozenset(("free", "base", "index", "data"))


@dataclass(frozen=True, eq=False)
class Problem:
    """F(z) with ``z`` the values of ``free`` and every other parameter at ``base``, on the training set ``data``
    (None: ch. 12's 41 pairs, computed exactly as ``network`` computes them without a training set)."""

    free: tuple[str, ...]
    base: np.ndarray = field(repr=False)
    index: tuple[int, ...] = field(repr=False)
    data: TrainingSet | None = field(default=None, repr=False)

    COMPILABLE: ClassVar[bool] = True
    """Whether ``compiled()`` may give the compiled network; a subclass must opt in again (see there)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "COMPILABLE" not in vars(cls):  # a subclass may change F or its derivatives: no inherited kernels
            cls.COMPILABLE = False

    def compiled(self) -> CompiledNetwork | None:
        """This problem as compiled kernels compute it, or None when they would compute something else.

        A capability, declared rather than guessed: the plain network has it; a subclass (which may change F,
        its gradient or anything else) does not inherit it, and an instance whose methods were replaced loses
        it. Whatever has no compiled form runs the numpy reference.
        """
        if not self.COMPILABLE or set(vars(self)) != FIELDS:
            return None
        return CompiledNetwork(self.free, self.base, self.index, resolve(self.data))

    @classmethod
    def make(cls, free=("w1_11", "w2_11"), fixed=None, data=None) -> Problem:
        """Free the named parameters; the others take their values from ``fixed`` (nominal by default); F is
        over the training set ``data`` (ch. 12's by default)."""
        free = tuple(free)
        index = free_indices(free)
        base = full_vector(fixed)
        base.flags.writeable = False
        data = None if data is None else resolve(data)
        return cls(free, base, index, data)

    @property
    def training_set(self) -> TrainingSet:
        """The training set F is over (the nominal one when ``data`` is None)."""
        return resolve(self.data)

    @property
    def size(self) -> int:
        """The number of free parameters."""
        return len(self.index)

    def embed(self, z) -> np.ndarray:
        """The full seven-parameter vectors, shape ``(..., 7)``, for free values ``z`` of shape ``(..., k)``."""
        z = np.asarray(z, dtype=float)
        x = np.broadcast_to(self.base, (*z.shape[:-1], 7)).copy()
        x[..., self.index] = z
        return x

    def restrict(self, x) -> np.ndarray:
        """The free values of full parameter vectors ``x``."""
        return np.asarray(x, dtype=float)[..., self.index]

    def performance(self, z):
        """F(z), the sum of squared errors."""
        return network.performance(self.embed(z), self.data)

    def residuals(self, z) -> np.ndarray:
        """e(z) = t - a, shape ``(..., Q)``."""
        return network.residuals(self.embed(z), self.data)

    def gradient(self, z) -> np.ndarray:
        """dF/dz, shape ``(..., k)``."""
        return network.gradient(self.embed(z), self.data)[..., self.index]

    def value_and_gradient(self, z):
        """F(z) and dF/dz from one forward pass."""
        f, g = network.value_and_gradient(self.embed(z), self.data)
        return (float(f) if np.ndim(f) == 0 else f), g[..., self.index]

    @property
    def samples(self) -> int:
        """The number of training pairs (errors), Q."""
        return network.P.size if self.data is None else self.data.size

    def sample_gradient(self, z, q: int) -> np.ndarray:
        """d(t_q − a_q)²/dz, the gradient of sample q's squared error."""
        return network.sample_gradient(self.embed(z), q, self.data)[..., self.index]

    def jacobian(self, z) -> np.ndarray:
        """de/dz, shape ``(..., Q, k)``."""
        return network.jacobian(self.embed(z), self.data)[..., self.index]

    def hessian(self, z) -> np.ndarray:
        """d2F/dz2, shape ``(..., k, k)``."""
        return network.hessian(self.embed(z), self.index, self.data)
