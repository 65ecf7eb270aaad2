"""The training panel's draft: the run request the next Run adds (``core/run.py``), without a colour.

A scene without a draft takes its last run's request (or the algorithm's defaults from 5% in from the window's
corner); in a link ``next=…`` (a run string) only when the draft is not that.
"""

from __future__ import annotations

from explorer.core import run as runs
from explorer.core import whole
from explorer.core.slice import Notes, Slice


def implied(scene: dict) -> dict:
    """The draft a scene without one has: its last run's request, or the defaults on its view."""
    return runs.without_color(scene["runs"][-1]) if scene["runs"] else runs.default_request(scene["view"])


class DraftSlice(Slice):
    def default(self, scene: dict | None = None) -> dict:
        return implied(scene)

    def check(self, raw, scene: dict, notes: Notes) -> dict:
        if raw is None:
            return implied(scene)
        draft = runs.check(raw, "the training panel", notes) or runs.default_request(scene["view"])
        draft.pop("color", None)
        return whole.normalise(draft, (scene["view"]["x"], scene["view"]["y"]))

    def link(self, part: dict, scene: dict) -> list[tuple[str, str]]:
        return [] if part == implied(scene) else [("next", runs.run_string(part))]

    def read(self, key: str, text: str, raw: dict) -> None:
        raw["draft"] = runs.parse_run(text)


SLICE = DraftSlice("draft", ("draft",), title="the training panel", keys=("next",))
