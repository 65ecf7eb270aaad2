"""Playback: play, step, the scrubber, speed, loop, the clock (epochs, log epochs, evaluations) and whether the
slice follows the iterate; the animation itself runs in the browser."""

from explorer.components.whole import ids as whole_ids
from explorer.core.registry import Component, Control, Place

from . import callbacks, edits, ids, layout
from .slice import SLICE

COMPONENT = Component(
    "playback",
    slices=(SLICE,),
    controls=tuple(
        Control(name, id_, "playback")
        for name, id_ in (("speed", ids.SPEED), ("loop", ids.LOOP), ("clock", ids.CLOCK), ("follow", whole_ids.FOLLOW))
    ),
    handlers=edits.HANDLERS,
    show=edits.show,
    places=(
        Place("stage", 90, layout.bar),
        Place("stage", 91, layout.readout),
    ),
    register=callbacks.register,
    ids=ids,
)
