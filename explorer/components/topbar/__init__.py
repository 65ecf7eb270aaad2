"""The top bar: the title, copy link, export (PNG, offline page, scene file; open a scene file), presentation mode
and the keyboard shortcuts."""

from explorer.core.registry import Component, Place

from . import callbacks, ids, layout

COMPONENT = Component(
    "topbar",
    places=(
        Place("topbar", 0, layout.title),
        Place("topbar", 20, layout.actions),
        Place("dialogs", 0, layout.help_panel),
    ),
    register=callbacks.register,
    ids=ids,
)
