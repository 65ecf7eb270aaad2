"""Where each start ends, as a long job: what it computes for a scene, what that costs, and the work itself.

The request holds only the view's and the training panel's parts the map uses (the window's grid of starts, the
fixed values, the training set, and the algorithm with its hyperparameters, goal and tolerance), so moving the
start or changing the shading runs nothing, and a class asking for the same map shares one computation.
"""

from __future__ import annotations

import numpy as np

import surface
from explorer.components.jobs.cost import seconds
from explorer.core import data as scene_data
from explorer.core import scene as scenes
from explorer.core.registry import JobType


def request_for(view: dict, draft: dict) -> dict | None:
    """What the job computes, as plain values (None when the overlay is off): the window's grid of starts, the
    fixed values, and the training panel's algorithm, hyperparameters, goal and tolerance, run for the basin
    epochs (at most the algorithm's own cap)."""
    if "basins" not in view["overlays"]:
        return None
    basins = view["basins"]
    algorithm = draft["algorithm"]
    return {
        "pair": [view["x"], view["y"]],
        "xr": view["xr"],
        "yr": view["yr"],
        "fixed": list(scenes.fixed_vector(view)),
        **scene_data.request_part(view),
        "cells": basins["cells"],
        "epochs": min(basins["epochs"], surface.EPOCH_CAPS[algorithm]),
        "algorithm": algorithm,
        "hyper": draft["hyper"],
        "goal": draft["goal"],
        "grad_tol": draft["grad_tol"],
    }


def compute(request: dict, progress=None) -> dict:
    """The basin map a request asks for, as plain data, with the request it answers."""
    xs = np.linspace(*request["xr"], request["cells"])
    ys = np.linspace(*request["yr"], request["cells"])
    result = surface.basin_map(
        request["algorithm"],
        request["pair"],
        xs,
        ys,
        tuple(request["fixed"]),
        data=scene_data.request_set(request),
        epochs=request["epochs"],
        goal=request["goal"],
        grad_tol=request["grad_tol"],
        progress=progress,
        **request["hyper"],
    )
    return {**result.to_dict(), "request": request}


def cost(request: dict) -> float:
    return seconds(request["algorithm"], request["cells"] ** 2, request["epochs"])


def for_scene(scene: dict) -> dict | None:
    """The scene's request (none while a plane is shown: the basin map belongs to the pair's map)."""
    if scene["view"]["plane"] is not None:
        return None
    return request_for(scene["view"], scene["draft"])


JOB = JobType("basins", "where each start ends", request=for_scene, cost=cost, compute=compute)
