"""The training set (ch. 12's, ch. 11's sine, with noise, or a person's own points), the output transfer function,
planted bugs and the gradient check."""

from explorer.core.registry import Component, Control, Event, Place, Trigger, button
from explorer.core.validate import read_upload

from . import edits, ids, view
from .slice import SLICE


def _upload(_id, value):
    """An uploaded CSV's text (0 when it is not text: the step says so); nothing for an empty upload."""
    if value is None:
        return None
    text = read_upload(value)
    return Event("data-points", text if text is not None else 0)


COMPONENT = Component(
    "data",
    slices=(SLICE,),
    controls=(
        Control("data_set", ids.DATA_SET, "data-set"),
        Control("data_output", ids.DATA_OUTPUT, "data"),
        Control("data_sigma", ids.DATA_SIGMA, "data"),
        Control("data_seed", ids.DATA_SEED, "data"),
        Control("data_points", ids.DATA_POINTS),
        Control("bug", ids.BUG, "bug"),
    ),
    triggers=(
        Trigger("data_apply", ids.DATA_APPLY, button("data-points")),
        Trigger("data_upload", ids.DATA_UPLOAD, _upload, prop="contents"),
    ),
    handlers=edits.HANDLERS,
    show=edits.show,
    messages={"data": ids.MSG_DATA},
    places=(
        Place("controls", 40, view.section),
        Place("training", 10, view.bug_control),
        Place("side", 40, view.panel),
    ),
    views=view.VIEWS,
    ids=ids,
)
