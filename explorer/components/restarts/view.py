"""Random restarts: the seed text's advice against local minima, for the scene's runs side by side.

Each run of the scene (its algorithm, hyperparameters, goal and tolerance; the training panel's when there are no
runs) is started again from N random points, uniform in the window or small (in [−1, 1], the common way to
initialise a network), drawn from a seeded generator so the same scene gives the same restarts. The panel says,
for each, how many reached the lowest minimum any of them found and which did best; a histogram shows the spread
of final F; the page marks every end point on the map in the run's colour (assets/20-overlay.js). The job
(``job.py``) is shared by every page that asks for the same restarts.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
from dash import ClientsideFunction, Input, dcc, html

from explorer.components import plots
from explorer.components.jobs.callbacks import result
from explorer.components.jobs.ids import part
from explorer.components.jobs.layout import panel as job_panel
from explorer.components.restarts.slice import SLICE as RESTARTS_SLICE
from explorer.components.widgets import boxes, choice
from explorer.core.registry import View

from . import ids


def panel() -> html.Section:
    restarts = RESTARTS_SLICE.default()
    return html.Section(
        [
            html.Div(
                [
                    html.H2("Random restarts"),
                    dcc.Checklist(
                        id=ids.RESTARTS_ON,
                        options=[{"label": " on", "value": "on"}],
                        value=[],
                        className="check",
                    ),
                ],
                className="race-head",
            ),
            html.P("Each run started again from random points: how many find the lowest minimum?", className="note"),
            boxes(
                ("starts", ids.RESTARTS_N, str(restarts["n"]), "4em"),
                ("seed", ids.RESTARTS_SEED, str(restarts["seed"]), "4em"),
            ),
            choice(
                ids.RESTARTS_INIT,
                {"uniform": " anywhere in the window", "small": " small, in [−1, 1]"},
                restarts["init"],
            ),
            html.Div(id=ids.MSG_RESTARTS, className="message", role="alert"),
            *job_panel("restarts"),
            html.Div(id=ids.RESTART_SUMMARY, className="restart-summary"),
            html.Div(
                dcc.Graph(id=ids.RESTART_PLOT, config={"displayModeBar": False, "responsive": True}),
                className="side-graph short",
                id="restart-plot-box",
                hidden=True,
            ),
        ],
        id=ids.RESTART_PANEL,
        className="restart-panel",
    )


def summary(result: dict | None) -> list:
    """One line per run: how many of its restarts reached the lowest minimum found, and its best."""
    if not result:
        return []
    request, lowest = result["request"], result["lowest"]
    where = "anywhere in the window" if request["init"] == "uniform" else "small, in [−1, 1]"
    if request["init"] == "uniform" and any(r.get("free") for r in request["runs"]):
        where += " (a run's other free parameters each over its own usual range)"
    lines = [
        html.P(
            f"{request['n']} starts each, {where}, seed {request['seed']}. The lowest minimum any run found: "
            + ("none (every run diverged)" if lowest is None else f"F = {lowest:.3g}")
            + ".",
            className="note",
        )
    ]
    for r in result["runs"]:
        best = r["best"]
        best_f = r["F"][best]
        capped = f" (capped from {r['asked']:,})" if r["epochs"] < r["asked"] else ""
        lines.append(
            html.P(
                [
                    html.Span(className="swatch", style={"background": f"var(--run-{r['color']})"}),
                    html.Strong(r["label"]),
                    f": {sum(r['reached'])} of {len(r['reached'])} ({100 * r['fraction']:.0f} %) reached it; "
                    + ("best F = none" if best_f is None else f"best F = {best_f:.3g}")
                    + f"; {r['epochs']:,} epochs each{capped}.",
                ],
                className="restart-line",
            )
        )
    return lines


def histogram(result: dict | None) -> go.Figure:
    """Final F of every restart, per run (log scale), one colour per run."""
    fig = go.Figure()
    if result:
        for r in result["runs"]:
            values = [math.log10(max(f, 1e-300)) for f in r["F"] if f is not None]
            fig.add_trace(
                go.Histogram(
                    x=values,
                    name=r["label"],
                    opacity=0.7,
                    marker={"color": plots.PALETTES["plain"][r["color"]], "line": {"color": "#333", "width": 1}},
                    nbinsx=30,
                    hovertemplate="log₁₀ F %{x}<br>%{y} starts<extra>" + r["label"] + "</extra>",
                )
            )
    fig.update_layout(
        barmode="overlay",
        margin={"l": 46, "r": 10, "t": 26, "b": 40},
        title={"text": "Final F of every restart", "font": {"size": 13}, "x": 0.02, "xanchor": "left"},
        xaxis={"title": {"text": "log₁₀ F"}},
        yaxis={"title": {"text": "starts"}},
        showlegend=False,
        autosize=True,
    )
    return fig


def ends_for_the_map(result: dict | None) -> list:
    """Where each run's restarts ended, for the page to mark on the map: colour, end points, the best one."""
    if not result:
        return []
    return [{"color": r["color"], "label": r["label"], "ends": r["ends"], "best": r["best"]} for r in result["runs"]]


def result_view(done) -> dict:
    """{summary, histogram, its box hidden, where the restarts ended} for the finished job (or none)."""
    shown = result(done)
    shown = shown if isinstance(shown, dict) and isinstance(shown.get("runs"), list) else None
    ends = {"runs": ends_for_the_map(shown)} if shown else None  # what the page marks on the map
    return {"summary": summary(shown), "plot": histogram(shown), "hidden": shown is None, "ends": ends}


VIEWS = (
    View(
        "restarts",
        reads={"done": (part("restarts", "result"), "data")},
        writes={
            "summary": (ids.RESTART_SUMMARY, "children"),
            "plot": (ids.RESTART_PLOT, "figure"),
            "hidden": ("restart-plot-box", "hidden"),
            "ends": (ids.RESTART_STORE, "data"),
        },
        build=result_view,
    ),
)


def register(app) -> None:
    # where the restarts ended, marked on the map by the page's script
    app.clientside_callback(
        ClientsideFunction("explorer", "setRestarts"), Input(ids.RESTART_STORE, "data"), prevent_initial_call=True
    )


def stores() -> list:
    return [dcc.Store(id=ids.RESTART_STORE)]
