"""The address bar, in the browser: read on load (and on Back and Forward), written as the scene changes."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output

from explorer.core import ids


def register(app) -> None:
    app.clientside_callback(
        ClientsideFunction("explorer", "readUrl"), Output(ids.URL_IN, "data"), Input(ids.CONFIG, "data")
    )
    app.clientside_callback(
        ClientsideFunction("explorer", "writeUrl"), Input(ids.SCENE_LINK, "data"), prevent_initial_call=True
    )
