"""curvature"""

from explorer.core.registry import Component, Overlay, Place

from . import view

COMPONENT = Component(
    "curvature",
    overlays=(
        Overlay("condition", " condition number λmax/λmin", rank=40),
        Overlay("nonconvex", " not convex (λmin < 0)", rank=30),
        Overlay("stability", " where a fixed step is unstable (the training panel's α)", rank=20),
        Overlay("field", " gradient field −∇F", rank=50),
    ),
    places=(
        Place("map-key", 20, view.key),
        Place("stores", 0, view.stores),
    ),
    register=view.register,
)
