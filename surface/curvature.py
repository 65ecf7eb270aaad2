"""The curvature of F over a grid of two free parameters: the 2×2 Hessian and its eigenvalues in every cell.

Hagan et al., ch. 9 and 12: near a point, F is its quadratic model ½ Δxᵀ H Δx + ∇Fᵀ Δx, and the eigenvalues
λmin ≤ λmax of the Hessian H say how F bends there: both positive in a bowl, of opposite signs at a saddle, and
their ratio λmax/λmin is the condition number that makes narrow valleys hard for steepest descent.

With n2 the output's net input, a2 = logsig(n2) (or a2 = n2 for a linear output, a2' = 1, a2'' = 0) and
e = t − a2 (see ``network.hessian``)::

    H_ij = 2 Σ_q [ (a2'² − e a2'') ∂n2/∂x_i ∂n2/∂x_j − e a2' ∂²n2/∂x_i∂x_j ]

Each derivative of n2 is a factor constant over the 41 inputs times one that varies with them:
∂n2/∂w¹ = v a1' p, ∂n2/∂b¹ = v a1', ∂n2/∂v = a1, ∂n2/∂b² = 1 (v the hidden neuron's output weight), and the only
non-zero second derivatives couple one hidden neuron's w¹, b¹ and v: v a1'' p², v a1'' p, v a1'', a1' p, a1'.
So the sums over the inputs run on the input-dependent factors alone, and the constant ones (powers of v)
multiply the three sums once per cell at the end. As in ``evaluate_grid``, each hidden neuron is computed on
the smallest shape its parameters need (once, per column, per row, or per cell), and the grid goes in blocks
of whole rows, so memory stays bounded for any grid the API accepts.

A block holds every input at once, as arrays of shape (rows, 41, columns), so that each sum over the inputs is
one call: a batched matrix-vector product (``matmul``) for a factor that varies along the rows or the inputs
alone, an ``einsum`` for one that varies along the columns (so the axis that feeds a hidden neuron goes along
the rows: the grid may run transposed). exp(−n2), the one exponential per value, is mostly not taken per value:
where −n2 is a part along y plus a part along x it is the product of their exponentials; where it is a hidden
neuron's output times its output weight on the other axis, −n2 is one matrix product before the exponential.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .grid import MAX_AXIS
from .network import _logsig_derivatives, training_pairs
from .params import finite_axis, free_indices, full_vector

BLOCK_VALUES = 1 << 17
"""Values (cells × 41 inputs) per block: 1 MiB per temporary, six of them (twelve on a pair that feeds one hidden
neuron). A block is whole rows of the grid: a 400-wide grid goes 7 rows at a time, one wider than 3,196 one row
at a time. Larger blocks spend less in Python per value; these run from the processor's shared cache."""

CLIP = 708.0
"""exp(−n2) is taken of min(−n2, CLIP): a2 = 1/(1 + exp(−n2)) stays a normal number (above 3e-308) and no
exponential overflows; where n2 < −708 the true a2 and a2' are below 3e-308, so this moves them by less than
that (they are zero to every digit a Hessian entry can show)."""

_PART = {(True, True): "full", (False, True): "col", (True, False): "row", (False, False): "inputs"}

# Each parameter's role in the output's net input n2: (kind, hidden neuron), w¹ and b¹ feed a hidden neuron,
# v is that neuron's output weight, b² the output bias.
_ROLE = {0: ("w", 0), 1: ("w", 1), 2: ("b", 0), 3: ("b", 1), 4: ("v", 0), 5: ("v", 1), 6: ("b2", None)}
_OUTPUT_WEIGHT = (4, 5)  # the index of each hidden neuron's output weight v


def hessian_grid(xname: str, yname: str, xs, ys, fixed=None, data=None) -> np.ndarray:
    """The Hessian of F restricted to ``xname`` and ``yname`` on the grid ``xs`` × ``ys``, exact.

    Shape ``(3, len(ys), len(xs))``: ∂²F/∂x², ∂²F/∂x∂y and ∂²F/∂y² (x = ``xname``, y = ``yname``), row i and
    column j at ``yname = ys[i]``, ``xname = xs[j]``, the other five parameters at ``fixed`` (nominal by
    default), on the training set ``data`` (ch. 12's by default). It equals ``network.hessian`` at every cell,
    to rounding.
    """
    grid = _Grid.make(xname, yname, xs, ys, fixed, data)
    out = np.empty((3, len(ys), len(xs)))
    for cells, h in grid.blocks():
        out[(slice(None), *cells)] = h
    return out


def curvature_grid(xname: str, yname: str, xs, ys, fixed=None, data=None) -> tuple[np.ndarray, np.ndarray]:
    """The eigenvalues λmin ≤ λmax of the 2×2 Hessian of F over ``xname`` and ``yname``, in every grid cell.

    Returns ``(lam_min, lam_max)``, each of shape ``(len(ys), len(xs))`` (the layout of ``evaluate_grid``: row i,
    column j at ``yname = ys[i]``, ``xname = xs[j]``), in units of F per unit² of the parameters. The Hessian is
    exact (the analytic second derivatives of ``network.hessian``) and its eigenvalues come in closed form
    (``symmetric_eigenvalues``). Both are finite for finite parameters, up to ±1.7e308, except where a true
    second derivative is beyond the floating-point range (an output weight past about 1e150 on a neuron whose
    output is not saturated): there an entry is ±inf and the eigenvalues NaN. ``data`` is the training set
    (ch. 12's by default).
    """
    grid = _Grid.make(xname, yname, xs, ys, fixed, data)
    lam_min = np.empty((len(ys), len(xs)))
    lam_max = np.empty((len(ys), len(xs)))
    for cells, h in grid.blocks():
        symmetric_eigenvalues(h[0], h[1], h[2], out=(lam_min[cells], lam_max[cells]))
    return lam_min, lam_max


def condition_number(lam_min, lam_max) -> np.ndarray:
    """λmax/λmin where both eigenvalues are positive (a bowl, however narrow), NaN elsewhere.

    The condition number of the Hessian (ch. 9): steepest descent's progress per step along the flattest
    direction is at most about 2/κ of the way, so large κ marks the narrow valleys it zig-zags across.
    """
    lam_min, lam_max = np.asarray(lam_min, dtype=float), np.asarray(lam_max, dtype=float)
    bowl = lam_min > 0
    return np.divide(lam_max, lam_min, out=np.full(np.broadcast(lam_min, lam_max).shape, np.nan), where=bowl)


@np.errstate(divide="ignore", invalid="ignore", over="ignore")
def symmetric_eigenvalues(a, b, c, out=None) -> tuple[np.ndarray, np.ndarray]:
    """The eigenvalues λmin ≤ λmax of the symmetric matrices [[a, b], [b, c]], elementwise, in closed form.

    With m = (a + c)/2 and r = √(((a − c)/2)² + b²) the eigenvalues are m ± r. The one of larger magnitude,
    λ₁ = m + sign(m) r, adds two numbers of the same sign; the other is taken from the determinant,
    λ₂ = (ac − b²)/λ₁, computed as (a/λ₁)c − (b/λ₁)b, so that neither cancels nor overflows (|a|, |b| ≤ |λ₁|).
    Each is then within a few rounding errors of the largest eigenvalue's magnitude, as ``numpy.linalg.eigvalsh``.
    """
    a, b, c = (np.asarray(v, dtype=float) for v in (a, b, c))
    mean = 0.5 * a + 0.5 * c
    radius = np.hypot(0.5 * a - 0.5 * c, b)
    big = mean + np.copysign(radius, mean)
    small = (a / big) * c - (b / big) * b
    small = np.where(big == 0.0, 0.0, small)
    if out is None:
        return np.minimum(small, big), np.maximum(small, big)
    np.minimum(small, big, out=out[0])
    np.maximum(small, big, out=out[1])
    return out


def eigenvector_angle(a, b, c) -> np.ndarray:
    """The angle (radians, in (−π/2, π/2]) from the x axis of the eigenvector of λmin of [[a, b], [b, c]].

    The eigenvector of λmax lies at θ = ½ atan2(2b, a − c) (ch. 6, the principal axes of a quadratic form); that
    of λmin is perpendicular to it. Where the two eigenvalues are equal every direction is an eigenvector and the
    angle is π/2 (that of the y axis).
    """
    a, b, c = (np.asarray(v, dtype=float) for v in (a, b, c))
    theta = 0.5 * np.arctan2(2.0 * b, a - c) - 0.5 * np.pi
    return np.where(theta <= -0.5 * np.pi, theta + np.pi, theta)


@dataclass(frozen=True)
class _Grid:
    """A checked grid request, oriented for speed: the two free parameters' columns (``ix`` along a block's
    columns, ``iy`` along its rows), their axes, the other parameters' values, and whether that is the
    transpose of the grid asked for.

    A sum over the inputs against a factor that varies along the rows is a batched matrix-vector product, one
    that varies along the columns an ``einsum`` about three times as slow: the axis that feeds a hidden neuron
    (w¹ or b¹, whose factors vary with it) goes along the rows when the other does not.
    """

    ix: int
    iy: int
    xs: np.ndarray
    ys: np.ndarray
    base: np.ndarray
    transposed: bool = False
    p: np.ndarray = None
    t: np.ndarray = None
    linear: bool = False

    @classmethod
    def make(cls, xname, yname, xs, ys, fixed, data=None) -> _Grid:
        ix, iy = free_indices((xname, yname))
        xs, ys = finite_axis(xs, "xs", MAX_AXIS), finite_axis(ys, "ys", MAX_AXIS)
        base = full_vector(fixed)
        p, t, linear = training_pairs(data)
        if _ROLE[ix][0] in ("w", "b") and _ROLE[iy][0] not in ("w", "b"):
            return cls(iy, ix, ys, xs, base, True, p, t, linear)
        return cls(ix, iy, xs, ys, base, False, p, t, linear)

    def blocks(self):
        """(cells, Hessian entries (xx, xy, yy)) for each block, ``cells`` indexing the grid asked for (rows
        and columns) and the entries laid out as it is, transposed back where the blocks ran transposed.

        The entries live in a buffer that the next block overwrites: use them before asking for the next.
        """
        plan = _Plan(self)
        q = self.p.size
        rows = max(1, min(self.ys.size, BLOCK_VALUES // (q * self.xs.size)))
        shape = (rows, q, self.xs.size)
        store = np.empty((_Block.SIZE + (_Block.SPARE if plan.per_cell else 0), *shape))
        target = np.broadcast_to(self.t[None, :, None], shape).copy()  # e = t − a2 with no broadcast per block
        hessian = np.empty((3, rows, self.xs.size))
        for r0 in range(0, self.ys.size, rows):
            block = slice(r0, min(r0 + rows, self.ys.size))
            n = block.stop - r0
            h = plan.hessian(block, _Block(store[:, :n], target[:n]), hessian[:, :n])
            if self.transposed:  # its rows are columns of the grid asked for, its x that grid's y
                yield (slice(None), block), h[::-1].transpose(0, 2, 1)
            else:
                yield (block, slice(None)), h


class _Block:
    """A block's temporaries, each of shape (rows, 41, columns); ``spare`` ones for a hidden neuron fed by both
    axes (its a1, a1', a1'') and the products its factors share."""

    SIZE = 5
    SPARE = 6

    def __init__(self, store: np.ndarray, target: np.ndarray):
        self.z, self.a, self.s, self.e, self.tmp = store[: self.SIZE]
        self.spare = list(store[self.SIZE :])
        self.target = target


class _Plan:
    """What every block of a grid shares, on the smallest shapes: the hidden neurons' outputs and derivatives,
    the factors of the three Hessian entries, and the parts of n2 that vary along one axis or none.

    Arrays are three-dimensional, (rows, inputs, columns): the y axis's values are (ny, 1, 1), the x axis's
    (1, 1, nx), the inputs (1, 41, 1); a block takes the rows of those that vary along y. Net inputs overflow to
    ±inf only for parameters beyond about 1e307; the sigmoids are then exactly 0 or 1, their limits.
    """

    @np.errstate(over="ignore")
    def __init__(self, grid: _Grid):
        values = [float(v) for v in grid.base]
        values[grid.ix] = grid.xs[None, None, :]
        values[grid.iy] = grid.ys[:, None, None]
        self.values = values
        self.p3 = grid.p[None, :, None]  # the inputs along a block's middle axis: blocks are (rows, inputs, columns)
        self.linear = grid.linear
        self.pairs = ((grid.ix, grid.ix), (grid.ix, grid.iy), (grid.iy, grid.iy))
        self.hidden = [_Hidden(values[n], values[2 + n], self.p3) for n in (0, 1)]
        self.per_cell = any(h.per_cell for h in self.hidden)
        if not self.per_cell:
            tables = [h.table for h in self.hidden]
            self.factors = [_pair_factors(i, j, tables, self.p3) for i, j in self.pairs]
        # -n2 = (-v1) a1_1 + (-v2) a1_2 + (-b2): the products that vary along both axes are formed per block,
        # the others are summed here into one part along y (or neither) and one along x
        self.full, small = [], [-values[6]]
        for n, h in enumerate(self.hidden):
            weight = -values[_OUTPUT_WEIGHT[n]]
            if h.per_cell or _varies(np.broadcast_shapes(np.shape(weight), h.table[0].shape)) == (True, True):
                self.full.append((weight, n))
            else:
                small.append(weight * h.table[0])
        along_x = [t for t in small if _varies(np.shape(t)) == (False, True)]
        along_y = [t for t in small if not _varies(np.shape(t))[1]]
        self.along_x = sum(along_x[1:], along_x[0]) if along_x else None
        self.along_y = sum(along_y[1:], along_y[0])
        self.exp_parts = None if self.full or self.linear else _exp_parts(self.along_y, self.along_x)
        self.outer = self._outer_product()

    def _outer_product(self):
        """(neuron, right-hand matrix) when a hidden neuron's w¹ or b¹ is on the rows and its output weight v on
        the columns: −n2 = (−v) a1 + (the rest, along the rows and inputs) is then one matrix product per block,
        [a1, rest] (rows, 41, 2) @ [−v, 1] (2, columns), a third of the time of a product and a sum that
        broadcast. None otherwise."""
        if len(self.full) != 1 or self.per_cell or self.along_x is not None:
            return None
        weight, n = self.full[0]
        if _varies(np.shape(weight)) != (False, True) or _varies(self.hidden[n].table[0].shape)[1]:
            return None
        return n, np.stack([weight[0, 0], np.ones(weight.shape[2])])

    @np.errstate(over="ignore", under="ignore")
    def hessian(self, rows: slice, b: _Block, out: np.ndarray) -> np.ndarray:
        """The Hessian's entries (xx, xy, yy) on the block of ``rows``, written into ``out`` (3, rows, columns).

        Per input q the output neuron gives, from z = exp(−n2) (``_logistic``): a2, 1 − a2, a2' = a2(1 − a2),
        1 − 2a2 and e = t − a2, and the two weights of ``network.hessian``'s sum, W = a2'² − e a2'' =
        a2'(a2' − e(1 − 2a2)) and U = e a2'. A linear output has a2 = n2, a2' = 1, a2'' = 0: W = 1 and U = e.
        Each entry sums W and U against its factors over the inputs.
        """
        memo = _Memo(b.spare) if self.per_cell else None
        hidden = [h.block(rows, b) for h in self.hidden]
        z, a, s, e = b.z, b.a, b.s, b.e
        self._exp_minus_n2(rows, hidden, z)
        if self.linear:  # z holds −n2
            u = np.add(b.target, z, out=e)  # U = e = t − n2
            a.fill(1.0)
            w = a  # W = 1
        else:
            _logistic(z, a, s)  # a2, 1 − a2 (in z), a2'
            np.subtract(b.target, a, out=e)  # e = t − a2
            np.subtract(z, a, out=a)  # 1 − 2 a2
            u = np.multiply(e, s, out=z)  # U = e a2'
            np.multiply(e, a, out=e)
            np.subtract(s, e, out=e)
            w = np.multiply(e, s, out=e)  # W = a2' (a2' − e (1 − 2 a2))
        if self.per_cell:
            factors = [_pair_factors(i, j, hidden, self.p3, memo) for i, j in self.pairs]
        else:
            factors = [(psi.rows(rows), chi and chi.rows(rows)) for psi, chi in self.factors]
        gains = [_rows(v, rows)[:, 0, :] if isinstance(v, np.ndarray) else v for v in self.values]
        for k, ((i, j), (psi, chi)) in enumerate(zip(self.pairs, factors, strict=True)):
            # H_ij = 2 (K_i K_j Σ W ψ_i ψ_j − L_ij Σ U χ_ij); K_i (K_j Σ), so that a zero sum stays zero for any K
            h = out[k]
            np.multiply(_gain(j, gains), psi.contract(w, b.tmp, memo), out=h)
            h *= _gain(i, gains)
            if chi is not None:
                h -= _curvature_gain(i, j, gains) * chi.contract(u, b.tmp, memo)
            h *= 2.0
        return out

    def _exp_minus_n2(self, rows: slice, hidden, z: np.ndarray) -> None:
        """Write exp(−n2) into ``z``, the cheapest of three ways the block's shapes allow: the product of the
        exponentials of −n2's parts along y and along x (``_exp_parts``); −n2 as one matrix product
        (``_outer_product``); or the products that vary along both axes plus the parts along one, then exp.
        For a linear output, −n2 itself (no exponential is needed)."""
        if self.exp_parts is not None:
            np.multiply(_rows(self.exp_parts[0], rows), self.exp_parts[1], out=z)
            return
        if self.outer is not None:  # −n2 = [a1, the rest] @ [−v, 1]
            n, right = self.outer
            shape = (z.shape[0], z.shape[1], 1)
            left = [np.broadcast_to(p, shape) for p in (hidden[n][0], _rows(self.along_y, rows))]
            np.matmul(np.concatenate(left, axis=2), right, out=z)
            if self.linear:
                return
        else:  # a hidden neuron fed by both axes, or parameters too large for the exponentials of the parts
            parts = [p for p in (_rows(self.along_y, rows), self.along_x) if p is not None]
            if self.full:
                weight, n = self.full[0]
                np.multiply(_rows(weight, rows), hidden[n][0], out=z)
                parts += [_rows(w, rows) * hidden[m][0] for w, m in self.full[1:]]
            else:
                np.copyto(z, parts.pop(0))
            for part in parts:
                z += part
        if not self.linear:
            _exp(z)


def _exp(z: np.ndarray) -> None:
    """z ← exp(z) in place, z first cut to ``CLIP`` where it is larger, so that no exponential overflows."""
    if z.max() > CLIP:
        np.minimum(z, CLIP, out=z)
    np.exp(z, out=z)


def _exp_parts(along_y, along_x):
    """(exp(Y), exp(X)) for −n2 = Y + X with Y constant along x and X along y, or None where that is unsafe.

    Then exp(−n2) = exp(Y) exp(X) costs one product per value instead of a sum and an exponential: within three
    rounding errors of exp(Y + X), which itself carries the rounding of the sum, |n2| ε/2. Safe where each part
    lies within ±700 (its exponential is a normal number) and Y + X never passes ``CLIP`` (nothing to cut).
    """
    x = 0.0 if along_x is None else along_x
    if np.max(np.abs(along_y)) > 700 or np.max(np.abs(x)) > 700 or np.max(along_y) + np.max(x) > CLIP:
        return None
    return np.exp(along_y), np.exp(x)


def _logistic(z: np.ndarray, a: np.ndarray, s: np.ndarray) -> None:
    """From z = exp(−n), in place: a = logsig(n) = 1/(1 + z), z ← 1 − a = z a, s = logsig'(n) = a(1 − a).

    1 − a as z a keeps its every digit where a rounds to 1 (``network.logsig_parts`` does the same with
    exp(−|n|)).
    """
    np.add(z, 1.0, out=a)
    np.divide(1.0, a, out=a)
    np.multiply(z, a, out=z)
    np.multiply(a, z, out=s)


class _Hidden:
    """One hidden neuron's (a1, a1', a1'') for each input, on the smallest shape its w¹ and b¹ need."""

    def __init__(self, w, b, p3):
        self.w, self.b = w, b
        self.per_cell = _varies(np.broadcast_shapes(np.shape(w), np.shape(b))) == (True, True)
        # all the inputs at once, exact for any net input; for a neuron fed by both axes only -w p, per column
        self.table = None if self.per_cell else _logsig_derivatives(p3 * w + b)
        self.minus_wp = -(p3 * w) if self.per_cell else None

    def block(self, rows: slice, b: _Block):
        """The table's rows for a block; for a neuron fed by both axes, (a1, a1', a1'') on the whole block."""
        if not self.per_cell:
            return tuple(_rows(t, rows) for t in self.table)
        z, a1, d1, dd1 = b.tmp, b.spare.pop(), b.spare.pop(), b.spare.pop()
        np.subtract(_rows(self.minus_wp, rows), _rows(self.b, rows), out=z)  # −n1 = −w p − b
        _exp(z)
        _logistic(z, a1, d1)
        np.subtract(z, a1, out=dd1)
        dd1 *= d1  # a1'' = a1' (1 − 2 a1)
        return a1, d1, dd1


@dataclass(frozen=True)
class _Factor:
    """A product of input-dependent factors, kept in three parts by what they vary along:
    ``col`` (1, 41, nx), ``row`` (ny or 1, 41, 1) and ``full`` (rows, 41, nx); None for a part that is 1."""

    col: np.ndarray | None
    row: np.ndarray | None
    full: np.ndarray | None

    @classmethod
    def of(cls, pieces: list, memo: _Memo | None = None) -> _Factor:
        parts = {"col": [], "row": [], "full": [], "inputs": []}
        for p in pieces:
            parts[_PART[_varies(p.shape)]].append(p)
        # factors along the inputs alone join the columns' part if there is one (one einsum), else the rows'
        parts["col" if parts["col"] else "row"] += parts["inputs"]
        full = memo.product(parts["full"]) if parts["full"] else None
        return cls(_prod(parts["col"]), _prod(parts["row"]), full)

    def rows(self, rows: slice) -> _Factor:
        return _Factor(self.col, _rows(self.row, rows), self.full)

    def contract(self, weight: np.ndarray, tmp: np.ndarray, memo: _Memo | None = None) -> np.ndarray:
        """Σ_q weight · factor over the inputs (axis 1): shape (rows, columns).

        A part along the rows or the inputs alone is a batched matrix-vector product, one along the columns an
        ``einsum``; a part that varies along both (a hidden neuron fed by both axes) multiplies the weight first,
        once for all the factors that share it (``memo``).
        """
        src = weight if self.full is None else memo.weighted(weight, self.full)
        if self.col is not None:
            if self.row is None:
                return np.einsum("rqc,qc->rc", src, self.col[0])
            src = np.multiply(src, self.col, out=tmp)
        if self.row is None:
            return src.sum(axis=1)
        return np.matmul(self.row.reshape(self.row.shape[0], 1, self.row.shape[1]), src)[:, 0, :]


class _Memo:
    """Products of whole-block arrays that several factors share, each formed once per block in a spare buffer."""

    def __init__(self, spare: list):
        self.spare = spare
        self.done = {}

    def product(self, pieces: list) -> np.ndarray:
        return self._once(("product", *map(id, pieces)), pieces)

    def weighted(self, weight: np.ndarray, full: np.ndarray) -> np.ndarray:
        return self._once(("weighted", id(weight), id(full)), [weight, full])

    def _once(self, key, pieces: list) -> np.ndarray:
        if len(pieces) == 1:
            return pieces[0]
        if key not in self.done:  # the pieces are kept with the product, so that their ids stay theirs
            out = np.multiply(pieces[0], pieces[1], out=self.spare.pop() if self.spare else None)
            for p in pieces[2:]:
                out *= p
            self.done[key] = (out, pieces)
        return self.done[key][0]


def _prod(pieces: list):
    """The product of small arrays, or None for an empty list (a factor of 1)."""
    if not pieces:
        return None
    out = pieces[0]
    for p in pieces[1:]:
        out = out * p
    return out


def _varies(shape: tuple) -> tuple[bool, bool]:
    """(varies along y, varies along x) for a three-dimensional block shape (rows, inputs, columns)."""
    return (len(shape) == 3 and shape[0] > 1, len(shape) == 3 and shape[2] > 1)


def _rows(a, rows: slice):
    """A block's rows of an array that varies along y; anything else as it is."""
    if isinstance(a, np.ndarray) and a.ndim == 3 and a.shape[0] > 1:
        return a[rows]
    return a


def _pair_factors(i: int, j: int, hidden, p3, memo: _Memo | None = None) -> tuple[_Factor, _Factor | None]:
    """(ψ_i ψ_j, χ_ij) as factors: the input-dependent parts of ∂n2/∂x_i ∂n2/∂x_j and of ∂²n2/∂x_i∂x_j (``p3``:
    the inputs, shape (1, Q, 1))."""
    psi = _Factor.of(_sensitivity(i, hidden, p3) + _sensitivity(j, hidden, p3), memo)
    chi = _curvature(i, j, hidden, p3)
    return psi, None if chi is None else _Factor.of(chi, memo)


def _sensitivity(i: int, hidden, p3) -> list:
    """ψ_i with ∂n2/∂x_i = K_i ψ_i, as a list of factors: a1' p for w¹, a1' for b¹, a1 for v, none for b²."""
    kind, n = _ROLE[i]
    if kind == "b2":
        return []
    a1, d1, _ = hidden[n]
    return {"w": [d1, p3], "b": [d1], "v": [a1]}[kind]


def _gain(i: int, values):
    """K_i: the output weight v of the hidden neuron that x_i feeds (w¹, b¹), 1 for v and b²."""
    kind, n = _ROLE[i]
    return values[_OUTPUT_WEIGHT[n]] if kind in ("w", "b") else 1.0


def _curvature(i: int, j: int, hidden, p3) -> list | None:
    """χ_ij with ∂²n2/∂x_i∂x_j = L_ij χ_ij (``network._net2_curvature``), as a list of factors: a1'' p², a1'' p,
    a1'' for w¹ and b¹ together, a1' p and a1' for w¹ or b¹ with their neuron's v; None where it is zero."""
    (ki, ni), (kj, nj) = _ROLE[i], _ROLE[j]
    if ni is None or ni != nj:
        return None
    _, d1, dd1 = hidden[ni]
    kinds = "".join(sorted(ki + kj, key="wbv".index))
    return {"ww": [dd1, p3 * p3], "wb": [dd1, p3], "bb": [dd1], "wv": [d1, p3], "bv": [d1]}.get(kinds)


def _curvature_gain(i: int, j: int, values):
    """L_ij: the neuron's output weight v when both x_i and x_j are its w¹ or b¹, 1 when one is v."""
    (ki, ni), (kj, _) = _ROLE[i], _ROLE[j]
    return values[_OUTPUT_WEIGHT[ni]] if "v" not in (ki, kj) else 1.0
