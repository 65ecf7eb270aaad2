"""curvature"""

from explorer.core.registry import Component, Overlay

COMPONENT = Component(
    "curvature",
    overlays=(
        Overlay("condition", " condition number λmax/λmin"),
        Overlay("nonconvex", " not convex (λmin < 0)"),
        Overlay("stability", " where a fixed step is unstable (the training panel's α)"),
        Overlay("field", " gradient field −∇F"),
    ),
)
