"""Live exploration: drag the start on the map or slide a rate, and the runs that follow are computed and drawn as
the hand moves (a preview of a long run), then taken into the scene once on release."""

from dash import dcc

from explorer.core.registry import Component, Event, Place, Trigger

from . import answer, edits, ids

COMPONENT = Component(
    "live",
    triggers=(Trigger("live", ids.LIVE_COMMIT, lambda _id, value: Event("live", value), prop="data"),),
    handlers=edits.HANDLERS,
    places=(Place("stores", 0, lambda: [dcc.Store(id=ids.LIVE_COMMIT)]),),
    register=answer.register,
    ids=ids,
)
