"""What a long job costs, estimated before it starts: starts × epochs × the algorithm's cost per epoch in a batch.

Each algorithm declares its batch epoch (``Compiled.batch``, a multiple of ``BATCH_EPOCH_SECONDS``, measured on
this kind of machine with ``surface.train_batch``). The figure is an estimate to hold against the budget, not a
promise.
"""

from __future__ import annotations

from surface.algorithms import ALGORITHMS
from surface.algorithms.base import BATCH_EPOCH_SECONDS


def seconds(algorithm: str, starts: int, epochs: int) -> float:
    """The estimated seconds of ``starts`` runs of ``epochs`` epochs each of ``algorithm`` (an unknown one counts
    as the dearest there is)."""
    known = ALGORITHMS.get(algorithm)
    weight = known.COMPILED.batch if known else max(cls.COMPILED.batch for cls in ALGORITHMS.values())
    return starts * epochs * BATCH_EPOCH_SECONDS * weight
