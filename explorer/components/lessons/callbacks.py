"""The lesson's panel: the preset's name, caption and question (the page hides outcomes while a prediction is asked
for), and whether the scene has changed since the lesson began."""

from __future__ import annotations

from dash import Input, Output, State, html

from explorer.core import ids as scene_ids
from explorer.core import scene as scenes

from . import ids
from .presets import PRESETS


def lesson_panel(meta, scene_view, scene_runs):
    """The preset's name, caption and question; the page hides outcomes while a prediction is asked for."""
    meta = meta if isinstance(meta, dict) else {}
    slug = meta.get("preset")
    predicting = meta.get("predict") is True
    shell = "shell predicting" if predicting else "shell"
    if slug not in PRESETS:
        return {"panel": [], "shell": shell}
    preset = PRESETS[slug]
    view, runs = scenes.checked_parts(scene_view, scene_runs)
    original = scenes.check(preset.scene)[0]
    changed = (view, runs) != (original["view"], original["runs"])
    children = [
        html.H2([preset.name, html.Span(" (changed since)", className="note") if changed else ""]),
        html.P(preset.caption, className="caption outcome"),
    ]
    if predicting:
        children.append(
            html.P(["Predict first: ", html.Strong(preset.prompt), " Then press ▶ Play."], className="prompt")
        )
    return {"panel": children, "shell": shell}


def register(app) -> None:
    app.callback(
        output={"panel": Output(ids.LESSON_PANEL, "children"), "shell": Output(scene_ids.SHELL, "className")},
        inputs={"meta": Input(scene_ids.SCENE_META, "data")},
        state={"scene_view": State(scene_ids.SCENE_VIEW, "data"), "scene_runs": State(scene_ids.SCENE_RUNS, "data")},
        prevent_initial_call=True,
    )(lesson_panel)
