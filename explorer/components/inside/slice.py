"""Inside the step: which run is looked inside (a run's colour; None for the first run on the map) and whether the
panel is open (then that run's step is also drawn on the map).

In a link ``inside=first`` (or a colour number), with ``,closed`` for a closed panel; nothing for the default.
"""

from __future__ import annotations

from explorer.core.format import quote
from explorer.core.limits import MAX_RUNS
from explorer.core.slice import Field, Flag, Notes, Slice


class InsideSlice(Slice):
    """The run must be one of the scene's runs (checked before it): else the first run, quietly when that run
    has just been removed."""

    def check(self, raw, scene: dict, notes: Notes) -> dict:
        inside = self.default(scene)
        if raw is None:
            return inside
        if not isinstance(raw, dict):
            notes.add(self.title, f"not a JSON object: {self.fallback}")
            return inside
        run = raw.get("run")
        if run is not None:
            if isinstance(run, bool) or not isinstance(run, int) or not 0 <= run < MAX_RUNS:
                notes.add(self.title, f"run {quote(run)} is not a run's colour (0 to {MAX_RUNS - 1}): the first run")
            elif any(r["color"] == run for r in scene.get("runs", [])):
                inside["run"] = run
        inside["open"] = Flag(strict=True, words="closed").check(raw.get("open", False), self.title, notes, False)
        return inside

    def link(self, part: dict, scene: dict) -> list[tuple[str, str]]:
        if part == self.default(scene):
            return []
        run = "first" if part["run"] is None else str(part["run"])
        return [("inside", run if part["open"] else f"{run},closed")]

    def read(self, key: str, text: str, raw: dict) -> None:
        run, _, closed = text.partition(",")
        if not (run == "first" or run.isdigit()) or closed not in ("", "closed"):
            raise ValueError("needs a run's colour number (or 'first'), and ',closed' for a closed panel")
        raw["inside"] = {"run": None if run == "first" else int(run), "open": closed != "closed"}


SLICE = InsideSlice(
    "inside",
    ("inside",),
    fields=(Field("run", None, None, "inside the step"), Field("open", Flag(strict=True), False, "inside the step")),
    keys=("inside",),
    title="inside the step",
    fallback="closed",
)
