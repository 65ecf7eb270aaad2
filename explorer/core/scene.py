"""The scene: one small, versioned, JSON-ready record of everything a person set, and its link.

A scene holds what was *asked for*, never what was computed: the view (pair, window, resolution, fixed values,
overlays, contour or 3-D, aspect), the run *requests* (algorithm, start, every hyperparameter, epochs, goal,
gradient tolerance, colour), the draft (what the training panel holds for the next run), playback (position,
speed, loop, clock) and the preset it came from. Everything drawn is derived from it through the cache, so a
scene replays exactly: runs are deterministic.

``check`` is the one way in: it takes anything (a link, an uploaded file, a preset, a hostile request body) and
returns the nearest valid scene with a message for everything it had to change. ``to_query`` and
``from_query`` write and read the link, in readable keys::

    ?v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&run=sdbp,-4,-4,alpha=1.75,epochs=300000

and, on another training set with a planted bug (``scene_data`` reads and writes ``data=`` and ``pts=``)::

    ?v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&data=sine,purelin&run=sdbp,-4,-4,alpha=0.5,epochs=3000,bug=output_sign

Schema (version 1)::

    {"v": 1,
     "view": {"x": str, "y": str, "xr": [lo, hi], "yr": [lo, hi], "res": int, "fixed": {name: value},
              "overlays": [name, ...], "mode": "contour" | "3d", "aspect": "auto" | "equal" | "free",
              "zscale": "linear" | "log",
              "data": {...the training set: scene_data.py},
              "plane": None | {"kind", "through", "run", "seed", "second"}},   # scene_planes.py; None: the pair
     "runs": [{"algorithm": str, "start": [x, y], "hyper": {name: value}, "epochs": int, "goal": float,
               "grad_tol": float, "color": int,
               "free": [name, ...], "init": {"method", "seed" | "values"},       # scene_whole.py
               "bug": str}, ...],            # at most 8; "bug" only when planted
     "draft": {... a run without "color" ...},
     "playback": {"t": float, "speed": float, "loop": bool, "clock": "epochs" | "log" | "evals",
                  "follow": true},      # the slice follows the iterate (absent when off)
     "restarts": {"on": bool, "n": int, "init": "uniform" | "small", "seed": int},
     "inside": {"run": int | None, "open": bool},   # the run looked inside (its colour; None: the first run)
     "preset": str | None, "predict": bool}

``fixed`` holds only the off-axis parameters whose value is not nominal, so equal scenes are equal dicts.
"""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qsl, quote

import surface
from explorer.components.data import slice as scene_data
from explorer.components.planes import slice as scene_planes
from explorer.components.whole import slice as scene_whole
from explorer.core.limits import (
    DEFAULT_EPOCHS,
    EPOCH_CAPS,
    MAX_GOAL,
    MAX_GRAD_TOL,
    MAX_MAGNITUDE,
    MAX_QUERY,
    MAX_RESOLUTION,
    MAX_RUNS,
    MIN_RESOLUTION,
    MIN_WIDTH,
)
from explorer.core.limits import quote as quoted

VERSION = 1
DEFAULT_PAIR = ("w1_11", "w2_11")
DEFAULT_RESOLUTION = 250
DEFAULT_ALGORITHM = "sdbp"
DEFAULT_GOAL = 0.0
DEFAULT_GRAD_TOL = 1e-8

OVERLAYS = ("critical", "basins", "condition", "nonconvex", "stability", "field")
"""Map overlays a scene can switch on, in the order a link lists them. The map draws them bottom up: where each
start ends, the condition number, where F is not convex, where a fixed step is unstable, the gradient field, and
the stationary points on top (``curvature_view`` draws the four curvature overlays)."""
DEFAULT_OVERLAYS = ["critical"]
MODES = ("contour", "3d", "hyper", "line")
SHADES = ("destination", "epochs")
INITS = ("uniform", "small")
HYPER_AXES = ("gamma", "line")
ASPECTS = ("auto", "equal", "free")
ZSCALES = ("linear", "log")
CLOCKS = ("epochs", "log", "evals")
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
STOP_KEYS = ("epochs", "goal", "grad_tol")
PRESET_NAME = re.compile(r"^[a-z0-9-]{1,40}$")


# ---------- defaults ----------


def default_start(xr, yr) -> list[float]:
    """5% in from the window's lower-left corner: (−4, −4) on the book's map, the start of its trajectory 'a'."""
    return [round(xr[0] + 0.05 * (xr[1] - xr[0]), 6), round(yr[0] + 0.05 * (yr[1] - yr[0]), 6)]


def default_basins() -> dict:
    """Where each start ends: a grid of starts over the window, each run for ``epochs`` with the training panel's
    algorithm and hyperparameters, cells shaded by destination or by the epochs it needed."""
    return {"cells": 60, "epochs": 1000, "shade": "destination"}


def default_hypermap() -> dict:
    """The learning-rate map: α on a log scale across, against γ or the start's position along a line from the
    training panel's start to ``line`` (None: to the window's far corner), each cell run for ``epochs``."""
    return {"alpha": [1e-3, 100.0], "y": "gamma", "gamma": [0.0, 0.98], "line": None, "cells": 40, "epochs": 2000}


def default_restarts() -> dict:
    """Random restarts of the scene's runs: ``n`` starts each, uniform in the window or small (in [−1, 1])."""
    return {"on": False, "n": 50, "init": "uniform", "seed": 0}


def default_view(x: str = DEFAULT_PAIR[0], y: str = DEFAULT_PAIR[1]) -> dict:
    xr, yr = surface.default_window(x, y)
    return {
        "x": x,
        "y": y,
        "xr": list(xr),
        "yr": list(yr),
        "res": DEFAULT_RESOLUTION,
        "fixed": {},
        "overlays": list(DEFAULT_OVERLAYS),
        "mode": "contour",
        "aspect": "auto",
        "zscale": "linear",
        "basins": default_basins(),
        "hypermap": default_hypermap(),
        "data": scene_data.default_data(),
        "plane": None,
    }


def default_hyper(algorithm: str) -> dict:
    return dict(surface.ALGORITHMS[algorithm].defaults())


def default_draft(view: dict, algorithm: str = DEFAULT_ALGORITHM) -> dict:
    return {
        "algorithm": algorithm,
        "start": default_start(view["xr"], view["yr"]),
        "hyper": default_hyper(algorithm),
        "epochs": DEFAULT_EPOCHS[algorithm],
        "goal": DEFAULT_GOAL,
        "grad_tol": DEFAULT_GRAD_TOL,
    }


def default_playback() -> dict:
    return {"t": 0.0, "speed": 1.0, "loop": False, "clock": "epochs"}


def default_inside() -> dict:
    """Inside the step: which run is looked inside (a run's colour; None for the first run on the map) and whether
    the panel is open (then that run's step is also drawn on the map)."""
    return {"run": None, "open": False}


def default_scene() -> dict:
    view = default_view()
    return {
        "v": VERSION,
        "view": view,
        "runs": [],
        "draft": default_draft(view),
        "playback": default_playback(),
        "restarts": default_restarts(),
        "inside": default_inside(),
        "preset": None,
        "predict": False,
    }


# ---------- the checker ----------


class Notes(list):
    """Messages about what a check changed, each naming the part it came from."""

    def add(self, where: str, text: str) -> None:
        self.append(f"{where}: {text}" if where else text)


def check(raw) -> tuple[dict, list[str]]:
    """The nearest valid scene to ``raw`` (anything), and a message for every change that made it valid."""
    notes = Notes()
    if not isinstance(raw, dict):
        notes.add("", f"a scene must be a JSON object, not {type(raw).__name__}: showing the default scene")
        return default_scene(), notes
    version = raw.get("v", VERSION)
    if version != VERSION:
        shown = quoted(version)
        notes.add("", f"scene version {shown} is not {VERSION}: read as version {VERSION}, where it could be")
    view = check_view(raw.get("view"), notes)
    runs = check_runs(raw.get("runs"), notes)
    draft_raw = raw.get("draft")
    if draft_raw is None:
        draft = {k: v for k, v in runs[-1].items() if k != "color"} if runs else default_draft(view)
    else:
        draft = check_run(draft_raw, "the training panel", notes) or default_draft(view)
        draft.pop("color", None)
    axes = (view["x"], view["y"])  # the whole network: the axes always train (scene_whole.py)
    runs = scene_whole.normalise_runs(runs, axes, run_key, notes)
    draft = scene_whole.normalise(draft, axes)
    return {
        "v": VERSION,
        "view": view,
        "runs": runs,
        "draft": draft,
        "playback": check_playback(raw.get("playback"), notes),
        "restarts": check_restarts(raw.get("restarts"), notes),
        "inside": check_inside(raw.get("inside"), runs, notes),
        "preset": check_preset(raw.get("preset"), notes),
        "predict": raw.get("predict") is True,
    }, notes


def check_view(raw, notes: Notes) -> dict:
    if not isinstance(raw, dict):
        if raw is not None:
            notes.add("view", "not a JSON object: showing the default view")
        return default_view()
    x, y = raw.get("x", DEFAULT_PAIR[0]), raw.get("y", DEFAULT_PAIR[1])
    if x not in surface.PARAMS or y not in surface.PARAMS or x == y:
        notes.add("axes", f"{quoted(x)} and {quoted(y)} are not two different parameters: showing w¹₁,₁ and w²₁,₁")
        x, y = DEFAULT_PAIR
    view = default_view(x, y)
    for key, axis in (("xr", "x"), ("yr", "y")):
        if key in raw:
            window = check_range(raw[key], f"{axis} window", notes)
            if window is not None:
                view[key] = window
    if "res" in raw:
        view["res"] = check_whole(raw["res"], "grid points per axis", MIN_RESOLUTION, MAX_RESOLUTION, notes)
    view["fixed"] = check_fixed(raw.get("fixed", {}), (x, y), notes)
    view["overlays"] = check_choices(raw.get("overlays", DEFAULT_OVERLAYS), OVERLAYS, "overlays", notes)
    view["mode"] = check_choice(raw.get("mode", "contour"), MODES, "view", notes)
    view["aspect"] = check_choice(raw.get("aspect", "auto"), ASPECTS, "aspect", notes)
    view["zscale"] = check_choice(raw.get("zscale", "linear"), ZSCALES, "3-D scale", notes)
    view["basins"] = check_basins(raw.get("basins"), notes)
    view["hypermap"] = check_hypermap(raw.get("hypermap"), notes)
    view["data"] = scene_data.check_data(raw.get("data"), notes)
    view["plane"] = scene_planes.check_plane(raw.get("plane"), notes)
    return view


BASIN_CELLS = (10, 120)
BASIN_EPOCHS = 20_000
HYPER_CELLS = (5, 80)
HYPER_EPOCHS = 20_000
RESTART_STARTS = (2, 500)
RESTART_WORK = 20_000_000
"""Bounds of the maps of many starts: cells per axis, epochs per start, restarts, and starts × epochs at most."""


def check_basins(raw, notes: Notes) -> dict:
    basins = default_basins()
    if raw is None:
        return basins
    if not isinstance(raw, dict):
        notes.add("basin map", "not a JSON object: its defaults are used")
        return basins
    basins["cells"] = check_whole(raw.get("cells", basins["cells"]), "basin cells per axis", *BASIN_CELLS, notes)
    basins["epochs"] = check_whole(raw.get("epochs", basins["epochs"]), "basin epochs", 1, BASIN_EPOCHS, notes)
    basins["shade"] = check_choice(raw.get("shade", basins["shade"]), SHADES, "basin shading", notes)
    return basins


def check_hypermap(raw, notes: Notes) -> dict:
    hmap = default_hypermap()
    if raw is None:
        return hmap
    if not isinstance(raw, dict):
        notes.add("learning-rate map", "not a JSON object: its defaults are used")
        return hmap
    if "alpha" in raw:
        alpha = check_range(raw["alpha"], "learning-rate map α", notes, low=1e-12, high=1e6)
        if alpha is not None:
            hmap["alpha"] = alpha
    hmap["y"] = check_choice(raw.get("y", hmap["y"]), HYPER_AXES, "learning-rate map axis", notes)
    if "gamma" in raw:
        gamma = check_range(raw["gamma"], "learning-rate map γ", notes, low=0.0, high=0.999)
        if gamma is not None:
            hmap["gamma"] = gamma
    line = raw.get("line")
    if line is not None:
        if isinstance(line, list | tuple) and len(line) == 2:
            end = [
                check_number(v, "learning-rate map line end", -MAX_MAGNITUDE, MAX_MAGNITUDE, notes, None) for v in line
            ]
            hmap["line"] = None if None in end else end
        else:
            notes.add("learning-rate map line end", f"{quoted(line)} is not two numbers: to the window's corner")
    hmap["cells"] = check_whole(raw.get("cells", hmap["cells"]), "learning-rate map cells", *HYPER_CELLS, notes)
    hmap["epochs"] = check_whole(raw.get("epochs", hmap["epochs"]), "learning-rate map epochs", 1, HYPER_EPOCHS, notes)
    return hmap


def check_restarts(raw, notes: Notes) -> dict:
    restarts = default_restarts()
    if raw is None:
        return restarts
    if not isinstance(raw, dict):
        notes.add("restarts", "not a JSON object: off")
        return restarts
    on = raw.get("on", False)
    restarts["on"] = on is True
    restarts["n"] = check_whole(raw.get("n", restarts["n"]), "restarts", *RESTART_STARTS, notes)
    restarts["init"] = check_choice(raw.get("init", restarts["init"]), INITS, "restart starts", notes)
    restarts["seed"] = check_whole(raw.get("seed", 0), "restart seed", 0, 2**31 - 1, notes)
    return restarts


def check_range(raw, where: str, notes: Notes, low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE) -> list[float] | None:
    """[lo, hi] with lo < hi, both within [low, high] and at least MIN_WIDTH apart; None (with a note)."""
    if not isinstance(raw, list | tuple) or len(raw) != 2:
        notes.add(where, f"{quoted(raw)} is not two numbers: using the default")
        return None
    lo, hi = (check_number(v, where, low, high, notes, None) for v in raw)
    if lo is None or hi is None:
        return None
    if not hi - lo >= MIN_WIDTH:
        notes.add(where, f"{lo:g} to {hi:g} is not a range from low to high: using the default")
        return None
    return [lo, hi]


def check_fixed(raw, axes, notes: Notes) -> dict:
    if not isinstance(raw, dict):
        notes.add("fixed values", f"{quoted(raw)} is not a mapping: all five are nominal")
        return {}
    fixed = {}
    for name, value in raw.items():
        if name not in surface.PARAMS:
            notes.add("fixed values", f"{quoted(name)} is not a parameter: ignored")
            continue
        if name in axes:
            notes.add("fixed values", f"{surface.LABELS[name]} is on an axis, so its fixed value is not used")
            continue
        nominal = float(surface.NOMINAL[surface.PARAMS.index(name)])
        v = check_number(value, surface.LABELS[name], -MAX_MAGNITUDE, MAX_MAGNITUDE, notes, nominal)
        if v != nominal:
            fixed[name] = v
    return {name: fixed[name] for name in surface.PARAMS if name in fixed}


def check_runs(raw, notes: Notes) -> list[dict]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        notes.add("runs", "not a list: no runs are shown")
        return []
    if len(raw) > MAX_RUNS:
        notes.add(
            "runs", f"{len(raw)} runs asked for, at most {MAX_RUNS} at once: the last {len(raw) - MAX_RUNS} dropped"
        )
    runs, keys = [], set()
    for i, item in enumerate(raw[:MAX_RUNS]):
        run = check_run(item, f"run {i + 1}", notes)
        if run is None:
            continue
        key = run_key(run)
        if key in keys:
            notes.add(f"run {i + 1}", "the same as an earlier run: dropped")
            continue
        keys.add(key)
        runs.append(run)
    return assign_colors(runs, notes)


def assign_colors(runs: list[dict], notes: Notes | None = None) -> list[dict]:
    """Each run keeps a valid colour of its own; the others take the free colours in order."""
    used: set[int] = set()
    for run in runs:
        c = run.get("color")
        if isinstance(c, int) and not isinstance(c, bool) and 0 <= c < MAX_RUNS and c not in used:
            used.add(c)
        else:
            if c is not None and notes is not None:
                notes.add("colours", f"{quoted(c)} is not a free colour number 0–{MAX_RUNS - 1}: another was given")
            run["color"] = None
    free = iter(c for c in range(MAX_RUNS) if c not in used)
    for run in runs:
        if run["color"] is None:
            run["color"] = next(free)
    return runs


def check_run(raw, where: str, notes: Notes) -> dict | None:
    """A run request, each field at its nearest valid value; None (with a note) when it cannot be one."""
    if not isinstance(raw, dict):
        notes.add(where, "not a run request: dropped")
        return None
    algorithm = raw.get("algorithm")
    if not isinstance(algorithm, str) or algorithm not in surface.ALGORITHMS:
        notes.add(where, f"{quoted(algorithm)} is not an algorithm ({', '.join(surface.ALGORITHMS)}): dropped")
        return None
    start = raw.get("start")
    if not isinstance(start, list | tuple) or len(start) != 2:
        notes.add(where, f"its start {quoted(start)} is not two numbers: dropped")
        return None
    start = [check_number(v, f"{where} start", -MAX_MAGNITUDE, MAX_MAGNITUDE, notes, None) for v in start]
    if None in start:
        return None
    run = {
        "algorithm": algorithm,
        "start": start,
        "hyper": check_hyper(algorithm, raw.get("hyper", {}), where, notes),
        "epochs": check_whole(
            raw.get("epochs", DEFAULT_EPOCHS[algorithm]), f"{where} epochs", 1, EPOCH_CAPS[algorithm], notes
        ),
        "goal": check_number(raw.get("goal", DEFAULT_GOAL), f"{where} goal", 0.0, MAX_GOAL, notes, DEFAULT_GOAL),
        "grad_tol": check_number(
            raw.get("grad_tol", DEFAULT_GRAD_TOL), f"{where} |∇F| tolerance", 0.0, MAX_GRAD_TOL, notes, DEFAULT_GRAD_TOL
        ),
    }
    bug = raw.get("bug")
    if bug is not None:
        if isinstance(bug, str) and bug in surface.BUGS:
            run["bug"] = bug
        elif bug != "none":
            notes.add(where, f"{quoted(bug)} is not a planted bug ({', '.join(surface.BUGS)}): run without one")
    run |= scene_whole.check(raw, where, notes)
    if "color" in raw:
        run["color"] = raw["color"]
    return run


def check_hyper(algorithm: str, raw, where: str, notes: Notes) -> dict:
    """Every hyperparameter of ``algorithm``: given values clamped into their bounds, missing ones at defaults."""
    cls = surface.ALGORITHMS[algorithm]
    hyper = default_hyper(algorithm)
    if not isinstance(raw, dict):
        notes.add(where, f"its hyperparameters {quoted(raw)} are not a mapping: defaults used")
        return hyper
    for name, value in raw.items():
        spec = cls.SPEC.get(name)
        if spec is None:
            notes.add(where, f"{algorithm} has no hyperparameter {quoted(name)}: ignored")
            continue
        label = f"{where} {symbol(spec)}"
        if spec.kind == "choice":
            if value in spec.choices:
                hyper[name] = value
            else:
                notes.add(label, f"{quoted(value)} is not one of {', '.join(spec.choices)}: using {hyper[name]}")
        elif spec.kind == "int":
            hyper[name] = check_whole(value, label, int(spec.low), int(spec.high), notes, hyper[name])
        else:
            hyper[name] = check_number(value, label, spec.low, spec.high, notes, hyper[name])
    try:
        cls.make(**hyper)
    except ValueError as exc:
        notes.add(where, f"{exc}: its defaults are used")
        return default_hyper(algorithm)
    return hyper


def check_playback(raw, notes: Notes) -> dict:
    playback = default_playback()
    if raw is None:
        return playback
    if not isinstance(raw, dict):
        notes.add("playback", "not a JSON object: from the start at 1×")
        return playback
    playback["t"] = check_number(raw.get("t", 0.0), "playback position", 0.0, 1e12, notes, 0.0)
    speed = check_number(raw.get("speed", 1.0), "playback speed", SPEEDS[0], SPEEDS[-1], notes, 1.0)
    playback["speed"] = min(SPEEDS, key=lambda s: abs(math.log2(s) - math.log2(speed)))
    loop = raw.get("loop", False)
    if not isinstance(loop, bool):
        notes.add("playback loop", f"{quoted(loop)} is not true or false: off")
        loop = False
    playback["loop"] = loop
    playback["clock"] = check_choice(raw.get("clock", "epochs"), CLOCKS, "playback clock", notes)
    if raw.get("follow") is True:  # the slice follows the iterate (the whole network); absent when off
        playback["follow"] = True
    return playback


def check_inside(raw, runs: list[dict], notes: Notes) -> dict:
    """Which run is looked inside: a colour of one of ``runs`` (else the first run, quietly when that run has just
    been removed) and whether the panel is open."""
    inside = default_inside()
    if raw is None:
        return inside
    if not isinstance(raw, dict):
        notes.add("inside the step", "not a JSON object: closed")
        return inside
    run = raw.get("run")
    if run is not None:
        if isinstance(run, bool) or not isinstance(run, int) or not 0 <= run < MAX_RUNS:
            text = f"run {quoted(run)} is not a run's colour (0 to {MAX_RUNS - 1}): the first run"
            notes.add("inside the step", text)
        elif any(r["color"] == run for r in runs):
            inside["run"] = run
    shown = raw.get("open", False)
    if not isinstance(shown, bool):
        notes.add("inside the step", f"{quoted(shown)} is not true or false: closed")
        shown = False
    inside["open"] = shown
    return inside


def check_preset(raw, notes: Notes) -> str | None:
    if raw is None:
        return None
    from explorer.components.lessons.presets import PRESETS

    if isinstance(raw, str) and raw in PRESETS:
        return raw
    notes.add("preset", f"{quoted(raw)} is not a preset: its caption is not shown")
    return None


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
        notes.add(where, f"{quoted(value)} is not a finite number: {fallback}")
        return default
    if number < low or number > high:
        clamped = min(max(number, low), high)
        notes.add(where, f"{number:g} is outside {low:g} to {high:g}: using {clamped:g}")
        return clamped
    return number


def check_whole(value, where: str, low: int, high: int, notes: Notes, default=None) -> int:
    fallback = low if default is None else default
    number = check_number(value, where, low, high, notes, fallback)
    if number != int(number):
        notes.add(where, f"{number:g} is not a whole number: using {round(number)}")
    return round(number)


def check_choice(value, choices, where: str, notes: Notes):
    if value in choices:
        return value
    notes.add(where, f"{quoted(value)} is not one of {', '.join(choices)}: using {choices[0]}")
    return choices[0]


def check_choices(value, choices, where: str, notes: Notes) -> list:
    if not isinstance(value, list | tuple):
        notes.add(where, f"{quoted(value)} is not a list: using the default")
        return list(DEFAULT_OVERLAYS)
    for v in value:
        if v not in choices:
            notes.add(where, f"{quoted(v)} is not one of {', '.join(choices)}: ignored")
    return [c for c in choices if c in value]


# ---------- runs ----------


def symbol(spec) -> str:
    """A hyperparameter's symbol from its label: 'α (learning rate)' → 'α'."""
    return spec.label.split(" (")[0]


def run_string(run: dict) -> str:
    """The readable text of a run request: ``sdbp,-4,-4,alpha=1.75,epochs=300000`` (goal and tolerance when
    not the defaults, colour when given)."""
    parts = [run["algorithm"], number_text(run["start"][0]), number_text(run["start"][1])]
    parts += [f"{k}={value_text(v)}" for k, v in run["hyper"].items()]
    parts.append(f"epochs={run['epochs']}")
    if run["goal"] != DEFAULT_GOAL:
        parts.append(f"goal={number_text(run['goal'])}")
    if run["grad_tol"] != DEFAULT_GRAD_TOL:
        parts.append(f"grad_tol={number_text(run['grad_tol'])}")
    if run.get("bug"):
        parts.append(f"bug={run['bug']}")
    parts += scene_whole.run_parts(run, number_text)
    if run.get("color") is not None:
        parts.append(f"color={run['color']}")
    return ",".join(parts)


def parse_run(text: str) -> dict:
    """The raw request in a run string (``check_run`` makes it valid); a ValueError says what is broken."""
    parts = text.split(",")
    if len(parts) < 3:
        raise ValueError("needs an algorithm and a start, e.g. sdbp,-4,-4")
    raw = {"algorithm": parts[0], "start": parts[1:3], "hyper": {}}
    for part in parts[3:]:
        key, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"{quoted(part)} is not name=value")
        if key in STOP_KEYS or key == "bug" or key in scene_whole.KEYS:
            raw[key] = value
        elif key == "color":
            try:
                raw["color"] = int(value)
            except ValueError:
                raw["color"] = value
        else:
            raw["hyper"][key] = value
    return raw


def run_key(run: dict) -> str:
    """What makes two requests the same run (the colour does not)."""
    return run_string({k: v for k, v in run.items() if k != "color"})


def labels(runs: list[dict]) -> list[str]:
    """A name for each run that tells it apart: 'sdbp from (−4, −4)', and where two runs share that, what differs
    between them ('…, α = 50' and '…, α = 0.5')."""
    bases = [
        f"{r['algorithm']} from ({display_number(r['start'][0])}, {display_number(r['start'][1])})"
        + (f" with bug: {r['bug'].replace('_', ' ')}" if r.get("bug") else "")
        + scene_whole.label_suffix(r)
        for r in runs
    ]
    out = []
    for run, base in zip(runs, bases, strict=True):
        twins = [r for r, b in zip(runs, bases, strict=True) if b == base]
        if len(twins) == 1:
            out.append(base)
            continue
        spec = surface.ALGORITHMS[run["algorithm"]].SPEC
        differ = [k for k in run["hyper"] if len({str(t["hyper"][k]) for t in twins}) > 1]
        differ += [k for k in STOP_KEYS if len({t[k] for t in twins}) > 1]
        names = {**{k: symbol(s) for k, s in spec.items()}, "epochs": "epochs", "goal": "goal", "grad_tol": "|∇F| tol"}
        extra = ", ".join(f"{names[k]} = {display_value(run['hyper'].get(k, run.get(k)))}" for k in differ)
        out.append(f"{base}, {extra}" if extra else base)
    return out


# ---------- the link ----------


def number_text(v) -> str:
    """The shortest text that reads back as the same float: -4.0 → '-4', 0.1 → '0.1', 1e10 → '1e10'.

    Whole numbers below ten million are written out (epochs=300000); past that, or for fractions, the shorter
    of Python's own repr and the shortest exact power-of-ten form.
    """
    v = float(v)
    if v == int(v) and abs(v) < 1e7:
        return str(int(v))
    candidates = [repr(v).replace("e+", "e")]
    for digits in range(17):
        text = f"{v:.{digits}e}".replace("e+", "e")
        if float(text) == v:
            mantissa, exponent = text.split("e")
            candidates.append(f"{mantissa}e{int(exponent)}")
            break
    return min(candidates, key=len)


def value_text(v) -> str:
    return v if isinstance(v, str) else number_text(v)


def display_number(v) -> str:
    """A number for people: up to 4 significant digits, with a true minus sign."""
    return f"{float(v):.4g}".replace("-", "−")


def display_value(v) -> str:
    return v if isinstance(v, str) else display_number(v)


def to_query(scene: dict) -> str:
    """The link's query (without '?') for a checked scene: readable keys, defaults left out."""
    view = scene["view"]
    parts = [
        ("v", str(scene["v"])),
        ("x", view["x"]),
        ("y", view["y"]),
        ("xr", ",".join(map(number_text, view["xr"]))),
        ("yr", ",".join(map(number_text, view["yr"]))),
    ]
    if view["res"] != DEFAULT_RESOLUTION:
        parts.append(("res", str(view["res"])))
    parts += [(name, number_text(value)) for name, value in view["fixed"].items()]
    if view["overlays"] != DEFAULT_OVERLAYS:
        parts.append(("overlays", ",".join(view["overlays"])))
    if view["mode"] != "contour":
        parts.append(("view", view["mode"]))
    if view["aspect"] != "auto":
        parts.append(("aspect", view["aspect"]))
    if view["zscale"] != "linear":
        parts.append(("z", view["zscale"]))
    basins = view["basins"]
    if (basins["cells"], basins["epochs"]) != (60, 1000):
        parts.append(("basins", f"{basins['cells']},{basins['epochs']}"))
    if basins["shade"] != "destination":
        parts.append(("shade", basins["shade"]))
    parts += hypermap_parts(view["hypermap"])
    parts += scene_data.link_parts(view["data"])
    parts += scene_planes.query_parts(view["plane"])
    runs = scene["runs"]
    in_order = [r["color"] for r in runs] == list(range(len(runs)))  # what a link without colours gives
    for run in runs:
        shown = {k: v for k, v in run.items() if k != "color"} if in_order else run
        parts.append(("run", run_string(shown)))
    implied = {k: v for k, v in runs[-1].items() if k != "color"} if runs else default_draft(view)
    if scene["draft"] != implied:
        parts.append(("next", run_string(scene["draft"])))
    playback = scene["playback"]
    if playback["t"]:
        parts.append(("t", number_text(playback["t"])))
    if playback["speed"] != 1.0:
        parts.append(("speed", number_text(playback["speed"])))
    if playback["loop"]:
        parts.append(("loop", "1"))
    if playback["clock"] != "epochs":
        parts.append(("clock", playback["clock"]))
    if playback.get("follow"):
        parts.append(("follow", "1"))
    restarts = scene["restarts"]
    settings = f"{restarts['n']},{restarts['init']},{restarts['seed']}"
    if restarts["on"]:
        parts.append(("restarts", settings))
    elif restarts != default_restarts():  # settings kept for when they are switched on
        parts.append(("restarts", "off," + settings))
    inside = scene["inside"]
    if inside != default_inside():
        run = "first" if inside["run"] is None else str(inside["run"])
        parts.append(("inside", run if inside["open"] else f"{run},closed"))
    if scene["preset"]:
        parts.append(("preset", scene["preset"]))
    if scene["predict"]:
        parts.append(("predict", "1"))
    return scene_data.fit_query(parts, lambda kept: "&".join(f"{k}={quote(v, safe=',=-._~+:')}" for k, v in kept))


def hypermap_parts(hmap: dict) -> list[tuple[str, str]]:
    """The learning-rate map's settings in a link: only those not at their defaults."""
    default, parts = default_hypermap(), []
    for key, name in (("alpha", "halpha"), ("gamma", "hgamma"), ("line", "hline")):
        if hmap[key] != default[key]:
            parts.append((name, ",".join(map(number_text, hmap[key]))))
    if hmap["y"] != default["y"]:
        parts.append(("hy", hmap["y"]))
    if (hmap["cells"], hmap["epochs"]) != (default["cells"], default["epochs"]):
        parts.append(("hmap", f"{hmap['cells']},{hmap['epochs']}"))
    return parts


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
    raw: dict = {"view": {"fixed": {}, "basins": {}, "hypermap": {}}, "runs": [], "playback": {}}
    view, playback = raw["view"], raw["playback"]
    for key, value in parse_qsl(query, keep_blank_values=True):
        try:
            _read_part(key, value, raw, view, playback)
        except (ValueError, KeyError) as exc:
            notes.add("link", f"{quoted(key + '=' + value)} was dropped: {exc}")
    return raw, notes


def _read_part(key: str, value: str, raw: dict, view: dict, playback: dict) -> None:
    if key == "v":
        raw["v"] = int(value) if value.isdigit() else value
    elif key in ("x", "y"):
        view[key] = value
    elif key in ("xr", "yr"):
        view[key] = value.split(",")
    elif key == "res":
        view["res"] = value
    elif key in surface.PARAMS:
        view["fixed"][key] = value
    elif key == "overlays":
        view["overlays"] = [v for v in value.split(",") if v]
    elif key == "view":
        view["mode"] = value
    elif key == "aspect":
        view["aspect"] = value
    elif key == "z":
        view["zscale"] = value
    elif key == "basins":
        view["basins"]["cells"], view["basins"]["epochs"] = _pair_of(value)
    elif key == "shade":
        view["basins"]["shade"] = value
    elif key in ("halpha", "hgamma", "hline"):
        view["hypermap"][key[1:]] = list(_pair_of(value))
    elif key == "hy":
        view["hypermap"]["y"] = value
    elif key in scene_data.LINK_KEYS:
        scene_data.read_part(key, value, view)
    elif key == "hmap":
        view["hypermap"]["cells"], view["hypermap"]["epochs"] = _pair_of(value)
    elif key == "plane":
        view["plane"] = scene_planes.parse(value)
    elif key == "restarts":
        on = not value.startswith("off,")
        n, init, seed = [*value.removeprefix("off,").split(","), "", ""][:3]
        raw["restarts"] = {"on": on, "n": n, "init": init, "seed": seed or 0}
    elif key == "run":
        raw["runs"].append(parse_run(value))
    elif key == "next":
        raw["draft"] = parse_run(value)
    elif key == "t":
        playback["t"] = value
    elif key == "speed":
        playback["speed"] = value
    elif key == "loop":
        playback["loop"] = value in ("1", "true", "yes")
    elif key == "clock":
        playback["clock"] = value
    elif key == "follow":
        playback["follow"] = value in ("1", "true", "yes")
    elif key == "inside":
        run, _, closed = value.partition(",")
        if not (run == "first" or run.isdigit()) or closed not in ("", "closed"):
            raise ValueError("needs a run's colour number (or 'first'), and ',closed' for a closed panel")
        raw["inside"] = {"run": None if run == "first" else int(run), "open": closed != "closed"}
    elif key == "preset":
        raw["preset"] = value
    elif key == "predict":
        raw["predict"] = value in ("1", "true", "yes")
    else:
        raise ValueError("not a part of a scene")


def _pair_of(value: str) -> tuple[str, str]:
    parts = value.split(",")
    if len(parts) != 2:
        raise ValueError("needs two values, e.g. 60,1000")
    return parts[0], parts[1]


def load_query(query: str) -> tuple[dict, list[str]]:
    """The scene a link describes, and every message about what was dropped or changed."""
    raw, notes = from_query(query)
    scene, more = check(raw)
    return scene, [*notes, *more]


def hyper_line(view: dict, start) -> tuple[list[float], list[float]]:
    """The line of starts of the learning-rate map: from ``start`` to the map's ``line`` end, or to the window's
    corner farthest from the start."""
    end = view["hypermap"]["line"]
    if end is None:
        (x0, x1), (y0, y1) = view["xr"], view["yr"]
        corners = [(x, y) for x in (x0, x1) for y in (y0, y1)]
        end = max(corners, key=lambda c: (c[0] - start[0]) ** 2 + (c[1] - start[1]) ** 2)
    return [float(start[0]), float(start[1])], [float(end[0]), float(end[1])]


def line_start(view: dict, start, t: float) -> list[float]:
    """The start a fraction ``t`` (0 to 1) of the way along the learning-rate map's line."""
    a, b = hyper_line(view, start)
    return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]


def checked_parts(view, runs) -> tuple[dict, list[dict]]:
    """The view and runs of a scene from the browser's stores, checked again (a store is what a client sends)."""
    scene, _ = check({"view": view, "runs": runs})
    return scene["view"], scene["runs"]


def pair(scene: dict) -> tuple[str, str]:
    return scene["view"]["x"], scene["view"]["y"]


def fixed_vector(view: dict) -> tuple[float, ...]:
    """The seven parameter values the view holds fixed (nominal on the axes): the engine's ``fixed``."""
    return tuple(float(view["fixed"].get(name, v)) for name, v in zip(surface.PARAMS, surface.NOMINAL, strict=True))
