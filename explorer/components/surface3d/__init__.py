"""The 3-D surface of F (or log F) over the view's window, with the runs drawn on it."""

from explorer.core.registry import Component, Place

from . import callbacks, ids, layout

COMPONENT = Component(
    "surface3d",
    places=(Place("stage-head", 10, layout.zscale), Place("stage", 20, layout.view)),
    views=callbacks.VIEWS,
    register=callbacks.register,
    ids=ids,
)
