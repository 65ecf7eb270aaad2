"""basins"""

from explorer.core.registry import Component, Overlay

from .slice import SLICE

COMPONENT = Component(
    "basins",
    slices=(SLICE,),
    overlays=(
        Overlay("basins", " where each start ends (the training panel's algorithm)", uid="basins", beneath=True),
    ),
)
