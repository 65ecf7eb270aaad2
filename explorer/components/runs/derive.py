"""The runs' results for the scene: each run computed through the cache (``core.compute``), its metadata for the
page, its display path sent once (a ``Patch`` of the paths store), its card, and a word on how a new run ended."""

from __future__ import annotations

from dash import Patch, html, no_update

import surface
from explorer.core import compute
from explorer.core import data as scene_data
from explorer.core import scene as scenes
from explorer.core.limits import MAX_RUNS, full_export_fits
from explorer.core.run import labels as run_labels
from explorer.core.run import run_key

from . import cards, geometry


def derive_runs(scene_runs, scene_view, scene_meta, known, export_path):
    """The runs' results for the scene: metadata for each, paths sent once, the run cards, a status message."""
    if scene_view is None:
        return dict.fromkeys(("runs", "paths", "cards", "note", "waiting"), no_update)
    view, runs = scenes.checked_parts(scene_view, scene_runs)
    labels = run_labels(runs)
    known = known[: 2 * MAX_RUNS] if isinstance(known, list) else []  # a real store holds at most MAX_RUNS
    known_keys = {r.get("key") for r in known if isinstance(r, dict) and isinstance(r.get("key"), str)}
    metas, paths, new = [], Patch(), []
    for run, label in zip(runs, labels, strict=True):
        key = compute.result_key(run, view)
        result = compute.run(*compute.run_args(run, view), compute.view_window(view))
        meta = describe(run, view, label, result, export_path)
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
    return {"runs": metas, "paths": paths, "cards": cards.run_list(metas), "note": note, "waiting": True}


def describe(run: dict, view: dict, label: str, result: dict, export_path: str) -> dict:
    """A run's metadata for the page from its computed ``result`` (``core.compute.run``): the result's figures,
    its key, label and colour, the window, a planted bug's twin, where it first left the window, its downloads."""
    meta = {k: v for k, v in result.items() if k != "path"}
    meta.update(key=compute.result_key(run, view), run_key=run_key(run), label=label, color=run["color"])
    meta["window"] = [view["xr"], view["yr"]]
    meta |= bug_parts(run, view)
    path = result["path"]
    meta["exit"] = geometry.first_exit(compute.decode(path["x"]), compute.decode(path["y"]), view["xr"], view["yr"])
    if meta["exit"]:
        meta["exit"]["epoch"] = int(compute.decode(path["epoch"])[meta["exit"]["index"]])
    alone = {**scenes.default_scene(), "view": view, "runs": [{**run, "color": 0}]}
    # every iterate when that fits a download (its traces: at most two columns), else the iterates drawn
    meta["every"] = full_export_fits(meta["epochs"] + 1, 6 + len(meta["pair"]))
    rows = "&rows=all" if meta["every"] else ""
    meta["csv"] = f"{export_path}run.csv?{scenes.to_query(alone)}{rows}"
    meta["json"] = f"{export_path}run.json?{scenes.to_query(alone)}{rows}"
    return meta


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
