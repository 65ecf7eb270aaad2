"""Random restarts' step of the scene's reducer (on or off, how many, drawn how, the seed) and what its controls
show."""

from __future__ import annotations

from explorer.core.reducer import Outcome

from .slice import SLICE


def show(scene: dict) -> dict:
    restarts = scene["restarts"]
    return {
        "restarts_on": ["on"] if restarts["on"] else [],
        "restarts_n": str(restarts["n"]),
        "restarts_init": restarts["init"],
        "restarts_seed": str(restarts["seed"]),
    }


def settings(scene, controls, _detail) -> Outcome:
    restarts, error = SLICE.read_controls(controls, scene["restarts"])
    history = SLICE.history(scene["restarts"], restarts)
    return Outcome({**scene, "restarts": restarts}, history, {"restarts": error})


HANDLERS = {"restarts": settings}
