"""The contour map: the pair on the axes, the window, the resolution, the fixed values and the overlays, drawn as
log F with its stationary points; the transparent layer above it where the browser draws the runs."""

from dash import ALL

from explorer.components.surface3d import ids as surface3d_ids
from explorer.core.registry import Component, Control, Overlay, Place, Trigger, button

from . import callbacks, edits, ids, layout
from .slice import SLICE

VIEW_CONTROLS = {
    "xmin": ids.X_MIN,
    "xmax": ids.X_MAX,
    "ymin": ids.Y_MIN,
    "ymax": ids.Y_MAX,
    "res": ids.RESOLUTION,
    "overlays": ids.OVERLAYS,
    "mode": ids.MODE,
    "aspect": ids.ASPECT,
    "zscale": surface3d_ids.ZSCALE,
}

COMPONENT = Component(
    "map",
    slices=(SLICE,),
    controls=(
        Control("x", ids.X_PARAM, "pair"),
        Control("y", ids.Y_PARAM, "pair"),
        *(
            Control(name, id_, "view", slot="resolution" if name == "res" else None)
            for name, id_ in VIEW_CONTROLS.items()
        ),
        Control("fixed", {"type": ids.FIXED, "name": ALL}, "view", nest=("name",), slot="fixed"),
    ),
    triggers=(
        Trigger("reset_window", ids.RESET_WINDOW, button("reset-window")),
        Trigger("reset_fixed", ids.RESET_FIXED, button("reset-fixed")),
    ),
    handlers=edits.HANDLERS,
    show=edits.show,
    messages={"window": ids.MSG_WINDOW, "resolution": ids.MSG_RESOLUTION, "fixed": ids.MSG_FIXED},
    overlays=(Overlay("critical", " mark minima and saddle points"),),
    places=(
        Place("controls", 30, layout.controls),
        Place("stage-head", 0, layout.tabs),
        Place("stage-head", 20, layout.key_line),
        Place("stage", 10, layout.stack),
        Place("stores", 0, layout.stores),
    ),
    register=callbacks.register,
    ids=ids,
)
