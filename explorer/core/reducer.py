"""How a scene changes: one pure function from (scene, what the controls hold, what happened) to the next scene.

``apply`` is the scene's reducer. The Dash callback that calls it only translates: which control fired becomes an
``Event``, the controls' current texts become ``controls``, and the returned ``Outcome`` becomes the stores, the
control values to display and the messages. Nothing here imports dash.

The rule that a new pair opens on its default window and start applies only to ``Event("pair")``, a person
choosing a parameter; a scene that is loaded (a link, a preset, a file) keeps its own window.

History: a discrete step (a preset, a pair, a run added or removed, a toggle) pushes a browser history entry;
typing and sliders replace the current one; a scene read from the history itself (Back, Forward) writes none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import surface
from explorer.components.basins.slice import CELLS as BASIN_CELLS
from explorer.components.basins.slice import EPOCHS as BASIN_EPOCHS
from explorer.components.basins.slice import SHADES
from explorer.components.data import slice as data_slice
from explorer.components.hypermap.slice import AXES as HYPER_AXES
from explorer.components.hypermap.slice import CELLS as HYPER_CELLS
from explorer.components.hypermap.slice import EPOCHS as HYPER_EPOCHS
from explorer.components.hypermap.slice import line_start
from explorer.components.map.slice import ASPECTS, MODES, ZSCALES, default_view, overlay_names
from explorer.components.planes import slice as scene_planes
from explorer.components.playback.slice import SLICE as PLAYBACK_SLICE
from explorer.components.playback.slice import SPEEDS
from explorer.components.restarts.slice import INITS
from explorer.components.restarts.slice import STARTS as RESTART_STARTS
from explorer.components.whole import panel as whole_panel
from explorer.core import data as scene_data
from explorer.core import scene as scenes
from explorer.core import validate
from explorer.core.format import number_text
from explorer.core.limits import DEFAULT_EPOCHS, EPOCH_CAPS, MAX_GOAL, MAX_GRAD_TOL, MAX_RUNS
from explorer.core.run import default_hyper, default_start, labels, run_key
from explorer.core.slice import Notes

MESSAGE_SLOTS = (
    "window",
    "resolution",
    "fixed",
    "start",
    "hyper",
    "stop",
    "run",
    "scene",
    "basins",
    "hypermap",
    "restarts",
    "data",
    "plane",
)
"""Where messages appear: beside the controls they are about, and one for the scene as a whole."""


@dataclass(frozen=True)
class Event:
    """What happened: ``kind`` (see ``apply``) and its detail (a run key, a clicked point, a scene source)."""

    kind: str
    detail: object = None


@dataclass
class Outcome:
    scene: dict
    history: str = "none"  # "push", "replace" or "none"
    messages: dict = field(default_factory=dict)  # slot -> text; only the slots to change
    controls: dict = field(default_factory=dict)  # control -> value to display; only the ones to change


# ---------- the scene shown in the controls ----------


def number_box(v) -> str:
    """A number as a text box shows it: exact and short."""
    return number_text(v)


def window_controls(view: dict) -> dict:
    (x0, x1), (y0, y1) = view["xr"], view["yr"]
    return {"xmin": number_box(x0), "xmax": number_box(x1), "ymin": number_box(y0), "ymax": number_box(y1)}


def fixed_controls(view: dict) -> dict:
    values = scenes.fixed_vector(view)
    return {"fixed": {name: number_box(v) for name, v in zip(surface.PARAMS, values, strict=True)}}


def start_controls(draft: dict) -> dict:
    return {"start_x": number_box(draft["start"][0]), "start_y": number_box(draft["start"][1])}


def hyper_texts(algorithm: str, hyper: dict) -> dict:
    return {k: v if isinstance(v, str) else number_box(v) for k, v in hyper.items()}


def draft_controls(draft: dict) -> dict:
    hyper = {a: hyper_texts(a, default_hyper(a)) for a in surface.ALGORITHMS}
    hyper[draft["algorithm"]] = hyper_texts(draft["algorithm"], draft["hyper"])
    return {
        **start_controls(draft),
        "algorithm": draft["algorithm"],
        "hyper": hyper,
        "epochs": str(draft["epochs"]),
        "goal": number_box(draft["goal"]),
        "grad_tol": number_box(draft["grad_tol"]),
        "bug": draft.get("bug") or "none",
        **whole_panel.controls(draft),
    }


def data_controls(view: dict) -> dict:
    """The training-set controls for a view (the points box only when the set has points of its own)."""
    data = view["data"]
    shown = {
        "data_set": data["set"],
        "data_output": data["output"],
        "data_sigma": number_box(data["sigma"]),
        "data_seed": str(data["seed"]),
    }
    if data["set"] == "points":
        shown["data_points"] = scene_data.points_text(data["points"])
    return shown


def playback_controls(playback: dict) -> dict:
    speed = SPEEDS.index(playback["speed"]) - SPEEDS.index(1.0)
    follow = ["follow"] if playback.get("follow") else []
    return {"speed": speed, "loop": ["loop"] if playback["loop"] else [], "clock": playback["clock"], "follow": follow}


def basin_controls(view: dict) -> dict:
    b = view["basins"]
    return {"basin_cells": str(b["cells"]), "basin_epochs": str(b["epochs"]), "shade": b["shade"]}


def hypermap_controls(view: dict) -> dict:
    h = view["hypermap"]
    line = h["line"] or [None, None]
    return {
        "hmap_alpha_lo": number_box(h["alpha"][0]),
        "hmap_alpha_hi": number_box(h["alpha"][1]),
        "hmap_y": h["y"],
        "hmap_gamma_lo": number_box(h["gamma"][0]),
        "hmap_gamma_hi": number_box(h["gamma"][1]),
        "hmap_line_x": "" if line[0] is None else number_box(line[0]),
        "hmap_line_y": "" if line[1] is None else number_box(line[1]),
        "hmap_cells": str(h["cells"]),
        "hmap_epochs": str(h["epochs"]),
    }


def restart_controls(restarts: dict) -> dict:
    return {
        "restarts_on": ["on"] if restarts["on"] else [],
        "restarts_n": str(restarts["n"]),
        "restarts_init": restarts["init"],
        "restarts_seed": str(restarts["seed"]),
    }


def inside_controls(scene: dict) -> dict:
    runs, inside = scene["runs"], scene["inside"]
    run = next((r for r in runs if r["color"] == inside["run"]), runs[0] if runs else None)
    return {"inside_run": None if run is None else run["color"], "inside_open": inside["open"]}


def controls_for(scene: dict) -> dict:
    """Every control's value for a scene: what a loaded scene puts on screen."""
    view = scene["view"]
    return {
        "x": view["x"],
        "y": view["y"],
        **window_controls(view),
        "res": str(view["res"]),
        **fixed_controls(view),
        "overlays": list(view["overlays"]),
        "mode": view["mode"],
        "aspect": view["aspect"],
        "zscale": view["zscale"],
        **basin_controls(view),
        **hypermap_controls(view),
        **data_controls(view),
        **scene_planes.controls(view),
        **draft_controls(scene["draft"]),
        **playback_controls(scene["playback"]),
        **restart_controls(scene["restarts"]),
        **inside_controls(scene),
    }


# ---------- reading the controls ----------


def read_window(controls: dict):
    return validate.window(controls["xmin"], controls["xmax"], controls["ymin"], controls["ymax"])


def read_fixed(controls: dict, axes) -> tuple[dict | None, str | None]:
    values, error = validate.fixed_values(controls["fixed"], axes)
    if error:
        return None, error
    nominal = dict(zip(surface.PARAMS, surface.NOMINAL, strict=True))
    return {n: v for n, v in zip(surface.PARAMS, values, strict=True) if n not in axes and v != nominal[n]}, None


def read_stop(controls: dict, algorithm: str):
    epochs, e1 = validate.whole(controls["epochs"], "epochs", 1, EPOCH_CAPS[algorithm])
    goal, e2 = validate.number(controls["goal"], "goal", 0.0, MAX_GOAL)
    tol, e3 = validate.number(controls["grad_tol"], "|∇F| tolerance", 0.0, MAX_GRAD_TOL)
    error = "; ".join(e for e in (e1, e2, e3) if e)
    return (None, error) if error else ({"epochs": epochs, "goal": goal, "grad_tol": tol}, None)


def read_hyper(controls: dict, algorithm: str):
    return validate.hyperparameters(algorithm, controls["hyper"].get(algorithm, {}))


def read_basins(controls: dict, old: dict):
    cells, e1 = validate.whole(controls.get("basin_cells"), "cells per axis", *BASIN_CELLS)
    epochs, e2 = validate.whole(controls.get("basin_epochs"), "epochs per start", 1, BASIN_EPOCHS)
    shade = controls.get("shade") if controls.get("shade") in SHADES else old["shade"]
    error = "; ".join(e for e in (e1, e2) if e)
    return {"cells": cells or old["cells"], "epochs": epochs or old["epochs"], "shade": shade}, error


def read_hypermap(controls: dict, old: dict):
    """The learning-rate map's settings; a bad box keeps its old value and says why."""
    h, errors = dict(old), []
    lo, e1 = validate.number(controls.get("hmap_alpha_lo"), "α from", 1e-12, 1e6)
    hi, e2 = validate.number(controls.get("hmap_alpha_hi"), "α to", 1e-12, 1e6)
    if not (e1 or e2) and not hi > lo:
        e2 = f"α: the first bound must be below the second (got {lo:g} to {hi:g})"
    errors += [e for e in (e1, e2) if e]
    if not (e1 or e2):
        h["alpha"] = [lo, hi]
    if controls.get("hmap_y") in HYPER_AXES:
        h["y"] = controls["hmap_y"]
    glo, e3 = validate.number(controls.get("hmap_gamma_lo"), "γ from", 0.0, 0.999)
    ghi, e4 = validate.number(controls.get("hmap_gamma_hi"), "γ to", 0.0, 0.999)
    if not (e3 or e4) and not ghi > glo:
        e4 = f"γ: the first bound must be below the second (got {glo:g} to {ghi:g})"
    errors += [e for e in (e3, e4) if e]
    if not (e3 or e4):
        h["gamma"] = [glo, ghi]
    lx, ly = controls.get("hmap_line_x"), controls.get("hmap_line_y")
    if (lx in (None, "") and ly in (None, "")) or h["y"] != "line":
        h["line"] = old["line"] if h["y"] != "line" else None
    else:
        end, e5 = validate.start_point(lx, ly)
        errors += [e5.replace("start", "line end")] if e5 else []
        if end:
            h["line"] = list(end)
    cells, e6 = validate.whole(controls.get("hmap_cells"), "cells per axis", *HYPER_CELLS)
    epochs, e7 = validate.whole(controls.get("hmap_epochs"), "epochs per cell", 1, HYPER_EPOCHS)
    errors += [e for e in (e6, e7) if e]
    h["cells"], h["epochs"] = cells or old["cells"], epochs or old["epochs"]
    return h, "; ".join(errors)


def read_draft(controls: dict) -> tuple[dict | None, dict]:
    """The whole training panel as a run request, or the messages that say what is wrong with it."""
    algorithm = controls["algorithm"]
    if algorithm not in surface.ALGORITHMS:
        return None, {"hyper": "choose an algorithm"}
    start, e_start = validate.start_point(controls["start_x"], controls["start_y"])
    hyper, e_hyper = read_hyper(controls, algorithm)
    stop, e_stop = read_stop(controls, algorithm)
    whole, e_whole = whole_panel.read(controls)  # the other parameters that train, and their start
    messages = {"start": e_start or e_whole or "", "hyper": e_hyper or "", "stop": e_stop or ""}
    if e_start or e_hyper or e_stop or e_whole:
        return None, messages
    bug = {"bug": controls["bug"]} if isinstance(controls.get("bug"), str) and controls["bug"] in surface.BUGS else {}
    return {"algorithm": algorithm, "start": list(start), "hyper": hyper, **stop, **whole, **bug}, messages


# ---------- the reducer ----------


def apply(scene: dict, controls: dict, event: Event) -> Outcome:
    """The next scene after ``event``, given the current ``scene`` and what the controls hold now.

    Kinds: ``load`` (detail: (source, raw scene) with source "url", "history", "preset" or "file"), ``pair``,
    ``view`` (window, resolution, fixed values, overlays, mode, aspect), ``reset-window``, ``reset-fixed``,
    ``start``, ``hyper``, ``stop``, ``algorithm``, ``click`` (detail: {"x", "y"}), ``run``, ``remove``
    (detail: run key), ``clear``, ``playback`` (speed, loop, clock), ``reveal``, ``inside`` (the inside-the-step
    panel opened or closed, or its run chosen).

    The playback position is the browser's: it writes it into the address bar as the animation pauses or seeks.
    """
    handler = HANDLERS.get(event.kind)
    if handler is None:
        return Outcome(scene)
    return handler(scene, controls, event.detail)


def _load(scene, controls, detail) -> Outcome:
    source, raw = detail
    if source in ("url", "history"):
        new, notes = scenes.load_query(raw)
    elif source == "file":
        new, notes = _read_file(raw)
    else:
        new, notes = scenes.check(raw)
    what = {"url": "This link", "history": "This page", "file": "This file", "preset": "This preset"}[source]
    text = f"{what} was changed to make a valid scene: " + "; ".join(notes) + "." if notes else ""
    history = {"url": "replace", "history": "none"}.get(source, "push")
    messages = dict.fromkeys(MESSAGE_SLOTS, "") | {"scene": text}
    return Outcome(new, history, messages, controls_for(new))


def _read_file(raw) -> tuple[dict, list[str]]:
    try:
        data = json.loads(raw)
    except (TypeError, ValueError) as exc:
        scene, notes = scenes.check(None)
        return scene, [f"it is not JSON ({str(exc)[:60]}): showing the default scene", *notes[1:]]
    return scenes.check(data)


def _pair(scene, controls, _detail) -> Outcome:
    pair, error = validate.pair(controls["x"], controls["y"])
    if error:
        return Outcome(scene, messages={"window": error})
    old = scene["view"]
    view = default_view(*pair)
    view.update({k: old[k] for k in ("res", "overlays", "mode", "aspect", "zscale", "plane", "data")})
    view["fixed"] = {k: v for k, v in old["fixed"].items() if k not in pair}
    draft = {**scene["draft"], "start": default_start(view["xr"], view["yr"])}
    dropped = len(scene["runs"])
    note = f"{dropped} run(s) removed: they were drawn on another pair." if dropped else ""
    new = {**scene, "view": view, "runs": [], "draft": draft, "predict": False}
    shown = {**window_controls(view), **fixed_controls(view), **start_controls(draft)}
    return Outcome(new, "push", {"window": "", "resolution": "", "fixed": "", "run": note}, shown)


def _view(scene, controls, _detail) -> Outcome:
    view = dict(scene["view"])
    axes = (view["x"], view["y"])
    window, e_window = read_window(controls)
    if window:
        view["xr"], view["yr"] = list(window[0]), list(window[1])
    res, e_res = validate.resolution(controls["res"])
    if res:
        view["res"] = res
    fixed, e_fixed = read_fixed(controls, axes)
    if fixed is not None:
        view["fixed"] = fixed
    view["overlays"] = [o for o in overlay_names() if o in (controls["overlays"] or [])]
    if controls["mode"] in MODES:
        view["mode"] = controls["mode"]
    if controls["aspect"] in ASPECTS:
        view["aspect"] = controls["aspect"]
    if controls["zscale"] in ZSCALES:
        view["zscale"] = controls["zscale"]
    view["basins"], e_basins = read_basins(controls, view["basins"])
    view["hypermap"], e_hmap = read_hypermap(controls, view["hypermap"])
    view["plane"], e_plane = scene_planes.read_controls(controls, view.get("plane"))
    toggles = ("overlays", "mode", "aspect", "zscale", "plane")
    toggled = any(view[k] != scene["view"][k] for k in toggles)
    messages = {"window": e_window or "", "resolution": e_res or "", "fixed": e_fixed or ""}
    messages |= {"basins": e_basins, "hypermap": e_hmap, "plane": e_plane}
    history = "push" if toggled else ("replace" if view != scene["view"] else "none")
    return Outcome({**scene, "view": view}, history, messages)


def _reset_window(scene, controls, _detail) -> Outcome:
    view = scene["view"]
    xr, yr = surface.default_window(view["x"], view["y"])
    view = {**view, "xr": list(xr), "yr": list(yr)}
    return Outcome({**scene, "view": view}, "push", {"window": ""}, window_controls(view))


def _reset_fixed(scene, controls, _detail) -> Outcome:
    view = {**scene["view"], "fixed": {}}
    return Outcome({**scene, "view": view}, "push", {"fixed": ""}, fixed_controls(view))


def _draft_field(slot: str):
    """A handler for one group of the training panel: it changes the draft only when the group is valid."""

    def handle(scene, controls, _detail) -> Outcome:
        draft = dict(scene["draft"])
        algorithm = draft["algorithm"]
        if slot == "start":
            value, error = validate.start_point(controls["start_x"], controls["start_y"])
            if value:
                draft["start"] = list(value)
        elif slot == "hyper":
            value, error = read_hyper(controls, algorithm)
            if value:
                draft["hyper"] = value
        else:
            value, error = read_stop(controls, algorithm)
            if value:
                draft.update(value)
        history = "replace" if draft != scene["draft"] else "none"
        return Outcome({**scene, "draft": draft}, history, {slot: error or ""})

    return handle


def _whole(scene, controls, detail) -> Outcome:
    """The other parameters that train, or where they start, changed in the training panel (detail "all": the
    "all seven" shortcut ticks every parameter)."""
    if detail == "all":
        controls = {**controls, "whole_free": list(surface.PARAMS)}
    fields, error = whole_panel.read(controls)
    base = {k: v for k, v in scene["draft"].items() if k not in ("free", "init")}
    draft = {**base, **fields} if not error else scene["draft"]
    shown = {"whole_free": list(draft.get("free", []))} if detail == "all" else {}
    start = None if error else whole_panel.typed_start(controls)
    if start is not None:  # seven values typed: the axes' two are the run's start
        draft = {**draft, "start": start}
        shown |= start_controls(draft)
    history = "replace" if draft != scene["draft"] else "none"
    return Outcome({**scene, "draft": draft}, history, {"start": error}, shown)


def _algorithm(scene, controls, _detail) -> Outcome:
    algorithm = controls["algorithm"]
    if algorithm not in surface.ALGORITHMS:
        return Outcome(scene)
    hyper, error = read_hyper(controls, algorithm)
    draft = {
        **scene["draft"],
        "algorithm": algorithm,
        "hyper": hyper or default_hyper(algorithm),
        "epochs": DEFAULT_EPOCHS[algorithm],
    }
    shown = {"epochs": str(draft["epochs"])}
    if error:  # its boxes held something invalid: show its defaults instead
        shown["hyper"] = {**controls["hyper"], algorithm: hyper_texts(algorithm, draft["hyper"])}
    return Outcome({**scene, "draft": draft}, "replace", {"hyper": "", "stop": ""}, shown)


def _click(scene, controls, detail) -> Outcome:
    """A click on the map sets the start; on the basin overlay, it also runs from there."""
    if not isinstance(detail, dict):
        return Outcome(scene)
    point, error = validate.start_point(detail.get("x"), detail.get("y"))
    if error:
        return Outcome(scene, messages={"start": error})
    start = [float(f"{v:.6g}") for v in point]  # as many digits as a click can mean
    draft = {**scene["draft"], "start": start}
    shown = start_controls(draft)
    moved = Outcome({**scene, "draft": draft}, "replace", {"start": ""}, shown)
    if detail.get("run") is not True or "basins" not in scene["view"]["overlays"]:
        return moved
    out = add_run(moved.scene, two_of(draft))  # the basin map's promise is for the two on the axes
    out.scene = {**out.scene, "draft": draft}  # the training panel keeps what it holds
    out.controls |= shown
    return out


def _run(scene, controls, _detail) -> Outcome:
    draft, messages = read_draft(controls)
    if draft is None:  # said beside Run too: the field at fault may be scrolled out of sight
        wrong = [FIELD_NAMES[k] for k in ("start", "hyper", "stop") if messages.get(k)]
        return Outcome(scene, messages={**messages, "run": f"Not run: {first_sentence(messages, wrong)}"})
    out = add_run(scene, draft)
    out.messages = messages | out.messages
    return out


FIELD_NAMES = {"start": "the start", "hyper": "the algorithm's settings", "stop": "the stopping rules"}
"""How the message beside Run names the training panel's parts that hold a problem."""


def first_sentence(messages: dict, wrong: list[str]) -> str:
    """What is wrong, for the line beside Run: the first problem as its field says it, and where the others are."""
    first = next((messages[k] for k in ("start", "hyper", "stop") if messages.get(k)), "")
    if len(wrong) <= 1:
        return f"{first}."
    return f"{first}; see also {', '.join(wrong[1:])}."


def two_of(draft: dict) -> dict:
    """The request for the two on the axes alone (the maps of many starts run those: a click on a cell checks
    what the cell promised)."""
    return {k: v for k, v in draft.items() if k not in ("free", "init")}


def add_run(scene: dict, draft: dict) -> Outcome:
    """The scene with ``draft`` run too (in the next free colour), or a message why not."""
    runs = scene["runs"]
    key = run_key(draft)
    if any(run_key(r) == key for r in runs):
        return Outcome(scene, messages={"run": "This run is already on the map."})
    if len(runs) >= MAX_RUNS:
        return Outcome(scene, messages={"run": f"At most {MAX_RUNS} runs at once: remove one first."})
    used = {r["color"] for r in runs}
    color = next(c for c in range(MAX_RUNS) if c not in used)
    new = {**scene, "runs": [*runs, {**draft, "color": color}], "draft": draft, "predict": False}
    label = labels(new["runs"])[-1]
    return Outcome(new, "push", {"run": f"Added {label}."})


def _hyper_cell(scene, controls, detail) -> Outcome:
    """A click on a cell of the learning-rate map runs that cell: the training panel's run with the cell's α and
    γ (or from the start a fraction ``t`` along the map's line), shown on the contour map."""
    if not isinstance(detail, dict):
        return Outcome(scene)
    draft = scene["draft"]
    spec = surface.ALGORITHMS[draft["algorithm"]].SPEC
    hyper, start = dict(draft["hyper"]), list(draft["start"])
    if "alpha" not in spec:
        return Outcome(scene, messages={"hypermap": f"{draft['algorithm']} has no learning rate α to map"})
    try:
        hyper["alpha"] = spec["alpha"].check("alpha", float(f"{float(detail['alpha']):.4g}"))
        if "gamma" in detail:
            if "gamma" not in spec:
                return Outcome(scene, messages={"hypermap": f"{draft['algorithm']} has no momentum γ"})
            hyper["gamma"] = spec["gamma"].check("gamma", float(f"{float(detail['gamma']):.4g}"))
        if "t" in detail:
            t, error = validate.number(detail["t"], "position along the line", 0.0, 1.0)
            if error:
                return Outcome(scene, messages={"hypermap": error})
            start = [float(f"{v:.6g}") for v in line_start(scene["view"], draft["start"], t)]
        surface.ALGORITHMS[draft["algorithm"]].make(**hyper)
    except (KeyError, TypeError, ValueError) as exc:
        return Outcome(scene, messages={"hypermap": str(exc)[:120]})
    shown = {**scene, "view": {**scene["view"], "mode": "contour"}}
    cell = {**draft, "hyper": hyper, "start": start}
    out = add_run(shown, two_of(cell))  # the map's cells train the two on the axes
    if out.scene is shown:  # not added: stay on the map of learning rates, with the message
        out.scene = scene
    else:
        out.scene = {**out.scene, "draft": cell}  # the training panel keeps what it holds
        out.controls = {"mode": "contour", **draft_controls(out.scene["draft"])}
    return out


def _restarts(scene, controls, _detail) -> Outcome:
    n, e1 = validate.whole(controls.get("restarts_n"), "restarts", *RESTART_STARTS)
    seed, e2 = validate.whole(controls.get("restarts_seed"), "seed", 0, 2**31 - 1)
    old = scene["restarts"]
    restarts = {
        "on": "on" in (controls.get("restarts_on") or []),
        "n": n or old["n"],
        "init": controls.get("restarts_init") if controls.get("restarts_init") in INITS else old["init"],
        "seed": old["seed"] if seed is None else seed,
    }
    history = "push" if restarts["on"] != old["on"] else ("replace" if restarts != old else "none")
    return Outcome({**scene, "restarts": restarts}, history, {"restarts": "; ".join(e for e in (e1, e2) if e)})


def _remove(scene, controls, key) -> Outcome:
    keep = [r for r in scene["runs"] if run_key(r) != key]
    if len(keep) == len(scene["runs"]):
        return Outcome(scene)
    return Outcome({**scene, "runs": keep}, "push", {"run": ""})


def _clear(scene, controls, _detail) -> Outcome:
    if not scene["runs"]:
        return Outcome(scene)
    return Outcome({**scene, "runs": [], "predict": False}, "push", {"run": "All runs cleared."})


def _playback(scene, controls, _detail) -> Outcome:
    raw = {
        "t": scene["playback"]["t"],
        "speed": 2.0 ** controls["speed"] if isinstance(controls["speed"], int | float) else 1.0,
        "loop": "loop" in (controls["loop"] or []),
        "clock": controls["clock"],
        "follow": "follow" in (controls.get("follow") or []),
    }
    playback = PLAYBACK_SLICE.check(raw, {}, Notes())
    history = "replace" if playback != scene["playback"] else "none"
    return Outcome({**scene, "playback": playback}, history)


def _inside(scene, controls, _detail) -> Outcome:
    """The inside-the-step panel opened or closed, or another run chosen to look inside."""
    run = controls.get("inside_run")
    colors = {r["color"] for r in scene["runs"]}
    first = scene["runs"][0]["color"] if scene["runs"] else None
    chosen = run if isinstance(run, int) and not isinstance(run, bool) and run in colors else scene["inside"]["run"]
    inside = {"run": None if chosen == first else chosen, "open": controls.get("inside_open") is True}
    if inside == scene["inside"]:
        return Outcome(scene)
    return Outcome({**scene, "inside": inside}, "replace")


def _with_data(scene: dict, raw: dict, slot_error: str = "") -> Outcome:
    """The scene on the training set ``raw`` (checked), or the scene as it was with the check's message."""
    notes = Notes()
    data = data_slice.check_data(raw, notes)
    if notes:
        words = "; ".join(n.replace(": the nominal set is used", "") for n in notes)
        return Outcome(scene, messages={"data": f"{words[:160]} (the training set is unchanged)"})
    if data == scene["view"]["data"]:
        return Outcome(scene, messages={"data": slot_error})
    view = {**scene["view"], "data": data}
    new = {**scene, "view": view, "predict": False}
    note = f"Training set: {scene_data.describe(data)}."
    if data["set"] == "points" and "pts=" not in scenes.to_query(new):
        note += (
            f" Its {len(data['points'])} points make the link too long, so a copied link leaves them out (it opens "
            "on the nominal set with a message): save the scene as a file (Export ▾) to keep them."
        )
    return Outcome(new, "push", {"data": slot_error or note}, data_controls(view))


def _data_set(scene, controls, _detail) -> Outcome:
    """Another set chosen: its own default output; a person's points are read from the points box (and a
    message asks for them while it holds none)."""
    kind = controls.get("data_set")
    if kind not in scene_data.SETS:
        return Outcome(scene)
    old = scene["view"]["data"]
    if kind == old["set"]:  # the dropdown shown again (a loaded scene): its output and values stay
        return Outcome(scene, messages={"data": ""})
    raw = {**old, "set": kind, "output": scene_data.DEFAULT_OUTPUT[kind]}
    if kind == "points" and old["set"] != "points":
        points, error = read_points(controls.get("data_points"))
        if error:
            return Outcome(scene, messages={"data": error})
        raw["points"] = points
    return _with_data(scene, raw)


def _data(scene, controls, _detail) -> Outcome:
    """The output transfer function, σ or the seed changed."""
    old = scene["view"]["data"]
    raw = dict(old)
    if controls.get("data_output") in scene_data.OUTPUTS:
        raw["output"] = controls["data_output"]
    errors = []
    if old["set"] == "noisy":
        sigma, e1 = validate.number(controls.get("data_sigma"), "noise σ", 0.0, surface.training_set.MAX_SIGMA)
        seed, e2 = validate.whole(controls.get("data_seed"), "seed", 0, surface.training_set.MAX_SEED)
        errors = [e for e in (e1, e2) if e]
        raw["sigma"] = old["sigma"] if e1 else sigma
        raw["seed"] = old["seed"] if e2 else seed
    return _with_data(scene, raw, "; ".join(errors))


def read_points(text) -> tuple[list, str]:
    """(pairs, "") from the points box's text, or ([], a message quoting at most a few dozen characters)."""
    if not isinstance(text, str) or not text.strip():
        return [], "Paste (p, t) pairs in the box, one a line, or upload a CSV file; then press Use these points."
    try:
        pairs = surface.parse_points(text)
    except ValueError as exc:
        words = str(exc)
        return [], "These points cannot be used: " + (words if len(words) <= 90 else words[:90] + "…")
    return [list(p) for p in pairs], ""


def _data_points(scene, controls, detail) -> Outcome:
    """The points box read (``detail`` is an uploaded file's text, which the box then shows)."""
    text = controls.get("data_points") if detail is None else detail
    if detail is not None and not isinstance(detail, str):
        return Outcome(scene, messages={"data": "That file is not a text (CSV) file: nothing was read."})
    points, error = read_points(text)
    if error:
        out = Outcome(scene, messages={"data": error})
    else:
        output = controls.get("data_output")
        raw = {"set": "points", "output": output if output in scene_data.OUTPUTS else "logsig", "points": points}
        out = _with_data(scene, raw)
    if detail is not None:
        out.controls = {**out.controls, "data_points": text[:20_000]}
    return out


def _bug(scene, controls, _detail) -> Outcome:
    """A bug planted in (or taken out of) the training panel's next run."""
    draft = {k: v for k, v in scene["draft"].items() if k != "bug"}
    if isinstance(controls.get("bug"), str) and controls["bug"] in surface.BUGS:
        draft["bug"] = controls["bug"]
    if draft == scene["draft"]:
        return Outcome(scene)
    return Outcome({**scene, "draft": draft}, "replace")


def _reveal(scene, controls, _detail) -> Outcome:
    if not scene["predict"]:
        return Outcome(scene)
    return Outcome({**scene, "predict": False}, "replace")


HANDLERS = {
    "load": _load,
    "pair": _pair,
    "view": _view,
    "reset-window": _reset_window,
    "reset-fixed": _reset_fixed,
    "start": _draft_field("start"),
    "hyper": _draft_field("hyper"),
    "stop": _draft_field("stop"),
    "algorithm": _algorithm,
    "click": _click,
    "run": _run,
    "remove": _remove,
    "clear": _clear,
    "playback": _playback,
    "reveal": _reveal,
    "hyper-cell": _hyper_cell,
    "restarts": _restarts,
    "inside": _inside,
    "data-set": _data_set,
    "data": _data,
    "data-points": _data_points,
    "bug": _bug,
    "whole": _whole,
}
