"""The training set's steps of the scene's reducer (another set, its output, σ and seed, a person's points typed or
uploaded) and the planted bug of the training panel's next run; and what those controls show."""

from __future__ import annotations

import surface
from explorer.core import data as scene_data
from explorer.core import validate
from explorer.core.reducer import Note, Outcome, number_box
from explorer.core.scene import to_query
from explorer.core.slice import Notes

from . import slice as data_slice


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


def show(scene: dict) -> dict:
    return data_controls(scene["view"])


def with_data(scene: dict, raw: dict, slot_error: str = "") -> Outcome:
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
    if data["set"] == "points" and "pts=" not in to_query(new):
        note += (
            f" Its {len(data['points'])} points make the link too long, so a copied link leaves them out (it opens "
            "on the nominal set with a message): save the scene as a file (Export ▾) to keep them."
        )
    return Outcome(new, "push", {"data": slot_error or Note(note)}, data_controls(view))


def choose_set(scene, controls, _detail) -> Outcome:
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
    return with_data(scene, raw)


def settings(scene, controls, _detail) -> Outcome:
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
    return with_data(scene, raw, "; ".join(errors))


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


def use_points(scene, controls, detail) -> Outcome:
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
        out = with_data(scene, raw)
    if detail is not None:
        out.controls = {**out.controls, "data_points": text[:20_000]}
    return out


def bug(scene, controls, _detail) -> Outcome:
    """A bug planted in (or taken out of) the training panel's next run."""
    draft = {k: v for k, v in scene["draft"].items() if k != "bug"}
    if isinstance(controls.get("bug"), str) and controls["bug"] in surface.BUGS:
        draft["bug"] = controls["bug"]
    if draft == scene["draft"]:
        return Outcome(scene)
    return Outcome({**scene, "draft": draft}, "replace")


HANDLERS = {"data-set": choose_set, "data": settings, "data-points": use_points, "bug": bug}
