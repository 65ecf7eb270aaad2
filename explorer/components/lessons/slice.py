"""The lesson a scene came from (a preset's name, or None) and whether it asks for a prediction before its
outcomes are shown: top-level keys of the scene, held in the browser's ``meta`` store.

In a link ``preset=trajectory-b&predict=1``.
"""

from __future__ import annotations

from explorer.core.format import quote
from explorer.core.slice import Field, Flag, Key, Notes, Slice

from .presets import PRESETS


class Preset:
    """A preset's name, or None: a name that is not a preset's is dropped (its caption is not shown)."""

    @staticmethod
    def check(value, where: str, notes: Notes, default):
        if value is None or (isinstance(value, str) and value in PRESETS):
            return value
        notes.add(where, f"{quote(value)} is not a preset: its caption is not shown")
        return None

    @staticmethod
    def text(value) -> str:
        return value


SLICE = Slice(
    "lesson",
    (),
    fields=(Field("preset", Preset, None, "preset"), Field("predict", Flag(), False, "predict")),
    links=(Key("preset", "preset"), Key("predict", "predict")),
    store="meta",
)
