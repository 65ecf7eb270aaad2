"""The lessons' step of the scene's reducer: Play reveals the outcomes a prediction hid."""

from __future__ import annotations

from explorer.core.reducer import Outcome


def reveal(scene, controls, _detail) -> Outcome:
    if not scene["predict"]:
        return Outcome(scene)
    return Outcome({**scene, "predict": False}, "replace")


HANDLERS = {"reveal": reveal}
