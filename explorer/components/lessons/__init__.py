"""The lessons: presets that replay the pictures of ch. 12, each with a caption and a question to answer before
pressing Play."""

from dash import ALL

from explorer.core.registry import Component, Event, Place, Trigger

from . import callbacks, edits, ids, layout
from .presets import PRESETS, preset_scene
from .slice import SLICE


def _preset(id_, value):
    slug = id_.get("name") if isinstance(id_, dict) else None
    return Event("load", ("preset", preset_scene(slug))) if value and slug in PRESETS else None


COMPONENT = Component(
    "lessons",
    slices=(SLICE,),
    triggers=(
        Trigger("preset", {"type": ids.PRESET, "name": ALL}, _preset),
        Trigger("reveal", ids.REVEAL, lambda _id, value: Event("reveal"), prop="data"),
    ),
    handlers=edits.HANDLERS,
    places=(
        Place("topbar", 10, layout.menu),
        Place("side", 10, layout.panel),
        Place("stores", 0, layout.stores),
    ),
    register=callbacks.register,
    ids=ids,
)
