"""What shape each control's value has as the page sends it, and the check that refuses any other.

A control's value reaches the server as JSON the client wrote, so it may be anything. What the page itself sends
has one shape per control, the shape it shows for a scene (``reducer.controls_for``): a text box or a menu sends
text (or a number, or nothing), a checklist a short list of texts, a switch true or false, a slider a number; a
group of controls (the fixed values, the hyperparameters) a list of such texts; a menu, radio buttons or a
checklist one of its options (or a list of them). ``wrong`` names the first value that has none of its control's
shape, so the scene's callback can change nothing and say so where the control is.
"""

from __future__ import annotations

import functools
import math

from . import reducer
from . import scene as scenes

MAX_ITEMS = 100
"""The most entries a checklist's value may have (the longest, the overlays, has a handful)."""

MAX_TEXT = 100_000
"""The longest text a control may send (a pasted training set is the longest legitimate one, a few kB)."""


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _text(value) -> bool:
    return value is None or _number(value) or (isinstance(value, str) and len(value) <= MAX_TEXT)


def _list(value) -> bool:
    return (
        isinstance(value, list) and len(value) <= MAX_ITEMS and all(isinstance(v, str) and len(v) <= 100 for v in value)
    )


def _flag(value) -> bool:
    return value is None or isinstance(value, bool)


SHAPES = {"text": _text, "list": _list, "flag": _flag, "number": lambda v: v is None or _number(v)}
"""Each shape's test."""

WORDS = {"text": "a text", "list": "a list of choices", "flag": "true or false", "number": "a number"}


def shape_of(shown) -> str:
    """The shape of what a control shows: ``text``, ``list``, ``flag`` or ``number``."""
    if isinstance(shown, bool):
        return "flag"
    if isinstance(shown, list):
        return "list"
    if _number(shown):
        return "number"
    return "text"


@functools.cache
def shapes() -> dict[str, str]:
    """Every control's shape, by name, from what the controls show for the default scene (a group's: its
    entries'; a control shown for no scene: text)."""
    return {name: shape_of(shown) for name, shown in reducer.controls_for(scenes.default_scene()).items()}


def options_of(layout) -> dict:
    """The options of every menu, radio group and checklist in a page's ``layout`` that has them, by id: what
    such a control may send (one of them, or for a checklist a list of them)."""
    found: dict = {}
    for node in [layout, *layout._traverse()]:  # Dash's own walk over a layout's components
        options = getattr(node, "options", None)
        if isinstance(getattr(node, "id", None), str) and options:
            found[node.id] = {o["value"] if isinstance(o, dict) else o for o in options}
    return found


def wrong(controls: dict, groups: dict, options: dict | None = None) -> tuple[str, str] | None:
    """(the control's name, what it should hold) for the first value of ``controls`` that has the wrong shape,
    or None. ``groups`` holds the pattern-matching groups' values as the page sent them (lists, one per id);
    ``options`` each choosing control's options, by name (``options_of``)."""
    known, options = shapes(), options or {}
    for name, value in controls.items():
        if name in groups:
            continue
        shape = known.get(name, "text")
        if not SHAPES[shape](value):
            return name, WORDS[shape]
        allowed = options.get(name)
        if allowed and value is not None:
            chosen = value if isinstance(value, list) else [value]
            if any(v not in allowed for v in chosen):
                listed = ", ".join(sorted(map(str, allowed))[:8])
                return name, f"{'some' if isinstance(value, list) else 'one'} of {listed}"
    for name, values in groups.items():
        if values is not None and not (isinstance(values, list) and all(_text(v) for v in values)):
            return name, "a list of texts"
    return None
