"""The scene: one small, versioned, JSON-ready record of everything a person set, and its link.

A scene holds what was *asked for*, never what was computed: the view (pair, window, resolution, fixed values,
overlays, contour or 3-D, aspect, and the parts of the view its features own: the basin map's and the
learning-rate map's settings, the training set, the plane), the run *requests*, the draft (what the training
panel holds for the next run), playback, restarts, inside the step, and the preset it came from. Everything drawn
is derived from it through the cache, so a scene replays exactly: runs are deterministic.

The scene is made of slices (``core/slice.py``), each declared once by the component that owns it and registered
in order (``explorer/components/__init__.py``); this module only walks them. ``check`` is the one way in: it takes
anything (a link, an uploaded file, a preset, a hostile request body) and returns the nearest valid scene with a
message for everything it had to change. ``to_query`` and ``from_query`` write and read the link, in readable
keys, leaving out what is at its default::

    ?v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&run=sdbp,-4,-4,alpha=1.75,epochs=300000

Schema (version 1)::

    {"v": 1,
     "view": {"x": str, "y": str, "xr": [lo, hi], "yr": [lo, hi], "res": int, "fixed": {name: value},
              "overlays": [name, ...], "mode": "contour" | "3d" | "hyper" | "line", "aspect": str, "zscale": str,
              "basins": {...}, "hypermap": {...}, "data": {...}, "plane": None | {...}},
     "runs": [run request with "color", ...],       # at most 8 (core/run.py)
     "draft": run request,                          # the training panel's next run
     "playback": {"t", "speed", "loop", "clock"[, "follow"]},
     "restarts": {"on", "n", "init", "seed"},
     "inside": {"run": int | None, "open": bool},
     "preset": str | None, "predict": bool}

``fixed`` holds only the off-axis parameters whose value is not nominal, so equal scenes are equal dicts.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote

import surface

from . import registry
from .format import quote as quoted
from .limits import MAX_QUERY
from .slice import Notes

VERSION = 1


def slices():
    return registry.slices()


def default_scene() -> dict:
    scene: dict = {"v": VERSION}
    for s in slices():
        s.put(scene, s.default(scene))
    return scene


def check(raw) -> tuple[dict, list[str]]:
    """The nearest valid scene to ``raw`` (anything), and a message for every change that made it valid."""
    notes = Notes()
    if not isinstance(raw, dict):
        notes.add("", f"a scene must be a JSON object, not {type(raw).__name__}: showing the default scene")
        return default_scene(), notes
    version = raw.get("v", VERSION)
    if version != VERSION:
        notes.add("", f"scene version {quoted(version)} is not {VERSION}: read as version {VERSION}, where it could be")
    scene: dict = {"v": VERSION}
    for s in slices():
        s.put(scene, s.check(s.get(raw), scene, notes))
    return scene, notes


# ---------- the parts, as the browser's stores hold them ----------


def stores() -> tuple[str, ...]:
    """The browser's stores of a scene, one per top-level part (``view``, ``runs`` … and ``meta``)."""
    return tuple(dict.fromkeys(s.store for s in slices()))


def parts_of(scene: dict) -> dict:
    """The scene's parts by store: the view (with the parts inside it), the runs, …, and ``meta`` (the top-level
    keys: the preset and whether a prediction is asked for)."""
    out: dict = {}
    for s in slices():
        if not s.path:
            out.setdefault(s.store, {}).update(s.get(scene))
        elif len(s.path) == 1:
            out[s.store] = s.get(scene)
    return out


def from_parts(parts: dict) -> dict:
    """The scene the browser's stores hold, checked (a store is whatever a client sends; the default scene before
    the first load)."""
    raw: dict = {}
    for s in slices():
        if len(s.path) == 1 and s.store in parts:
            raw[s.path[0]] = parts[s.store]
        elif not s.path and isinstance(parts.get(s.store), dict):
            raw |= {f.name: parts[s.store][f.name] for f in s.fields if f.name in parts[s.store]}
    return check(raw)[0]


def checked_parts(view, runs) -> tuple[dict, list[dict]]:
    """The view and runs of a scene from the browser's stores, checked again (a store is what a client sends)."""
    scene, _ = check({"view": view, "runs": runs})
    return scene["view"], scene["runs"]


# ---------- the link ----------


def to_query(scene: dict) -> str:
    """The link's query (without '?') for a checked scene: readable keys, defaults left out; past ``MAX_QUERY``
    characters the parts a slice calls droppable (a training set's own points) are left out."""
    parts = [("v", str(scene["v"]))]
    for s in slices():
        parts += s.link(s.get(scene), scene)
    query = _encode(parts)
    droppable = {k for s in slices() for k in s.droppable}
    if len(query) > MAX_QUERY and any(k in droppable for k, _ in parts):
        query = _encode([(k, v) for k, v in parts if k not in droppable])
    return query


def _encode(parts) -> str:
    return "&".join(f"{k}={quote(v, safe=',=-._~+:')}" for k, v in parts)


def from_query(query: str) -> tuple[dict, list[str]]:
    """The raw scene in a link's query, and a message for each part that was dropped (``check`` does the rest)."""
    notes = Notes()
    query = (query or "").lstrip("?")
    if len(query) > MAX_QUERY:
        kept, dropped, size = [], [], 0
        for part in query.split("&"):
            size += len(part) + 1
            (kept if size <= MAX_QUERY + 1 else dropped).append(part)
        names = ", ".join(quoted(p, 24) for p in dropped[:4]) + (" …" if len(dropped) > 4 else "")
        notes.add(
            "link", f"longer than {MAX_QUERY:,} characters: its last {len(dropped)} part(s) were dropped ({names})"
        )
        query = "&".join(kept)
    owners = {key: s for s in slices() for key in s.link_keys}
    raw: dict = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        try:
            if key == "v":
                raw["v"] = int(value) if value.isdigit() else value
            elif key in owners:
                owners[key].read(key, value, raw)
            else:
                raise ValueError("not a part of a scene")
        except (ValueError, KeyError) as exc:
            notes.add("link", f"{quoted(key + '=' + value)} was dropped: {exc}")
    return raw, notes


def load_query(query: str) -> tuple[dict, list[str]]:
    """The scene a link describes, and every message about what was dropped or changed."""
    raw, notes = from_query(query)
    scene, more = check(raw)
    return scene, [*notes, *more]


# ---------- what the engine is asked ----------


def pair(scene: dict) -> tuple[str, str]:
    return scene["view"]["x"], scene["view"]["y"]


def fixed_vector(view: dict) -> tuple[float, ...]:
    """The seven parameter values the view holds fixed (nominal on the axes): the engine's ``fixed``."""
    return tuple(float(view["fixed"].get(name, v)) for name, v in zip(surface.PARAMS, surface.NOMINAL, strict=True))
