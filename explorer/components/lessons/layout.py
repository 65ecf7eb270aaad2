"""The lessons menu (a card per preset) and the lesson's panel (its name, caption and question)."""

from __future__ import annotations

from dash import dcc, html

from . import ids
from .presets import PRESETS


def menu() -> html.Details:
    cards = [
        html.Button(
            [html.Strong(p.name), html.Span(p.prompt, className="note")],
            id={"type": ids.PRESET, "name": slug},
            n_clicks=0,
            className="lesson-card",
        )
        for slug, p in PRESETS.items()
    ]
    return html.Details(
        [html.Summary("Lessons ▾"), html.Div(cards, className="menu-panel lessons")],
        id=ids.LESSONS,
        className="menu",
    )


def panel() -> html.Div:
    return html.Div(id=ids.LESSON_PANEL, className="lesson-panel")


def stores() -> list:
    return [dcc.Store(id=ids.REVEAL)]
