"""The basin map's step of the scene's reducer (its cells, epochs and shading) and what its controls show."""

from __future__ import annotations

from explorer.core.reducer import Outcome

from .slice import SLICE


def show(scene: dict) -> dict:
    b = scene["view"]["basins"]
    return {"basin_cells": str(b["cells"]), "basin_epochs": str(b["epochs"]), "shade": b["shade"]}


def settings(scene, controls, _detail) -> Outcome:
    """A box of the basin map's settings changed: each valid one is taken, the others say why."""
    basins, error = SLICE.read_controls(controls, scene["view"]["basins"])
    view = {**scene["view"], "basins": basins}
    return Outcome({**scene, "view": view}, SLICE.history(scene["view"]["basins"], basins), {"basins": error})


HANDLERS = {"basins": settings}
