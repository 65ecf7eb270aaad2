"""The view's steps of the scene's reducer: a new pair, the window, the resolution, the fixed values, the overlays,
the view shown, the aspect and the 3-D scale; and what those controls show for a scene."""

from __future__ import annotations

import surface
from explorer.core import validate
from explorer.core.reducer import Note, Outcome, number_box, start_controls
from explorer.core.run import default_start
from explorer.core.scene import fixed_vector

from .slice import ASPECTS, MODES, ZSCALES, default_view, overlay_names

TOGGLES = ("overlays", "mode", "aspect", "zscale")
"""View fields whose change is a step of its own in the browser's history."""

KEPT = ("res", "overlays", "mode", "aspect", "zscale", "plane", "data")
"""What a new pair keeps of the view (the window, the fixed values and the maps' settings start afresh)."""


def window_controls(view: dict) -> dict:
    (x0, x1), (y0, y1) = view["xr"], view["yr"]
    return {"xmin": number_box(x0), "xmax": number_box(x1), "ymin": number_box(y0), "ymax": number_box(y1)}


def fixed_controls(view: dict) -> dict:
    return {"fixed": {name: number_box(v) for name, v in zip(surface.PARAMS, fixed_vector(view), strict=True)}}


def show(scene: dict) -> dict:
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
    }


def read_window(controls: dict):
    return validate.window(controls["xmin"], controls["xmax"], controls["ymin"], controls["ymax"])


def read_fixed(controls: dict, axes) -> tuple[dict | None, str | None]:
    values, error = validate.fixed_values(controls["fixed"], axes)
    if error:
        return None, error
    nominal = dict(zip(surface.PARAMS, surface.NOMINAL, strict=True))
    return {n: v for n, v in zip(surface.PARAMS, values, strict=True) if n not in axes and v != nominal[n]}, None


def pair(scene, controls, _detail) -> Outcome:
    """A parameter chosen for an axis: the pair's default window and start; the runs drawn on the old pair go."""
    chosen, error = validate.pair(controls["x"], controls["y"])
    if error:
        return Outcome(scene, messages={"window": error})
    old = scene["view"]
    view = default_view(*chosen)
    view.update({k: old[k] for k in KEPT})
    view["fixed"] = {k: v for k, v in old["fixed"].items() if k not in chosen}
    draft = {**scene["draft"], "start": default_start(view["xr"], view["yr"])}
    dropped = len(scene["runs"])
    note = Note(f"{dropped} run(s) removed: they were drawn on another pair.") if dropped else ""
    new = {**scene, "view": view, "runs": [], "draft": draft, "predict": False}
    shown = {**window_controls(view), **fixed_controls(view), **start_controls(draft)}
    return Outcome(new, "push", {"window": "", "resolution": "", "fixed": "", "run": note}, shown)


def view_fields(scene, controls, _detail) -> Outcome:
    """The window, the resolution, the fixed values, the overlays, the view shown, the aspect or the 3-D scale
    changed: each box that holds something valid is taken, each other one says why beside it."""
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
    for name, choices in (("mode", MODES), ("aspect", ASPECTS), ("zscale", ZSCALES)):
        if controls[name] in choices:
            view[name] = controls[name]
    toggled = any(view[k] != scene["view"][k] for k in TOGGLES)
    messages = {"window": e_window or "", "resolution": e_res or "", "fixed": e_fixed or ""}
    history = "push" if toggled else ("replace" if view != scene["view"] else "none")
    return Outcome({**scene, "view": view}, history, messages)


def reset_window(scene, controls, _detail) -> Outcome:
    view = scene["view"]
    xr, yr = surface.default_window(view["x"], view["y"])
    view = {**view, "xr": list(xr), "yr": list(yr)}
    return Outcome({**scene, "view": view}, "push", {"window": ""}, window_controls(view))


def reset_fixed(scene, controls, _detail) -> Outcome:
    view = {**scene["view"], "fixed": {}}
    return Outcome({**scene, "view": view}, "push", {"fixed": ""}, fixed_controls(view))


HANDLERS = {"pair": pair, "view": view_fields, "reset-window": reset_window, "reset-fixed": reset_fixed}
