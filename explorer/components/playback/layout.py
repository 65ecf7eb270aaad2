"""The playback bar under the stage (back to the start, a step back, play, a step forward, the scrubber, the clock,
the speed, loop) and the readout line under it."""

from __future__ import annotations

from dash import dcc, html

from explorer.components.widgets import shown as default_shown
from explorer.core import registry

from . import ids

SPEED_LABELS = {-2: "¼×", -1: "½×", 0: "1×", 1: "2×", 2: "4×", 3: "8×", 4: "16×"}
"""Playback speeds on offer, by their power of two (the scene keeps the multiplier)."""


def bar() -> html.Div:
    return html.Div(
        [
            html.Button("|◀", id=ids.RESTART, n_clicks=0, title="back to the start (Home)", className="icon"),
            html.Button("◀", id=ids.STEP_BACK, n_clicks=0, title="one iterate back (←)", className="icon"),
            html.Button("▶", id=ids.PLAY, n_clicks=0, title="play / pause (space)", className="icon play"),
            html.Button("▶|", id=ids.STEP, n_clicks=0, title="one iterate forward (→)", className="icon"),
            html.Div(id=ids.SCRUBBER, className="scrubber", title="click or drag to any moment"),
            dcc.Dropdown(
                id=ids.CLOCK,
                options=[
                    {"label": "clock: epochs", "value": "epochs"},
                    {"label": "clock: log epochs", "value": "log"},
                    {"label": "clock: evaluations", "value": "evals"},
                ],
                value=default_shown()["clock"],
                clearable=False,
                searchable=False,
                className="clock",
            ),
            dcc.Dropdown(
                id=ids.SPEED,
                options=[{"label": label, "value": v} for v, label in SPEED_LABELS.items()],
                value=default_shown()["speed"],
                clearable=False,
                searchable=False,
                className="speed",
            ),
            dcc.Checklist(id=ids.LOOP, options=[{"label": " loop", "value": "loop"}], value=[], className="check"),
            *registry.places("playback"),
        ],
        className="playback",
    )


def readout() -> html.Div:
    return html.Div(id=ids.READOUT, className="readout", **{"aria-live": "polite"})
