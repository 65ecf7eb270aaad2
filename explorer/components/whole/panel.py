"""The training panel's share of the whole network: which other parameters train, and where they start (ch. 12).

``panel`` lays it out (a tick per parameter, an "all seven" shortcut, the start's method, its seed and typed
values); ``controls`` gives what its controls show for a draft and ``read`` turns what they hold back into the
draft's ``free`` and ``init`` (``scene_whole`` checks them again). Nothing here calls the engine.
"""

from __future__ import annotations

from dash import dcc, html

import surface
from explorer.components.widgets import labelled, text_input
from explorer.core import validate
from explorer.core import whole as scene_whole
from explorer.core.format import quote

from . import ids

VALUES_HINT = "e.g. b2=0.5 b1_1=-1"
"""What the typed box's placeholder says; it also takes seven numbers, or the five off the axes, in order."""


def controls(draft: dict) -> dict:
    """What the panel's controls show for ``draft`` (a run request)."""
    init = draft.get("init") or {"method": "nominal"}
    values = init.get("values", {}) if init["method"] == "typed" else {}
    return {
        "whole_free": list(draft.get("free", [])),
        "whole_init": init["method"],
        "whole_seed": str(init.get("seed", 0)),
        "whole_values": " ".join(f"{p}={values[p]:.10g}" for p in surface.PARAMS if p in values),
    }


def read(controls: dict) -> tuple[dict, str]:
    """The draft's ``free`` and ``init`` from the panel (empty for two parameters from the map's values), and a
    message when a box holds something that cannot be read (then that part is left out)."""
    axes = (controls.get("x"), controls.get("y"))
    ticked = controls.get("whole_free")
    free = [p for p in surface.PARAMS if isinstance(ticked, list) and p in ticked and p not in axes]
    if not free:
        return {}, ""
    method = controls.get("whole_init")
    method = method if method in scene_whole.METHODS else "nominal"
    out: dict = {"free": free}
    if method in ("small", "nguyen_widrow"):
        seed, error = validate.whole(controls.get("whole_seed"), "seed", 0, scene_whole.MAX_SEED)
        if error:
            return out, error
        out["init"] = {"method": method, "seed": seed}
    elif method == "typed":
        values, error = read_values(controls.get("whole_values"), axes)
        if error:
            return out, error
        kept = {k: v for k, v in values.items() if k in free}  # the axes' start is the start (typed_start)
        if kept:
            out["init"] = {"method": "typed", "values": kept}
    return out, ""


def read_values(text, axes) -> tuple[dict, str]:
    """Typed starting values, name -> value: seven numbers (the axes' two become the run's start, see
    ``typed_start``), the five off the axes, in the order w¹₁,₁ w¹₂,₁ b¹₁ b¹₂ w²₁,₁ w²₁,₂ b², or named values
    (``b1_1=0.5 b2=-1``)."""
    if not isinstance(text, str) or not text.strip():
        return {}, "the other parameters' start: type seven numbers, the five off the axes, or b2=0.5 b1_1=-1"
    items = text.replace(",", " ").replace(";", " ").split()
    others = [p for p in surface.PARAMS if p not in axes]
    if any("=" in item for item in items):  # named: b1_1=0.5 b2=-1
        pairs = [item.partition("=") for item in items]
        bad = [name for name, _, _ in pairs if name not in surface.PARAMS]
        if bad:
            return {}, f"the other parameters' start: {quote(bad[0])} is not one of {', '.join(surface.PARAMS)}"
        names, items = [name for name, _, _ in pairs], [value for _, _, value in pairs]
    elif len(items) == len(surface.PARAMS):
        names = list(surface.PARAMS)
    elif len(items) == len(others):
        names = others
    else:
        words = [item for item in items if validate.number(item, "a value")[1]]
        if words:
            return {}, f"the other parameters' start: {quote(words[0])} is not a number"
        return {}, f"the other parameters' start: {len(items)} numbers typed; type seven, or the five off the axes"
    values = {}
    for name, item in zip(names, items, strict=True):
        v, error = validate.number(item, f"start of {surface.LABELS[name]}")
        if error:
            return {}, error
        values[name] = v
    return values, ""


def typed_start(controls: dict) -> list[float] | None:
    """The axes' two values when the typed start gives them (seven numbers, or both named): the run's start."""
    axes = (controls.get("x"), controls.get("y"))
    if controls.get("whole_init") != "typed" or None in axes:
        return None
    values, error = read_values(controls.get("whole_values"), axes)
    if error or not all(a in values for a in axes):
        return None
    return [values[a] for a in axes]


def panel() -> html.Details:
    """The folded section of the training panel: tick the other parameters that train, and their start."""
    return html.Details(
        [
            html.Summary("Train more parameters (the whole network)"),
            html.Div(
                [
                    dcc.Checklist(
                        id=ids.WHOLE_FREE,
                        options=free_options(("w1_11", "w2_11")),
                        value=[],
                        inline=True,
                        className="check whole-free",
                    ),
                    html.Button(
                        "all seven", id=ids.WHOLE_ALL, n_clicks=0, className="secondary", title="train all seven"
                    ),
                ],
                className="row",
            ),
            html.Div(
                [
                    html.Label("the others start at", htmlFor=ids.WHOLE_INIT),
                    dcc.Dropdown(
                        id=ids.WHOLE_INIT,
                        options=[{"label": t, "value": m} for m, t in scene_whole.METHOD_TITLES.items()],
                        value="nominal",
                        clearable=False,
                        searchable=False,
                        className="whole-init",
                    ),
                ],
                className="field",
            ),
            html.Div(
                [
                    labelled("seed", text_input(ids.WHOLE_SEED, "0", width="4em"), html_for=ids.WHOLE_SEED),
                    labelled(
                        "typed",
                        text_input(ids.WHOLE_VALUES, "", width="14em", placeholder=VALUES_HINT),
                        html_for=ids.WHOLE_VALUES,
                    ),
                ],
                className="row",
            ),
            html.P(
                "The two on the axes start where you click (or at the first two of seven typed values). The path is "
                "drawn projected on the map; under the loss curve, dotted, F of the map's slice under it.",
                className="note",
            ),
        ],
        className="whole-panel",
    )


def free_options(axes) -> list[dict]:
    """A tick per parameter; the two on the axes always train, so theirs are ticked off as 'on the map'."""
    return [{"label": f" {surface.LABELS[p]}", "value": p, "disabled": p in axes} for p in surface.PARAMS]
