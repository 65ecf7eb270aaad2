"""A callback request's body checked before Dash reads it: any body a client can send gets a 400 and one log line
when it is not the shape Dash expects, never a 500 and a traceback.

Dash reads the body of ``/_dash-update-component`` trusting its shape: nested 100,000 deep it overflows the JSON
parser's stack; an array, a string, a missing ``output``, an unknown output or ``inputs`` that is not a list make
it raise ``IndexError``, ``KeyError`` or ``TypeError``. ``problem(body, callbacks)`` says what is wrong with one,
or None for a body Dash can read.
"""

from __future__ import annotations

import json

MAX_DEPTH = 64
"""The deepest nesting of brackets a callback body may have (the page's deepest is a figure patch, about 12)."""


def depth(raw: bytes) -> int:
    """How deep the brackets of a JSON text nest (strings skipped), without parsing it."""
    deepest = level = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            level += 1
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
        elif byte in (0x5D, 0x7D):  # ] }
            level -= 1
    return deepest


def _dependency(item) -> bool:
    """A dependency as the page sends one: {"id": str or object, "property": str, ...}."""
    return isinstance(item, dict) and isinstance(item.get("id"), str | dict) and isinstance(item.get("property"), str)


def _dependencies(items) -> bool:
    """A list of dependencies, or of lists of them (a pattern-matching ALL sends a list per dependency)."""
    return isinstance(items, list) and all(
        _dependency(i) or (isinstance(i, list) and all(_dependency(j) for j in i)) for i in items
    )


def problem(raw: bytes, callbacks: dict) -> str | None:
    """What is wrong with a callback request's body (None: Dash can read it)."""
    if depth(raw) > MAX_DEPTH:
        return f"nested deeper than {MAX_DEPTH}"
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        return "not JSON"
    if not isinstance(body, dict):
        return f"a JSON {type(body).__name__}, not an object"
    output = body.get("output")
    if not isinstance(output, str):
        return "no output named"
    if output not in callbacks:
        return "an output no callback has"
    outputs = body.get("outputs")
    several = output.startswith("..")
    if callbacks[output].get("no_output"):
        if outputs not in (None, [], {}):
            return "outputs for a callback without outputs"
    elif several and not _dependencies(outputs):
        return "outputs are not a list of outputs"
    elif not several and not (_dependency(outputs) or _dependencies(outputs)):
        return "outputs are not an output"
    if not _dependencies(body.get("inputs")):
        return "inputs are not a list of inputs"
    if "state" in body and not _dependencies(body["state"]):
        return "state is not a list of states"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds is not a list of names"
    return None
