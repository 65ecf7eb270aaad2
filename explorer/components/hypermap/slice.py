"""The learning-rate map's settings in the view: α's range (log scale) across, and down either γ's range or the
start's position along a line from the training panel's start to ``line`` (None: the window's far corner), with
its cells per axis and epochs per cell.

In a link, each only when not at its default: ``halpha=0.001,100``, ``hgamma=0,0.98``, ``hline=15,45``,
``hy=line`` and ``hmap=40,2000`` (cells, epochs).
"""

from __future__ import annotations

from explorer.core.format import number_text, quote
from explorer.core.limits import MAX_MAGNITUDE, MIN_WIDTH
from explorer.core.slice import Choice, Field, Group, Key, Notes, Range, Slice, Whole, check_number

AXES = ("gamma", "line")
CELLS = (5, 80)
EPOCHS = 20_000


class LineEnd:
    """The far end of the line of starts: two numbers within ±MAX_MAGNITUDE, or None (the window's far corner)."""

    @staticmethod
    def check(value, where: str, notes: Notes, default):
        if value is None:
            return None
        if isinstance(value, list | tuple) and len(value) == 2:
            end = [check_number(v, where, -MAX_MAGNITUDE, MAX_MAGNITUDE, notes, None) for v in value]
            return None if None in end else end
        notes.add(where, f"{quote(value)} is not two numbers: to the window's corner")
        return None

    @staticmethod
    def text(value) -> str:
        return ",".join(map(number_text, value))

    @staticmethod
    def parse(text: str) -> list[str]:
        return text.split(",")


SLICE = Slice(
    "hypermap",
    ("view", "hypermap"),
    fields=(
        Field("alpha", Range(1e-12, 1e6, MIN_WIDTH), [1e-3, 100.0], "learning-rate map α"),
        Field("y", Choice(AXES), AXES[0], "learning-rate map axis"),
        Field("gamma", Range(0.0, 0.999, MIN_WIDTH), [0.0, 0.98], "learning-rate map γ"),
        Field("line", LineEnd, None, "learning-rate map line end"),
        Field("cells", Whole(*CELLS), 40, "learning-rate map cells"),
        Field("epochs", Whole(1, EPOCHS), 2000, "learning-rate map epochs"),
    ),
    links=(
        Key("halpha", "alpha"),
        Key("hgamma", "gamma"),
        Key("hline", "line"),
        Key("hy", "y"),
        Group("hmap", ("cells", "epochs")),
    ),
    title="learning-rate map",
)


def line(view: dict, start) -> tuple[list[float], list[float]]:
    """The line of starts of the learning-rate map: from ``start`` to the map's ``line`` end, or to the window's
    corner farthest from the start."""
    end = view["hypermap"]["line"]
    if end is None:
        (x0, x1), (y0, y1) = view["xr"], view["yr"]
        corners = [(x, y) for x in (x0, x1) for y in (y0, y1)]
        end = max(corners, key=lambda c: (c[0] - start[0]) ** 2 + (c[1] - start[1]) ** 2)
    return [float(start[0]), float(start[1])], [float(end[0]), float(end[1])]


def line_start(view: dict, start, t: float) -> list[float]:
    """The start a fraction ``t`` (0 to 1) of the way along the learning-rate map's line."""
    a, b = line(view, start)
    return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
