"""A run request: what a scene's run (and the training panel's draft) asks of the engine, its check and its text.

A request is a plain dict::

    {"algorithm": str, "start": [x, y], "hyper": {name: value}, "epochs": int, "goal": float, "grad_tol": float,
     "free": [name, ...], "init": {...},     # the whole network (core/whole.py), absent for the two on the axes
     "bug": str,                             # a planted bug (surface.BUGS), absent for the correct gradient
     "color": int}                           # a run of the scene: its colour (0 to 7), absent in the draft

and in a link the readable run string ``sdbp,-4,-4,alpha=1.75,epochs=300000`` (goal and tolerance when not the
defaults, then the bug, the whole network's fields and the colour). Every algorithm's defaults and caps come from
its class in ``surface.ALGORITHMS``.
"""

from __future__ import annotations

import surface

from . import whole
from .format import display_number, display_value, number_text, quote, symbol, value_text
from .limits import DEFAULT_EPOCHS, EPOCH_CAPS, MAX_GOAL, MAX_GRAD_TOL, MAX_MAGNITUDE, MAX_RUNS
from .slice import Notes, check_number, check_whole

DEFAULT_ALGORITHM = "sdbp"
DEFAULT_GOAL = 0.0
DEFAULT_GRAD_TOL = 1e-8
STOP_KEYS = ("epochs", "goal", "grad_tol")


def default_start(xr, yr) -> list[float]:
    """5% in from the window's lower-left corner: (−4, −4) on the book's map, the start of its trajectory 'a'."""
    return [round(xr[0] + 0.05 * (xr[1] - xr[0]), 6), round(yr[0] + 0.05 * (yr[1] - yr[0]), 6)]


def default_hyper(algorithm: str) -> dict:
    return dict(surface.ALGORITHMS[algorithm].defaults())


def default_request(view: dict, algorithm: str = DEFAULT_ALGORITHM) -> dict:
    """The training panel of a new scene: the algorithm's defaults, from 5% in from the window's corner."""
    return {
        "algorithm": algorithm,
        "start": default_start(view["xr"], view["yr"]),
        "hyper": default_hyper(algorithm),
        "epochs": DEFAULT_EPOCHS[algorithm],
        "goal": DEFAULT_GOAL,
        "grad_tol": DEFAULT_GRAD_TOL,
    }


# ---------- the check ----------


def check(raw, where: str, notes: Notes) -> dict | None:
    """A run request, each field at its nearest valid value; None (with a note) when it cannot be one."""
    if not isinstance(raw, dict):
        notes.add(where, "not a run request: dropped")
        return None
    algorithm = raw.get("algorithm")
    if not isinstance(algorithm, str) or algorithm not in surface.ALGORITHMS:
        notes.add(where, f"{quote(algorithm)} is not an algorithm ({', '.join(surface.ALGORITHMS)}): dropped")
        return None
    start = raw.get("start")
    if not isinstance(start, list | tuple) or len(start) != 2:
        notes.add(where, f"its start {quote(start)} is not two numbers: dropped")
        return None
    start = [check_number(v, f"{where} start", -MAX_MAGNITUDE, MAX_MAGNITUDE, notes, None) for v in start]
    if None in start:
        return None
    run = {
        "algorithm": algorithm,
        "start": start,
        "hyper": check_hyper(algorithm, raw.get("hyper", {}), where, notes),
        "epochs": check_whole(
            raw.get("epochs", DEFAULT_EPOCHS[algorithm]), f"{where} epochs", 1, EPOCH_CAPS[algorithm], notes
        ),
        "goal": check_number(raw.get("goal", DEFAULT_GOAL), f"{where} goal", 0.0, MAX_GOAL, notes, DEFAULT_GOAL),
        "grad_tol": check_number(
            raw.get("grad_tol", DEFAULT_GRAD_TOL), f"{where} |∇F| tolerance", 0.0, MAX_GRAD_TOL, notes, DEFAULT_GRAD_TOL
        ),
    }
    bug = raw.get("bug")
    if bug is not None:
        if isinstance(bug, str) and bug in surface.BUGS:
            run["bug"] = bug
        elif bug != "none":
            notes.add(where, f"{quote(bug)} is not a planted bug ({', '.join(surface.BUGS)}): run without one")
    run |= whole.check(raw, where, notes)
    if "color" in raw:
        run["color"] = raw["color"]
    return run


def check_hyper(algorithm: str, raw, where: str, notes: Notes) -> dict:
    """Every hyperparameter of ``algorithm``: given values clamped into their bounds, missing ones at defaults."""
    cls = surface.ALGORITHMS[algorithm]
    hyper = default_hyper(algorithm)
    if not isinstance(raw, dict):
        notes.add(where, f"its hyperparameters {quote(raw)} are not a mapping: defaults used")
        return hyper
    for name, value in raw.items():
        spec = cls.SPEC.get(name)
        if spec is None:
            notes.add(where, f"{algorithm} has no hyperparameter {quote(name)}: ignored")
            continue
        label = f"{where} {symbol(spec)}"
        if spec.kind == "choice":
            if value in spec.choices:
                hyper[name] = value
            else:
                notes.add(label, f"{quote(value)} is not one of {', '.join(spec.choices)}: using {hyper[name]}")
        elif spec.kind == "int":
            hyper[name] = check_whole(value, label, int(spec.low), int(spec.high), notes, hyper[name])
        else:
            hyper[name] = check_number(value, label, spec.low, spec.high, notes, hyper[name])
    try:
        cls.make(**hyper)
    except ValueError as exc:
        notes.add(where, f"{exc}: its defaults are used")
        return default_hyper(algorithm)
    return hyper


def assign_colors(runs: list[dict], notes: Notes | None = None) -> list[dict]:
    """Each run keeps a valid colour of its own; the others take the free colours in order."""
    used: set[int] = set()
    for run in runs:
        c = run.get("color")
        if isinstance(c, int) and not isinstance(c, bool) and 0 <= c < MAX_RUNS and c not in used:
            used.add(c)
        else:
            if c is not None and notes is not None:
                notes.add("colours", f"{quote(c)} is not a free colour number 0–{MAX_RUNS - 1}: another was given")
            run["color"] = None
    free = iter(c for c in range(MAX_RUNS) if c not in used)
    for run in runs:
        if run["color"] is None:
            run["color"] = next(free)
    return runs


# ---------- the text ----------


def run_string(run: dict) -> str:
    """The readable text of a run request: ``sdbp,-4,-4,alpha=1.75,epochs=300000`` (goal and tolerance when
    not the defaults, colour when given)."""
    parts = [run["algorithm"], number_text(run["start"][0]), number_text(run["start"][1])]
    parts += [f"{k}={value_text(v)}" for k, v in run["hyper"].items()]
    parts.append(f"epochs={run['epochs']}")
    if run["goal"] != DEFAULT_GOAL:
        parts.append(f"goal={number_text(run['goal'])}")
    if run["grad_tol"] != DEFAULT_GRAD_TOL:
        parts.append(f"grad_tol={number_text(run['grad_tol'])}")
    if run.get("bug"):
        parts.append(f"bug={run['bug']}")
    parts += whole.run_parts(run, number_text)
    if run.get("color") is not None:
        parts.append(f"color={run['color']}")
    return ",".join(parts)


def parse_run(text: str) -> dict:
    """The raw request in a run string (``check`` makes it valid); a ValueError says what is broken."""
    parts = text.split(",")
    if len(parts) < 3:
        raise ValueError("needs an algorithm and a start, e.g. sdbp,-4,-4")
    raw = {"algorithm": parts[0], "start": parts[1:3], "hyper": {}}
    for part in parts[3:]:
        key, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"{quote(part)} is not name=value")
        if key in STOP_KEYS or key == "bug" or key in whole.KEYS:
            raw[key] = value
        elif key == "color":
            try:
                raw["color"] = int(value)
            except ValueError:
                raw["color"] = value
        else:
            raw["hyper"][key] = value
    return raw


def run_key(run: dict) -> str:
    """What makes two requests the same run (the colour does not)."""
    return run_string({k: v for k, v in run.items() if k != "color"})


def labels(runs: list[dict]) -> list[str]:
    """A name for each run that tells it apart: 'sdbp from (−4, −4)', and where two runs share that, what differs
    between them ('…, α = 50' and '…, α = 0.5')."""
    bases = [
        f"{r['algorithm']} from ({display_number(r['start'][0])}, {display_number(r['start'][1])})"
        + (f" with bug: {r['bug'].replace('_', ' ')}" if r.get("bug") else "")
        + whole.label_suffix(r)
        for r in runs
    ]
    out = []
    for run, base in zip(runs, bases, strict=True):
        twins = [r for r, b in zip(runs, bases, strict=True) if b == base]
        if len(twins) == 1:
            out.append(base)
            continue
        spec = surface.ALGORITHMS[run["algorithm"]].SPEC
        differ = [k for k in run["hyper"] if len({str(t["hyper"][k]) for t in twins}) > 1]
        differ += [k for k in STOP_KEYS if len({t[k] for t in twins}) > 1]
        names = {**{k: symbol(s) for k, s in spec.items()}, "epochs": "epochs", "goal": "goal", "grad_tol": "|∇F| tol"}
        extra = ", ".join(f"{names[k]} = {display_value(run['hyper'].get(k, run.get(k)))}" for k in differ)
        out.append(f"{base}, {extra}" if extra else base)
    return out


def without_color(run: dict) -> dict:
    """The request of a run of the scene, as the training panel holds it."""
    return {k: v for k, v in run.items() if k != "color"}
