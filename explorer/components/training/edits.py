"""The training panel's steps of the scene's reducer: the start (typed, or a click on the map), the algorithm, its
hyperparameters, the stopping rules, and Run; and what the panel's controls show for a draft."""

from __future__ import annotations

import surface
from explorer.components.whole import panel as whole_panel
from explorer.core import validate
from explorer.core.limits import DEFAULT_EPOCHS, EPOCH_CAPS, MAX_GOAL, MAX_GRAD_TOL
from explorer.core.reducer import Outcome, add_run, number_box, start_controls, two_of
from explorer.core.run import default_hyper

FIELD_NAMES = {"start": "the start", "hyper": "the algorithm's settings", "stop": "the stopping rules"}
"""How the message beside Run names the training panel's parts that hold a problem."""


def hyper_texts(hyper: dict) -> dict:
    return {k: v if isinstance(v, str) else number_box(v) for k, v in hyper.items()}


def draft_controls(draft: dict) -> dict:
    """The training panel's boxes for a draft: every algorithm's boxes hold its defaults but the chosen one's."""
    hyper = {a: hyper_texts(default_hyper(a)) for a in surface.ALGORITHMS}
    hyper[draft["algorithm"]] = hyper_texts(draft["hyper"])
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


def show(scene: dict) -> dict:
    return draft_controls(scene["draft"])


def read_stop(controls: dict, algorithm: str):
    epochs, e1 = validate.whole(controls["epochs"], "epochs", 1, EPOCH_CAPS[algorithm])
    goal, e2 = validate.number(controls["goal"], "goal", 0.0, MAX_GOAL)
    tol, e3 = validate.number(controls["grad_tol"], "|∇F| tolerance", 0.0, MAX_GRAD_TOL)
    error = "; ".join(e for e in (e1, e2, e3) if e)
    return (None, error) if error else ({"epochs": epochs, "goal": goal, "grad_tol": tol}, None)


def read_hyper(controls: dict, algorithm: str):
    return validate.hyperparameters(algorithm, controls["hyper"].get(algorithm, {}))


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


def draft_field(slot: str):
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


def algorithm(scene, controls, _detail) -> Outcome:
    chosen = controls["algorithm"]
    if chosen not in surface.ALGORITHMS:
        return Outcome(scene)
    hyper, error = read_hyper(controls, chosen)
    draft = {
        **scene["draft"],
        "algorithm": chosen,
        "hyper": hyper or default_hyper(chosen),
        "epochs": DEFAULT_EPOCHS[chosen],
    }
    shown = {"epochs": str(draft["epochs"])}
    if error:  # its boxes held something invalid: show its defaults instead
        shown["hyper"] = {**controls["hyper"], chosen: hyper_texts(draft["hyper"])}
    return Outcome({**scene, "draft": draft}, "replace", {"hyper": "", "stop": ""}, shown)


def click(scene, controls, detail) -> Outcome:
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


def run(scene, controls, _detail) -> Outcome:
    draft, messages = read_draft(controls)
    if draft is None:  # said beside Run too: the field at fault may be scrolled out of sight
        wrong = [FIELD_NAMES[k] for k in ("start", "hyper", "stop") if messages.get(k)]
        return Outcome(scene, messages={**messages, "run": f"Not run: {first_sentence(messages, wrong)}"})
    out = add_run(scene, draft)
    out.messages = messages | out.messages
    return out


def first_sentence(messages: dict, wrong: list[str]) -> str:
    """What is wrong, for the line beside Run: the first problem as its field says it, and where the others are."""
    first = next((messages[k] for k in ("start", "hyper", "stop") if messages.get(k)), "")
    if len(wrong) <= 1:
        return f"{first}."
    return f"{first}; see also {', '.join(wrong[1:])}."


HANDLERS = {
    "start": draft_field("start"),
    "hyper": draft_field("hyper"),
    "stop": draft_field("stop"),
    "algorithm": algorithm,
    "click": click,
    "run": run,
}
