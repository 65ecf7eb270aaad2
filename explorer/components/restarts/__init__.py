"""Random restarts: each run of the scene started again from random points, and how many find the lowest minimum."""

from explorer.core.registry import Component, Control, Place

from . import edits, ids, job, view
from .slice import SLICE

CONTROLS = {
    "restarts_on": ids.RESTARTS_ON,
    "restarts_n": ids.RESTARTS_N,
    "restarts_init": ids.RESTARTS_INIT,
    "restarts_seed": ids.RESTARTS_SEED,
}

COMPONENT = Component(
    "restarts",
    slices=(SLICE,),
    controls=tuple(Control(name, id_, "restarts") for name, id_ in CONTROLS.items()),
    handlers=edits.HANDLERS,
    jobs=(job.JOB,),
    show=edits.show,
    messages={"restarts": ids.MSG_RESTARTS},
    places=(
        Place("side", 80, view.panel),
        Place("stores", 0, view.stores),
    ),
    views=view.VIEWS,
    register=view.register,
    ids=ids,
)
