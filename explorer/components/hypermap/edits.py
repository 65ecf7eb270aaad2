"""The learning-rate map's steps of the scene's reducer: its settings, and a click on one of its cells (which runs
that cell on the contour map); and what its controls show."""

from __future__ import annotations

import surface
from explorer.components.training.edits import draft_controls
from explorer.core import validate
from explorer.core.reducer import Outcome, add_run, number_box, two_of

from .slice import AXES, CELLS, EPOCHS, SLICE, line_start


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


def show(scene: dict) -> dict:
    return hypermap_controls(scene["view"])


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
    if controls.get("hmap_y") in AXES:
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
    cells, e6 = validate.whole(controls.get("hmap_cells"), "cells per axis", *CELLS)
    epochs, e7 = validate.whole(controls.get("hmap_epochs"), "epochs per cell", 1, EPOCHS)
    errors += [e for e in (e6, e7) if e]
    h["cells"], h["epochs"] = cells or old["cells"], epochs or old["epochs"]
    return h, "; ".join(errors)


def settings(scene, controls, _detail) -> Outcome:
    """A box of the learning-rate map's settings changed: each valid one is taken, the others say why."""
    hypermap, error = read_hypermap(controls, scene["view"]["hypermap"])
    view = {**scene["view"], "hypermap": hypermap}
    return Outcome({**scene, "view": view}, SLICE.history(scene["view"]["hypermap"], hypermap), {"hypermap": error})


def cell(scene, controls, detail) -> Outcome:
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


HANDLERS = {"hypermap": settings, "hyper-cell": cell}
