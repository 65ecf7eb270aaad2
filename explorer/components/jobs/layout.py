"""A long job's panel, the same for every kind: a progress row (bar, words, Cancel) shown while it waits or runs,
a message line (why it cannot run, that it was lost, with Retry), and the stores and the clock that follow it."""

from __future__ import annotations

from dash import dcc, html

from explorer.serving.jobs import POLL_MS

from .ids import CLIENT, part


def panel(job: str) -> list:
    """The parts of ``job``'s panel, to place in its component's own panel."""
    return [
        html.Div(
            [
                html.Span(id=part(job, "message"), className="note"),
                html.Button("Retry", id=part(job, "retry"), n_clicks=0, className="secondary", hidden=True),
            ],
            className="job-message message",
            role="status",
        ),
        html.Div(
            [
                html.Progress(id=part(job, "progress"), value="0", max="1"),
                html.Span(id=part(job, "status"), className="note"),
                html.Button("Cancel", id=part(job, "cancel"), n_clicks=0, className="secondary", disabled=True),
            ],
            id=part(job, "busy"),
            className="progress-row",
            hidden=True,
        ),
        dcc.Store(id=part(job, "key")),
        dcc.Store(id=part(job, "result")),
        dcc.Interval(id=part(job, "poll"), interval=POLL_MS, disabled=True),
    ]


def stores() -> list:
    return [dcc.Store(id=CLIENT, storage_type="session")]
