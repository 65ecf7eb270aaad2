"""Live exploration's step of the scene's reducer: the hand let go, so the scene takes the change once (one history
entry, one link) and its runs are computed in full, as Run computes them."""

from __future__ import annotations

from explorer.components.training.edits import hyper_texts
from explorer.core.reducer import Outcome, start_controls

from . import follow


def commit(scene, _controls, detail) -> Outcome:
    new, _moved, error = follow.apply(scene, detail)
    if error:
        return Outcome(scene, messages={"start": error})
    if new == scene:
        return Outcome(scene)
    shown = start_controls(new["draft"])
    if new["draft"]["hyper"] != scene["draft"]["hyper"]:
        shown["hyper"] = {new["draft"]["algorithm"]: hyper_texts(new["draft"]["hyper"])}
    return Outcome(new, "push", {"start": "", "hyper": ""}, shown)


HANDLERS = {"live": commit}
