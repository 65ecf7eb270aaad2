"""The runs: their cards (outcome, figures, downloads, remove), the race table, and Clear all runs."""

from dash import ALL

from explorer.core import ids
from explorer.core.registry import Component, Event, Trigger, button

from . import edits
from .slice import SLICE

COMPONENT = Component(
    "runs",
    slices=(SLICE,),
    triggers=(
        Trigger("clear", ids.CLEAR, button("clear")),
        Trigger(
            "remove",
            {"type": ids.REMOVE, "key": ALL},
            lambda id_, value: Event("remove", id_.get("key")) if value and isinstance(id_, dict) else None,
        ),
    ),
    handlers=edits.HANDLERS,
)
