"""The top bar's buttons act in the browser: copy the link, export the PNG, presentation mode, the shortcuts, the
controls' drawer on a narrow screen, and closing the lessons menu when a lesson is chosen."""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Input

from explorer.components.lessons import ids as lessons_ids

from . import ids


def register(app) -> None:
    buttons = [Input(i, "n_clicks") for i in (ids.COPY_LINK, ids.EXPORT_PNG, ids.PRESENT, ids.HELP, ids.DRAWER)]
    lessons = Input({"type": lessons_ids.PRESET, "name": ALL}, "n_clicks")
    app.clientside_callback(ClientsideFunction("explorer", "topBar"), [*buttons, lessons], prevent_initial_call=True)
