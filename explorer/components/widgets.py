"""Small building blocks of the page: a number box, a labelled field, a message slot, the graphs' toolbars, and
what the controls of a new page show."""

from __future__ import annotations

import functools

from dash import dcc, html

from explorer.core import reducer, scene


def text_input(id_, value, *, width: str = "7em", **kwargs) -> dcc.Input:
    """A text box for a number: typed freely, checked on Enter or on leaving the box."""
    return dcc.Input(
        id=id_,
        value=value,
        type="text",
        inputMode="decimal",
        debounce=True,
        autoComplete="off",
        spellCheck=False,
        style={"width": width},
        className="num",
        **kwargs,
    )


def labelled(label: str, control, note: str | None = None, html_for: str | None = None) -> html.Div:
    children = [html.Label(label, htmlFor=html_for), control]
    if note:
        children.append(html.Span(note, className="note"))
    return html.Div(children, className="field")


def boxes(*fields: tuple, **kwargs) -> html.Div:
    """A row of labelled number boxes, each field ``(label, id, text, width)``."""
    children = []
    for label, id_, text, width in fields:
        children += [html.Label(label, htmlFor=id_), text_input(id_, text, width=width)]
    return html.Div(children, className="row inline", **kwargs)


def choice(id_, options: dict, value, *, className: str = "check", inline: bool = True) -> dcc.RadioItems:
    """Radio buttons, ``options`` mapping each value to its label, in order."""
    return dcc.RadioItems(
        id=id_,
        options=[{"label": label, "value": v} for v, label in options.items()],
        value=value,
        inline=inline,
        className=className,
    )


def message(id_: str) -> html.Div:
    """Where a control's message appears (empty when all is well)."""
    return html.Div(id=id_, className="message", role="alert")


GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": [
        "sendDataToCloud",
        "toImage",
        "lasso2d",
        "select2d",
        "autoScale2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
    ],
}
"""Zoom, pan and reset stay; the camera is replaced by the app's own export (it would save the map without
the paths), and selections do nothing here."""

SIDE_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
"""The small plots beside the map have no toolbar to cover their titles; a drag zooms, a double-click resets."""


@functools.cache
def default_scene() -> dict:
    """The scene a page opens on (its controls start at its values; a link then loads its own)."""
    return scene.default_scene()


@functools.cache
def shown() -> dict:
    """What every control shows for the default scene."""
    return reducer.controls_for(default_scene())
