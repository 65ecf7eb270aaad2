"""Random restarts as a long job: what they compute for a scene (each run of the scene, or the training panel's run,
started again from N random points), what that costs, and the work itself."""

from __future__ import annotations

import math

import surface
from explorer.components.jobs.cost import seconds
from explorer.components.restarts.slice import WORK as RESTART_WORK
from explorer.core import data as scene_data
from explorer.core import scene as scenes
from explorer.core import whole as scene_whole
from explorer.core.registry import JobType
from explorer.core.run import labels

TOLERANCE = 1e-6
"""A restart has reached the lowest minimum found when its final F is within this of it."""


def request_for(scene: dict) -> dict | None:
    """What the job computes (None when restarts are off): each run's settings, how many starts, drawn how.

    A run's epochs are capped so that starts × epochs stays within ``RESTART_WORK``; the summary says so."""
    restarts = scene["restarts"]
    if not restarts["on"]:
        return None
    view = scene["view"]
    runs = scene["runs"] or [{**scene["draft"], "color": 0}]
    axes = (view["x"], view["y"])
    n = restarts["n"]
    cap = max(1, RESTART_WORK // n)
    return {
        "pair": [view["x"], view["y"]],
        "xr": view["xr"],
        "yr": view["yr"],
        "fixed": list(scenes.fixed_vector(view)),
        **scene_data.request_part(view),
        "n": n,
        "init": restarts["init"],
        "seed": restarts["seed"],
        "runs": [
            {
                "label": label,
                "start": run["start"],
                "color": run["color"],
                "algorithm": run["algorithm"],
                "hyper": run["hyper"],
                "epochs": min(run["epochs"], cap),
                "asked": run["epochs"],
                "goal": run["goal"],
                "grad_tol": run["grad_tol"],
                **({"free": list(names)} if (names := scene_whole.extra_names(run, axes)) else {}),
            }
            for run, label in zip(runs, labels(runs), strict=True)
        ],
    }


def compute(request: dict, progress=None) -> dict:
    """Every run's restarts, judged against the lowest final F any of them reached."""
    n, runs, results = request["n"], request["runs"], []
    for i, run in enumerate(runs):
        feed = None if progress is None else (lambda done, total, i=i: progress(i * n + done, len(runs) * n))
        pair, window = trained(request, run)
        r = surface.restarts(
            run["algorithm"],
            pair,
            n,
            window,
            tuple(request["fixed"]),
            data=scene_data.request_set(request),
            init=request["init"],
            seed=request["seed"],
            epochs=run["epochs"],
            goal=run["goal"],
            grad_tol=run["grad_tol"],
            progress=feed,
            **run["hyper"],
        )
        data = r.to_dict()
        data["used"] = data.pop("epochs")  # per start; "epochs" is the run's budget
        results.append({**data, **{k: run[k] for k in ("label", "color", "algorithm", "epochs", "asked")}})
    finite = [f for r in results for f, s in zip(r["F"], r["status"], strict=True) if f is not None and s != "diverged"]
    lowest = min(finite) if finite else math.inf
    for r in results:
        reached = [
            f is not None and s != "diverged" and f <= lowest + TOLERANCE
            for f, s in zip(r["F"], r["status"], strict=True)
        ]
        r["reached"], r["fraction"], r["lowest"] = reached, sum(reached) / len(reached), lowest
    return {"request": request, "lowest": lowest if math.isfinite(lowest) else None, "runs": results}


def trained(request: dict, run: dict) -> tuple[tuple[str, ...], tuple]:
    """What a run's restarts train, and the window their uniform starts are drawn from: the two axes over the
    map's window, and for a run of the whole network its other free parameters too, each over the range the
    app would show it on (``surface.default_window``)."""
    axes = tuple(request["pair"])
    extra = tuple(run.get("free", ()))
    ranges = [tuple(surface.default_window(p, axes[0] if p != axes[0] else axes[1])[0]) for p in extra]
    return axes + extra, (tuple(request["xr"]), tuple(request["yr"]), *ranges)


def cost(request: dict) -> float:
    return sum(seconds(run["algorithm"], request["n"], run["epochs"]) for run in request["runs"])


JOB = JobType("restarts", "random restarts", request=request_for, cost=cost, compute=compute)
