"""The engine calls the explorer makes, memoized on scalars and tuples only.

Each function takes the validated view or request as plain values, calls ``surface``, and returns plain data
(numpy arrays for the grid, dicts for runs) that pickles into any cache backend. ``run_args`` turns a scene's
run request and view into those plain values, so every caller asks for a run the same way.
"""

from __future__ import annotations

import hashlib

import numpy as np

import surface
from explorer.core import codec, response
from explorer.core import gap as whole_data
from explorer.core import scene as scenes
from explorer.core import whole as scene_whole
from explorer.core.data import data_key, training_set
from explorer.serving.cache import cache

DISPLAY_POINTS = surface.trajectory.DISPLAY_POINTS
"""Iterates sent to the browser per run, at most: the display copy's polyline stays within 0.1 % of the window
of every iterate (``Trajectory.display``), with points evenly spaced in epochs so the animation keeps pace."""

MAX_DISPLAY_POINTS = 16_000
"""For a path that zig-zags in every epoch, more points may be sent (about 47 frames a second at 20,000) so the
drawing stays true; the card says how close it is when even these are not enough."""

RACE_TARGET = 1e-3
"""The F a race is run to, unless a person types another."""


def axis_values(lo: float, hi: float, n: int) -> np.ndarray:
    return np.linspace(lo, hi, n)


def view_data(view: dict) -> tuple | None:
    """The key of a view's training set (``scene_data.data_key``: None for the nominal set), which every cached
    call below takes as its ``data`` and turns back into the engine's ``TrainingSet``."""
    return data_key(view["data"]) if "data" in view else None


@cache.memoize()
def grid(
    x: str, y: str, xr: tuple, yr: tuple, n: int, fixed: tuple, data: tuple | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(xs, ys, F) for the view; F has shape (n, n)."""
    xs, ys = axis_values(*xr, n), axis_values(*yr, n)
    return xs, ys, surface.evaluate_grid(x, y, xs, ys, fixed, data=training_set(data))


def view_grid(view: dict, n: int | None = None):
    """The grid of a scene's view (at ``n`` points per axis, its own resolution by default)."""
    return grid(
        view["x"],
        view["y"],
        tuple(view["xr"]),
        tuple(view["yr"]),
        n or view["res"],
        scenes.fixed_vector(view),
        view_data(view),
    )


@cache.memoize()
def stationary(x: str, y: str, xr: tuple, yr: tuple, fixed: tuple, data: tuple | None = None) -> list[dict]:
    """The stationary points in the window, as dicts."""
    return [p.to_dict() for p in surface.critical_points(x, y, xr, yr, fixed, data=training_set(data))]


@cache.memoize()
def flat(x: str, y: str, xr: tuple, yr: tuple, fixed: tuple, data: tuple | None = None) -> list[dict]:
    """The flat regions in the window (plateaus and flat valleys), which are no stationary points to mark."""
    regions = surface.flat_regions(x, y, xr, yr, fixed, data=training_set(data))
    return [{"kind": r.kind, "point": list(r.point), "F": r.F} for r in regions]


def view_flat(view: dict) -> list[dict]:
    return flat(view["x"], view["y"], tuple(view["xr"]), tuple(view["yr"]), scenes.fixed_vector(view), view_data(view))


def view_stationary(view: dict) -> list[dict]:
    xr, yr = tuple(view["xr"]), tuple(view["yr"])
    return stationary(view["x"], view["y"], xr, yr, scenes.fixed_vector(view), view_data(view))


@cache.memoize()
def nominal_minimum(x: str, y: str, fixed: tuple, data: tuple | None = None):
    """The nominal parameters' point on the slice (x, y) through ``fixed``, and F there, when that point is a
    minimum of the slice for the training set ``data``; None otherwise (with b² = 0.5, say, it is not even a
    stationary point, nor is it one for ch. 11's sine target)."""
    point = tuple(float(surface.NOMINAL[surface.PARAMS.index(p)]) for p in (x, y))
    ts = training_set(data)
    if surface.stationary_kind((x, y), point, fixed, data=ts) != "minimum":
        return None
    full = list(fixed)
    full[surface.PARAMS.index(x)], full[surface.PARAMS.index(y)] = point
    return point, float(surface.performance(np.array(full), data=ts))


def view_nominal_minimum(view: dict):
    return nominal_minimum(view["x"], view["y"], scenes.fixed_vector(view), view_data(view))


def run_args(run: dict, view: dict) -> tuple:
    """The plain values that make a run: algorithm, start, pair, fixed values, epochs, goal, tolerance, hyper,
    the training set's key (None: nominal) and the planted bug (None: the correct gradient).

    A run of the whole network (``scene_whole``) trains more than the pair: its "pair" is the axes and then the
    other parameters that train, its start the clicked point and then where those start, so the cache key and
    every caller see the whole request."""
    axes, fixed = (view["x"], view["y"]), scenes.fixed_vector(view)
    return (
        run["algorithm"],
        tuple(float(v) for v in run["start"]) + scene_whole.extra_start(run, axes, fixed),
        axes + scene_whole.extra_names(run, axes),
        fixed,
        int(run["epochs"]),
        float(run["goal"]),
        float(run["grad_tol"]),
        tuple(sorted(run["hyper"].items())),
        view_data(view),
        run.get("bug"),
    )


def trajectory(algorithm, start, pair, fixed, epochs, goal, grad_tol, hyper, data=None, bug=None) -> surface.Trajectory:
    """The whole run (not cached: a long run's record is megabytes; runs are deterministic, so it is the same
    run every time it is asked for). ``bug`` plants one of ``surface.BUGS`` (the numpy reference path runs)."""
    extra = {"bug": bug} if bug else {}
    return surface.train(
        algorithm,
        start,
        pair,
        fixed,
        epochs=epochs,
        goal=goal,
        grad_tol=grad_tol,
        data=training_set(data),
        **extra,
        **dict(hyper),
    )


def view_window(view: dict) -> tuple:
    """The window a run's display copy is drawn faithfully in: the view's, as a tuple (a cache key)."""
    return (tuple(view["xr"]), tuple(view["yr"]))


def first_at_or_below(tr: surface.Trajectory, target: float) -> dict | None:
    """The first iterate whose F is at most ``target``: its epoch and the evaluations spent to reach it."""
    hits = np.flatnonzero(target >= tr.F)
    if not hits.size:
        return None
    k = int(hits[0])
    return {"epoch": int(tr.epoch[k]), "evals": float(tr.evals[k])}


@cache.memoize()
def run(algorithm, start, pair, fixed, epochs, goal, grad_tol, hyper, data, bug, window) -> dict:
    """One run as plain data: its outcome, its race figures, and its display copy (arrays float64 in the one
    encoding, ``codec``), drawn faithfully in ``window`` ((x low, x high), (y low, y high)), with the network's
    response at keyframes along it (``response``)."""
    tr = trajectory(algorithm, start, pair, fixed, epochs, goal, grad_tol, hyper, data, bug)
    shown, deviation = faithful_copy(tr, window)
    whole = whole_data.gap(tr, shown)  # the slice under a run of more than two parameters (nothing for two)
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
        "evals": float(tr.evals[-1]),
        "status": tr.status,
        "message": tr.message,
        "bug": bug,
        "evaluations": dict(tr.evaluations),
        "seconds": tr.seconds,
        "first": first_at_or_below(tr, RACE_TARGET),
        "points": len(shown.xs),
        "iterates": len(tr.xs),
        "deviation": deviation,
        "trace": own_trace_name(tr.algorithm),
        **whole_data.gap_meta(whole),
        "path": {
            "x": encode(shown.xs[:, 0]),
            "y": encode(shown.xs[:, 1]),
            "F": encode(shown.F),
            "epoch": encode(shown.epoch.astype(float)),
            "evals": encode(shown.evals),
            **own_trace(shown),
            **whole_data.gap_path(whole, shown, encode),
            **response.path_part(shown, training_set(data)),
        },
    }


OWN_TRACES = {n: (c.TRACE.name, c.TRACE.symbol, c.TRACE.words) for n, c in surface.ALGORITHMS.items() if c.TRACE}
"""Each algorithm's own trace, plotted under the loss curve against the same clock (ch. 12 and 13): the value the
step leaving each iterate used."""


def own_trace_name(algorithm: str) -> dict | None:
    if algorithm not in OWN_TRACES:
        return None
    _, symbol, words = OWN_TRACES[algorithm]
    return {"symbol": symbol, "words": words}


def own_trace(shown: surface.Trajectory) -> dict:
    """{"trace": the algorithm's own trace at the display copy's iterates (NaN at the last, which no step
    leaves)}, or nothing for an algorithm without one."""
    if shown.algorithm not in OWN_TRACES:
        return {}
    values = np.asarray(shown.extras.get(OWN_TRACES[shown.algorithm][0], []), dtype=float)
    out = np.full(len(shown.xs), np.nan)
    out[: min(len(values), len(out))] = values[: len(out)]
    return {"trace": encode(out)}


def faithful_copy(tr: surface.Trajectory, window) -> tuple[surface.Trajectory, float]:
    """The run's display copy for ``window`` and how far its polyline lies from the farthest iterate (in window
    units): ``DISPLAY_POINTS`` at most, or up to ``MAX_DISPLAY_POINTS`` when fewer cannot draw it within 0.1 %."""
    shown, deviation = tr.display_and_deviation(DISPLAY_POINTS, window=window)
    if deviation > surface.trajectory.DISPLAY_TOLERANCE and len(tr.xs) > DISPLAY_POINTS:
        shown, deviation = tr.display_and_deviation(MAX_DISPLAY_POINTS, window=window)
    return shown, float(deviation)


@cache.memoize()
def first_reached(
    algorithm, start, pair, fixed, epochs, goal, grad_tol, hyper, data, bug, target: float
) -> dict | None:
    """When a run first had F ≤ ``target`` (a race to a target other than the default)."""
    tr = trajectory(algorithm, start, pair, fixed, epochs, goal, grad_tol, hyper, data, bug)
    return first_at_or_below(tr, target)


def encode(values) -> dict:
    """float64 values in the one encoding (``codec``): exact, and a third of their JSON text."""
    return codec.encode(values)


def decode(packed: dict) -> np.ndarray:
    return codec.decode(packed)


def result_key(run: dict, view: dict) -> str:
    """What names a run's result in the browser: a digest of the request and the surface it ran on (the same in
    every worker process, unlike Python's salted ``hash``)."""
    return hashlib.sha1(repr(run_args(run, view)).encode()).hexdigest()[:16]
