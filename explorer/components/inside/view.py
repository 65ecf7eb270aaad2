"""Inside the step: what the chosen run's algorithm saw and did at each iterate, for the panel beside the map and
for the drawing on it (Hagan et al., ch. 9, 12 and 13).

The panel (``panel``) opens with the run it looks inside (a run of the scene, by colour) and the algorithm's
update equation; the browser (``assets/80-inside.js``) writes the equation again with the current iterate's numbers
substituted and draws, at the current iterate, the local quadratic model (the Hessian's eigen-directions as axes
scaled by 1/√λ: an ellipse where both curvatures are positive), −∇F, the step just taken, and the algorithm's own
inside: momentum's two terms, VLBP's rejected trials, CG's search line with its probes and bracket, LM's step
between Gauss–Newton and steepest descent, Newton's step to the model's stationary point.

``surface.step_anatomy`` computes all of it on the iterates of the run's display copy (at most
``ANATOMY_POINTS``), in one batched call; ``payload`` packs it for the browser as float32 arrays in the one
encoding (``codec``; a few hundred kB at most) with the event lists (rejected trials, line-search probes)
flattened and capped.
"""

from __future__ import annotations

import numpy as np
from dash import ClientsideFunction, Input, dcc, html, no_update

import surface
from explorer.components.inside.slice import SLICE as INSIDE_SLICE
from explorer.core import codec, compute
from explorer.core import scene as scenes
from explorer.core.registry import View, scene
from explorer.core.run import labels as run_labels
from explorer.core.slice import Notes
from explorer.serving.cache import cache

from . import ids

ANATOMY_POINTS = 2000
"""The most iterates looked inside per run: every iterate of a display copy up to this many, else evenly spread."""

MAX_EVENTS = 20_000
"""The most rejected trials or line-search probes sent for one run; iterates beyond it say theirs were left out."""

MAX_EVENTS_PER_ITERATE = 64
"""The most events kept at one iterate (a CG search holds up to about 50 probes)."""


# ---------- the panel ----------


def panel() -> html.Details:
    """The folded panel: opening it looks inside the chosen run (and draws its step on the map)."""
    return html.Details(
        [
            html.Summary(html.H2("Inside the step")),
            html.Div(
                [
                    html.Label("run", htmlFor=ids.INSIDE_RUN),
                    dcc.Dropdown(
                        id=ids.INSIDE_RUN,
                        options=[],
                        value=None,
                        clearable=False,
                        searchable=False,
                        className="run-pick",
                    ),
                ],
                className="row inline",
            ),
            html.Div(id=ids.INSIDE_EQUATION, className="inside-equation"),
            html.Div(id=ids.INSIDE_NUMBERS, className="inside-numbers", **{"aria-live": "polite"}),
            html.P(
                "On the map, at the current iterate: the local quadratic model (its axes along the Hessian's "
                "eigenvectors, half-lengths ∝ 1/√λ; an ellipse where both λ > 0, red where λ < 0), the direction "
                "of −∇F, and the step.",
                className="note",
            ),
        ],
        id=ids.INSIDE_PANEL,
        className="inside-panel",
        open=False,
    )


def run_options(runs: list[dict]) -> list[dict]:
    labels = run_labels(runs)
    return [{"label": label, "value": r["color"]} for r, label in zip(runs, labels, strict=True)]


def chosen(runs: list[dict], inside: dict) -> dict | None:
    """The run looked inside: the one of the chosen colour, else the first."""
    if not runs:
        return None
    return next((r for r in runs if r["color"] == inside["run"]), runs[0])


def equation(algorithm: str) -> list:
    return [
        html.Div(surface.ALGORITHMS[algorithm].title, className="note"),
        dcc.Markdown(surface.ALGORITHMS[algorithm].EQUATION, mathjax=True),
    ]


# ---------- the data ----------


def packed(value: np.ndarray) -> dict:
    """An array aligned with the iterates, float32, its shape (n,) or (n, values per iterate)."""
    value = np.asarray(value, dtype=float)
    return codec.encode(value if value.ndim <= 2 else value.reshape(len(value), -1), "f4")


def flatten_events(per_iterate: list, rows) -> dict:
    """Event lists per iterate as flat float32 columns with offsets: ``at[i]:at[i + 1]`` are iterate i's events
    (``at[i] = -1`` marks an iterate whose events were left out by ``MAX_EVENTS``). ``rows(events)`` gives each
    iterate's events as an (m, c) array."""
    offsets, blocks, total = [0], [], 0
    left_out = []
    for i, events in enumerate(per_iterate):
        block = rows(events) if events else np.zeros((0, 0))
        block = block[:MAX_EVENTS_PER_ITERATE]
        if total + len(block) > MAX_EVENTS:
            left_out.append(i)
            block = block[:0]
        if len(block):
            blocks.append(block)
            total += len(block)
        offsets.append(total)
    columns = np.concatenate(blocks) if blocks else np.zeros((0, 1))
    return {"at": offsets, "rows": packed(columns), "left_out": left_out}


def trial_rows(key: str):
    """Rejected trials (VLBP's, LM's, BR's) as rows (x, y, F, α or μ)."""

    def rows(events) -> np.ndarray:
        return np.array([[*e["point"][:2], e["F"], e.get(key, np.nan)] for e in events], dtype=float)

    return rows


def probe_rows(searches) -> np.ndarray:
    """CG's line-search probes of one iterate as rows (x, y, a, F, search number)."""
    out = []
    for n, search in enumerate(searches):
        probes, points = np.asarray(search["probes"], dtype=float), np.asarray(search["points"], dtype=float)
        if len(probes):
            out.append(np.column_stack([points[:, :2], probes, np.full(len(probes), n)]))
    return np.concatenate(out) if out else np.zeros((0, 5))


def search_ends(searches) -> np.ndarray:
    """The last search of each iterate: origin (2), direction (2), bracket (2), interval (2), unbounded; NaN where
    none."""
    out = np.full((len(searches), 9), np.nan)
    for i, runs in enumerate(searches):
        if runs:
            s = runs[-1]
            bracket = s.get("bracket") or [np.nan, np.nan]
            interval = s.get("interval") or [np.nan, np.nan]
            out[i] = [*s["origin"][:2], *s["direction"][:2], *bracket, *interval, float(bool(s.get("unbounded")))]
    return out


def payload(anatomy: surface.StepAnatomy) -> dict:
    """The inside of the steps as the browser reads it: every per-iterate array packed, scalars as numbers, the
    event lists flattened (see ``flatten_events``)."""
    out = {
        "algorithm": anatomy.algorithm,
        "drawing": anatomy.drawing,
        "note": anatomy.note,
        "n": len(anatomy),
        "epoch": codec.encode(anatomy.index),
        "indefinite": packed(anatomy.indefinite.astype(float)),
    }
    for name in ("x", "F", "gradient", "hessian", "eigenvalues", "angle", "step_in", "step_out", "newton"):
        out[name] = packed(getattr(anatomy, name))
    inside, scalars = {}, {}
    for name, value in anatomy.inside.items():
        if name == "rejected":
            inside[name] = flatten_events(value, trial_rows(anatomy.trial))
        elif name == "line_search":
            inside["probes"] = flatten_events(value, probe_rows)
            inside["search"] = packed(search_ends(value))
        elif isinstance(value, np.ndarray):
            inside[name] = packed(value.astype(float))
        elif isinstance(value, int | float):
            scalars[name] = float(value)
    out["inside"], out["scalars"] = inside, scalars
    return out


def anatomy_indices(epochs: np.ndarray) -> np.ndarray:
    """The iterates looked inside: every one of the display copy's, or ``ANATOMY_POINTS`` spread evenly."""
    if len(epochs) <= ANATOMY_POINTS:
        return epochs
    return epochs[np.unique(np.linspace(0, len(epochs) - 1, ANATOMY_POINTS).round().astype(int))]


@cache.memoize()
def anatomy(algorithm, start, pair, fixed, epochs, goal, grad_tol, hyper, data, bug, window) -> dict:
    """The inside of a run's steps at the iterates of its display copy (what the map and the panel show)."""
    tr = compute.trajectory(algorithm, start, pair, fixed, epochs, goal, grad_tol, hyper, data, bug)
    shown, _ = compute.faithful_copy(tr, window)
    return payload(surface.step_anatomy(tr, anatomy_indices(shown.epoch.astype(int))))


def inside_data(scene_view, scene_runs, scene_inside) -> dict:
    """{store data, run options, the chosen colour, the equation} for the panel (no updates when it is closed)."""
    if scene_view is None:
        return dict.fromkeys(("data", "options", "value", "equation"), no_update)
    view, runs = scenes.checked_parts(scene_view, scene_runs)
    inside = INSIDE_SLICE.check(scene_inside, {"runs": runs}, Notes())
    options = run_options(runs)
    run = chosen(runs, inside)
    if run is None:
        words = html.P("Run an algorithm to look inside its steps.", className="note")
        return {"data": None, "options": options, "value": None, "equation": words}
    if not inside["open"]:
        return {"data": None, "options": options, "value": run["color"], "equation": no_update}
    data = anatomy(*compute.run_args(run, view), compute.view_window(view))
    data = {**data, "key": compute.result_key(run, view), "color": run["color"]}
    return {"data": data, "options": options, "value": run["color"], "equation": equation(run["algorithm"])}


VIEWS = (
    View(
        "inside",
        reads=scene("inside", "runs", "view"),
        writes={
            "data": (ids.INSIDE_STORE, "data"),
            "options": (ids.INSIDE_RUN, "options"),
            "value": (ids.INSIDE_RUN, "value"),
            "equation": (ids.INSIDE_EQUATION, "children"),
        },
        build=inside_data,
    ),
)


def register(app) -> None:
    app.clientside_callback(ClientsideFunction("inside", "setData"), Input(ids.INSIDE_STORE, "data"))


def stores() -> list:
    return [dcc.Store(id=ids.INSIDE_STORE)]
