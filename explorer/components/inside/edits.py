"""Inside the step's step of the scene's reducer (the panel opened or closed, another run chosen) and what its
controls show."""

from __future__ import annotations

from explorer.core.reducer import Outcome


def inside_controls(scene: dict) -> dict:
    runs, inside = scene["runs"], scene["inside"]
    run = next((r for r in runs if r["color"] == inside["run"]), runs[0] if runs else None)
    return {"inside_run": None if run is None else run["color"], "inside_open": inside["open"]}


def show(scene: dict) -> dict:
    return inside_controls(scene)


def inside(scene, controls, _detail) -> Outcome:
    """The inside-the-step panel opened or closed, or another run chosen to look inside."""
    run = controls.get("inside_run")
    colors = {r["color"] for r in scene["runs"]}
    first = scene["runs"][0]["color"] if scene["runs"] else None
    chosen = run if isinstance(run, int) and not isinstance(run, bool) and run in colors else scene["inside"]["run"]
    inside = {"run": None if chosen == first else chosen, "open": controls.get("inside_open") is True}
    if inside == scene["inside"]:
        return Outcome(scene)
    return Outcome({**scene, "inside": inside}, "replace")


HANDLERS = {"inside": inside}
