"""The top bar (the title, then the lessons, then copy link, export, present and help) and the keyboard shortcuts'
dialog."""

from __future__ import annotations

from dash import dcc, html

from . import ids


def title() -> list:
    return [
        html.Button("☰", id=ids.DRAWER, className="icon drawer-toggle", title="show or hide the controls"),
        html.H1("Loss-surface explorer"),
    ]


def actions() -> list:
    return [
        html.Div(className="spacer"),
        html.Button("Copy link", id=ids.COPY_LINK, className="secondary", title="copy a link to this scene"),
        export_menu(),
        html.Button("Present", id=ids.PRESENT, className="secondary", title="presentation mode (P)"),
        html.Button("?", id=ids.HELP, className="icon", title="keyboard shortcuts (?)"),
    ]


def export_menu() -> html.Details:
    return html.Details(
        [
            html.Summary("Export ▾"),
            html.Div(
                [
                    html.Button("Image (PNG) of the map, paths as shown", id=ids.EXPORT_PNG, className="menu-item"),
                    html.A(
                        "Web page (HTML) that works offline",
                        id=ids.EXPORT_HTML,
                        href="",
                        download="loss-surface.html",
                        className="menu-item",
                    ),
                    html.A(
                        "Scene (JSON)",
                        id=ids.EXPORT_SCENE,
                        href="",
                        download="scene.json",
                        className="menu-item",
                    ),
                    dcc.Upload(
                        html.Span("Open a scene file…"),
                        id=ids.LOAD_SCENE,
                        max_size=100_000,
                        accept=".json,application/json",
                        className="menu-item upload",
                    ),
                    html.P("Each run's card has its own CSV and JSON.", className="note"),
                ],
                className="menu-panel",
            ),
        ],
        className="menu",
    )


KEYS = (
    ("space", "play / pause"),
    ("← →", "one iterate back / forward"),
    ("Home", "back to the start"),
    ("P", "presentation mode"),
    ("?", "this list"),
    ("Esc", "close this list"),
)
"""The keyboard shortcuts (assets/ handles them)."""


def help_panel() -> html.Div:
    return html.Div(
        html.Div(
            [
                html.H2("Keyboard shortcuts"),
                html.Table([html.Tr([html.Td(html.Kbd(k)), html.Td(what)]) for k, what in KEYS]),
                html.P("They do nothing while you type in a box or use a list or a slider.", className="note"),
            ],
            className="dialog",
        ),
        id=ids.HELP_PANEL,
        className="dialog-backdrop",
        hidden=True,
    )
