"""The runs' steps of the scene's reducer: a run removed (its card's ×), and every run cleared."""

from __future__ import annotations

from explorer.core.reducer import Note, Outcome
from explorer.core.run import run_key


def remove(scene, controls, key) -> Outcome:
    keep = [r for r in scene["runs"] if run_key(r) != key]
    if len(keep) == len(scene["runs"]):
        return Outcome(scene)
    return Outcome({**scene, "runs": keep}, "push", {"run": ""})


def clear(scene, controls, _detail) -> Outcome:
    if not scene["runs"]:
        return Outcome(scene)
    return Outcome({**scene, "runs": [], "predict": False}, "push", {"run": Note("All runs cleared.")})


HANDLERS = {"remove": remove, "clear": clear}
