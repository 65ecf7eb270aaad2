"""Thin callbacks: parse, call ``edits`` / ``surface`` (through the cache) / ``figures``, return.

The scene is the source of truth (``scene.py``). One callback, ``edit_scene``, turns every change a person makes
into the next scene with ``edits.apply`` and shows it in the controls; every other server callback derives what
is drawn from the scene's parts, checking them again first (a store is whatever a client sends). All state lives
in the browser, so any worker process can answer any request. Callbacks take named arguments (dict-keyed
``Input``/``State`` groups) and return dicts, so nothing depends on the order of their arguments.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json

from dash import ALL, ClientsideFunction, Input, Output, Patch, State, ctx, html, no_update

import surface

from . import (
    basins_view,
    compute,
    curvature_view,
    data_view,
    edits,
    figures,
    geometry,
    hypermap_view,
    ids,
    inside_view,
    layout,
    lines_view,
    map_hover,
    planes_view,
    race,
    restarts_view,
    scene_data,
    whole_view,
)
from . import scene as scenes
from .cache import cache
from .limits import MAX_RUNS
from .presets import PRESETS, preset_scene

# ---------- the scene reducer's wiring ----------

TEXT_CONTROLS = {
    "xmin": ids.X_MIN,
    "xmax": ids.X_MAX,
    "ymin": ids.Y_MIN,
    "ymax": ids.Y_MAX,
    "res": ids.RESOLUTION,
    "start_x": ids.START_X,
    "start_y": ids.START_Y,
    "epochs": ids.EPOCHS,
    "goal": ids.GOAL,
    "grad_tol": ids.GRAD_TOL,
    "basin_cells": ids.BASIN_CELLS,
    "basin_epochs": ids.BASIN_EPOCHS,
    "hmap_alpha_lo": ids.HMAP_ALPHA_LO,
    "hmap_alpha_hi": ids.HMAP_ALPHA_HI,
    "hmap_gamma_lo": ids.HMAP_GAMMA_LO,
    "hmap_gamma_hi": ids.HMAP_GAMMA_HI,
    "hmap_line_x": ids.HMAP_LINE_X,
    "hmap_line_y": ids.HMAP_LINE_Y,
    "hmap_cells": ids.HMAP_CELLS,
    "hmap_epochs": ids.HMAP_EPOCHS,
    "restarts_n": ids.RESTARTS_N,
    "restarts_seed": ids.RESTARTS_SEED,
    "data_sigma": ids.DATA_SIGMA,
    "data_seed": ids.DATA_SEED,
    "plane_seed": ids.PLANE_SEED,
    "whole_seed": ids.WHOLE_SEED,
    "whole_values": ids.WHOLE_VALUES,
}
CHOICE_CONTROLS = {
    "x": ids.X_PARAM,
    "y": ids.Y_PARAM,
    "overlays": ids.OVERLAYS,
    "mode": ids.MODE,
    "aspect": ids.ASPECT,
    "zscale": ids.ZSCALE,
    "algorithm": ids.ALGORITHM,
    "speed": ids.SPEED,
    "loop": ids.LOOP,
    "clock": ids.CLOCK,
    "shade": ids.SHADE,
    "hmap_y": ids.HMAP_Y,
    "restarts_on": ids.RESTARTS_ON,
    "restarts_init": ids.RESTARTS_INIT,
    "inside_run": ids.INSIDE_RUN,
    "data_set": ids.DATA_SET,
    "data_output": ids.DATA_OUTPUT,
    "bug": ids.BUG,
    "plane_kind": ids.PLANE_KIND,
    "plane_through": ids.PLANE_THROUGH,
    "plane_run": ids.PLANE_RUN,
    "plane_second": ids.PLANE_SECOND,
    "whole_free": ids.WHOLE_FREE,
    "whole_init": ids.WHOLE_INIT,
    "follow": ids.FOLLOW,
}
CONTROLS = {**TEXT_CONTROLS, **CHOICE_CONTROLS}
OTHER_CONTROLS = {"inside_open": (ids.INSIDE_PANEL, "open")}
"""Controls whose value is not a ``value`` property: name -> (id, property)."""
STATE_CONTROLS = {"data_points": ids.DATA_POINTS}
"""Controls read only when another control fires (the points box is read by its button, not as it is typed)."""
FIXED_ALL = {"type": ids.FIXED, "name": ALL}
HYPER_ALL = {"type": ids.HYPER, "algo": ALL, "name": ALL}
MESSAGES = {
    "window": ids.MSG_WINDOW,
    "resolution": ids.MSG_RESOLUTION,
    "fixed": ids.MSG_FIXED,
    "start": ids.MSG_START,
    "hyper": ids.MSG_HYPER,
    "stop": ids.MSG_STOP,
    "run": ids.MSG_RUN,
    "scene": ids.MSG_SCENE,
    "basins": ids.MSG_BASINS,
    "hypermap": ids.MSG_HYPERMAP,
    "restarts": ids.MSG_RESTARTS,
    "data": ids.MSG_DATA,
    "plane": ids.MSG_PLANE,
}
PARTS = {
    "view": ids.SCENE_VIEW,
    "runs": ids.SCENE_RUNS,
    "draft": ids.SCENE_DRAFT,
    "playback": ids.SCENE_PLAYBACK,
    "restarts": ids.SCENE_RESTARTS,
    "inside": ids.SCENE_INSIDE,
    "meta": ids.SCENE_META,
}
EVENTS = {
    ids.X_PARAM: "pair",
    ids.Y_PARAM: "pair",
    **dict.fromkeys((ids.X_MIN, ids.X_MAX, ids.Y_MIN, ids.Y_MAX, ids.RESOLUTION, ids.FIXED), "view"),
    **dict.fromkeys((ids.OVERLAYS, ids.MODE, ids.ASPECT, ids.ZSCALE), "view"),
    **dict.fromkeys((ids.BASIN_CELLS, ids.BASIN_EPOCHS, ids.SHADE), "view"),
    **dict.fromkeys((ids.HMAP_ALPHA_LO, ids.HMAP_ALPHA_HI, ids.HMAP_Y, ids.HMAP_GAMMA_LO, ids.HMAP_GAMMA_HI), "view"),
    **dict.fromkeys((ids.HMAP_LINE_X, ids.HMAP_LINE_Y, ids.HMAP_CELLS, ids.HMAP_EPOCHS), "view"),
    **dict.fromkeys((ids.RESTARTS_ON, ids.RESTARTS_N, ids.RESTARTS_INIT, ids.RESTARTS_SEED), "restarts"),
    **dict.fromkeys((ids.PLANE_KIND, ids.PLANE_THROUGH, ids.PLANE_RUN, ids.PLANE_SEED, ids.PLANE_SECOND), "view"),
    ids.RESET_WINDOW: "reset-window",
    ids.RESET_FIXED: "reset-fixed",
    ids.START_X: "start",
    ids.START_Y: "start",
    ids.HYPER: "hyper",
    ids.EPOCHS: "stop",
    ids.GOAL: "stop",
    ids.GRAD_TOL: "stop",
    ids.ALGORITHM: "algorithm",
    ids.RUN: "run",
    ids.CLEAR: "clear",
    **dict.fromkeys((ids.SPEED, ids.LOOP, ids.CLOCK), "playback"),
    ids.REVEAL: "reveal",
    ids.INSIDE_RUN: "inside",
    ids.INSIDE_PANEL: "inside",
    ids.DATA_SET: "data-set",
    **dict.fromkeys((ids.DATA_OUTPUT, ids.DATA_SIGMA, ids.DATA_SEED), "data"),
    ids.DATA_APPLY: "data-points",
    ids.BUG: "bug",
    **dict.fromkeys((ids.WHOLE_FREE, ids.WHOLE_INIT, ids.WHOLE_SEED, ids.WHOLE_VALUES, ids.WHOLE_ALL), "whole"),
    ids.FOLLOW: "playback",
}


def scene_from_parts(view, runs, draft, playback, restarts, inside, meta) -> dict:
    """The scene the browser holds, checked (the default scene before the first load)."""
    meta = meta if isinstance(meta, dict) else {}
    raw = {"view": view, "runs": runs, "draft": draft, "playback": playback, "restarts": restarts, "inside": inside}
    raw |= {k: meta[k] for k in ("preset", "predict") if k in meta}
    return scenes.check(raw)[0]


def parts_of(scene: dict) -> dict:
    return {
        "view": scene["view"],
        "runs": scene["runs"],
        "draft": scene["draft"],
        "playback": scene["playback"],
        "restarts": scene["restarts"],
        "inside": scene["inside"],
        "meta": {"preset": scene["preset"], "predict": scene["predict"]},
    }


def read_upload(contents) -> str | None:
    """The text of an uploaded file (a data URL), or None when it is not one."""
    if not isinstance(contents, str) or "," not in contents:
        return None
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def event_for(trigger, value) -> edits.Event | None:
    """The event a control's change stands for, or None (a button drawn but not clicked, an empty upload)."""
    if trigger == ids.URL_IN:
        if not isinstance(value, dict) or not isinstance(value.get("search"), str):
            return None
        return edits.Event("load", ("history" if value.get("pop") else "url", value["search"]))
    if trigger == ids.LOAD_SCENE:
        text = read_upload(value)
        return edits.Event("load", ("file", text if text is not None else "not a file"))
    if trigger == ids.DATA_UPLOAD:
        if value is None:
            return None
        text = read_upload(value)
        return edits.Event("data-points", text if text is not None else 0)
    if trigger == ids.START_CLICK:
        return edits.Event("click", value)
    if trigger == ids.HYPER_CLICK:
        return edits.Event("hyper-cell", value)
    if isinstance(trigger, dict):
        kind = trigger.get("type")
        if kind == ids.PRESET:
            slug = trigger.get("name")
            return edits.Event("load", ("preset", preset_scene(slug))) if value and slug in PRESETS else None
        if kind == ids.REMOVE:
            return edits.Event("remove", trigger.get("key")) if value else None
        trigger = kind
    name = EVENTS.get(trigger)
    if name is None:
        return None
    if name in ("run", "clear", "reset-window", "reset-fixed", "data-points") and not value:
        return None
    if trigger == ids.WHOLE_ALL:
        return edits.Event("whole", "all") if value else None
    return edits.Event(name)


def pairs(ids_, values):
    """(id, value) for the entries of a pattern-matching input whose id has the expected shape."""
    if not isinstance(ids_, list) or not isinstance(values, list):
        return []
    return [(i, v) for i, v in zip(ids_, values, strict=False) if isinstance(i, dict)]


def controls_from(inputs: dict, fixed_ids, hyper_ids) -> dict:
    """What the controls hold now, by name (texts as typed; anything a client sends is only text to parse)."""
    controls = {name: inputs.get(name) for name in (*CONTROLS, *OTHER_CONTROLS)}
    controls["fixed"] = {i.get("name"): v for i, v in pairs(fixed_ids, inputs.get("fixed"))}
    hyper: dict = {}
    for i, v in pairs(hyper_ids, inputs.get("hyper")):
        if isinstance(i.get("algo"), str):
            hyper.setdefault(i["algo"], {})[i.get("name")] = v
    controls["hyper"] = hyper
    return controls


def edit_scene(inputs: dict, state: dict, trigger, value) -> dict:
    """One step of the scene: the event ``trigger`` stands for, applied; returns every output by name."""
    out = {f"part_{k}": no_update for k in PARTS} | {"link": no_update}
    out |= {f"control_{k}": no_update for k in (*CONTROLS, *OTHER_CONTROLS, *STATE_CONTROLS)}
    # a pattern-matching output takes a list, one entry per component
    out["control_fixed"] = (
        [no_update] * len(state.get("fixed_ids") or []) if isinstance(state.get("fixed_ids"), list) else []
    )
    out["control_hyper"] = (
        [no_update] * len(state.get("hyper_ids") or []) if isinstance(state.get("hyper_ids"), list) else []
    )
    out |= {f"msg_{k}": no_update for k in MESSAGES}
    event = event_for(trigger, value)
    if event is None:
        return out
    old = scene_from_parts(*(state.get(k) for k in PARTS))
    controls = controls_from(inputs, state.get("fixed_ids"), state.get("hyper_ids"))
    controls |= {name: state.get(name) for name in STATE_CONTROLS}
    outcome = edits.apply(old, controls, event)
    new = outcome.scene
    for key, part in parts_of(new).items():
        if part != state.get(key):  # what the store holds, which may be what a client made up
            out[f"part_{key}"] = part
    if new != old or event.kind == "load":
        out["link"] = {"query": scenes.to_query(new), "history": outcome.history, "load": event.kind == "load"}
    for name, shown in outcome.controls.items():
        if name == "fixed":
            out["control_fixed"] = [
                shown.get(i.get("name"), no_update) for i, _ in pairs(state.get("fixed_ids"), out["control_fixed"])
            ]
        elif name == "hyper":
            out["control_hyper"] = [
                shown.get(i.get("algo"), {}).get(i.get("name"), no_update)
                for i, _ in pairs(state.get("hyper_ids"), out["control_hyper"])
            ]
        else:
            out[f"control_{name}"] = shown
    for slot, text in outcome.messages.items():
        out[f"msg_{slot}"] = text
    return out


# ---------- what is drawn, derived from the scene ----------


def map_key(view: dict) -> list:
    """What the contour map depends on (a change of mode or 3-D scale leaves it as it is; so does switching where
    each start ends on, until its layer has been computed)."""
    keys = ("x", "y", "xr", "yr", "res", "fixed", "aspect")
    return [view[k] for k in keys] + ["critical" in view["overlays"], scene_data.data_key(view.get("data"))]


def draw_map(scene_view, basins, drawn, draft=None):
    """The contour map (with where each start ends beneath its lines, when that has been computed for this
    window, and the curvature overlays), the overlay's base and the line under the controls; nothing when the
    map is as drawn, and only the layers that changed (a ``Patch``) when the contour itself is as drawn.

    While the scene shows a plane (``planes_view``) the pair's map, its stationary points and its overlays are not
    computed at all: the base forgets what it drew, so going back to the pair draws it afresh.

    ``draft`` is the training panel's part of the scene: the stability overlay shades for its algorithm and
    hyperparameters."""
    if scene_view is None:
        return no_update, no_update, no_update
    view, _ = scenes.checked_parts(scene_view, [])
    if planes_view.on_plane(view):  # the pair's map is not shown: nothing of it is computed
        forget = {**drawn, "key": None} if isinstance(drawn, dict) and drawn.get("key") is not None else no_update
        return no_update, forget, planes_view.PAIR_INFO
    draft = scenes.check({"view": view, "draft": draft})[0]["draft"]
    layer = basins_view.layer_for(basins, view)
    key = {
        "surface": map_key(view),
        "basins": [view["basins"]["shade"] if layer else None, layer and layer.get("request")],
        "curvature": curvature_view.drawn_key(view, draft),
    }
    drawn_key = drawn.get("key") if isinstance(drawn, dict) else None
    if drawn_key == key:
        if drawn.get("overlays") == view["overlays"]:
            return no_update, no_update, no_update
        return no_update, {**drawn, "overlays": list(view["overlays"])}, no_update
    if isinstance(drawn_key, dict) and drawn_key.get("surface") == key["surface"]:
        patch = layers_patch(view, layer, draft, drawn_key, key)
        return patch, {**drawn, "key": key, "overlays": list(view["overlays"])}, no_update
    xs, ys, F = compute.view_grid(view)
    points = compute.view_stationary(view) if "critical" in view["overlays"] else None
    optimum = compute.view_nominal_minimum(view)
    layers = curvature_view.traces(view, draft)
    figure = figures.map_figure(view, xs, ys, F, points, optimum, layer, layers)
    base = figures.overlay_base(view, points, optimum) | {"key": key, "fixed": list(scenes.fixed_vector(view))}
    if not scene_data.is_default(view["data"]):  # the page holds the nominal set's P and T from the start
        base["targets"] = scene_data.client_part(view)
    flats = compute.view_flat(view) if points is not None else []
    return figure, base, map_info(F, points, optimum, flats, view.get("data"))


def first_map(scene_view, basins, drawn, draft) -> dict | None:
    """The map a page draws first (nothing drawn yet, no layer of where each start ends), shared through the
    cache: the same for every student who opens the same view, so a class opening one link builds its figure
    once. None when the map is not a first drawing (``draw_map`` answers those)."""
    if not isinstance(scene_view, dict) or (isinstance(drawn, dict) and drawn.get("key") is not None):
        return None
    view, _ = scenes.checked_parts(scene_view, [])
    if basins_view.layer_for(basins, view) is not None or view.get("plane"):
        return None
    draft = scenes.check({"view": view, "draft": draft})[0]["draft"]
    text = json.dumps([view, curvature_view.drawn_key(view, draft)], sort_keys=True, default=str)
    name = "first-map:" + hashlib.sha256(text.encode()).hexdigest()
    cached = cache.get(name)
    if cached is not None:
        return cached
    figure, base, info = draw_map(view, None, None, draft)
    if figure is no_update:
        return None
    answer = {"figure": figure.to_plotly_json(), "base": base, "info": info}
    cache.set(name, answer)
    return answer


def layers_patch(view: dict, layer, draft: dict, old: dict, new: dict) -> Patch:
    """The map as drawn with only the layers that changed replaced: the bottom layer (where each start ends), the
    contour's style above it (filled, or lines over a layer beneath), and the curvature overlays; a few kB, or a
    few bytes for a new α, rather than the whole contour again."""
    patch = Patch()
    if old.get("basins") != new["basins"]:
        patch["data"][0] = figures.trace_json(figures.basin_layer(view, layer)[0])
    lines = figures.beneath_lines(view, layer)
    if lines != _drawn_as_lines(old):
        style, background = figures.contour_style(view, layer)
        patch["data"][1]["contours"]["coloring"] = style["contours"]["coloring"]
        patch["data"][1]["line"] = style["line"]
        patch["layout"]["plot_bgcolor"] = background
    curvature_view.patch_layers(patch, view, draft, old.get("curvature"), new["curvature"])
    return patch


def _drawn_as_lines(key: dict) -> bool:
    """Whether the map drawn with this key has its contour as lines (a basin layer or the condition number)."""
    basins = key.get("basins")
    curvature = key.get("curvature")
    return bool(isinstance(basins, list) and basins and basins[0]) or bool(
        isinstance(curvature, dict) and curvature.get("condition")
    )


def map_info(F, points, optimum, flats=(), data=None) -> str:
    """One line under the controls: the range of F and what the window holds (and the training set, when it is
    not the nominal one)."""
    text = f"F on this grid: {float(F.min()):.3g} to {float(F.max()):.3g}."
    if data and not scene_data.is_default(data):
        text = f"Training set: {scene_data.describe(data)}. {text}"
    if optimum is None:
        text += " The nominal parameters are not a minimum of this slice."
    if points is None:
        return text
    counts: dict[str, int] = {}
    for p in points:
        counts[p["kind"]] = counts.get(p["kind"], 0) + 1
    found = ", ".join(f"{n} {KIND_NAMES[kind][n > 1]}" for kind, n in counts.items()) or "none"
    text = f"{text} Stationary points in the window: {found}."
    for region in flats:
        x, y = (scenes.display_number(v) for v in region["point"])
        text += f" A flat {region['kind']} near ({x}, {y}), F = {region['F']:.3g} to rounding: no point to mark there."
    return text


KIND_NAMES = {
    "minimum": ("minimum", "minima"),
    "saddle": ("saddle point", "saddle points"),
    "maximum": ("maximum", "maxima"),
    "degenerate": ("degenerate point", "degenerate points"),
}


def result_key(run: dict, view: dict) -> str:
    """What names a run's result in the browser: a digest of the request and the surface it ran on (the same in
    every worker process, unlike Python's salted ``hash``)."""
    return hashlib.sha1(repr(compute.run_args(run, view)).encode()).hexdigest()[:16]


def derive_runs(scene_runs, scene_view, scene_meta, known, export_path):
    """The runs' results for the scene: metadata for each, paths sent once, the run cards, a status message."""
    if scene_view is None:
        return no_update, no_update, no_update, no_update
    view, runs = scenes.checked_parts(scene_view, scene_runs)
    labels = scenes.labels(runs)
    known = known[: 2 * MAX_RUNS] if isinstance(known, list) else []  # a real store holds at most MAX_RUNS
    known_keys = {r.get("key") for r in known if isinstance(r, dict) and isinstance(r.get("key"), str)}
    metas, paths, new = [], Patch(), []
    for run, label in zip(runs, labels, strict=True):
        key = result_key(run, view)
        result = compute.run(*compute.run_args(run, view), compute.view_window(view))
        meta = {k: v for k, v in result.items() if k != "path"}
        meta.update(key=key, run_key=scenes.run_key(run), label=label, color=run["color"])
        meta["window"] = [view["xr"], view["yr"]]
        meta |= bug_parts(run, view)
        path = result["path"]
        meta["exit"] = geometry.first_exit(compute.decode(path["x"]), compute.decode(path["y"]), view["xr"], view["yr"])
        if meta["exit"]:
            meta["exit"]["epoch"] = int(compute.decode(path["epoch"])[meta["exit"]["index"]])
        alone = {**scenes.default_scene(), "view": view, "runs": [{**run, "color": 0}]}
        meta["csv"] = f"{export_path}run.csv?{scenes.to_query(alone)}"
        meta["json"] = f"{export_path}run.json?{scenes.to_query(alone)}"
        metas.append(meta)
        if key not in known_keys:
            paths[key] = result["path"]
            new.append(meta)
    for key in known_keys - {m["key"] for m in metas}:
        del paths[key]
    predicting = isinstance(scene_meta, dict) and scene_meta.get("predict") is True
    note = no_update
    if new and not predicting:
        last = new[-1]
        note = html.Span(
            f"{last['label']}: {surface.STATUS_LABELS.get(last['status'], last['status'])}.", className="ok"
        )
    return metas, paths, run_list(metas), note


def bug_parts(run: dict, view: dict) -> dict:
    """What a run's card and drawing add for the training set and a planted bug: the set's reach warning, the bug's
    title, and the correct run from the same start (its display copy, drawn solid beside the dashed broken one)."""
    out = {}
    warning = scene_data.reach_warning(view["data"])
    if warning:
        out["reach"] = warning
    if run.get("bug"):
        clean = {k: v for k, v in run.items() if k != "bug"}
        twin = compute.run(*compute.run_args(clean, view), compute.view_window(view))
        out["bug_title"] = surface.BUGS[run["bug"]].title
        out["twin"] = {k: twin["path"][k] for k in ("x", "y", "F", "epoch", "evals")}
        out["twin"] |= {"F_end": twin["F_end"], "status": twin["status"]}
    return out


STATUS_MARKS = {
    "goal": "✓",
    "gradient": "✓",
    "converged": "✓",
    "diverged": "✗",
    "singular": "✗",
    "max_epochs": "…",
    "stalled": "…",
    "oscillating": "↯",
    "mu_max": "…",
}
"""A one-character outcome for a run's compact card (its full status unfolds beneath)."""


def drawing_text(run: dict) -> str:
    """How the drawn path stands for the run: from how many iterates, and how close to every one."""
    share = (
        "every iterate"
        if run["points"] == run["iterates"]
        else f"{run['points']:,} of its {run['iterates']:,} iterates"
    )
    if run["deviation"] <= 1e-3:
        return f"Drawn through {share}; every iterate lies within 0.1 % of the window of the line drawn."
    return (
        f"Drawn through {share}; it zig-zags more finely than a line can follow, and some iterates lie "
        f"{100 * run['deviation']:.2g} % of the window away from the line drawn."
    )


def exit_text(run: dict) -> str:
    """Where a run left the window and where it went."""
    out = run["exit"]
    x1, y1 = run["end"][:2]
    pair = [surface.LABELS[p] for p in run["pair"]]
    edge = out["edge"]
    value = out["point"][0] if edge in ("left", "right") else out["point"][1]
    axis = pair[0] if edge in ("left", "right") else pair[1]
    (x0, x1w), (y0, y1w) = run["window"]
    back = x0 <= x1 <= x1w and y0 <= y1 <= y1w
    where = "came back and ended" if back else "ended outside it"
    return (
        f"Left the window at epoch {out['epoch']:,}, across its {edge} edge ({axis} = {scenes.display_number(value)}); "
        f"it {where} at ({scenes.display_number(x1)}, {scenes.display_number(y1)})."
    )


def run_list(metas: list[dict]):
    """One compact card per run: colour, name, outcome and final F; the details unfold."""
    if not metas:
        return layout.empty_run_list()
    return [run_card(m, f"var(--run-{m['color']})") for m in metas]


def run_card(run: dict, color: str) -> html.Div:
    x1, y1 = run["end"][:2]  # the axes (a run of the whole network ends in seven)
    evaluations = ", ".join(f"{n:,} {k}" for k, n in run["evaluations"].items())
    spec = surface.ALGORITHMS[run["algorithm"]].SPEC
    hyper = ", ".join(f"{scenes.symbol(spec[k])} = {scenes.display_value(v)}" for k, v in run["hyper"].items())
    status = surface.STATUS_LABELS.get(run["status"], run["status"])
    return html.Div(
        [
            html.Details(
                [
                    html.Summary(
                        [
                            html.Span(className="swatch", style={"background": color}),
                            html.Strong(run["label"], className="run-name", title=run["label"]),
                            html.Span(
                                STATUS_MARKS.get(run["status"], "•"),
                                className=f"status-mark {run['status']} outcome",
                                title=status,
                            ),
                            html.Span(f"F = {run['F_end']:.3g}", className="run-f outcome"),
                        ]
                    ),
                    html.Div(status, className=f"status {run['status']} outcome"),
                    *bug_lines(run),
                    html.Div(run["message"], className="run-message outcome"),
                    *([html.Div(run["reach"], className="run-reach note")] if run.get("reach") else []),
                    *whole_view.card_lines(run),
                    *([html.Div(exit_text(run), className="run-exit outcome")] if run.get("exit") else []),
                    html.Div(hyper or "no hyperparameters", className="note"),
                    html.Div(
                        f"end ({scenes.display_number(x1)}, {scenes.display_number(y1)}), F = {run['F_end']:.6g}, "
                        f"|∇F| = {run['grad_end']:.3g}",
                        className="mono outcome",
                    ),
                    html.Div(
                        f"{run['epochs']:,} epochs · {evaluations} · {run['seconds'] * 1e3:.1f} ms to compute",
                        className="note outcome",
                    ),
                    html.Div(drawing_text(run), className="note"),
                    html.Div(
                        [
                            html.A("CSV", href=run["csv"], download="", className="csv"),
                            html.A("JSON", href=run["json"], download="", className="json"),
                            html.Span("the whole run, every iterate", className="note"),
                        ],
                        className="downloads",
                    ),
                ],
                className="run-details",
            ),
            html.Button(
                "×",
                id={"type": ids.REMOVE, "key": run["run_key"]},
                n_clicks=0,
                className="remove",
                title="remove this run",
            ),
        ],
        className="run-card",
        style={"borderLeftColor": color},
        **{"data-key": run["key"]},
    )


def bug_lines(run: dict) -> list:
    """A buggy run's card names its bug and how the correct run from the same start ended."""
    if not run.get("bug_title"):
        return []
    twin = run["twin"]
    status = surface.STATUS_LABELS.get(twin["status"], twin["status"])
    return [
        html.Div(
            f"Planted bug: {run['bug_title']} (dashed). The correct gradient from the same start (solid, same "
            f"colour): {status}, F = {twin['F_end']:.3g}.",
            className="run-bug",
        )
    ]


def draw_surface(scene_view):
    """The 3-D surface when its view is chosen; which of the three views (map, surface, learning rates) shows."""
    if scene_view is None:
        return no_update, no_update, no_update, no_update
    view, _ = scenes.checked_parts(scene_view, [])
    on_plane = view.get("plane") is not None  # planes_view draws the map on a plane
    shown = {"map": view["mode"] != "contour" or on_plane, "surface": view["mode"] != "3d" or on_plane}
    shown["hyper"] = view["mode"] != "hyper"
    if view["mode"] != "3d" or on_plane:  # on a plane, planes_view draws its own surface
        return no_update, shown["map"], shown["surface"], shown["hyper"]
    xs, ys, F = compute.view_grid(view, min(view["res"], 160))  # a WebGL surface needs fewer vertices
    return figures.surface_figure(view, xs, ys, F), shown["map"], shown["surface"], shown["hyper"]


def axis_options(x, y):
    """Each dropdown lists the seven parameters with the other axis's one disabled; the axis parameters' fixed
    boxes are disabled (they vary along the map)."""
    disabled = [name in (x, y) for name in surface.PARAMS]
    return layout.parameter_options(y), layout.parameter_options(x), disabled


def show_algorithm(algorithm, panel_ids):
    """The chosen algorithm's hyperparameter panel (the others hidden), its description and its epoch budget."""
    if not isinstance(algorithm, str) or algorithm not in surface.ALGORITHMS or not isinstance(panel_ids, list):
        return no_update, no_update, no_update
    styles = [None if isinstance(i, dict) and i.get("algo") == algorithm else {"display": "none"} for i in panel_ids]
    return styles, layout.algorithm_help(algorithm), layout.epochs_note(algorithm)


def lesson_panel(meta, scene_view, scene_runs):
    """The preset's name, caption and question; the page hides outcomes while a prediction is asked for."""
    meta = meta if isinstance(meta, dict) else {}
    slug = meta.get("preset")
    predicting = meta.get("predict") is True
    shell = "shell predicting" if predicting else "shell"
    if slug not in PRESETS:
        return [], shell
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
    return children, shell


# ---------- registration ----------


def register(app, manager=None) -> None:
    """Attach every callback to ``app``; ``manager`` runs the long jobs (explorer/background.py)."""
    register_scene(app)
    register_views(app)
    race.register(app)
    basins_view.register(app, manager)
    curvature_view.register(app)
    restarts_view.register(app, manager)
    hypermap_view.register(app, manager)
    planes_view.register(app)
    lines_view.register(app)
    inside_view.register(app, result_key)
    data_view.register(app)
    whole_view.register(app)
    map_hover.register(app)
    register_clientside(app)


def register_scene(app) -> None:
    inputs = {
        "url": Input(ids.URL_IN, "data"),
        "hyper_click": Input(ids.HYPER_CLICK, "data"),
        "preset": Input({"type": ids.PRESET, "name": ALL}, "n_clicks"),
        "upload": Input(ids.LOAD_SCENE, "contents"),
        "click": Input(ids.START_CLICK, "data"),
        "run": Input(ids.RUN, "n_clicks"),
        "clear": Input(ids.CLEAR, "n_clicks"),
        "remove": Input({"type": ids.REMOVE, "key": ALL}, "n_clicks"),
        "reset_window": Input(ids.RESET_WINDOW, "n_clicks"),
        "reset_fixed": Input(ids.RESET_FIXED, "n_clicks"),
        "reveal": Input(ids.REVEAL, "data"),
        "data_apply": Input(ids.DATA_APPLY, "n_clicks"),
        "data_upload": Input(ids.DATA_UPLOAD, "contents"),
        "whole_all": Input(ids.WHOLE_ALL, "n_clicks"),
        "fixed": Input(FIXED_ALL, "value"),
        "hyper": Input(HYPER_ALL, "value"),
        **{name: Input(cid, "value") for name, cid in CONTROLS.items()},
        **{name: Input(cid, prop) for name, (cid, prop) in OTHER_CONTROLS.items()},
    }
    state = {
        "fixed_ids": State(FIXED_ALL, "id"),
        "hyper_ids": State(HYPER_ALL, "id"),
        **{key: State(cid, "data") for key, cid in PARTS.items()},
        **{name: State(cid, "value") for name, cid in STATE_CONTROLS.items()},
    }
    output = {
        **{f"part_{key}": Output(cid, "data") for key, cid in PARTS.items()},
        "link": Output(ids.SCENE_LINK, "data"),
        **{f"control_{name}": Output(cid, "value") for name, cid in CONTROLS.items()},
        **{f"control_{name}": Output(cid, prop) for name, (cid, prop) in OTHER_CONTROLS.items()},
        **{f"control_{name}": Output(cid, "value") for name, cid in STATE_CONTROLS.items()},
        "control_fixed": Output(FIXED_ALL, "value"),
        "control_hyper": Output(HYPER_ALL, "value"),
        **{f"msg_{slot}": Output(cid, "children", allow_duplicate=slot == "run") for slot, cid in MESSAGES.items()},
    }

    @app.callback(output=output, inputs=inputs, state=state, prevent_initial_call=True)
    def _edit_scene(**values):
        ins = {k: values[k] for k in inputs}
        st = {k: values[k] for k in state}
        trigger = ctx.triggered_id
        value = ctx.triggered[0]["value"] if ctx.triggered else None
        return edit_scene(ins, st, trigger, value)


def register_views(app) -> None:
    # the map, drawn when the view changes and again when a basin map arrives; the other is read as State, which
    # Dash does not wait for (an Input that a running background job will write would hold the map back)
    map_outputs = {
        "figure": Output(ids.MAP, "figure"),
        "base": Output(ids.OVERLAY_BASE, "data"),
        "info": Output(ids.MAP_INFO, "children"),
    }

    # the training panel's draft is read as State: what the stability overlay reads of it arrives as the
    # stability input, which the browser sets only while that overlay is on (a moved start redraws nothing)
    def map_for(scene_view, basins, drawn, draft, stability=None):
        return first_map(scene_view, basins, drawn, draft) or dict(
            zip(("figure", "base", "info"), draw_map(scene_view, basins, drawn, draft), strict=True)
        )

    app.callback(
        output=map_outputs,
        inputs={"scene_view": Input(ids.SCENE_VIEW, "data"), "stability": Input(ids.STABILITY_INPUT, "data")},
        state={
            "basins": State(ids.BASIN_STORE, "data"),
            "drawn": State(ids.OVERLAY_BASE, "data"),
            "draft": State(ids.SCENE_DRAFT, "data"),
        },
    )(map_for)
    app.callback(
        output={k: Output(o.component_id, o.component_property, allow_duplicate=True) for k, o in map_outputs.items()},
        inputs={"basins": Input(ids.BASIN_STORE, "data")},
        state={
            "scene_view": State(ids.SCENE_VIEW, "data"),
            "drawn": State(ids.OVERLAY_BASE, "data"),
            "draft": State(ids.SCENE_DRAFT, "data"),
        },
        prevent_initial_call=True,
    )(map_for)

    export_path = app.get_relative_path("/export/")

    @app.callback(
        output={
            "runs": Output(ids.RUNS, "data"),
            "paths": Output(ids.PATHS, "data"),
            "cards": Output(ids.RUN_LIST, "children"),
            "note": Output(ids.MSG_RUN, "children", allow_duplicate=True),
        },
        inputs={"scene_runs": Input(ids.SCENE_RUNS, "data"), "scene_view": Input(ids.SCENE_VIEW, "data")},
        state={"scene_meta": State(ids.SCENE_META, "data"), "known": State(ids.RUNS, "data")},
        prevent_initial_call=True,
    )
    def _derive_runs(scene_runs, scene_view, scene_meta, known):
        out = derive_runs(scene_runs, scene_view, scene_meta, known, export_path)
        return dict(zip(("runs", "paths", "cards", "note"), out, strict=True))

    app.callback(
        output={
            "figure": Output(ids.SURFACE, "figure"),
            "map_hidden": Output(ids.MAP_VIEW, "hidden"),
            "surface_hidden": Output(ids.SURFACE_VIEW, "hidden"),
            "hyper_hidden": Output(ids.HYPER_VIEW, "hidden"),
        },
        inputs={"scene_view": Input(ids.SCENE_VIEW, "data")},
    )(
        lambda scene_view: dict(
            zip(("figure", "map_hidden", "surface_hidden", "hyper_hidden"), draw_surface(scene_view), strict=True)
        )
    )

    app.callback(
        output={
            "x_options": Output(ids.X_PARAM, "options"),
            "y_options": Output(ids.Y_PARAM, "options"),
            "disabled": Output(FIXED_ALL, "disabled"),
        },
        inputs={"x": Input(ids.X_PARAM, "value"), "y": Input(ids.Y_PARAM, "value")},
    )(lambda x, y: dict(zip(("x_options", "y_options", "disabled"), axis_options(x, y), strict=True)))

    app.callback(
        output={
            "styles": Output({"type": ids.HYPER_PANEL, "algo": ALL}, "style"),
            "help": Output(ids.ALGORITHM_HELP, "children"),
            "note": Output(ids.EPOCHS_NOTE, "children"),
        },
        inputs={"algorithm": Input(ids.ALGORITHM, "value")},
        state={"panel_ids": State({"type": ids.HYPER_PANEL, "algo": ALL}, "id")},
        prevent_initial_call=True,
    )(
        lambda algorithm, panel_ids: dict(
            zip(("styles", "help", "note"), show_algorithm(algorithm, panel_ids), strict=True)
        )
    )

    app.callback(
        output={"panel": Output(ids.LESSON_PANEL, "children"), "shell": Output(ids.SHELL, "className")},
        inputs={"meta": Input(ids.SCENE_META, "data")},
        state={"scene_view": State(ids.SCENE_VIEW, "data"), "scene_runs": State(ids.SCENE_RUNS, "data")},
        prevent_initial_call=True,
    )(
        lambda meta, scene_view, scene_runs: dict(
            zip(("panel", "shell"), lesson_panel(meta, scene_view, scene_runs), strict=True)
        )
    )


def register_clientside(app) -> None:
    """The browser's share (assets/, one namespace): the address bar, drawing and animating the runs, clicks,
    exports.

    Clientside callbacks take their inputs and states in the order listed here (Dash passes them positionally);
    each function in assets/ names them in the same order.
    """

    def client(name, output, inputs, state=(), **kwargs):
        app.clientside_callback(ClientsideFunction("explorer", name), output, list(inputs), list(state), **kwargs)

    client("zscaleHidden", Output(ids.ZSCALE_BOX, "hidden"), [Input(ids.MODE, "value")])
    app.clientside_callback(
        ClientsideFunction("inside", "setData"), Output(ids.INSIDE_SINK, "title"), [Input(ids.INSIDE_STORE, "data")]
    )
    client("readUrl", Output(ids.URL_IN, "data"), [Input(ids.CONFIG, "data")])
    client("writeUrl", Output(ids.ANIMATION, "title"), [Input(ids.SCENE_LINK, "data")], prevent_initial_call=True)
    client(
        "drawRuns",
        [Output(ids.OVERLAY, "figure"), Output(ids.LOSS, "figure"), Output(ids.RESPONSE, "figure")],
        [Input(ids.RUNS, "data"), Input(ids.PATHS, "data"), Input(ids.OVERLAY_BASE, "data")],
        [State(ids.SCENE_DRAFT, "data"), State(ids.LOSS, "figure"), State(ids.RESPONSE, "figure")],
        prevent_initial_call=True,
    )
    client(
        "stabilityInput",
        Output(ids.STABILITY_INPUT, "data"),
        [Input(ids.SCENE_VIEW, "data"), Input(ids.SCENE_DRAFT, "data")],
        [State(ids.STABILITY_INPUT, "data")],
    )
    client("showStart", Output(ids.ANIMATION, "lang"), [Input(ids.SCENE_DRAFT, "data")], prevent_initial_call=True)
    client("hookMap", Output(ids.ANIMATION, "children"), [Input(ids.MAP, "figure")], prevent_initial_call=True)
    client("hookSurface", Output(ids.ANIMATION, "dir"), [Input(ids.SURFACE, "figure")], prevent_initial_call=True)
    client(
        "control",
        Output(ids.ANIMATION, "className"),
        [
            Input(ids.PLAY, "n_clicks"),
            Input(ids.STEP, "n_clicks"),
            Input(ids.STEP_BACK, "n_clicks"),
            Input(ids.RESTART, "n_clicks"),
        ],
        prevent_initial_call=True,
    )
    client(
        "settings",
        Output(ids.ANIMATION, "accessKey"),
        [Input(ids.SPEED, "value"), Input(ids.LOOP, "value"), Input(ids.CLOCK, "value"), Input(ids.CONFIG, "data")],
    )
    client(
        "setRestarts",
        Output(ids.ANIMATION, "spellCheck"),
        [Input(ids.RESTART_STORE, "data")],
        prevent_initial_call=True,
    )
    client(
        "hookHyper",
        Output(ids.ANIMATION, "draggable"),
        [Input(ids.HYPER_GRAPH, "figure")],
        [State(ids.HYPER_STORE, "data")],
        prevent_initial_call=True,
    )
    client(
        "topBar",
        Output(ids.ANIMATION, "role"),
        [
            Input(ids.COPY_LINK, "n_clicks"),
            Input(ids.EXPORT_PNG, "n_clicks"),
            Input(ids.PRESENT, "n_clicks"),
            Input(ids.HELP, "n_clicks"),
            Input(ids.DRAWER, "n_clicks"),
            Input({"type": ids.PRESET, "name": ALL}, "n_clicks"),
        ],
        prevent_initial_call=True,
    )
