"""The performance surface F over a grid of two free parameters, by broadcasting.

Each neuron is computed on the smallest shape its inputs have: a hidden neuron whose weight and bias are both
fixed is computed once (Q values, one per training input), one fed by one axis once per column or per row, and
only a neuron fed by both axes (the output neuron always is) once per grid cell. The grid is processed in
blocks of rows small enough to stay in the processor's cache, so memory stays bounded for any grid the API
accepts.
"""

from __future__ import annotations

import numpy as np

from .network import training_pairs
from .params import finite_axis, free_indices, full_vector

MAX_AXIS = 4096
"""The most values an axis of ``evaluate_grid`` may have (a 4096 x 4096 grid is 128 MiB of results)."""

BLOCK_CELLS = 1 << 15
"""Grid cells per block: 32,768 float64 values, 256 KiB per temporary: the few a block needs stay in a core's L2
cache, and the blocks are large enough that the 41-step loop over inputs costs little in Python."""


def evaluate_grid(xname: str, yname: str, xs, ys, fixed=None, data=None) -> np.ndarray:
    """F on the grid ``xs`` x ``ys`` of parameters ``xname`` and ``yname``, shape ``(len(ys), len(xs))``.

    The other five parameters take their values from ``fixed`` (see ``full_vector``): nominal by default.
    Row i, column j holds F with ``xname = xs[j]`` and ``yname = ys[i]``, the layout of a contour plot's z.
    ``data`` is the training set (ch. 12's 41 pairs by default).
    """
    ix, iy = free_indices((xname, yname))
    xs = finite_axis(xs, "xs", MAX_AXIS)
    ys = finite_axis(ys, "ys", MAX_AXIS)
    base = full_vector(fixed)
    out = np.empty((ys.size, xs.size))
    rows = max(1, BLOCK_CELLS // xs.size)
    columns = xs[None, :]
    for r0 in range(0, ys.size, rows):
        values = list(base)
        values[ix] = columns
        values[iy] = ys[r0 : r0 + rows, None]
        out[r0 : r0 + rows] = _sse_block(values, data)
    return out


@np.errstate(over="ignore")
def _sse_block(values: list, data=None) -> np.ndarray:
    """Sum of squared errors for parameters given as scalars, (1, n) columns, (m, 1) rows or (m, n) blocks.

    Net inputs overflow to +-inf only for parameters beyond 1e307; logsig of them is then exactly 0 or 1.
    """
    P, T, linear = training_pairs(data)
    w11, w21, b11, b12, v1, v2, b2 = values
    shape = np.broadcast_shapes(*(np.shape(v) for v in values))
    hidden = (_HiddenNeuron(w11, b11, shape, P), _HiddenNeuron(w21, b12, shape, P))
    # The output neuron's negated net input -n2 = (-v1) a1_1 + (-v2) a1_2 + (-b2), so that
    # a2 = 1 / (1 + exp(-n2)) needs no extra negation pass.
    weights = (np.negative(v1), np.negative(v2))
    nb2 = np.negative(b2)
    acc = np.zeros(shape)
    m = np.empty(shape)
    for q in range(P.size):
        _net_into(m, [(w, h.at(q)) for w, h in zip(weights, hidden, strict=True)], nb2)
        if linear:  # a2 = n2: e = t - a2 = t + (-n2)
            m += T[q]
        else:
            np.exp(m, out=m)  # exp(-n2) = inf gives a2 = 1 / inf = 0 exactly, the right limit
            m += 1.0
            np.divide(1.0, m, out=m)  # a2
            np.subtract(T[q], m, out=m)  # e = t - a2
        m *= m
        acc += m
    return acc


def _net_into(out: np.ndarray, products: list, bias) -> None:
    """Write sum(w * a for w, a in products) + bias into ``out`` with as few full-size passes as possible.

    Products that already have the block's shape are written or added in place. The small ones are summed
    first by what they vary along (scalars join the rows), so that a row plus a column costs one pass.
    """
    full, along_y, along_x = [], bias, None
    for w, a in products:
        shape = np.broadcast_shapes(np.shape(w), np.shape(a))
        if shape == out.shape and min(shape) > 1:
            full.append((w, a))
        elif len(shape) == 2 and shape[0] == 1 and shape[1] > 1:
            along_x = w * a if along_x is None else along_x + w * a
        else:
            along_y = along_y + w * a
    if not full:
        np.add(along_y, 0.0 if along_x is None else along_x, out=out)
        return
    np.multiply(*full[0], out=out)
    for w, a in full[1:]:
        out += w * a
    out += along_y
    if along_x is not None:
        out += along_x


class _HiddenNeuron:
    """The outputs a1(p_q) of one hidden neuron, computed on the smallest shape its weight and bias need."""

    def __init__(self, w, b, cell_shape, P):
        own = np.broadcast_shapes(np.shape(w), np.shape(b))
        self.w, self.b, self.P = w, b, P
        self.per_cell = own == cell_shape and len(own) == 2 and own[0] > 1 and own[1] > 1
        if self.per_cell:
            self.table = None
        else:
            # all 41 inputs at once: shape (41,) + own shape
            self.table = _logsig_fast(np.reshape(P, (-1,) + (1,) * len(own)) * w + b)

    def at(self, q: int):
        if self.table is not None:
            return self.table[q]
        return _logsig_fast(self.w * self.P[q] + self.b)


@np.errstate(over="ignore")
def _logsig_fast(n) -> np.ndarray:
    """logsig(n) = 1 / (1 + exp(-n)); exp overflows to inf for n < -709 and the quotient is then exactly 0."""
    return 1.0 / (1.0 + np.exp(np.negative(n)))
