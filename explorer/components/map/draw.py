"""The contour map drawn from the scene's view: the figure, the overlay's base (what the browser draws the runs
over) and the line under the controls, computed through the cache; a first map shared by every page that opens
the same view, and only the layers that changed sent again (a ``Patch``) when the contour is as drawn."""

from __future__ import annotations

import hashlib
import json

from dash import Patch, no_update

from explorer.components.planes import view as planes_view
from explorer.core import compute
from explorer.core import data as scene_data
from explorer.core import scene as scenes
from explorer.core.format import display_number
from explorer.serving.cache import cache

from . import figures, layers

OUTPUTS = ("figure", "base", "info")
"""What a drawing of the map gives: the map's figure, the overlay's base, the line under the controls."""


def map_key(view: dict) -> list:
    """What the contour map depends on (a change of mode or 3-D scale leaves it as it is; so does switching where
    each start ends on, until its layer has been computed)."""
    keys = ("x", "y", "xr", "yr", "res", "fixed", "aspect")
    return [view[k] for k in keys] + ["critical" in view["overlays"], scene_data.data_key(view.get("data"))]


def draw_map(scene_view, context, drawn, draft=None) -> dict:
    """The contour map (with its overlays' layers: where each start ends beneath its lines, when that has been
    computed for this window, and the curvature overlays), the overlay's base and the line under the controls;
    nothing when the map is as drawn, and only the layers that changed (a ``Patch``) when the contour itself is as
    drawn.

    While the scene shows a plane (``planes_view``) the pair's map, its stationary points and its overlays are not
    computed at all: the base forgets what it drew, so going back to the pair draws it afresh.

    ``context`` holds the finished results of the long jobs the overlays draw, by job name (None: none yet);
    ``draft`` is the training panel's part of the scene (the stability overlay shades for its algorithm)."""
    if scene_view is None:
        return dict.fromkeys(OUTPUTS, no_update)
    view, _ = scenes.checked_parts(scene_view, [])
    if planes_view.on_plane(view):  # the pair's map is not shown: nothing of it is computed
        forget = {**drawn, "key": None} if isinstance(drawn, dict) and drawn.get("key") is not None else no_update
        return {"figure": no_update, "base": forget, "info": planes_view.PAIR_INFO}
    draft = scenes.check({"view": view, "draft": draft})[0]["draft"]
    context = context if isinstance(context, dict) else {}
    key = {"surface": map_key(view), **layers.key(view, draft, context)}
    drawn_key = drawn.get("key") if isinstance(drawn, dict) else None
    if drawn_key == key:
        if drawn.get("overlays") == view["overlays"]:
            return dict.fromkeys(OUTPUTS, no_update)
        return {"figure": no_update, "base": {**drawn, "overlays": list(view["overlays"])}, "info": no_update}
    if isinstance(drawn_key, dict) and drawn_key.get("surface") == key["surface"]:
        patch = layers_patch(view, draft, context, drawn_key, key)
        return {"figure": patch, "base": {**drawn, "key": key, "overlays": list(view["overlays"])}, "info": no_update}
    xs, ys, F = compute.view_grid(view)
    points = compute.view_stationary(view) if "critical" in view["overlays"] else None
    optimum = compute.view_nominal_minimum(view)
    beneath, above = layers.traces(view, draft, context)
    figure = figures.map_figure(view, xs, ys, F, points, optimum, beneath, above)
    base = figures.overlay_base(view, points, optimum) | {"key": key, "fixed": list(scenes.fixed_vector(view))}
    if not scene_data.is_default(view["data"]):  # the page holds the nominal set's P and T from the start
        base["targets"] = scene_data.client_part(view)
    flats = compute.view_flat(view) if points is not None else []
    return {"figure": figure, "base": base, "info": map_info(F, points, optimum, flats, view.get("data"))}


def first_map(scene_view, context, drawn, draft) -> dict | None:
    """The map a page draws first (nothing drawn yet, no long job's result to draw), shared through the cache:
    the same for every student who opens the same view, so a class opening one link builds its figure once.
    None when the map is not a first drawing (``draw_map`` answers those)."""
    if not isinstance(scene_view, dict) or (isinstance(drawn, dict) and drawn.get("key") is not None):
        return None
    if isinstance(context, dict) and any(v is not None for v in context.values()):
        return None
    view, _ = scenes.checked_parts(scene_view, [])
    if view.get("plane"):
        return None
    draft = scenes.check({"view": view, "draft": draft})[0]["draft"]
    text = json.dumps([view, layers.key(view, draft, {})], sort_keys=True, default=str)
    name = "first-map:" + hashlib.sha256(text.encode()).hexdigest()
    cached = cache.get(name)
    if cached is not None:
        return cached
    drawn = draw_map(view, None, None, draft)
    if drawn["figure"] is no_update:
        return None
    answer = {**drawn, "figure": drawn["figure"].to_plotly_json()}
    cache.set(name, answer)
    return answer


def layers_patch(view: dict, draft: dict, context: dict, old: dict, new: dict) -> Patch:
    """The map as drawn with only the layers that changed replaced (or patched in place by their overlay: a new
    α moves the stability overlay's level alone), and the contour's style when a layer beneath it starts or stops
    showing; a few kB, or a few bytes, rather than the whole contour again."""
    patch = Patch()
    for overlay in layers.changed(old, new):
        i = layers.index(overlay)
        before, after = layers.drawn_value(old, overlay), layers.drawn_value(new, overlay)
        if overlay.patch is None or not overlay.patch(patch, i, before, after, view, draft):
            trace = overlay.trace(view, draft, context) if overlay.trace else layers.place(overlay)
            patch["data"][i] = figures.trace_json(trace)
    lines = layers.as_lines(new)
    if lines != layers.as_lines(old):
        style, background = figures.contour_style(lines)
        c = layers.contour_index()
        patch["data"][c]["contours"]["coloring"] = style["contours"]["coloring"]
        patch["data"][c]["line"] = style["line"]
        patch["layout"]["plot_bgcolor"] = background
    return patch


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
        x, y = (display_number(v) for v in region["point"])
        text += f" A flat {region['kind']} near ({x}, {y}), F = {region['F']:.3g} to rounding: no point to mark there."
    return text


KIND_NAMES = {
    "minimum": ("minimum", "minima"),
    "saddle": ("saddle point", "saddle points"),
    "maximum": ("maximum", "maxima"),
    "degenerate": ("degenerate point", "degenerate points"),
}
