"""Planes through the seven-dimensional parameter space, F over them, and points projected onto them.

A map of F over two parameters is one kind of plane: through the fixed values of the other five, spanned by two
coordinate axes. The whole network's paths leave every such plane, so a picture may also be drawn on a plane
spanned by two directions d₁, d₂ chosen for what they show, through a chosen point x₀::

    x(α, β) = x₀ + α d₁ + β d₂

- ``plane_from_pair``: the coordinate plane of two parameters (α and β are then those parameters' values);
- ``hessian_plane``: the two eigenvectors of the Hessian ∇²F(x₀) with the largest |λ| (ch. 8: the directions
  F curves most along, near x₀ the axes of its quadratic model);
- ``pca_plane``: the first two principal components of a path's iterates (the plane the path moves in most);
- ``random_plane``: two random directions, each scaled neuron by neuron to the point's own weights (Li et al.,
  "Visualizing the loss landscape of neural nets", NeurIPS 2018, normalise per filter);
- ``line_plane``: the line from a start to an end (α = 0 at the start, 1 at the end) and a second direction
  from one of the above, with its component along that line removed.

``evaluate_plane`` computes F over a grid of (α, β) by broadcasting, as ``evaluate_grid`` does (a coordinate
plane gives exactly its numbers); ``project`` finds where points lie on a plane (least squares when d₁ and d₂
are not orthogonal) and the plane's point under each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .grid import BLOCK_CELLS, MAX_AXIS, _sse_block
from .network import LABELS, PARAMS, hessian
from .params import finite_axis, free_indices, full_vector

KINDS = ("pair", "hessian", "pca", "random", "line", "custom")

NEURONS = ((0, 2), (1, 3), (4, 5, 6))
"""The parameters of each neuron: hidden neuron 1's weight and bias, hidden neuron 2's, and the output neuron's
two weights and bias (the row [W | b] of each layer's augmented weight matrix)."""

PARALLEL = 1e-9
"""Directions whose smaller singular value is below this fraction of the larger span no plane."""

MAX_PATH = 1_000_000
"""The most iterates ``pca_plane`` and ``project`` accept at once."""


@dataclass(frozen=True, eq=False)
class Plane:
    """The plane x(α, β) = origin + α u + β v in the seven parameters (``PARAMS`` order).

    ``labels`` are the axis titles (what u and v are), ``kind`` how it was made (``KINDS``), ``pair`` the two
    parameter names for a coordinate plane (None otherwise) and ``note`` a sentence on how it was chosen.
    """

    origin: np.ndarray
    u: np.ndarray
    v: np.ndarray
    labels: tuple[str, str] = ("direction 1", "direction 2")
    kind: str = "custom"
    pair: tuple[str, str] | None = None
    note: str = ""
    _pinv: np.ndarray = field(init=False, repr=False)

    def __post_init__(self):
        for name in ("origin", "u", "v"):
            a = np.array(getattr(self, name), dtype=float).reshape(-1)
            if a.shape != (7,) or not np.all(np.isfinite(a)):
                raise ValueError(f"a plane's {name} must be 7 finite numbers, one per parameter")
            a.flags.writeable = False
            object.__setattr__(self, name, a)
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of plane {self.kind!r}; one of {', '.join(KINDS)}")
        basis = np.column_stack([self.u, self.v])
        s = np.linalg.svd(basis, compute_uv=False)
        if s[0] == 0 or s[1] <= PARALLEL * s[0]:
            raise ValueError("a plane needs two directions that are not parallel (nor zero)")
        pinv = np.linalg.pinv(basis)
        pinv.flags.writeable = False
        object.__setattr__(self, "_pinv", pinv)
        object.__setattr__(self, "labels", tuple(str(s) for s in self.labels))

    @property
    def basis(self) -> np.ndarray:
        """(7, 2): u and v as columns."""
        return np.column_stack([self.u, self.v])

    @property
    def angle(self) -> float:
        """The angle between u and v, in degrees (90 for orthogonal directions)."""
        c = float(self.u @ self.v) / (np.linalg.norm(self.u) * np.linalg.norm(self.v))
        return float(np.degrees(np.arccos(np.clip(c, -1.0, 1.0))))

    def point(self, alpha, beta) -> np.ndarray:
        """origin + α u + β v, shape ``(..., 7)`` for arrays α and β that broadcast together."""
        a, b = np.broadcast_arrays(np.asarray(alpha, dtype=float), np.asarray(beta, dtype=float))
        return self.origin + a[..., None] * self.u + b[..., None] * self.v

    def through(self, x) -> Plane:
        """The parallel plane through ``x``: the same u and v, the origin moved so that ``x`` keeps its (α, β).

        What a picture that "follows the iterate" redraws: the plane holding the current iterate.
        """
        x = _point(x)
        coords = (x - self.origin) @ self._pinv.T
        origin = x - coords[0] * self.u - coords[1] * self.v
        return Plane(origin, self.u, self.v, self.labels, self.kind, self.pair, self.note)

    def to_dict(self) -> dict:
        """Plain JSON-ready data."""
        return {
            "kind": self.kind,
            "origin": self.origin.tolist(),
            "u": self.u.tolist(),
            "v": self.v.tolist(),
            "labels": list(self.labels),
            "pair": None if self.pair is None else list(self.pair),
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Plane:
        pair = d.get("pair")
        return cls(
            d["origin"],
            d["u"],
            d["v"],
            tuple(d.get("labels", ("direction 1", "direction 2"))),
            d.get("kind", "custom"),
            None if pair is None else tuple(pair),
            d.get("note", ""),
        )


@dataclass(frozen=True, eq=False)
class Projection:
    """Where points lie on a plane: their coordinates (α, β), the plane's point under each, and how far off it."""

    coords: np.ndarray
    on_plane: np.ndarray
    distance: np.ndarray


def plane_from_pair(xname: str, yname: str, fixed=None) -> Plane:
    """The coordinate plane of ``xname`` and ``yname`` through the other five's values ``fixed`` (nominal by
    default): α and β are the two parameters' own values, so F over it is ``evaluate_grid``'s F."""
    ix, iy = free_indices((xname, yname))
    origin = full_vector(fixed)
    origin[[ix, iy]] = 0.0
    u, v = np.zeros(7), np.zeros(7)
    u[ix] = v[iy] = 1.0
    return Plane(origin, u, v, (LABELS[xname], LABELS[yname]), "pair", (xname, yname), "two parameters")


def hessian_plane(point, data=None) -> Plane:
    """Through ``point``, spanned by the two unit eigenvectors of ∇²F(point) with the largest |λ| (on ``data``).

    Each eigenvector's sign is chosen so that its largest component is positive. Along them F curves most near
    the point: λ > 0 bends up, λ < 0 down (a saddle's or maximum's direction of descent).
    """
    x = _point(point)
    lam, vec = np.linalg.eigh(hessian(x, data=data))
    order = np.argsort(-np.abs(lam), kind="stable")[:2]
    dirs = [_signed(vec[:, i]) for i in order]
    labels = tuple(f"Hessian eigenvector {k + 1} (λ = {lam[i]:.3g})" for k, i in enumerate(order))
    note = "the two directions of largest curvature |λ| at the point"
    return Plane(x, dirs[0], dirs[1], labels, "hessian", None, note)


def pca_plane(path, origin=None) -> Plane:
    """Through ``origin`` (the path's last iterate by default), spanned by the first two principal components of
    the iterates ``path`` (n, 7): the unit directions along which the path varies most about its mean.

    The labels give each component's share of the path's variance. Each component points the way the path
    went (its start-to-end displacement along it is ≥ 0). A path that lies on a line has no second component:
    a ValueError says so (``line_plane`` draws it).
    """
    xs = _path(path)
    if len(xs) < 3:
        raise ValueError("a path needs at least 3 iterates for two principal components")
    centred = xs - xs.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    if s[0] == 0 or s[1] <= 1e-9 * s[0]:
        raise ValueError("the path lies on a line: it has one principal component, not two (use line_plane)")
    share = s**2 / np.sum(s**2)
    move = xs[-1] - xs[0]
    dirs = [vt[k] if move @ vt[k] >= 0 else -vt[k] for k in (0, 1)]
    labels = tuple(f"PC {k + 1} of the path ({100 * share[k]:.0f} % of variance)" for k in (0, 1))
    x0 = xs[-1] if origin is None else _point(origin)
    note = f"the path's two main directions: {100 * (share[0] + share[1]):.1f} % of its variance"
    return Plane(x0, dirs[0], dirs[1], labels, "pca", None, note)


def random_plane(point, seed: int = 0) -> Plane:
    """Through ``point``, spanned by two random directions scaled neuron by neuron (after Li et al., 2018).

    Each direction is drawn from a standard normal in seven dimensions (``numpy.random.default_rng(seed)``),
    then, for each neuron, its block of parameters (the neuron's incoming weights and its bias: (w¹₁,₁, b¹₁),
    (w¹₂,₁, b¹₂), (w²₁,₁, w²₁,₂, b²)) is rescaled to the Euclidean norm of the same block at ``point``. Li et al.
    scale each filter of a random direction to the norm of that filter in the network, so that a step of 1 along
    it moves every filter in proportion to its own size; a neuron's incoming weights play a filter's part here,
    and the bias is counted with them. A block that is zero at the point keeps its random block at unit norm.
    The two directions are not orthogonalised (that would undo the scaling); ``project`` handles the angle.
    """
    x = _point(point)
    rng = np.random.default_rng(int(seed))
    dirs = rng.standard_normal((2, 7))
    for d in dirs:
        for block in NEURONS:
            idx = list(block)
            size, own = np.linalg.norm(d[idx]), np.linalg.norm(x[idx])
            d[idx] *= (own if own > 0 else 1.0) / size
    labels = tuple(f"random direction {k + 1} (per-neuron scaled, seed {int(seed)})" for k in (0, 1))
    return Plane(x, dirs[0], dirs[1], labels, "random", None, "two random directions, each neuron's block scaled")


SECONDS = ("hessian", "pca", "random")


def line_plane(start, end, second="hessian", *, data=None, path=None, seed: int = 0) -> Plane:
    """The line from ``start`` (α = 0) to ``end`` (α = 1), u = end − start, and a second direction v.

    ``second`` is ``"hessian"`` (an eigenvector of largest |λ| at ``end``), ``"pca"`` (a principal component of
    ``path``), ``"random"`` (a per-neuron scaled random direction at ``end``, ``seed``), or seven numbers. The
    first candidate with a part perpendicular to u (more than a millionth of its length) gives v: that part,
    at its own length (so the label says "⊥ start → end").
    """
    a, b = _point(start), _point(end)
    u = b - a
    if not np.any(u):
        raise ValueError("start and end are the same point: there is no line between them")
    if isinstance(second, str):
        if second not in SECONDS:
            raise ValueError(f"second must be one of {', '.join(SECONDS)} or 7 numbers, got {second!r}")
        if second == "hessian":
            source = hessian_plane(b, data)
        elif second == "pca":
            if path is None:
                raise ValueError("second='pca' needs the path")
            source = pca_plane(path)
        else:
            source = random_plane(b, seed)
        candidates = [(source.u, source.labels[0]), (source.v, source.labels[1])]
    else:
        candidates = [(_point(second), "a chosen direction")]
    unit = u / np.linalg.norm(u)
    for c, label in candidates:
        v = c - (c @ unit) * unit
        if np.linalg.norm(v) > 1e-6 * np.linalg.norm(c):
            note = f"the line from start to end, and {label} without its part along that line"
            return Plane(a, u, v, ("start → end", f"{label}, ⊥ start → end"), "line", None, note)
    raise ValueError("the second direction lies along the line from start to end")


def evaluate_plane(plane: Plane, alphas, betas, data=None) -> np.ndarray:
    """F over the grid ``alphas`` × ``betas`` of the plane, shape ``(len(betas), len(alphas))``.

    Row i, column j holds F(origin + alphas[j] u + betas[i] v) on the training set ``data`` (ch. 12's by
    default), the layout of a contour plot's z. Computed as ``evaluate_grid`` computes a pair's grid, by
    broadcasting in blocks of rows: a parameter that neither direction moves is one number, one that only u or
    only v moves a row or a column, the others a block; each hidden neuron on the smallest shape its weight and
    bias have. A coordinate plane (``plane_from_pair``) gives exactly ``evaluate_grid``'s numbers.
    """
    alphas = finite_axis(alphas, "alphas", MAX_AXIS)
    betas = finite_axis(betas, "betas", MAX_AXIS)
    out = np.empty((betas.size, alphas.size))
    rows = max(1, BLOCK_CELLS // alphas.size)
    along_u = [plane.u[i] * alphas[None, :] if plane.u[i] != 0 else None for i in range(7)]
    for r0 in range(0, betas.size, rows):
        b = betas[r0 : r0 + rows, None]
        values = []
        for i in range(7):
            value = float(plane.origin[i])
            if along_u[i] is not None:
                value = value + along_u[i]
            if plane.v[i] != 0:
                value = value + plane.v[i] * b
            values.append(value)
        out[r0 : r0 + rows] = _sse_block(values, data)
    return out


def project(plane: Plane, points) -> Projection:
    """Where ``points`` (..., 7) lie on ``plane``: (α, β) by least squares, min ‖x − origin − α u − β v‖ (exact
    for points on the plane; for non-orthogonal u and v not the same as the dot products with u and v), the
    plane's point there, and the distance from each point to it."""
    x = np.asarray(points, dtype=float)
    if x.shape[-1:] != (7,):
        raise ValueError(f"points must have a last axis of 7 parameters, got shape {x.shape}")
    if x.size // 7 > MAX_PATH:
        raise ValueError(f"at most {MAX_PATH:,} points at once")
    coords = (x - plane.origin) @ plane._pinv.T
    on = plane.point(coords[..., 0], coords[..., 1])
    return Projection(coords, on, np.linalg.norm(x - on, axis=-1))


def full_path(run) -> np.ndarray:
    """A run's iterates as seven-parameter vectors (n, 7): its free values put into its fixed ones."""
    xs = np.asarray(run.xs, dtype=float)
    if len(run.base) != 7:
        raise ValueError("the run trained on a problem of its own, not the network")
    out = np.broadcast_to(np.asarray(run.base, dtype=float), (len(xs), 7)).copy()
    out[:, list(free_indices(run.free))] = xs
    return out


def _path(path) -> np.ndarray:
    xs = full_path(path) if hasattr(path, "free") and hasattr(path, "base") else np.asarray(path, dtype=float)
    if xs.ndim != 2 or xs.shape[1] != 7:
        raise ValueError(f"a path must be an (n, 7) array of iterates, got shape {xs.shape}")
    if len(xs) > MAX_PATH or not np.all(np.isfinite(xs)):
        raise ValueError(f"a path must hold at most {MAX_PATH:,} finite iterates")
    return xs


def _point(x) -> np.ndarray:
    a = np.array(x, dtype=float).reshape(-1)
    if a.shape != (7,) or not np.all(np.isfinite(a)):
        raise ValueError(f"a point must be 7 finite numbers in the order {', '.join(PARAMS)}")
    return a


def _signed(d: np.ndarray) -> np.ndarray:
    """``d`` with the sign that makes its largest component positive (eigenvectors have no sign of their own)."""
    return d if d[np.argmax(np.abs(d))] > 0 else -d
