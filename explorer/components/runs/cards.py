"""A run's card: its colour, name, outcome mark and final F, and beneath them (unfolded) its status and message,
the planted bug's twin, the whole network's gap, where it left the window, its hyperparameters, its end, its cost,
how its drawing stands for it, and its downloads."""

from __future__ import annotations

from dash import html

import surface
from explorer.components.whole import view as whole_view
from explorer.core.format import display_number, display_value, symbol

from . import ids
from .layout import empty_run_list

STATUS_MARKS = {
    "goal": "✓",
    "gradient": "✓",
    "converged": "✓",
    "diverged": "✗",
    "singular": "✗",
    "max_epochs": "…",
    "stalled": "…",
    "oscillating": "↯",
    "mu_max": "…",
}
"""A one-character outcome for a run's compact card (its full status unfolds beneath)."""


def drawing_text(run: dict) -> str:
    """How the drawn path stands for the run: from how many iterates, and how close to every one."""
    share = (
        "every iterate"
        if run["points"] == run["iterates"]
        else f"{run['points']:,} of its {run['iterates']:,} iterates"
    )
    if run["deviation"] <= 1e-3:
        return f"Drawn through {share}; every iterate lies within 0.1 % of the window of the line drawn."
    return (
        f"Drawn through {share}; it zig-zags more finely than a line can follow, and some iterates lie "
        f"{100 * run['deviation']:.2g} % of the window away from the line drawn."
    )


def exit_text(run: dict) -> str:
    """Where a run left the window and where it went."""
    out = run["exit"]
    x1, y1 = run["end"][:2]
    pair = [surface.LABELS[p] for p in run["pair"]]
    edge = out["edge"]
    value = out["point"][0] if edge in ("left", "right") else out["point"][1]
    axis = pair[0] if edge in ("left", "right") else pair[1]
    (x0, x1w), (y0, y1w) = run["window"]
    back = x0 <= x1 <= x1w and y0 <= y1 <= y1w
    where = "came back and ended" if back else "ended outside it"
    return (
        f"Left the window at epoch {out['epoch']:,}, across its {edge} edge ({axis} = {display_number(value)}); "
        f"it {where} at ({display_number(x1)}, {display_number(y1)})."
    )


def run_list(metas: list[dict]):
    """One compact card per run: colour, name, outcome and final F; the details unfold."""
    if not metas:
        return empty_run_list()
    return [run_card(m, f"var(--run-{m['color']})") for m in metas]


def run_card(run: dict, color: str) -> html.Div:
    x1, y1 = run["end"][:2]  # the axes (a run of the whole network ends in seven)
    evaluations = ", ".join(f"{n:,} {k}" for k, n in run["evaluations"].items())
    spec = surface.ALGORITHMS[run["algorithm"]].SPEC
    hyper = ", ".join(f"{symbol(spec[k])} = {display_value(v)}" for k, v in run["hyper"].items())
    status = surface.STATUS_LABELS.get(run["status"], run["status"])
    return html.Div(
        [
            html.Details(
                [
                    html.Summary(
                        [
                            html.Span(className="swatch", style={"background": color}),
                            html.Strong(run["label"], className="run-name", title=run["label"]),
                            html.Span(
                                STATUS_MARKS.get(run["status"], "•"),
                                className=f"status-mark {run['status']} outcome",
                                title=status,
                            ),
                            html.Span(f"F = {run['F_end']:.3g}", className="run-f outcome"),
                        ]
                    ),
                    html.Div(status, className=f"status {run['status']} outcome"),
                    *bug_lines(run),
                    html.Div(run["message"], className="run-message outcome"),
                    *([html.Div(run["reach"], className="run-reach note")] if run.get("reach") else []),
                    *whole_view.card_lines(run),
                    *([html.Div(exit_text(run), className="run-exit outcome")] if run.get("exit") else []),
                    html.Div(hyper or "no hyperparameters", className="note"),
                    html.Div(
                        f"end ({display_number(x1)}, {display_number(y1)}), F = {run['F_end']:.6g}, "
                        f"|∇F| = {run['grad_end']:.3g}",
                        className="mono outcome",
                    ),
                    html.Div(
                        f"{run['epochs']:,} epochs · {evaluations} · {run['seconds'] * 1e3:.1f} ms to compute",
                        className="note outcome",
                    ),
                    html.Div(drawing_text(run), className="note"),
                    html.Div(
                        [
                            html.A("CSV", href=run["csv"], download="", className="csv"),
                            html.A("JSON", href=run["json"], download="", className="json"),
                            html.Span(download_words(run), className="note"),
                        ],
                        className="downloads",
                    ),
                ],
                className="run-details",
            ),
            html.Button(
                "×",
                id={"type": ids.REMOVE, "key": run["run_key"]},
                n_clicks=0,
                className="remove",
                title="remove this run",
            ),
        ],
        className="run-card",
        style={"borderLeftColor": color},
        **{"data-key": run["key"]},
    )


def bug_lines(run: dict) -> list:
    """A buggy run's card names its bug and how the correct run from the same start ended."""
    if not run.get("bug_title"):
        return []
    twin = run["twin"]
    status = surface.STATUS_LABELS.get(twin["status"], twin["status"])
    return [
        html.Div(
            f"Planted bug: {run['bug_title']} (dashed). The correct gradient from the same start (solid, same "
            f"colour): {status}, F = {twin['F_end']:.3g}.",
            className="run-bug",
        )
    ]


def download_words(run: dict) -> str:
    """What the CSV and JSON links hold: every iterate, or (past the download limit) the iterates drawn."""
    if run.get("every", True):
        return "the whole run, every iterate"
    return f"the {run['points']:,} iterates drawn (all {run['epochs'] + 1:,} are past the download limit)"
