"""The address bar, in the browser: read on load (and on Back and Forward), written as the scene changes."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output

from explorer.core import ids as scene_ids


def register(app) -> None:
    app.clientside_callback(
        ClientsideFunction("explorer", "readUrl"), Output(scene_ids.URL_IN, "data"), Input(scene_ids.CONFIG, "data")
    )
    app.clientside_callback(
        ClientsideFunction("explorer", "writeUrl"), Input(scene_ids.SCENE_LINK, "data"), prevent_initial_call=True
    )
