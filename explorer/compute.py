"""The engine calls the explorer makes, memoized on scalars and tuples only.

Each function takes the validated view or request as plain values, calls ``surface``, and returns plain data
(numpy arrays for the grid, dicts for runs) that pickles into any cache backend.
"""

from __future__ import annotations

import base64

import numpy as np

import surface

from .cache import cache

DISPLAY_POINTS = 2000
"""Iterates sent to the browser per run: the display copy keeps start, end and shape."""

COMPILED = {name for name, cls in surface.ALGORITHMS.items() if getattr(cls, "compiled", False)}

EPOCH_CAPS = {
    **{name: 300_000 for name in COMPILED},
    "vlbp": 20_000,
    "nesterov": 20_000,
    "rmsprop": 20_000,
    "adam": 20_000,
    "cgbp": 1_000,
    "lmbp": 2_000,
    "newton": 2_000,
    "br": 2_000,
}
"""The most epochs one request may ask of each algorithm: compiled loops run 300,000 in a fraction of a
second; the plain numpy steps cost 20-100 µs an epoch, the line searches of CG much more."""

DEFAULT_EPOCHS = {
    **{name: 20_000 for name in COMPILED},
    "vlbp": 2_000,
    "nesterov": 2_000,
    "rmsprop": 2_000,
    "adam": 2_000,
    "cgbp": 200,
    "lmbp": 200,
    "newton": 200,
    "br": 200,
}

assert set(EPOCH_CAPS) == set(DEFAULT_EPOCHS) == set(surface.ALGORITHMS)


def axis_values(lo: float, hi: float, n: int) -> np.ndarray:
    return np.linspace(lo, hi, n)


@cache.memoize()
def grid(x: str, y: str, xr: tuple, yr: tuple, n: int, fixed: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(xs, ys, F) for the view; F has shape (n, n)."""
    xs, ys = axis_values(*xr, n), axis_values(*yr, n)
    return xs, ys, surface.evaluate_grid(x, y, xs, ys, fixed)


@cache.memoize()
def stationary(x: str, y: str, xr: tuple, yr: tuple, fixed: tuple) -> list[dict]:
    """The stationary points in the window, as dicts."""
    return [p.to_dict() for p in surface.critical_points(x, y, xr, yr, fixed)]


@cache.memoize()
def run(algorithm: str, start: tuple, pair: tuple, fixed: tuple, epochs: int, goal: float, grad_tol: float, hyper):
    """One run as plain data: metadata and its display copy, the arrays base64-encoded float64.

    ``hyper`` is a tuple of (name, value) pairs.
    """
    tr = surface.train(algorithm, start, pair, fixed, epochs=epochs, goal=goal, grad_tol=grad_tol, **dict(hyper))
    shown = tr.display(DISPLAY_POINTS)
    return {
        "algorithm": tr.algorithm,
        "title": surface.ALGORITHMS[tr.algorithm].title,
        "hyper": tr.hyper,
        "pair": list(tr.free),
        "base": list(tr.base),
        "start": tr.start.tolist(),
        "end": tr.end.tolist(),
        "F_end": float(tr.F[-1]),
        "grad_end": float(tr.grad_norm[-1]),
        "epochs": tr.epochs,
        "status": tr.status,
        "message": tr.message,
        "evaluations": dict(tr.evaluations),
        "seconds": tr.seconds,
        "points": len(shown.xs),
        "x": encode(shown.xs[:, 0]),
        "y": encode(shown.xs[:, 1]),
        "F": encode(shown.F),
        "epoch": encode(shown.epoch.astype(float)),
    }


def encode(values) -> str:
    """float64 values as base64 of their little-endian bytes (exact, and a third of their JSON text)."""
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f8").tobytes()).decode("ascii")


def decode(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f8")
