"""Inside the step: the chosen run's step at the current iterate, drawn on the map and written out as its update
equation with the numbers substituted."""

from explorer.core.registry import Component, Control, Place

from . import edits, ids, view
from .slice import SLICE

COMPONENT = Component(
    "inside",
    slices=(SLICE,),
    controls=(
        Control("inside_run", ids.INSIDE_RUN, "inside"),
        Control("inside_open", ids.INSIDE_PANEL, "inside", "open"),
    ),
    handlers=edits.HANDLERS,
    show=edits.show,
    places=(
        Place("side", 30, view.panel),
        Place("stores", 0, view.stores),
    ),
    views=view.VIEWS,
    register=view.register,
    ids=ids,
)
