"""Planes other than a pair of parameters (Hessian, PCA of a run's path, random, a run's start → end) and the
map, surface and paths drawn on them."""

from explorer.core.registry import Component, Control, Place

from . import edits, ids, view
from .slice import SLICE

CONTROLS = {
    "plane_kind": ids.PLANE_KIND,
    "plane_through": ids.PLANE_THROUGH,
    "plane_run": ids.PLANE_RUN,
    "plane_seed": ids.PLANE_SEED,
    "plane_second": ids.PLANE_SECOND,
}

COMPONENT = Component(
    "planes",
    slices=(SLICE,),
    controls=tuple(Control(name, id_, "plane") for name, id_ in CONTROLS.items()),
    handlers=edits.HANDLERS,
    show=edits.show,
    messages={"plane": ids.MSG_PLANE},
    places=(
        Place("map-controls", 10, view.controls_panel),
        Place("stage", 30, view.view_panel),
    ),
    views=view.VIEWS,
    register=view.register,
    ids=ids,
)
