"""The training panel: the start (typed, or a click on the map), the algorithm with its hyperparameters and its
update equations, the stopping rules, and Run."""

from dash import ALL

from explorer.core.registry import Component, Control, Event, Place, Trigger, button

from . import callbacks, edits, ids, layout
from .slice import SLICE

COMPONENT = Component(
    "training",
    slices=(SLICE,),
    controls=(
        Control("start_x", ids.START_X, "start"),
        Control("start_y", ids.START_Y, "start"),
        Control("algorithm", ids.ALGORITHM, "algorithm", slot="hyper"),
        Control("hyper", {"type": ids.HYPER, "algo": ALL, "name": ALL}, "hyper", nest=("algo", "name"), slot="hyper"),
        Control("epochs", ids.EPOCHS, "stop", slot="stop"),
        Control("goal", ids.GOAL, "stop", slot="stop"),
        Control("grad_tol", ids.GRAD_TOL, "stop", slot="stop"),
    ),
    triggers=(
        Trigger("run", ids.RUN, button("run")),
        Trigger("click", ids.START_CLICK, lambda _id, value: Event("click", value), prop="data"),
    ),
    handlers=edits.HANDLERS,
    show=edits.show,
    messages={"start": ids.MSG_START, "hyper": ids.MSG_HYPER, "stop": ids.MSG_STOP, "run": ids.MSG_RUN},
    places=(
        Place("controls", 10, layout.panel),
        Place("stores", 0, layout.stores),
    ),
    register=callbacks.register,
    ids=ids,
)
