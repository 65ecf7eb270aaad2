"""What a long job costs, estimated before it starts: starts × epochs × the algorithm's cost per epoch.

Measured on this kind of machine (2 cores) with ``surface.train_batch`` from 400 starts, compiled kernels warm:
one epoch of steepest descent from one start costs about 0.12 µs when the batch spreads over both cores; the
other algorithms' steps cost a multiple of it (incremental steepest descent's 41 single-sample updates, CG's
line searches). The figure is an estimate to hold against the budget, not a promise.
"""

from __future__ import annotations

SECONDS_PER_EPOCH = 1.2e-7
"""Seconds of one steepest-descent epoch from one start, in a batch over every core."""

WEIGHT = {
    "sdbp": 1.0,
    "sgd": 9.0,
    "mobp": 1.1,
    "vlbp": 1.5,
    "cgbp": 4.0,
    "lmbp": 3.0,
    "newton": 2.0,
    "nesterov": 1.7,
    "rmsprop": 1.0,
    "adam": 1.0,
    "br": 3.0,
}
"""Each algorithm's epoch against steepest descent's (an unknown algorithm counts as the dearest)."""


def seconds(algorithm: str, starts: int, epochs: int) -> float:
    """The estimated seconds of ``starts`` runs of ``epochs`` epochs each of ``algorithm``."""
    return starts * epochs * SECONDS_PER_EPOCH * WEIGHT.get(algorithm, max(WEIGHT.values()))
