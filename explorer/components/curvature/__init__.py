"""curvature"""

from explorer.core.registry import Component, Place

from . import ids, view

COMPONENT = Component(
    "curvature",
    overlays=view.OVERLAYS,
    places=(
        Place("map-key", 20, view.key),
        Place("stores", 0, view.stores),
    ),
    views=view.VIEWS,
    register=view.register,
    ids=ids,
)
