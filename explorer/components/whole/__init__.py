"""The whole network: train more than the two parameters on the axes (up to all seven), the gap between the
slice drawn and the loss a run meets, and the slice that follows the iterate."""

from explorer.core.registry import Component, Control, Place, Trigger, button

from . import edits, ids, panel, view

COMPONENT = Component(
    "whole",
    controls=tuple(
        Control(name, id_, "whole", slot="start")
        for name, id_ in (
            ("whole_free", ids.WHOLE_FREE),
            ("whole_init", ids.WHOLE_INIT),
            ("whole_seed", ids.WHOLE_SEED),
            ("whole_values", ids.WHOLE_VALUES),
        )
    ),
    triggers=(Trigger("whole_all", ids.WHOLE_ALL, button("whole", "all")),),
    handlers=edits.HANDLERS,
    places=(
        Place("training", 20, panel.panel),
        Place("playback", 10, view.follow_toggle),
        Place("stores", 0, view.stores),
    ),
    views=view.VIEWS,
    register=view.register,
    ids=ids,
)
