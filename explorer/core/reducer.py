"""How a scene changes: one pure function from (scene, what the controls hold, what happened) to the next scene.

``apply`` is the scene's reducer. The Dash callback that calls it (``explorer/wiring.py``) only translates: which
control fired becomes an ``Event``, the controls' current texts become ``controls``, and the returned ``Outcome``
becomes the stores, the control values to display and the messages. Each kind of event is handled by the
component that owns it (its ``handlers``); loading a whole scene (a link, Back and Forward, a file, a preset) is
handled here. Nothing here imports dash.

The rule that a new pair opens on its default window and start applies only to a person choosing a parameter; a
scene that is loaded keeps its own window.

History: a discrete step (a preset, a pair, a run added or removed, a toggle) pushes a browser history entry;
typing and sliders replace the current one; a scene read from the history itself (Back, Forward) writes none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import registry
from . import scene as scenes
from .format import number_text
from .limits import MAX_RUNS
from .registry import Event
from .run import labels, run_key


class Note(str):
    """A message that reports rather than refuses: the page shows it in its ``tone`` ("info", plain ink; "ok",
    green), where a plain string in a message slot is an error (red). It is the text itself, so it compares
    equal to it."""

    tone: str = "info"

    def __new__(cls, text: str, tone: str = "info"):
        note = super().__new__(cls, text)
        note.tone = tone
        return note


@dataclass
class Outcome:
    scene: dict
    history: str = "none"  # "push", "replace" or "none"
    messages: dict = field(default_factory=dict)  # slot -> text (an error) or a Note; only the slots to change
    controls: dict = field(default_factory=dict)  # control -> value to display; only the ones to change


def apply(scene: dict, controls: dict, event: Event) -> Outcome:
    """The next scene after ``event``, given the current ``scene`` and what the controls hold now.

    ``load`` (detail: (source, raw scene) with source "url", "history", "preset" or "file") is handled here;
    every other kind by the component that declares it (``registry.handlers``). An unknown kind changes nothing.
    The playback position is the browser's: it writes it into the address bar as the animation pauses or seeks.
    """
    handler = load if event.kind == "load" else registry.handlers().get(event.kind)
    if handler is None:
        return Outcome(scene)
    return handler(scene, controls, event.detail)


def controls_for(scene: dict) -> dict:
    """Every control's value for a scene: what a loaded scene puts on screen (each component says its own)."""
    shown: dict = {}
    for component in registry.components():
        if component.show is not None:
            shown |= component.show(scene)
    return shown


def number_box(v) -> str:
    """A number as a text box shows it: exact and short."""
    return number_text(v)


def start_controls(draft: dict) -> dict:
    """The training panel's start boxes for a draft (a new pair, a click and a typed start all set them)."""
    return {"start_x": number_box(draft["start"][0]), "start_y": number_box(draft["start"][1])}


# ---------- a whole scene, loaded ----------


def load(scene, controls, detail) -> Outcome:
    source, raw = detail
    if source in ("url", "history"):
        new, notes = scenes.load_query(raw)
    elif source == "file":
        new, notes = read_file(raw)
    else:
        new, notes = scenes.check(raw)
    what = {"url": "This link", "history": "This page", "file": "This file", "preset": "This preset"}[source]
    text = f"{what} was changed to make a valid scene: " + "; ".join(notes) + "." if notes else ""
    history = {"url": "replace", "history": "none"}.get(source, "push")
    messages = dict.fromkeys(registry.messages(), "") | {"scene": text}
    return Outcome(new, history, messages, controls_for(new))


def read_file(raw) -> tuple[dict, list[str]]:
    try:
        data = json.loads(raw)
    except (TypeError, ValueError) as exc:
        scene, notes = scenes.check(None)
        return scene, [f"it is not JSON ({str(exc)[:60]}): showing the default scene", *notes[1:]]
    except RecursionError:  # a file nested thousands deep (no scene is more than a few levels)
        scene, notes = scenes.check(None)
        return scene, ["it is nested far deeper than a scene: showing the default scene", *notes[1:]]
    return scenes.check(data)


# ---------- a run added (by Run, a click on a basin cell, a cell of the learning-rate map) ----------


def add_run(scene: dict, draft: dict) -> Outcome:
    """The scene with ``draft`` run too (in the next free colour), or a message why not."""
    runs = scene["runs"]
    key = run_key(draft)
    if any(run_key(r) == key for r in runs):
        return Outcome(scene, messages={"run": Note("This run is already on the map.")})
    if len(runs) >= MAX_RUNS:
        return Outcome(scene, messages={"run": f"At most {MAX_RUNS} runs at once: remove one first."})
    used = {r["color"] for r in runs}
    color = next(c for c in range(MAX_RUNS) if c not in used)
    new = {**scene, "runs": [*runs, {**draft, "color": color}], "draft": draft, "predict": False}
    label = labels(new["runs"])[-1]
    return Outcome(new, "push", {"run": Note(f"Added {label}.")})


def two_of(draft: dict) -> dict:
    """The request for the two on the axes alone (the maps of many starts run those: a click on a cell checks
    what the cell promised)."""
    return {k: v for k, v in draft.items() if k not in ("free", "init")}
