"""The whole network's step of the scene's reducer: which other parameters train beside the two on the axes, and
where they start (the training panel's "Train more parameters")."""

from __future__ import annotations

import surface
from explorer.core.reducer import Outcome, start_controls

from . import panel


def whole(scene, controls, detail) -> Outcome:
    """The other parameters that train, or where they start, changed in the training panel (detail "all": the
    "all seven" shortcut ticks every parameter)."""
    if detail == "all":
        controls = {**controls, "whole_free": list(surface.PARAMS)}
    fields, error = panel.read(controls)
    base = {k: v for k, v in scene["draft"].items() if k not in ("free", "init")}
    draft = {**base, **fields} if not error else scene["draft"]
    shown = {"whole_free": list(draft.get("free", []))} if detail == "all" else {}
    start = None if error else panel.typed_start(controls)
    if start is not None:  # seven values typed: the axes' two are the run's start
        draft = {**draft, "start": start}
        shown |= start_controls(draft)
    history = "replace" if draft != scene["draft"] else "none"
    return Outcome({**scene, "draft": draft}, history, {"start": error}, shown)


HANDLERS = {"whole": whole}
