"""A part of the scene, declared once: a typed list of properties from which its default, its check and its part
of the link are all derived, as TensorFlow Playground's ``state.ts`` keeps its URL state.

A ``Field`` is one property: its name in the scene, its type (with its bounds), its default and the words that
name it in a note. A ``Slice`` is one part of the scene (``view.basins``, ``restarts``, ``playback`` …): its
fields, where it sits, and how it writes itself in a link (``Key``: one field under one key; ``Group``: several
fields under one key, comma-separated). A part whose shape no list of fields describes (the training set, the
runs) overrides the three derived methods and keeps the same protocol::

    slice.default(scene)            the part of a new scene (``scene``: the parts checked before it)
    slice.check(raw, scene, notes)  the nearest valid part to anything, with a note for every change
    slice.link(part, scene)         its (key, text) pairs in a link, nothing for what is at its default
    slice.read(key, text, raw)      one key of a link into the raw scene (a ValueError says what is wrong)

Every check never raises: a store, a link or an uploaded file is whatever a client sends.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from . import validate
from .format import number_text, quote


class Notes(list):
    """Messages about what a check changed, each naming the part it came from."""

    def add(self, where: str, text: str) -> None:
        self.append(f"{where}: {text}" if where else text)


# ---------- the checks of one value ----------


def check_number(value, where: str, low: float, high: float, notes: Notes, default):
    """``value`` as a float clamped into [low, high]; ``default`` (with a note) when it is not a finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        number = None
    else:
        try:
            number = float(str(value).strip().replace("−", "-"))
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        fallback = "dropped" if default is None else f"using {default:g}"
        notes.add(where, f"{quote(value)} is not a finite number: {fallback}")
        return default
    if number < low or number > high:
        clamped = min(max(number, low), high)
        notes.add(where, f"{number:g} is outside {low:g} to {high:g}: using {clamped:g}")
        return clamped
    return number


def check_whole(value, where: str, low: int, high: int, notes: Notes, default=None) -> int:
    """``value`` as a whole number in [low, high] (rounded, with a note); ``default`` (``low`` when None) for
    what is not a number."""
    fallback = low if default is None else default
    number = check_number(value, where, low, high, notes, fallback)
    if number != int(number):
        notes.add(where, f"{number:g} is not a whole number: using {round(number)}")
    return round(number)


def check_choice(value, choices, where: str, notes: Notes):
    if value in choices:
        return value
    notes.add(where, f"{quote(value)} is not one of {', '.join(choices)}: using {choices[0]}")
    return choices[0]


def check_choices(value, choices, where: str, notes: Notes, default) -> list:
    """The members of ``value`` that are among ``choices``, in the choices' order; a note for each other one."""
    if not isinstance(value, list | tuple):
        notes.add(where, f"{quote(value)} is not a list: using the default")
        return list(default)
    for v in value:
        if v not in choices:
            notes.add(where, f"{quote(v)} is not one of {', '.join(choices)}: ignored")
    return [c for c in choices if c in value]


def check_range(raw, where: str, notes: Notes, low: float, high: float, min_width: float) -> list[float] | None:
    """[lo, hi] with lo < hi, both within [low, high] and at least ``min_width`` apart; None (with a note)."""
    if not isinstance(raw, list | tuple) or len(raw) != 2:
        notes.add(where, f"{quote(raw)} is not two numbers: using the default")
        return None
    lo, hi = (check_number(v, where, low, high, notes, None) for v in raw)
    if lo is None or hi is None:
        return None
    if not hi - lo >= min_width:
        notes.add(where, f"{lo:g} to {hi:g} is not a range from low to high: using the default")
        return None
    return [lo, hi]


# ---------- the types of a property ----------


@dataclass(frozen=True)
class Number:
    """A finite float in [low, high]; out of range is clamped, what is not a number takes the default."""

    low: float
    high: float

    def check(self, value, where: str, notes: Notes, default):
        return check_number(value, where, self.low, self.high, notes, default)

    def text(self, value) -> str:
        return number_text(value)

    def from_control(self, text, label: str):
        return validate.number(text, label, self.low, self.high)


@dataclass(frozen=True)
class Whole(Number):
    """A whole number in [low, high]; what is not a number becomes ``low`` unless the field says otherwise."""

    fallback: int | None = None

    def check(self, value, where: str, notes: Notes, default):
        return check_whole(value, where, int(self.low), int(self.high), notes, self.fallback)

    def text(self, value) -> str:
        return str(value)

    def from_control(self, text, label: str):
        return validate.whole(text, label, int(self.low), int(self.high))


@dataclass(frozen=True)
class Choice:
    """One of ``choices``; anything else becomes the first (the default)."""

    choices: tuple[str, ...]

    def check(self, value, where: str, notes: Notes, default):
        return check_choice(value, self.choices, where, notes)

    def text(self, value) -> str:
        return value

    def from_control(self, value, label: str):
        return (value, None) if value in self.choices else (None, None)  # a choice not on offer changes nothing


@dataclass(frozen=True)
class Choices:
    """Any of ``choices`` (a list kept in the choices' order); ``choices`` may be a function that lists them."""

    choices: tuple[str, ...] | Callable[[], Sequence[str]]

    def options(self) -> tuple[str, ...]:
        return tuple(self.choices() if callable(self.choices) else self.choices)

    def check(self, value, where: str, notes: Notes, default):
        return check_choices(value, self.options(), where, notes, default)

    def text(self, value) -> str:
        return ",".join(value)

    def parse(self, text: str) -> list[str]:
        return [v for v in text.split(",") if v]


@dataclass(frozen=True)
class Flag:
    """True or false: in a link ``1`` (also ``true``, ``yes``); only ``True`` itself counts as on in a scene."""

    strict: bool = False  # a value that is not a bool is said (else it is quietly off)
    words: str = "off"

    def check(self, value, where: str, notes: Notes, default):
        if self.strict and not isinstance(value, bool):
            notes.add(where, f"{quote(value)} is not true or false: {self.words}")
            return False
        return value is True

    def text(self, value) -> str:
        return "1"

    def parse(self, text: str) -> bool:
        return text in ("1", "true", "yes")

    def from_control(self, value, label: str):
        """A checklist of one option: on while it is ticked."""
        return (bool(value), None) if isinstance(value, list) else (None, None)


@dataclass(frozen=True)
class Range:
    """[low end, high end] of numbers within [low, high], at least ``min_width`` apart; else the default."""

    low: float
    high: float
    min_width: float = 0.0

    def check(self, value, where: str, notes: Notes, default):
        checked = check_range(value, where, notes, self.low, self.high, self.min_width)
        return list(default) if checked is None else checked

    def text(self, value) -> str:
        return ",".join(map(number_text, value))

    def parse(self, text: str) -> list[str]:
        return text.split(",")  # the check says when it is not two numbers


# ---------- a property, and how a part writes itself in a link ----------


@dataclass(frozen=True)
class Field:
    """One property of a part: its ``name`` in the scene, its ``type``, its ``default`` (or a function of the scene
    checked so far and of the part's fields before it) and ``where``, the words a note names it by."""

    name: str
    type: Any
    default: Any
    where: str
    omit_default: bool = False  # absent from the part while at its default (a part stays as it was before it)
    control: str | None = None  # the control that edits it (its name in the reducer's ``controls``)
    label: str | None = None  # the words that name it beside that control (``where`` when None)
    toggle: bool = False  # a change of it is a step of its own in the browser's history (else it replaces)

    def default_for(self, scene: dict, part: dict):
        value = self.default(scene, part) if callable(self.default) else self.default
        return list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value


@dataclass(frozen=True)
class Key:
    """A field under a key of its own (``always``: written even at its default)."""

    key: str
    field: str
    always: bool = False


@dataclass(frozen=True)
class Each:
    """A mapping field written one key per entry (its keys among ``keys``), in the field's own order."""

    field: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """Several fields under one key, comma-separated, written when any of them is not at its default."""

    key: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Slice:
    """One part of the scene: see the module's docstring.

    ``path`` is where it sits: ``("restarts",)`` a part of its own, ``("view", "basins")`` inside another part,
    ``()`` top-level keys of the scene itself. ``title`` names the whole part in a note; ``fallback`` says what a
    part that is not a JSON object becomes. ``store`` is the browser's store that holds it (the first step of its
    path, unless said).
    """

    name: str
    path: tuple[str, ...]
    fields: tuple[Field, ...] = ()
    links: tuple[Key | Each | Group, ...] = ()
    title: str = ""
    fallback: str = "its defaults are used"
    store: str = ""
    droppable: tuple[str, ...] = ()  # link keys left out first when the link would pass its length limit
    keys: tuple[str, ...] = ()  # the link keys of a part that writes and reads itself (no ``links``)

    def __post_init__(self):
        if not self.store:
            object.__setattr__(self, "store", self.path[0] if self.path else "meta")
        names = {f.name for f in self.fields}
        linked = [n for spec in self.links for n in (spec.fields if isinstance(spec, Group) else (spec.field,))]
        unknown = set(linked) - names
        if unknown:
            raise ValueError(f"slice {self.name}: its link names no field {', '.join(sorted(unknown))}")

    @property
    def link_keys(self) -> tuple[str, ...]:
        derived = (k for spec in self.links for k in (spec.keys if isinstance(spec, Each) else (spec.key,)))
        return (*self.keys, *derived)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def default(self, scene: dict | None = None) -> dict:
        part: dict = {}
        for f in self.fields:
            if not f.omit_default:
                part[f.name] = f.default_for(scene or {}, part)
        return part

    def check(self, raw, scene: dict, notes: Notes) -> dict:
        if raw is None:
            return self.default(scene)
        if not isinstance(raw, dict):
            notes.add(self.title, f"not a JSON object: {self.fallback}")
            return self.default(scene)
        return self.check_fields(raw, scene, notes)

    def check_fields(self, raw: dict, scene: dict, notes: Notes) -> dict:
        """Each field of a raw part (a dict) checked in order: given ones by their type, missing ones at defaults."""
        part: dict = {}
        for f in self.fields:
            default = f.default_for(scene, part)
            value = f.type.check(raw[f.name], f.where, notes, default) if f.name in raw else default
            if not (f.omit_default and value == default):
                part[f.name] = value
        return part

    def read_controls(self, controls: dict, old: dict) -> tuple[dict, str]:
        """The part as its controls ask now (each field bound to a control): a box that does not parse keeps its
        old value, and the message says why (every such message, joined)."""
        part, errors = dict(old), []
        for f in self.fields:
            if f.control is None or f.control not in controls:
                continue
            value, error = f.type.from_control(controls[f.control], f.label or f.where)
            if error:
                errors.append(error)
            elif value is not None:
                part[f.name] = value
        return part, "; ".join(errors)

    def history(self, old: dict, new: dict) -> str:
        """How a change of this part enters the browser's history: a toggle pushes a step, typing replaces it."""
        if any(f.toggle and old.get(f.name) != new.get(f.name) for f in self.fields):
            return "push"
        return "replace" if new != old else "none"

    def link(self, part: dict, scene: dict) -> list[tuple[str, str]]:
        default, out = {f.name: f.default_for(scene, part) for f in self.fields}, []
        for spec in self.links:
            if isinstance(spec, Key):
                f = self.field(spec.field)
                value = part.get(f.name, default[f.name])
                if spec.always or value != default[f.name]:
                    out.append((spec.key, f.type.text(value)))
            elif isinstance(spec, Each):
                f = self.field(spec.field)
                out += [(name, f.type.text(value)) for name, value in part[f.name].items()]
            elif any(part[n] != default[n] for n in spec.fields):
                out.append((spec.key, ",".join(self.field(n).type.text(part[n]) for n in spec.fields)))
        return out

    def read(self, key: str, text: str, raw: dict) -> None:
        """The link's ``key`` into the raw scene ``raw`` (its part made as needed); a ValueError when broken."""
        part = self.raw_part(raw)
        for spec in self.links:
            if isinstance(spec, Key) and spec.key == key:
                f = self.field(spec.field)
                part[f.name] = f.type.parse(text) if hasattr(f.type, "parse") else text
                return
            if isinstance(spec, Each) and key in spec.keys:
                part.setdefault(spec.field, {})[key] = text
                return
            if isinstance(spec, Group) and spec.key == key:
                values = text.split(",")
                if len(values) != len(spec.fields):
                    example = ",".join(self.field(n).type.text(self.field(n).default_for({}, {})) for n in spec.fields)
                    count = {2: "two", 3: "three"}.get(len(spec.fields), str(len(spec.fields)))
                    raise ValueError(f"needs {count} values, e.g. {example}")
                part.update(zip(spec.fields, values, strict=True))
                return
        raise ValueError("not a part of a scene")

    def raw_part(self, raw: dict) -> dict:
        """This part of a raw scene being read from a link, made (as an empty dict) where it is not yet."""
        part = raw
        for step in self.path:
            if not isinstance(part.get(step), dict):
                part[step] = {}
            part = part[step]
        return part

    # ---------- where the part sits in a scene ----------

    def get(self, scene: dict):
        """This part of a scene (``path == ()``: a dict of the top-level keys it has of this part's fields)."""
        if not self.path:
            return {f.name: scene[f.name] for f in self.fields if f.name in scene} if isinstance(scene, dict) else None
        part = scene
        for step in self.path:
            part = part.get(step) if isinstance(part, dict) else None
        return part

    def put(self, scene: dict, part) -> None:
        """Set this part of ``scene`` in place."""
        if not self.path:
            scene.update(part)
            return
        target = scene
        for step in self.path[:-1]:
            target = target.setdefault(step, {})
        target[self.path[-1]] = part


__all__ = [
    "Choice",
    "Choices",
    "Each",
    "Field",
    "Flag",
    "Group",
    "Key",
    "Notes",
    "Number",
    "Range",
    "Slice",
    "Whole",
    "check_choice",
    "check_choices",
    "check_number",
    "check_range",
    "check_whole",
]
