"""Parsing parameter names, fixed values and free subsets: the checks every engine entry point shares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from .network import INDEX, NOMINAL, PARAMS


def check_name(name: str) -> int:
    """The column of parameter ``name``; a ValueError naming the seven choices otherwise."""
    try:
        return INDEX[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown parameter {name!r}; choose from {', '.join(PARAMS)}") from None


def free_indices(names: Iterable[str]) -> tuple[int, ...]:
    """Columns of the free parameters, in the order given; they must be distinct."""
    names = tuple(names)
    if not names:
        raise ValueError("at least one parameter must be free")
    idx = tuple(check_name(n) for n in names)
    if len(set(idx)) != len(idx):
        raise ValueError(f"free parameters must be distinct, got {', '.join(names)}")
    return idx


def full_vector(fixed: Mapping[str, float] | Iterable[float] | None = None) -> np.ndarray:
    """The seven parameter values: nominal, overridden by ``fixed``.

    ``fixed`` is None (all nominal), a mapping from some parameter names to values, or seven values in
    ``PARAMS`` order. Values must be finite.
    """
    x = np.array(NOMINAL, dtype=float)
    if fixed is None:
        return x
    if isinstance(fixed, Mapping):
        for name, value in fixed.items():
            x[check_name(name)] = finite_number(value, name)
        return x
    values = np.asarray(fixed, dtype=float)
    if values.shape != (7,):
        raise ValueError(f"fixed values must be a mapping or 7 numbers, got shape {values.shape}")
    for name, value in zip(PARAMS, values, strict=True):
        finite_number(value, name)
    return values.copy()


def finite_number(value, label: str) -> float:
    """``value`` as a finite float, or a ValueError that names ``label``."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{label} must be a number, got {value!r}") from None
    if not np.isfinite(v):
        raise ValueError(f"{label} must be finite, got {value!r}")
    return v


def finite_axis(values, label: str, max_size: int) -> np.ndarray:
    """A one-dimensional array of finite values with between 1 and ``max_size`` entries."""
    a = np.asarray(values, dtype=float)
    if a.ndim != 1 or a.size == 0:
        raise ValueError(f"{label} must be a non-empty one-dimensional sequence")
    if a.size > max_size:
        raise ValueError(f"{label} has {a.size} values; at most {max_size} are allowed")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{label} must hold finite values only")
    return a
