"""Playback: where the animation stands (on its clock's scale), its speed, whether it loops, the clock (epochs,
log epochs or evaluations), and whether the map's slice follows the iterate (a run of the whole network).

In a link, each only when not at its default: ``t=1200&speed=4&loop=1&clock=log&follow=1``.
"""

from __future__ import annotations

import math

from explorer.core.slice import Choice, Field, Flag, Key, Notes, Number, Slice, check_number

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
CLOCKS = ("epochs", "log", "evals")


class Speed(Number):
    """A speed on offer: the nearest (on a log scale) to the number given."""

    def check(self, value, where: str, notes: Notes, default):
        speed = check_number(value, where, SPEEDS[0], SPEEDS[-1], notes, 1.0)
        return min(SPEEDS, key=lambda s: abs(math.log2(s) - math.log2(speed)))


SLICE = Slice(
    "playback",
    ("playback",),
    fields=(
        Field("t", Number(0.0, 1e12), 0.0, "playback position"),
        Field("speed", Speed(SPEEDS[0], SPEEDS[-1]), 1.0, "playback speed"),
        Field("loop", Flag(strict=True), False, "playback loop"),
        Field("clock", Choice(CLOCKS), CLOCKS[0], "playback clock"),
        Field("follow", Flag(), False, "follow", omit_default=True),
    ),
    links=(Key("t", "t"), Key("speed", "speed"), Key("loop", "loop"), Key("clock", "clock"), Key("follow", "follow")),
    title="playback",
    fallback="from the start at 1×",
)
