"""The training set's controls, the planted-bug choice and the gradient check table, with their callbacks.

- **Training set** (side panel of controls): ch. 12's nominal network's outputs, ch. 11's g(p) = 1 + sin(πp/4)
  (which no 1-2-1 network fits exactly), the same with Gaussian noise (σ, seed), or a person's own (p, t) pairs
  pasted or uploaded as CSV (at most ``surface.MAX_POINTS``); the output layer log-sigmoid (ch. 12) or linear
  (ch. 11). The scene's reducer (``edits``) reads these controls; this module draws them and says, beside them,
  when a log-sigmoid output cannot reach the targets.
- **Plant a bug** (training panel): one of ``surface.BUGS``, the backpropagation pitfalls of the seed text; the
  next run follows the buggy gradient and is drawn dashed beside the correct run from the same start.
- **Gradient check** (a folded panel): at the training panel's start (the five other parameters at their
  fixed values) and for its bug, each parameter's analytic derivative, the central-difference one, their
  relative error and a flag past ``surface.gradcheck.THRESHOLD`` (``surface.gradient_check``), with the buggy
  line of backpropagation set beside the correct one.
"""

from __future__ import annotations

from dash import dcc, html, no_update

import surface
from explorer.components.widgets import boxes, message
from explorer.core import data as scene_data
from explorer.core import ids as scene_ids
from explorer.core import scene as scenes
from explorer.core import whole as scene_whole
from explorer.core.format import number_text
from explorer.core.registry import View, scene
from surface.gradcheck import THRESHOLD

from . import ids

UPLOAD_BYTES = 64_000
"""The largest CSV file the upload box takes (200 lines of two numbers need a few kB)."""


# ---------- layout ----------


def section() -> html.Section:
    """The training-set controls: the set, the output transfer function, σ and seed, a person's points."""
    default = scene_data.default_data()
    return html.Section(
        [
            html.H2("Training set"),
            dcc.Dropdown(
                id=ids.DATA_SET,
                options=[{"label": scene_data.SET_TITLES[k], "value": k} for k in scene_data.SETS],
                value=default["set"],
                clearable=False,
                searchable=False,
                className="data-set",
            ),
            html.Div(
                [
                    html.Span("output", className="label"),
                    dcc.RadioItems(
                        id=ids.DATA_OUTPUT,
                        options=[{"label": scene_data.OUTPUT_TITLES[k], "value": k} for k in scene_data.OUTPUTS],
                        value=default["output"],
                        inline=True,
                    ),
                ],
                className="row inline",
            ),
            boxes(
                ("noise σ", ids.DATA_SIGMA, number_text(default["sigma"]), "4.5em"),
                ("seed", ids.DATA_SEED, str(default["seed"]), "4.5em"),
                id=ids.DATA_NOISY_ROW,
                hidden=True,
            ),
            html.Div(
                [
                    dcc.Textarea(
                        id=ids.DATA_POINTS,
                        value="",
                        placeholder="one p, t pair a line, e.g.\n-2, 0.1\n0, 0.5\n2, 0.9",
                        className="data-points",
                        spellCheck=False,
                    ),
                    html.Div(
                        [
                            html.Button("Use these points", id=ids.DATA_APPLY, n_clicks=0, className="secondary"),
                            dcc.Upload(
                                html.Button("Upload CSV…", className="secondary", type="button"),
                                id=ids.DATA_UPLOAD,
                                accept=".csv,.txt,text/csv,text/plain",
                                max_size=UPLOAD_BYTES,
                                multiple=False,
                            ),
                        ],
                        className="row buttons",
                    ),
                    html.Div(f"At most {surface.MAX_POINTS} (p, t) pairs.", className="note"),
                ],
                id=ids.DATA_POINTS_ROW,
                hidden=True,
            ),
            message(ids.MSG_DATA),
            html.Div(id=ids.DATA_WARNING, className="message warning", role="status"),
        ],
        className="training-set",
    )


def bug_control() -> html.Div:
    """ "Plant a bug": none, or one of ``surface.BUGS`` by its one-line title."""
    options = [{"label": "none (the correct gradient)", "value": "none"}]
    options += [{"label": bug.title, "value": name} for name, bug in surface.BUGS.items()]
    return html.Div(
        [
            html.Label("Plant a bug", htmlFor=ids.BUG),
            dcc.Dropdown(
                id=ids.BUG, options=options, value="none", clearable=False, searchable=False, className="bug-pick"
            ),
            html.Div(id=ids.BUG_NOTE, className="note"),
        ],
        className="field bug",
    )


def panel() -> html.Details:
    """The folded gradient-check panel."""
    return html.Details(
        [
            html.Summary(html.H2("Gradient check")),
            html.Div(id=ids.GRADCHECK_BODY, className="gradcheck"),
        ],
        id=ids.GRADCHECK_PANEL,
        className="gradcheck-panel",
        open=False,
    )


# ---------- pure builders ----------


def check_point(view: dict, draft: dict) -> list[float]:
    """The seven parameters at the training panel's start: its two values on the axes, where the other parameters
    that train start (the whole network's panel, ``scene_whole``), the fixed values elsewhere."""
    axes, fixed = (view["x"], view["y"]), scenes.fixed_vector(view)
    x = list(fixed)
    x[surface.PARAMS.index(view["x"])] = float(draft["start"][0])
    x[surface.PARAMS.index(view["y"])] = float(draft["start"][1])
    for name, value in zip(
        scene_whole.extra_names(draft, axes), scene_whole.extra_start(draft, axes, fixed), strict=True
    ):
        x[surface.PARAMS.index(name)] = value
    return x


def number(v: float) -> str:
    return f"{v:.6g}".replace("-", "−")


def table(check: surface.GradientCheck) -> html.Table:
    """One row per parameter: analytic ∂F, central difference, relative error, and the flag."""
    head = html.Tr([html.Th(h) for h in ("", "analytic ∂F/∂x", "central difference", "relative error", "flag")])
    rows = [
        html.Tr(
            [
                html.Th(row.label, scope="row"),
                html.Td(number(row.analytic), className="mono"),
                html.Td(number(row.numerical), className="mono"),
                html.Td(f"{row.error:.1e}", className="mono"),
                html.Td(
                    "✗" if row.flagged else "✓",
                    className="flag" if row.flagged else "ok",
                    title="flagged: past the threshold" if row.flagged else "within the threshold",
                ),
            ],
            className="flagged" if row.flagged else None,
            **{"data-param": row.name, "data-flagged": "1" if row.flagged else "0"},
        )
        for row in check.rows
    ]
    return html.Table([html.Thead(head), html.Tbody(rows)], className="gradcheck-table")


def lines(bug: surface.Bug, output: str) -> html.Div:
    """The line of backpropagation the bug changes: correct, then buggy, in LaTeX (MathJax)."""
    correct, buggy = bug.lines(output, tex=True)
    text = f"Correct: $${correct}$$\n\nWith the bug: $${buggy}$$"
    return html.Div(
        [
            html.P([html.Strong(bug.title), f": {bug.pitfall}"]),
            dcc.Markdown(text, mathjax=True, className="equations"),
            html.P(bug.effect, className="note"),
        ],
        className="bug-lines",
    )


def body(view: dict, draft: dict) -> list:
    """The panel's contents for a checked view and draft."""
    bug_name = draft.get("bug")
    x = check_point(view, draft)
    try:
        check = surface.gradient_check(x, bug=bug_name, data=scene_data.training_set(scene_data.data_key(view["data"])))
    except ValueError as exc:
        return [html.P(f"The gradient could not be checked here: {str(exc)[:120]}", className="message")]
    where = ", ".join(f"{surface.LABELS[n]} = {number(v)}" for n, v in zip(surface.PARAMS, x, strict=True))
    children = [
        html.P(
            [
                "At the training panel's start (",
                html.Span(where, className="mono"),
                f"), F = {check.F:.6g}: the analytic gradient against central differences of F alone; a relative "
                f"error above the threshold {THRESHOLD:g} is flagged.",
            ],
            className="note",
        ),
        table(check),
        html.P(check.words, className="verdict " + ("ok" if check.passed else "flag")),
    ]
    if bug_name:
        bug = surface.BUGS[bug_name]
        if not bug.touches:
            children.append(
                html.P(
                    "This pitfall is in the data, not the gradient: the check passes, yet the surface itself changes.",
                    className="note",
                )
            )
        children.append(lines(bug, view["data"]["output"]))
    else:
        children.append(
            html.P("Plant a bug in the training panel to see which derivatives it breaks.", className="note")
        )
    return children


def controls_state(data_set, view) -> dict:
    """{noisy row hidden, points row hidden, the warning beside the controls} for the dropdown's set and the
    scene's view."""
    if data_set not in scene_data.SETS:
        return {"noisy": no_update, "points": no_update, "warning": no_update}
    checked = scenes.check({"view": view if isinstance(view, dict) else None})[0]["view"]
    warning = scene_data.reach_warning(checked["data"]) or ""
    return {"noisy": data_set != "noisy", "points": data_set != "points", "warning": warning}


def bug_note(bug) -> str:
    """The chosen bug's pitfall in a sentence under the dropdown."""
    if not isinstance(bug, str) or bug not in surface.BUGS:
        return ""
    b = surface.BUGS[bug]
    return f"{b.effect[:1].upper()}{b.effect[1:]}. The next run follows it: dashed, beside the correct run (solid)."


# ---------- callbacks ----------


def gradcheck_view(scene_view, scene_draft, shown) -> dict:
    """The gradient check's table, computed only while its panel is open."""
    if shown is not True:
        return {"body": no_update}
    checked = scenes.check({"view": scene_view, "draft": scene_draft})[0]
    return {"body": body(checked["view"], checked["draft"])}


VIEWS = (
    View(
        "gradcheck",
        reads={**scene("view", "draft"), "shown": (ids.GRADCHECK_PANEL, "open")},
        writes={"body": (ids.GRADCHECK_BODY, "children")},
        build=gradcheck_view,
    ),
    View(
        "data-controls",
        reads={"data_set": (ids.DATA_SET, "value"), "view": (scene_ids.SCENE_VIEW, "data")},
        writes={
            "noisy": (ids.DATA_NOISY_ROW, "hidden"),
            "points": (ids.DATA_POINTS_ROW, "hidden"),
            "warning": (ids.DATA_WARNING, "children"),
        },
        build=controls_state,
    ),
    View(
        "bug-note",
        {"bug": (ids.BUG, "value")},
        {"note": (ids.BUG_NOTE, "children")},
        lambda bug: {"note": bug_note(bug)},
    ),
)
