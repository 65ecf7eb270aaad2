"""The learning-rate map: the stage's view of where the training panel's algorithm ends for every α against γ or
along a line of starts; a click on a cell runs it on the contour map."""

from explorer.core.registry import Component, Control, Event, Place, Trigger

from . import edits, ids, job, view
from .slice import SLICE

CONTROLS = {
    "hmap_alpha_lo": ids.HMAP_ALPHA_LO,
    "hmap_alpha_hi": ids.HMAP_ALPHA_HI,
    "hmap_y": ids.HMAP_Y,
    "hmap_gamma_lo": ids.HMAP_GAMMA_LO,
    "hmap_gamma_hi": ids.HMAP_GAMMA_HI,
    "hmap_line_x": ids.HMAP_LINE_X,
    "hmap_line_y": ids.HMAP_LINE_Y,
    "hmap_cells": ids.HMAP_CELLS,
    "hmap_epochs": ids.HMAP_EPOCHS,
}

COMPONENT = Component(
    "hypermap",
    slices=(SLICE,),
    controls=tuple(Control(name, id_, "hypermap") for name, id_ in CONTROLS.items()),
    triggers=(Trigger("hyper_click", ids.HYPER_CLICK, lambda _id, value: Event("hyper-cell", value), prop="data"),),
    handlers=edits.HANDLERS,
    jobs=(job.JOB,),
    show=edits.show,
    messages={"hypermap": ids.MSG_HYPERMAP},
    places=(
        Place("stage", 40, view.view_panel),
        Place("stores", 0, view.stores),
    ),
    views=view.VIEWS,
    register=view.register,
    ids=ids,
)
