"""The runs: their cards (outcome, figures, downloads, remove), the race table, and Clear all runs."""

from dash import ALL

from explorer.core.registry import Component, Event, Place, Trigger, button

from . import callbacks, edits, ids, layout, race, wait
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
    places=(
        Place("controls", 20, layout.section),
        Place("side", 20, layout.loss_graph),
        Place("side", 50, layout.response_graph),
        Place("side", 60, race.section),
        Place("stores", 0, layout.stores),
        Place("run-notes", 10, wait.notice_box),
    ),
    views=wait.VIEWS,
    register=callbacks.register,
    ids=ids,
)
