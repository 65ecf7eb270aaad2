"""The race table: the scene's runs side by side, with what each cost to reach a target F.

Its layout, its figure builder (``rows``, ``table``) and its callback live together here, as a component does.
One column per run (at most eight, so the table fits beside the map) and one row per figure: iterations,
evaluations of F, ∇F, J and H and their total (the evaluations clock), compute time, final F, status, and the
iteration and evaluation count at which each run first had F ≤ the target (default 1e-3). A click on a figure's
name orders the runs by it; another click reverses the order.
"""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

import surface
from explorer.core import compute
from explorer.core import ids as scene_ids
from explorer.core import scene as scenes
from explorer.core.format import quote
from explorer.core.run import labels, run_key
from explorer.core.validate import number

from . import ids

ORDER = "race-order"  # {"column", "descending"}: how the table is sorted

COLUMNS = (
    ("iterations", "iterations"),
    ("F", "F evaluations"),
    ("gradient", "∇F evaluations"),
    ("jacobian", "J evaluations"),
    ("hessian", "H evaluations"),
    ("evals", "evaluations in all"),
    ("ms", "compute time (ms)"),
    ("F_end", "final F"),
    ("status", "status"),
    ("first_epoch", "first F ≤ target: iteration"),
    ("first_evals", "… and evaluations"),
)
"""The figures of a run, in the table's rows; each orders the runs when clicked."""

SHORT_STATUS = {
    "goal": "✓ goal",
    "gradient": "✓ |∇F| small",
    "converged": "✓ converged",
    "max_epochs": "… budget used",
    "stalled": "… stalled",
    "oscillating": "↯ oscillating",
    "mu_max": "… μ past max",
    "diverged": "✗ diverged",
    "singular": "✗ singular",
}
"""A status in a few characters, for a table cell (the run's card has the whole message)."""


def section() -> html.Section:
    return html.Section(
        [
            html.Div(
                [
                    html.H2("Race"),
                    html.Label("target F ≤", htmlFor=ids.RACE_TARGET),
                    dcc.Input(
                        id=ids.RACE_TARGET,
                        value=f"{compute.RACE_TARGET:g}",
                        type="text",
                        debounce=True,
                        inputMode="decimal",
                        className="num",
                        style={"width": "5em"},
                    ),
                ],
                className="race-head",
            ),
            html.Div(id=ids.MSG_RACE, className="message", role="alert"),
            html.Div(id=ids.RACE, className="race outcome"),
            dcc.Store(id=ORDER, data={"column": None, "descending": False}),
        ],
        className="race-section",
    )


def rows(runs: list[dict], view: dict, results: list[dict], firsts: list[dict | None]) -> list[dict]:
    """One row of plain values per run (numbers stay numbers, for sorting)."""
    out = []
    for run, label, result, first in zip(runs, labels(runs), results, firsts, strict=True):
        counts = result["evaluations"]
        out.append(
            {
                "key": run_key(run),
                "run": label,
                "color": run["color"],
                "iterations": result["epochs"],
                "F": counts.get("F", 0),
                "gradient": counts.get("gradient", 0) + counts.get("sample gradient", 0) / surface.P.size,
                "jacobian": counts.get("jacobian", 0),
                "hessian": counts.get("hessian", 0),
                "evals": result["evals"],
                "ms": result["seconds"] * 1e3,
                "F_end": result["F_end"],
                "status": SHORT_STATUS.get(result["status"], result["status"]),
                "first_epoch": None if first is None else first["epoch"],
                "first_evals": None if first is None else first["evals"],
            }
        )
    return out


def sort_rows(table_rows: list[dict], column: str | None, descending: bool) -> list[dict]:
    """Rows sorted by ``column``; a run that never reached the target sorts after every run that did."""
    if column is None:
        return table_rows

    def key(row):
        v = row[column]
        return (v is None, v if v is not None else 0)

    present = [r for r in table_rows if r[column] is not None]
    missing = [r for r in table_rows if r[column] is None]
    return sorted(present, key=key, reverse=descending) + missing


def cell(column: str, value) -> str:
    if value is None:
        return "—"
    if column in ("run", "status"):
        return value
    if column in ("F_end",):
        return f"{value:.4g}"
    if column == "ms":
        return f"{value:.1f}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def table(table_rows: list[dict], order: dict) -> html.Table | html.P:
    if not table_rows:
        return html.P("Add runs to race them.", className="note")
    arrow = " ▼" if order.get("descending") else " ▲"
    head = html.Tr(
        [html.Th("")]
        + [
            html.Th(
                [html.Span(className="swatch", style={"background": f"var(--run-{r['color']})"}), r["run"]],
                className="run-head",
                **{"data-key": r["key"]},
            )
            for r in table_rows
        ]
    )
    body = [
        html.Tr(
            [
                html.Th(
                    html.Button(
                        title + (arrow if order.get("column") == name else ""),
                        id={"type": ids.RACE_SORT, "column": name},
                        n_clicks=0,
                        className="sort",
                        title=f"order the runs by {title}",
                    )
                )
            ]
            + [html.Td(cell(name, r[name])) for r in table_rows],
            **{"data-row": name},
        )
        for name, title in COLUMNS
    ]
    return html.Table([html.Thead(head), html.Tbody(body)], className="race-table")


def parse_target(text) -> tuple[float | None, str]:
    value, error = number(text, "target F", 0.0, 1e6)
    if error:
        return None, error
    if value <= 0:
        return None, f"target F: must be above 0, not {quote(str(text))}"
    return value, ""


def firsts_for(runs: list[dict], view: dict, results: list[dict], target: float) -> list[dict | None]:
    """When each run first reached ``target``: from its cached result for the default target, else recomputed."""
    if target == compute.RACE_TARGET:
        return [r["first"] for r in results]
    return [compute.first_reached(*compute.run_args(run, view), target) for run in runs]


def update(scene_runs, scene_view, target_text, order, trigger=None):
    """{table, order, msg} for the scene's runs, the target and the sort order; a bad target keeps the last table."""
    view, runs = scenes.checked_parts(scene_view, scene_runs)
    order = order if isinstance(order, dict) else {}
    order = {"column": order.get("column"), "descending": order.get("descending") is True}
    if isinstance(trigger, dict) and trigger.get("type") == ids.RACE_SORT:
        column = trigger.get("column")
        if column in dict(COLUMNS):
            descending = order["column"] == column and not order["descending"]
            order = {"column": column, "descending": descending}
    target, error = parse_target(target_text)
    if target is None:
        return {"table": no_update, "order": order, "msg": error}
    results = [compute.run(*compute.run_args(run, view), compute.view_window(view)) for run in runs]
    firsts = firsts_for(runs, view, results, target)
    table_rows = sort_rows(rows(runs, view, results, firsts), order["column"], order["descending"])
    return {"table": table(table_rows, order), "order": order, "msg": ""}


def register(app) -> None:
    @app.callback(
        output={
            "table": Output(ids.RACE, "children"),
            "order": Output(ORDER, "data"),
            "msg": Output(ids.MSG_RACE, "children"),
        },
        inputs={
            "results": Input(ids.RUNS, "data"),  # the runs were computed (the cache holds them now)
            "target": Input(ids.RACE_TARGET, "value"),
            "sort_clicks": Input({"type": ids.RACE_SORT, "column": ALL}, "n_clicks"),
        },
        state={
            "scene_runs": State(scene_ids.SCENE_RUNS, "data"),
            "scene_view": State(scene_ids.SCENE_VIEW, "data"),
            "order": State(ORDER, "data"),
        },
    )
    def _race(results, target, sort_clicks, scene_runs, scene_view, order):
        clicked = ctx.triggered and ctx.triggered[0].get("value")
        trigger = ctx.triggered_id if clicked else None
        return update(scene_runs, scene_view, target, order, trigger)
