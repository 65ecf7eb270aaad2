"""F along lines through the seven-dimensional space: each run's start → end, and the minimum → its twin with the
hidden neurons swapped (the barrier between them)."""

from explorer.core.registry import Component, Place

from . import ids, view

COMPONENT = Component(
    "lines",
    places=(Place("stage", 50, view.view_panel),),
    views=(view.VIEW,),
    register=view.register,
    ids=ids,
)
