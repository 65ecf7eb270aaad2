"""The plane's step of the scene's reducer (the map's plane chosen, or its settings) and what its controls show."""

from __future__ import annotations

from explorer.core.reducer import Outcome

from .slice import controls as show_plane
from .slice import read_controls


def show(scene: dict) -> dict:
    return show_plane(scene["view"])


def plane(scene, controls, _detail) -> Outcome:
    """Another plane (or the pair again): a step of its own in the history; a bad seed keeps its old value."""
    chosen, error = read_controls(controls, scene["view"].get("plane"))
    view = {**scene["view"], "plane": chosen}
    history = "push" if chosen != scene["view"]["plane"] else "none"
    return Outcome({**scene, "view": view}, history, {"plane": error})


HANDLERS = {"plane": plane}
