"""The scene's choice of the map's plane: a pair of parameters (``None``, today's map) or a plane through a point.

Every map of F is a plane through the seven-dimensional parameter space (Hagan et al., *Neural Network Design*,
ch. 12, draws coordinate planes: two parameters, the other five fixed). A scene may instead ask for a plane
spanned by two directions chosen for what they show (``surface.planes``): the two Hessian eigenvectors with the
largest |λ| (ch. 8), the first two principal components of a run's path, two random directions scaled per neuron
(Li et al., "Visualizing the loss landscape of neural nets", NeurIPS 2018), or the line from a run's start to
its end (Goodfellow et al., ICLR 2015) plus one of those. The request is a small dict in ``view["plane"]``::

    {"kind": "hessian" | "pca" | "random" | "line",
     "through": "start" | "end" | "nominal",      # the point a Hessian or random plane passes through
     "run": int | None,                           # the run (its colour; None: the first run)
     "seed": int,                                 # of the random directions
     "second": "hessian" | "pca" | "random"}      # the line plane's second direction

and in a link one readable key, only when a plane is chosen (a default scene's link is unchanged)::

    plane=hessian,through=end,run=0       plane=random,through=nominal,seed=3       plane=line,second=pca

This module only checks, writes and reads that request; ``planes_view`` builds the plane and draws it.
"""

from __future__ import annotations

import math

from explorer.core.format import quote
from explorer.core.limits import MAX_RUNS
from explorer.core.slice import Notes, Slice

KINDS = ("hessian", "pca", "random", "line")
THROUGH = ("start", "end", "nominal")
SECONDS = ("hessian", "pca", "random")
MAX_SEED = 2**31 - 1
KEYS = ("through", "run", "seed", "second")

LABELS = {
    "pair": "a pair of parameters",
    "hessian": "Hessian: largest |λ|",
    "pca": "PCA of a run's path",
    "random": "random, per-neuron scaled",
    "line": "a run's start → end, + one",
}
"""What each choice is called in the plane menu."""


def default_plane(kind: str = "hessian") -> dict:
    """A plane request of ``kind`` with its defaults: through the global minimum (the nominal parameters), the
    first run, seed 0, the Hessian's first eigenvector as the line's second direction."""
    return {"kind": kind, "through": "nominal", "run": None, "seed": 0, "second": "hessian"}


def check_plane(raw, notes) -> dict | None:
    """The nearest valid plane request to ``raw`` (None: a pair of parameters); ``notes.add`` says what changed."""
    if raw is None or raw == "pair":
        return None
    if not isinstance(raw, dict):
        notes.add("plane", f"{quote(raw)} is not a plane: showing a pair of parameters")
        return None
    kind = raw.get("kind")
    if kind == "pair":
        return None
    if kind not in KINDS:
        notes.add("plane", f"{quote(kind)} is not one of pair, {', '.join(KINDS)}: showing a pair of parameters")
        return None
    plane = default_plane(kind)
    through = raw.get("through", plane["through"])
    if through in THROUGH:
        plane["through"] = through
    else:
        notes.add("plane", f"through {quote(through)} is not one of {', '.join(THROUGH)}: through the nominal point")
    second = raw.get("second", plane["second"])
    if second in SECONDS:
        plane["second"] = second
    else:
        notes.add("plane", f"second direction {quote(second)} is not one of {', '.join(SECONDS)}: the Hessian's")
    run = raw.get("run")
    if run is not None:
        if _whole(run) is not None and 0 <= _whole(run) < MAX_RUNS:
            plane["run"] = _whole(run)
        else:
            notes.add("plane", f"run {quote(run)} is not a run colour 0–{MAX_RUNS - 1}: the first run")
    seed = raw.get("seed", 0)
    if _whole(seed) is not None and 0 <= _whole(seed) <= MAX_SEED:
        plane["seed"] = _whole(seed)
    else:
        notes.add("plane", f"seed {quote(seed)} is not a whole number 0–{MAX_SEED}: using 0")
    return plane


def _whole(value) -> int | None:
    """``value`` as a whole number (an int, a whole float, or its text), None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    if not math.isfinite(number) or number != int(number) or abs(number) > 2**53:
        return None
    return int(number)


def query_parts(plane: dict | None) -> list[tuple[str, str]]:
    """The plane's part of a link: nothing for a pair; otherwise ``plane=kind`` and the settings not at default."""
    if plane is None:
        return []
    default = default_plane(plane["kind"])
    settings = [f"{k}={plane[k]}" for k in KEYS if plane[k] != default[k]]
    return [("plane", ",".join([plane["kind"], *settings]))]


def parse(value: str) -> dict:
    """The raw request in a link's ``plane=`` value (``check_plane`` makes it valid); a ValueError when broken."""
    kind, *settings = value.split(",")
    raw: dict = {"kind": kind}
    for part in settings:
        key, sep, text = part.partition("=")
        if not sep or key not in KEYS:
            raise ValueError(f"{quote(part)} is not one of {', '.join(k + '=…' for k in KEYS)}")
        raw[key] = text
    return raw


# ---------- the controls ----------


def controls(view: dict) -> dict:
    """The plane controls' values for a view."""
    plane = view.get("plane") or default_plane("pair")
    return {
        "plane_kind": plane["kind"],
        "plane_through": plane["through"],
        "plane_run": plane["run"],
        "plane_seed": str(plane["seed"]),
        "plane_second": plane["second"],
    }


def read_controls(controls: dict, old: dict | None) -> tuple[dict | None, str]:
    """The plane the controls ask for, and a message when a box was wrong (that box keeps its old value).

    Controls that are missing (an older page, a test) leave the plane as it was."""
    if "plane_kind" not in controls:
        return old, ""
    kind = controls.get("plane_kind")
    if kind == "pair" or kind is None:
        return None, ""
    if kind not in KINDS:
        return old, f"{quote(kind)} is not a kind of plane"
    plane = {**default_plane(kind), **{k: v for k, v in (old or {}).items() if k in KEYS}}
    if controls.get("plane_through") in THROUGH:
        plane["through"] = controls["plane_through"]
    if controls.get("plane_second") in SECONDS:
        plane["second"] = controls["plane_second"]
    run = controls.get("plane_run")
    plane["run"] = run if isinstance(run, int) and not isinstance(run, bool) and 0 <= run < MAX_RUNS else None
    error = ""
    seed = controls.get("plane_seed")
    if seed not in (None, ""):
        number = _whole(seed)
        if number is None or not 0 <= number <= MAX_SEED:
            error = f"seed: {quote(seed)} is not a whole number from 0 to {MAX_SEED}"
        else:
            plane["seed"] = number
    return plane, error


class PlaneSlice(Slice):
    def default(self, scene: dict | None = None) -> None:
        return None

    def check(self, raw, scene: dict, notes: Notes) -> dict | None:
        return check_plane(raw, notes)

    def link(self, part: dict | None, scene: dict) -> list[tuple[str, str]]:
        return query_parts(part)

    def read(self, key: str, text: str, raw: dict) -> None:
        view = raw.get("view") if isinstance(raw.get("view"), dict) else raw.setdefault("view", {})
        view["plane"] = parse(text)


SLICE = PlaneSlice("plane", ("view", "plane"), title="plane", keys=("plane",))
