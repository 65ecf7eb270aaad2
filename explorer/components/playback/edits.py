"""Playback's step of the scene's reducer (speed, loop, clock, whether the slice follows the iterate) and what its
controls show. The position itself is the browser's: it writes it into the address bar as the animation pauses."""

from __future__ import annotations

from explorer.core.reducer import Outcome
from explorer.core.slice import Notes

from .slice import SLICE, SPEEDS


def playback_controls(playback: dict) -> dict:
    speed = SPEEDS.index(playback["speed"]) - SPEEDS.index(1.0)
    follow = ["follow"] if playback.get("follow") else []
    return {"speed": speed, "loop": ["loop"] if playback["loop"] else [], "clock": playback["clock"], "follow": follow}


def show(scene: dict) -> dict:
    return playback_controls(scene["playback"])


def playback(scene, controls, _detail) -> Outcome:
    raw = {
        "t": scene["playback"]["t"],
        # the slider's power of two, within its own marks (the slice checks the multiplier against SPEEDS)
        "speed": 2.0 ** max(-8, min(8, controls["speed"])) if isinstance(controls["speed"], int | float) else 1.0,
        "loop": "loop" in (controls["loop"] or []),
        "clock": controls["clock"],
        "follow": "follow" in (controls.get("follow") or []),
    }
    playback = SLICE.check(raw, {}, Notes())
    history = "replace" if playback != scene["playback"] else "none"
    return Outcome({**scene, "playback": playback}, history)


HANDLERS = {"playback": playback}
