"""The training panel: the start, the algorithm with its equations and its hyperparameters (one panel of boxes per
algorithm, only the chosen one shown, so each keeps what was typed into it), the stopping rules, and Run."""

from __future__ import annotations

from dash import dcc, html

import surface
from explorer.components.runs import ids as runs_ids
from explorer.components.widgets import default_scene, labelled, message, text_input
from explorer.components.widgets import shown as default_shown
from explorer.core import registry
from explorer.core.limits import EPOCH_CAPS

from . import ids


def panel() -> html.Section:
    draft, shown = default_scene()["draft"], default_shown()
    return html.Section(
        [
            html.H2("Training"),
            html.Div(
                [
                    labelled("start x", text_input(ids.START_X, shown["start_x"], width="6em"), html_for=ids.START_X),
                    labelled("start y", text_input(ids.START_Y, shown["start_y"], width="6em"), html_for=ids.START_Y),
                    html.Span("or click the map", className="note hint"),
                ],
                className="row",
            ),
            message(ids.MSG_START),
            dcc.Dropdown(
                id=ids.ALGORITHM,
                options=[{"label": cls.title, "value": name} for name, cls in surface.ALGORITHMS.items()],
                value=draft["algorithm"],
                clearable=False,
                searchable=False,
                className="algorithm",
            ),
            html.Div(algorithm_help(draft["algorithm"]), id=ids.ALGORITHM_HELP, className="help"),
            html.Div([hyper_panel(a, a == draft["algorithm"]) for a in surface.ALGORITHMS]),
            message(ids.MSG_HYPER),
            html.Div(
                [
                    labelled("epochs", text_input(ids.EPOCHS, shown["epochs"], width="6.5em"), html_for=ids.EPOCHS),
                    labelled("goal F ≤", text_input(ids.GOAL, shown["goal"], width="4.5em"), html_for=ids.GOAL),
                    labelled(
                        "stop at |∇F| ≤",
                        text_input(ids.GRAD_TOL, shown["grad_tol"], width="4.5em"),
                        html_for=ids.GRAD_TOL,
                    ),
                ],
                className="row",
            ),
            html.Div(epochs_note(draft["algorithm"]), id=ids.EPOCHS_NOTE, className="note"),
            message(ids.MSG_STOP),
            *registry.places("training"),
            html.Div(
                [
                    html.Button("Run", id=ids.RUN, n_clicks=0, className="primary", title="add this run (Enter)"),
                    html.Button("Clear all runs", id=runs_ids.CLEAR, n_clicks=0, className="secondary"),
                ],
                className="row buttons",
            ),
            message(ids.MSG_RUN),
            *registry.places("run-notes"),
        ],
        className="training",
    )


def hyper_panel(algorithm: str, shown: bool) -> html.Div:
    """One labelled box per hyperparameter of ``algorithm``, holding the book's default."""
    cls = surface.ALGORITHMS[algorithm]
    texts = default_shown()["hyper"][algorithm]
    rows = []
    for name, spec in cls.SPEC.items():
        box_id = {"type": ids.HYPER, "algo": algorithm, "name": name}
        if spec.kind == "choice":
            control = dcc.Dropdown(
                id=box_id,
                options=[{"label": c, "value": c} for c in spec.choices],
                value=texts[name],
                clearable=False,
                searchable=False,
                style={"minWidth": "11em"},
            )
        else:
            control = text_input(box_id, texts[name], width="6em")
        bounds = "" if spec.kind == "choice" else f"{spec.low:g} – {spec.high:g}"
        rows.append(
            html.Div(
                [html.Label(spec.label, title=spec.help), control, html.Span(bounds, className="note")],
                className="field hyper",
                title=spec.help,
            )
        )
    if not rows:
        rows.append(html.Div("no hyperparameters: each step is the exact Newton step", className="note"))
    return html.Div(
        rows,
        id={"type": ids.HYPER_PANEL, "algo": algorithm},
        className="hyper-panel",
        style=None if shown else {"display": "none"},
    )


def algorithm_help(algorithm: str) -> list:
    """The algorithm's name, chapter, first sentence and its update equations, set as mathematics."""
    cls = surface.ALGORITHMS[algorithm]
    summary = first_paragraph(cls.__doc__)
    return [
        html.Details(
            [
                html.Summary([html.Strong(cls.title), f" ({cls.chapter})"]),
                html.P(summary, className="note"),
                dcc.Markdown(surface.ALGORITHMS[algorithm].EQUATION, mathjax=True, className="equations"),
            ],
            open=True,
        )
    ]


def first_paragraph(doc: str) -> str:
    """The first paragraph of a docstring, as one sentence-ended line (without a trailing '::')."""
    lines = []
    for line in (doc or "").strip().splitlines():
        if not line.strip():
            break
        lines.append(line.strip())
    text = " ".join(lines).rstrip(":").rstrip()
    return text + ("." if text and not text.endswith(".") else "")


def epochs_note(algorithm: str) -> str:
    return f"at most {EPOCH_CAPS[algorithm]:,} for this algorithm; 0 switches the goal or the tolerance off"


def stores() -> list:
    return [dcc.Store(id=ids.START_CLICK)]
