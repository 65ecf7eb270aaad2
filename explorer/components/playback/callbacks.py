"""Playback runs in the browser: the buttons and the settings only reach its clock there."""

from __future__ import annotations

from dash import ClientsideFunction, Input

from explorer.core import ids as scene_ids

from . import ids


def register(app) -> None:
    buttons = [Input(i, "n_clicks") for i in (ids.PLAY, ids.STEP, ids.STEP_BACK, ids.RESTART)]
    app.clientside_callback(ClientsideFunction("explorer", "control"), buttons, prevent_initial_call=True)
    settings = [
        Input(ids.SPEED, "value"),
        Input(ids.LOOP, "value"),
        Input(ids.CLOCK, "value"),
        Input(scene_ids.CONFIG, "data"),
    ]
    app.clientside_callback(ClientsideFunction("explorer", "settings"), settings)
