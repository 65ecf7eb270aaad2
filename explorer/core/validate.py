"""Parsing what people type: each function returns ``(value, None)`` or ``(None, message)``.

Messages say what is wrong and what is allowed, to be shown beside the control; callers keep the last good
state on screen when any message is returned.
"""

from __future__ import annotations

import base64
import binascii
import math

import surface
from explorer.core.format import quote
from explorer.core.limits import MAX_MAGNITUDE, MAX_RESOLUTION, MIN_RESOLUTION, MIN_WIDTH


def number(text, label: str, low: float = -MAX_MAGNITUDE, high: float = MAX_MAGNITUDE):
    """A finite float within [low, high] from typed text or a number."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None, f"{label}: enter a number"
    if isinstance(text, bool):
        return None, f"{label}: {text!r} is not a number"
    try:
        value = float(str(text).strip().replace("−", "-")) if isinstance(text, str) else float(text)
    except (TypeError, ValueError):
        return None, f"{label}: {quote(str(text))} is not a number"
    if not math.isfinite(value):
        return None, f"{label}: must be finite, not {value}"
    if not low <= value <= high:
        return None, f"{label}: must be between {low:g} and {high:g}"
    return value, None


def whole(text, label: str, low: int, high: int):
    """A whole number within [low, high]."""
    value, error = number(text, label, -math.inf, math.inf)
    if error:
        return None, error
    if value != int(value):
        return None, f"{label}: must be a whole number"
    if not low <= value <= high:
        return None, f"{label}: must be between {low:,} and {high:,}"
    return int(value), None


def window(xmin, xmax, ymin, ymax):
    """((x low, x high), (y low, y high)) with each low end below its high end."""
    values, errors = [], []
    for text, label in ((xmin, "x from"), (xmax, "x to"), (ymin, "y from"), (ymax, "y to")):
        v, e = number(text, label)
        values.append(v)
        if e:
            errors.append(e)
    if errors:
        return None, "; ".join(errors)
    x0, x1, y0, y1 = values
    for lo, hi, axis in ((x0, x1, "x"), (y0, y1, "y")):
        if not hi > lo:
            return None, f"{axis} window: the first bound must be below the second (got {lo:g} to {hi:g})"
        if hi - lo < MIN_WIDTH:
            return None, f"{axis} window: too narrow (at least {MIN_WIDTH:g} wide)"
    return ((x0, x1), (y0, y1)), None


def resolution(text):
    return whole(text, "grid points per axis", MIN_RESOLUTION, MAX_RESOLUTION)


def pair(x, y):
    """Two distinct parameter names."""
    if x not in surface.PARAMS or y not in surface.PARAMS:
        return None, "choose a parameter for each axis"
    if x == y:
        return None, "the two axes need different parameters"
    return (x, y), None


def fixed_values(texts: dict, axes: tuple[str, str]):
    """The seven parameter values: the typed ones for the five off-axis parameters, nominal on the axes."""
    values = [float(v) for v in surface.NOMINAL]
    errors = []
    for i, name in enumerate(surface.PARAMS):
        if name in axes:
            continue
        v, e = number(texts.get(name), surface.LABELS[name])
        if e:
            errors.append(e)
        else:
            values[i] = v
    if errors:
        return None, "; ".join(errors)
    return tuple(values), None


def start_point(x_text, y_text):
    x, ex = number(x_text, "start x")
    y, ey = number(y_text, "start y")
    if ex or ey:
        return None, "; ".join(e for e in (ex, ey) if e)
    return (x, y), None


def hyperparameters(algorithm: str, texts: dict):
    """The algorithm's hyperparameters from typed text, each checked against its spec."""
    cls = surface.ALGORITHMS.get(algorithm)
    if cls is None:
        return None, "choose an algorithm"
    values, errors = {}, []
    for name, spec in cls.SPEC.items():
        text = texts.get(name)
        if spec.kind == "choice":
            values[name] = text
            continue
        v, e = number(text, spec.label, -math.inf, math.inf)
        if e:
            errors.append(e)
            continue
        values[name] = v
    if errors:
        return None, "; ".join(errors)
    try:
        algo = cls.make(**values)
    except ValueError as exc:
        return None, str(exc)
    return algo.hyper(), None


def read_upload(contents) -> str | None:
    """The text of an uploaded file (a data URL), or None when it is not one."""
    if not isinstance(contents, str) or "," not in contents:
        return None
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
