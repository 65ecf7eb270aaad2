"""The notice under the top bar (what happened to a scene that was loaded) and the stores that hold the scene in the
browser: one per part, the link to write to the address bar, and the address bar's query read back."""

from __future__ import annotations

from dash import dcc, html

from explorer.core import ids as scene_ids
from explorer.core import scene as scenes

from . import ids


def notice() -> html.Div:
    return html.Div(id=ids.MSG_SCENE, className="notice", role="status")


def stores() -> list:
    parts = [dcc.Store(id=scene_ids.store(part)) for part in scenes.stores()]
    return [*parts, dcc.Store(id=scene_ids.SCENE_LINK), dcc.Store(id=scene_ids.URL_IN)]
