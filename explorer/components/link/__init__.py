"""The link: the scene read from the address bar (on load, and on Back and Forward), a scene file opened, and the
scene written back to the address bar and the browser's history."""

from explorer.components.topbar import ids as topbar_ids
from explorer.core import ids as scene_ids
from explorer.core.registry import Component, Event, Place, Trigger
from explorer.core.validate import read_upload

from . import callbacks, ids, layout


def _url(_id, value):
    if not isinstance(value, dict) or not isinstance(value.get("search"), str):
        return None
    return Event("load", ("history" if value.get("pop") else "url", value["search"]))


def _file(_id, value):
    text = read_upload(value)
    return Event("load", ("file", text if text is not None else "not a file"))


COMPONENT = Component(
    "link",
    triggers=(
        Trigger("url", scene_ids.URL_IN, _url, prop="data"),
        Trigger("upload", topbar_ids.LOAD_SCENE, _file, prop="contents"),
    ),
    messages={"scene": ids.MSG_SCENE},
    places=(
        Place("notices", 0, layout.notice),
        Place("stores", 0, layout.stores),
    ),
    register=callbacks.register,
    ids=ids,
)
