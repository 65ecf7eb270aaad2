"""A plane through the seven-dimensional parameter space, built for a scene: its directions (``surface.planes``), the
point it passes through (a run's start or end, the training panel's start, the minimum), and the window that shows
the runs' paths projected on it, with F on a grid over it."""

from __future__ import annotations

import numpy as np

import surface
from explorer.core import compute
from explorer.core import scene as scenes
from explorer.core.format import display_number
from explorer.core.run import labels
from explorer.serving.cache import cache

MAX_PLANE_RESOLUTION = 200
"""Grid points per axis on a plane at most (the pair's map allows more; a plane's grid has no fast path)."""


RADIUS = {"hessian": 5.0, "pca": 5.0, "random": 1.0}
"""Half the side of a plane's window around its point, in units of its directions: unit eigenvectors and
principal components are in parameter units (5 is half the nominal hidden weight); a per-neuron scaled random
direction moves each neuron by its own size at 1 (Li et al. draw −1 to 1)."""


LINE_ALPHA = (-0.25, 1.25)
"""The line plane's α window: the start at 0, the end at 1, and a quarter beyond each (as Goodfellow et al.)."""


MARGIN = 0.12
"""The share of a window added around the projected paths."""


GROWTH = 10.0
"""A window grows to hold the projected paths, to at most this many times its default size."""


THROUGH_WORDS = {"start": "a run's start", "end": "a run's end", "nominal": "the minimum (nominal)"}


def run_results(view: dict, runs: list[dict]) -> list[dict]:
    """Each run's result (cached: the same call the run cards make), with its colour and label."""
    out = []
    for run, label in zip(runs, labels(runs), strict=True):
        result = compute.run(*compute.run_args(run, view), compute.view_window(view))
        out.append({**result, "color": run["color"], "label": label})
    return out


def full_point(result: dict, free_values) -> np.ndarray:
    """Seven parameters: the run's fixed values with its free ones set to ``free_values``."""
    x = np.array(result["base"], dtype=float)
    x[[surface.PARAMS.index(name) for name in result["pair"]]] = np.asarray(free_values, dtype=float)
    return x


def full_path(result: dict) -> np.ndarray:
    """The run's drawn iterates (its display copy, within 0.1 % of the window of every iterate) in seven
    parameters, (n, 7): its free values (the axes, and for a run of the whole network its other free parameters)
    put into its fixed ones."""
    path = result["path"]
    free = np.column_stack([compute.decode(path["x"]), compute.decode(path["y"])])
    if "others" in path:  # a run of the whole network: the values of its other free parameters, row by row
        free = np.column_stack([free, compute.decode(path["others"]).reshape(len(free), -1)])
    x = np.broadcast_to(np.array(result["base"], dtype=float), (len(free), 7)).copy()
    x[:, [surface.PARAMS.index(name) for name in result["pair"]]] = free
    return x


def chosen_run(request: dict, results: list[dict]) -> dict | None:
    """The run the plane is about: the one of the requested colour, else the first; None without runs."""
    match = [r for r in results if r["color"] == request["run"]]
    return match[0] if match else (results[0] if results else None)


def build_plane(
    request: dict, view: dict, results: list[dict], data=None, draft: dict | None = None
) -> tuple[surface.Plane, str]:
    """The plane ``request`` asks for, and a sentence on where it passes; a ValueError says what is missing.

    ``draft`` is the training panel's part of the scene: a plane through a run's start or end, with no run yet,
    passes through the panel's start instead (the other five parameters at the map's fixed values)."""
    kind, run = request["kind"], chosen_run(request, results)
    if kind in ("pca", "line") and run is None:
        raise ValueError("this plane is made from a run: add a run first")
    if kind == "pca":
        return surface.pca_plane(full_path(run)), f"through the end of {run['label']}"
    if kind == "line":
        start, end = full_point(run, run["start"]), full_point(run, run["end"])
        plane = surface.line_plane(start, end, request["second"], data=data, path=full_path(run), seed=request["seed"])
        return plane, f"from the start (α = 0) to the end (α = 1) of {run['label']}"
    point, where = through_point(request, view, run, draft)
    plane = surface.hessian_plane(point, data) if kind == "hessian" else surface.random_plane(point, request["seed"])
    return plane, where


def through_point(request: dict, view: dict, run: dict | None, draft: dict | None = None) -> tuple[np.ndarray, str]:
    """The point a Hessian or random plane passes through, and words for it. Through a run's start or end with no
    run yet: the training panel's start, with the other five at the map's fixed values (the nominal point only
    when there is no panel either)."""
    if request["through"] == "nominal":
        return np.array(surface.NOMINAL, dtype=float), "through the global minimum (the nominal parameters)"
    if run is None:
        start = draft_point(view, draft)
        if start is None:
            note = f" (there is no run yet to take its {request['through']})"
            return np.array(surface.NOMINAL, dtype=float), "through the global minimum (the nominal parameters)" + note
        point, words = start
        why = "there is no run yet" + (", so no end either" if request["through"] == "end" else "")
        return point, f"through the training panel's start ({words}; the other five at the map's fixed values): {why}"
    if request["through"] == "start":
        return full_point(run, run["start"]), f"through the start of {run['label']}"
    return full_point(run, run["end"]), f"through the end of {run['label']}"


def draft_point(view: dict, draft) -> tuple[np.ndarray, str] | None:
    """The training panel's start in seven parameters (the map's fixed values for the other five) and words for
    it, or None without a valid panel."""
    if not isinstance(draft, dict):
        return None
    start = scenes.check({"view": view, "draft": draft})[0]["draft"]["start"]
    x = np.array(scenes.fixed_vector(view), dtype=float)
    x[[surface.PARAMS.index(view["x"]), surface.PARAMS.index(view["y"])]] = start
    words = ", ".join(
        f"{surface.LABELS[name]} = {display_number(v)}" for name, v in zip((view["x"], view["y"]), start, strict=True)
    )
    return x, words


def window(plane: surface.Plane, coords: list[np.ndarray]) -> tuple[tuple[float, float], tuple[float, float]]:
    """The (α, β) window: the plane's default around its point, grown to hold the projected paths ``coords``
    (each (n, 2)) with a margin, to at most ``GROWTH`` times its default size."""
    if plane.kind == "line":
        a0, a1 = LINE_ALPHA
        half = 0.5 * (a1 - a0) * float(np.linalg.norm(plane.u) / np.linalg.norm(plane.v))
        b0, b1 = -half, half
    else:
        r = RADIUS.get(plane.kind, 1.0)
        a0, a1, b0, b1 = -r, r, -r, r
    finite = [c[np.all(np.isfinite(c), axis=1)] for c in coords if len(c)]
    points = np.concatenate(finite) if finite else np.empty((0, 2))
    out = []
    for (lo, hi), k in (((a0, a1), 0), ((b0, b1), 1)):
        if len(points):
            pad = MARGIN * (max(hi, points[:, k].max()) - min(lo, points[:, k].min()))
            width, middle = (hi - lo) * GROWTH, 0.5 * (lo + hi)
            lo = max(min(lo, points[:, k].min() - pad), middle - width / 2)
            hi = min(max(hi, points[:, k].max() + pad), middle + width / 2)
        out.append((float(lo), float(hi)))
    return out[0], out[1]


@cache.memoize()
def plane_grid(origin: tuple, u: tuple, v: tuple, ar: tuple, br: tuple, n: int) -> np.ndarray:
    """F over the plane's (α, β) grid, n × n (memoized on tuples of numbers, never on arrays)."""
    return surface.evaluate_plane(surface.Plane(origin, u, v), np.linspace(*ar, n), np.linspace(*br, n))


def grid_for(plane: surface.Plane, ar, br, n: int, data=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(alphas, betas, F) on the plane; cached for the nominal training set."""
    n = int(min(max(n, 2), MAX_PLANE_RESOLUTION))
    alphas, betas = np.linspace(*ar, n), np.linspace(*br, n)
    if data is not None:
        return alphas, betas, surface.evaluate_plane(plane, alphas, betas, data)
    key = (tuple(plane.origin.tolist()), tuple(plane.u.tolist()), tuple(plane.v.tolist()))
    return alphas, betas, plane_grid(*key, tuple(ar), tuple(br), n)


def on_plane_values(plane: surface.Plane, coords: np.ndarray, data=None) -> np.ndarray:
    """F at the points of the plane with these (α, β) coordinates, (n, 2) -> (n,)."""
    points = plane.origin + coords[:, :1] * plane.u + coords[:, 1:2] * plane.v
    return np.atleast_1d(surface.performance(points, data))


def title_for(built: dict) -> str:
    """A title for an image of the plane: where it passes (the axes say what spans it)."""
    return f"A plane {built['where']}"


def note_for(plane: surface.Plane, where: str, results: list[dict], distances: list[float], mode="contour") -> str:
    """The line under the plane's map: what the plane is, where it passes, how far the paths leave it."""
    text = f"A plane {where}: {plane.note}."
    if plane.kind in ("random", "line"):
        text += f" Its two directions are {plane.angle:.0f}° apart."
    if results:
        text += f" The paths are at most {max(distances):.3g} off the plane."
    return f"{text} {NOT_HERE_3D if mode == '3d' else NOT_HERE}"


NOT_HERE = (
    "Paths are drawn whole, projected (hover one for how far it is off the plane), not animated. Stationary "
    "points, basin maps and curvature overlays belong to a pair's map and are not drawn here; a click sets no start."
)

NOT_HERE_3D = (
    "Each path is drawn whole at F of its projection onto the plane (hover one for how far it is off the plane), "
    "not animated. Stationary points, basin maps and curvature overlays belong to a pair's map."
)
