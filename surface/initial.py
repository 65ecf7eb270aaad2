"""Where a run of the whole network starts: the nominal values, small random values, or Nguyen–Widrow.

- ``"nominal"``: the nominal parameters 10, 10, −5, 5, 1, 1, −1 (ch. 12).
- ``"small"``: each free parameter uniform in [−1, 1] from a seeded generator: the common initialisation of
  backpropagation texts ("small random values", seed 003; ch. 12 warns against large initial weights, which
  start in the flat regions of saturated sigmoids).
- ``"nguyen_widrow"``: Nguyen and Widrow's rule (D. Nguyen and B. Widrow, "Improving the learning speed of 2-layer
  neural networks by choosing initial values of the adaptive weights", IJCNN 1990), which the Bayesian
  regularization procedure of ch. 13 (seed 001) names for its first step. See ``nguyen_widrow``.
"""

from __future__ import annotations

import numpy as np

from .network import NOMINAL, PARAMS
from .params import finite_number, free_indices
from .training_set import resolve

METHODS = ("nominal", "small", "nguyen_widrow")

HIDDEN = 2
"""S, the hidden neurons of the 1-S-1 network."""

INPUTS = 1
"""R, the inputs of the 1-S-1 network."""

OUTPUT_RANGE = 0.5
"""Nguyen–Widrow leaves the output layer small and random: uniform in [−0.5, 0.5]."""


def initial_point(method: str, free=PARAMS, seed: int = 0, data=None) -> np.ndarray:
    """The starting values of the parameters ``free`` (in that order) by ``method`` (one of ``METHODS``).

    ``seed`` drives ``numpy.random.default_rng`` for the random methods (the same seed, the same start);
    ``data`` is the training set whose input range Nguyen–Widrow adapts to (ch. 12's by default).
    """
    index = free_indices(free)
    if method not in METHODS:
        raise ValueError(f"unknown initialisation {method!r}; choose from {', '.join(METHODS)}")
    rng = np.random.default_rng(_seed(seed))
    if method == "nominal":
        return np.array(NOMINAL[list(index)])
    if method == "small":
        return rng.uniform(-1.0, 1.0, len(index))
    return nguyen_widrow(rng, 1, resolve(data).input_range)[0, list(index)]


def nguyen_widrow(rng: np.random.Generator, n: int, input_range: tuple[float, float]) -> np.ndarray:
    """n parameter vectors (n, 7) of the 1-S-1 network by Nguyen and Widrow's rule, for inputs in ``input_range``.

    For S hidden neurons and R inputs scaled to [−1, 1], the rule gives each hidden neuron a weight vector of
    length β = 0.7 S^(1/R) in a random direction, and a bias uniform in [−β, β], so that the S sigmoids' active
    regions (where |n¹| is small) are spread over the input interval instead of piled up. Here R = 1, S = 2:
    β = 1.4, each hidden weight is ±1.4 with a random sign and each bias uniform in [−1.4, 1.4]. Inputs in
    [p_min, p_max] are mapped to [−1, 1] by p̃ = (2p − (p_max + p_min))/Δ with Δ = p_max − p_min, so the weights
    on p itself are

        w = 2 w̃/Δ,    b = b̃ − w̃ (p_max + p_min)/Δ,

    which puts the same net input on p as the rule's w̃p̃ + b̃ on p̃. The output layer's weights and bias are
    uniform in [−0.5, 0.5]. (A training set whose inputs are all equal has Δ = 0: it is treated as Δ = 2,
    the width of [−1, 1].)
    """
    n = int(finite_number(n, "n"))
    p_min, p_max = (float(v) for v in input_range)
    width = p_max - p_min if p_max > p_min else 2.0
    middle = (p_max + p_min) if p_max > p_min else 2.0 * p_min
    beta = 0.7 * HIDDEN ** (1.0 / INPUTS)
    sign = np.where(rng.uniform(-0.5, 0.5, (n, HIDDEN)) < 0, -1.0, 1.0)  # a direction in R = 1 dimension
    w_scaled = beta * sign
    b_scaled = rng.uniform(-beta, beta, (n, HIDDEN))
    out = np.empty((n, 7))
    out[:, 0:2] = 2.0 * w_scaled / width
    out[:, 2:4] = b_scaled - w_scaled * middle / width
    out[:, 4:7] = rng.uniform(-OUTPUT_RANGE, OUTPUT_RANGE, (n, 3))
    return out


def _seed(seed) -> int:
    s = finite_number(seed, "seed")
    if s != int(s) or s < 0:
        raise ValueError(f"seed must be a whole number ≥ 0, got {seed!r}")
    return int(s)
