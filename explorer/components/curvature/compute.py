"""The curvature the overlays draw, computed through the cache: the Hessian's eigenvalues on a grid over the window,
the gradient on a thinned grid, and what the stability overlay reads of the training panel (its edge of α·λmax)."""

from __future__ import annotations

import numpy as np

import surface
from explorer.components.map import figures
from explorer.core import scene as scenes
from explorer.core.data import data_key, training_set
from explorer.core.format import display_number
from explorer.serving.cache import cache

CELLS = 200
"""Curvature grid points per axis, at most (the map's own resolution when lower): λ maps are smooth, and at 200²
the curvature costs about what the contour grid does (benchmarks/README.md)."""


@cache.memoize()
def curvature(x: str, y: str, xr: tuple, yr: tuple, n: int, fixed: tuple, data: tuple | None = None):
    """(xs, ys, lam_min, lam_max) on an n × n grid over the window: the Hessian's eigenvalues per grid node, for
    the training set ``data`` (``scene_data.data_key``; None: nominal)."""
    xs, ys = np.linspace(*xr, n), np.linspace(*yr, n)
    lam_min, lam_max = surface.curvature_grid(x, y, xs, ys, fixed, data=training_set(data))
    return xs, ys, lam_min, lam_max


def view_curvature(view: dict):
    n = min(view["res"], CELLS)
    fixed, data = scenes.fixed_vector(view), data_key(view.get("data"))
    return curvature(view["x"], view["y"], tuple(view["xr"]), tuple(view["yr"]), n, fixed, data)


@cache.memoize()
def gradient_field(x: str, y: str, xr: tuple, yr: tuple, shape: tuple, fixed: tuple, data: tuple | None = None):
    """(xs, ys, gx, gy): ∇F's two components on the axes at the centres of a (columns, rows) grid of cells."""
    nx, ny = shape
    xs = xr[0] + (np.arange(nx) + 0.5) * (xr[1] - xr[0]) / nx
    ys = yr[0] + (np.arange(ny) + 0.5) * (yr[1] - yr[0]) / ny
    ix, iy = surface.PARAMS.index(x), surface.PARAMS.index(y)
    points = np.tile(np.asarray(fixed, dtype=float), (ny, nx, 1))
    points[..., ix] = xs[None, :]
    points[..., iy] = ys[:, None]
    g = surface.gradient(points, data=training_set(data))
    return xs, ys, g[..., ix], g[..., iy]


FIELD_ARROWS = 16
"""Arrows of the gradient field along the longer side of the plot (fewer along the shorter, so that the cells
are about square on the screen): cells of about 31 px at 1366×768, 52 px at 1920×1080."""


FIELD_ASPECT = 1.0
"""The plot area's width over its height where the axes are free (the map fills its panel: 0.95 at 1366×768,
1.0 at 1920×1080, 1.33 in presentation mode); with equal scales it is the window's own aspect."""


def field_shape(view: dict) -> tuple[int, int]:
    """Arrows per axis (columns, rows): cells about square on the screen."""
    if figures.equal_aspect(view):  # the plot area has the window's own proportions
        aspect = (view["xr"][1] - view["xr"][0]) / (view["yr"][1] - view["yr"][0])
    else:
        aspect = FIELD_ASPECT
    if aspect >= 1:
        return FIELD_ARROWS, max(6, min(FIELD_ARROWS, round(FIELD_ARROWS / aspect)))
    return max(6, min(FIELD_ARROWS, round(FIELD_ARROWS * aspect))), FIELD_ARROWS


def view_gradient_field(view: dict):
    fixed = scenes.fixed_vector(view)
    xr, yr = tuple(view["xr"]), tuple(view["yr"])
    return gradient_field(view["x"], view["y"], xr, yr, field_shape(view), fixed, data_key(view.get("data")))


def stability_spec(draft: dict) -> dict:
    """What the stability overlay depends on in the training panel: the algorithm and, for a fixed step, α, the
    edge of α·λmax (``surface.stability_edge``) and the words of its limit (the algorithm's ``Stability``). Plain
    values: it is part of the key of what is drawn."""
    algorithm, hyper = draft["algorithm"], draft["hyper"]
    try:
        edge = surface.stability_edge(algorithm, **hyper)
    except (TypeError, ValueError) as exc:  # a checked draft is valid; anything else is said, not drawn
        return {"algorithm": algorithm, "error": str(exc)}
    if edge is None:
        return {"algorithm": algorithm}
    algo = surface.ALGORITHMS[algorithm].make(**hyper)
    stability = algo.STABILITY
    return {
        "algorithm": algorithm,
        "alpha": float(hyper["alpha"]),
        "edge": float(edge),
        "setting": stability.setting(algo, display_number),
        "edge_words": stability.edge_words(algo, display_number),
    }


def stability_threshold(spec: dict) -> float | None:
    """The λmax past which a fixed step is unstable, edge/α; None when nothing is (no fixed step, or α = 0)."""
    if "edge" not in spec or not spec["alpha"] > 0:
        return None
    return spec["edge"] / spec["alpha"]


def stability_words(spec: dict) -> str:
    """The stability overlay's line in the key, e.g. "unstable for sdbp at α = 1.75: α·λmax > 2"."""
    algorithm = spec["algorithm"]
    if "error" in spec:
        return f"no stability shading: {spec['error']}"
    if "edge" not in spec:
        fixed = [name for name, cls in surface.ALGORITHMS.items() if cls.STABILITY is not None]
        return f"no stability shading for {algorithm}: {', '.join(fixed[:-1])} and {fixed[-1]} only"
    if stability_threshold(spec) is None:
        return f"{algorithm} at {spec['setting']}: stable everywhere"
    batch = " (its epoch's batch step)" if surface.ALGORITHMS[algorithm].STABILITY.batch else ""
    return f"unstable for {algorithm} at {spec['setting']}: α·λmax > {spec['edge_words']}{batch}"


def stability_title(spec: dict) -> str:
    """The key's tooltip: the condition in λmax, and where it comes from."""
    threshold = stability_threshold(spec)
    if threshold is None:
        return "A fixed step α is locally stable where α·λmax stays below its edge (Hagan, ch. 9 and 12)."
    return (
        f"Shaded where λmax > {threshold:.4g}: there the step α·∇F overshoots along the Hessian's steepest "
        "direction and a fixed-step run oscillates or diverges (Hagan, ch. 9 and 12). λmax is exact per grid node."
    )
