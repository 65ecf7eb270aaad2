"""What follows the hand: a live change to the training panel (a start dragged on the map, a rate slid) applied to
the scene, and the runs that follow it.

A drag moves the draft's start and every run that starts where the draft does; a slide changes one of the draft's
hyperparameters and every run that is the draft's request (same algorithm, start and settings). When no run
follows, the draft itself is shown (a ghost in the next free colour), so a student sees where a Run would go.
While the hand moves a long run is previewed: its first ``LIVE_EPOCHS`` epochs, said so; on release the scene
takes the change once and the runs are computed in full as Run computes them.
"""

from __future__ import annotations

import surface
from explorer.core import validate
from explorer.core.limits import MAX_RUNS

LIVE_EPOCHS = 20_000
"""The most epochs a run is given while the hand moves: each answers in a few milliseconds (benchmarks/app.py)."""

KINDS = ("start", "hyper")


def changed(draft: dict, change) -> tuple[dict | None, str | None]:
    """The draft with ``change`` applied (``{"start": [x, y]}`` or ``{"hyper": {name: value}}``), or why not."""
    if not isinstance(change, dict) or len(change) != 1 or next(iter(change)) not in KINDS:
        return None, "a live change is a start or one hyperparameter"
    kind, value = next(iter(change.items()))
    if kind == "start":
        if not isinstance(value, list | tuple) or len(value) != 2:
            return None, "a start is two numbers"
        point, error = validate.start_point(value[0], value[1])
        if error:
            return None, error
        return {**draft, "start": [float(f"{v:.6g}") for v in point]}, None  # as many digits as a pointer means
    if not isinstance(value, dict) or len(value) != 1:
        return None, "slide one hyperparameter at a time"
    name, number = next(iter(value.items()))
    spec = surface.ALGORITHMS[draft["algorithm"]].SPEC
    if name not in spec or spec[name].kind == "choice":
        return None, f"{draft['algorithm']} has no rate {str(name)[:20]!r} to slide"
    texts = {k: v for k, v in draft["hyper"].items()} | {name: number}
    hyper, error = validate.hyperparameters(draft["algorithm"], texts)
    return (None, error) if error else ({**draft, "hyper": hyper}, None)


def follows(run: dict, draft: dict, kind: str) -> bool:
    """Whether ``run`` follows the draft for a change of ``kind``."""
    if kind == "start":
        return run["start"] == draft["start"]
    same = ("algorithm", "start", "hyper")
    return all(run.get(k) == draft.get(k) for k in same)


def apply(scene: dict, change) -> tuple[dict, list[int], str | None]:
    """The scene after a live change: its draft and the runs that follow it changed alike; the indices of those
    runs; or the scene as it was, no runs, and why."""
    draft, error = changed(scene["draft"], change)
    if draft is None:
        return scene, [], error
    kind = next(iter(change))
    moved = [i for i, run in enumerate(scene["runs"]) if follows(run, scene["draft"], kind)]
    runs = list(scene["runs"])
    for i in moved:
        keep = {k: v for k, v in runs[i].items() if k not in ("start", "hyper")}
        runs[i] = {**keep, "start": draft["start"], "hyper": draft["hyper"]}
    return {**scene, "draft": draft, "runs": runs}, moved, None


def ghost(scene: dict) -> dict | None:
    """The draft as a run in the next free colour, when there is room (None when every colour is taken)."""
    used = {r["color"] for r in scene["runs"]}
    free = [c for c in range(MAX_RUNS) if c not in used]
    return {**scene["draft"], "color": free[0]} if free else None


def preview(run: dict) -> tuple[dict, bool]:
    """The run as the hand moves: its first ``LIVE_EPOCHS`` epochs when it asks for more (and whether it did)."""
    if run["epochs"] <= LIVE_EPOCHS:
        return run, False
    return {**run, "epochs": LIVE_EPOCHS}, True
