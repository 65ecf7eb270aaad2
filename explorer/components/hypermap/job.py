"""The learning-rate map as a long job: what it computes for a scene (the training panel's algorithm from its start,
for every α on a log scale against γ or against the start's place along a line), what that costs, and the work."""

from __future__ import annotations

import numpy as np

import surface
from explorer.components.jobs.cost import seconds
from explorer.core import data as scene_data
from explorer.core import scene as scenes
from explorer.core.registry import JobType

from .slice import line as hyper_line


def request_for(scene: dict) -> dict | str | None:
    """What the job computes (None when the view is not shown); a message when the algorithm cannot be mapped."""
    view, draft = scene["view"], scene["draft"]
    if view["mode"] != "hyper":
        return None
    algorithm = draft["algorithm"]
    spec = surface.ALGORITHMS[algorithm].SPEC
    h = view["hypermap"]
    if "alpha" not in spec:
        return f"{surface.ALGORITHMS[algorithm].title} has no learning rate α: choose an algorithm that has one."
    if h["y"] == "gamma" and "gamma" not in spec:
        return f"{surface.ALGORITHMS[algorithm].title} has no momentum γ: map it along a line of starts instead."
    mapped = ("alpha", "gamma") if h["y"] == "gamma" else ("alpha",)
    a, b = hyper_line(view, draft["start"])
    return {
        "algorithm": algorithm,
        "hyper": {k: v for k, v in draft["hyper"].items() if k not in mapped},
        "start": draft["start"],
        "pair": [view["x"], view["y"]],
        "fixed": list(scenes.fixed_vector(view)),
        **scene_data.request_part(view),
        "alpha": h["alpha"],
        "y": h["y"],
        "gamma": h["gamma"],
        "line": [a, b],
        "cells": h["cells"],
        "epochs": min(h["epochs"], surface.EPOCH_CAPS[algorithm]),
        "goal": draft["goal"],
        "grad_tol": draft["grad_tol"],
    }


def axes(request: dict) -> tuple[np.ndarray, np.ndarray]:
    """The α values across (log-spaced) and the γ values or line positions t (0 to 1) down."""
    n = request["cells"]
    xs = np.geomspace(*request["alpha"], n)
    ys = np.linspace(*request["gamma"], n) if request["y"] == "gamma" else np.linspace(0.0, 1.0, n)
    return xs, ys


def compute(request: dict, progress=None) -> dict:
    xs, ys = axes(request)
    if request["y"] == "gamma":
        y = ("gamma", ys)
    else:
        (x0, y0), (x1, y1) = request["line"]
        y = ("start", np.column_stack([x0 + ys * (x1 - x0), y0 + ys * (y1 - y0)]))
    result = surface.hyper_map(
        request["algorithm"],
        request["start"],
        tuple(request["pair"]),
        tuple(request["fixed"]),
        data=scene_data.request_set(request),
        x=("alpha", xs),
        y=y,
        epochs=request["epochs"],
        goal=request["goal"],
        grad_tol=request["grad_tol"],
        progress=progress,
        **request["hyper"],
    )
    data = result.to_dict()
    return {"request": request, "F": data["F"], "diverged": data["diverged"], "status": data["status"]}


def cost(request: dict) -> float:
    return seconds(request["algorithm"], request["cells"] ** 2, request["epochs"])


JOB = JobType("hypermap", "learning-rate map", request=request_for, cost=cost, compute=compute)
