"""The whole network in a run request: which other parameters train, and where they start (ch. 12).

A run on a map of two parameters trains those two by default, the other five held at the map's fixed values
(the book's picture). A request may free more of the seven (``free``: the names that also train, any of
``surface.PARAMS``; the two on the axes always train) and choose where the others start (``init``):

- ``nominal``: at the map's fixed values (the default, today's behaviour);
- ``typed``: at values typed for them (``values``: name -> value; a name not given starts at its fixed value);
- ``small``: uniform in [−1, 1] from ``seed`` (the common initialisation of backpropagation, ch. 12);
- ``nguyen_widrow``: by Nguyen and Widrow's rule from ``seed`` (named by ch. 13's Bayesian regularization).

The random methods draw all seven (``surface.initial_point(method, PARAMS, seed)``) and take the values of the
parameters that train beside the axes, so a run's extra parameters keep their values when the set changes; the
two on the axes start where the run's ``start`` says (a click on the map).

A default run carries neither key, so its record and its link are exactly as before. In the link's run string::

    run=sdbp,-4,-4,free=all,init=small:3
    run=lmbp,-4,-4,free=b1_1+b2,init=typed:b1_1=0.5+b2=-1
"""

from __future__ import annotations

import numpy as np

import surface
from explorer.core.format import quote as quoted
from explorer.core.limits import MAX_MAGNITUDE

METHODS = ("nominal", "typed", "small", "nguyen_widrow")
"""Where the other parameters start; the first is the default."""

METHOD_TITLES = {
    "nominal": "the map's fixed values",
    "typed": "values typed below",
    "small": "small random values in [−1, 1]",
    "nguyen_widrow": "Nguyen–Widrow",
}

KEYS = ("free", "init")
"""The run fields this module owns (``parse_run`` hands their text here)."""

MAX_SEED = 2**31 - 1
ALL = "all"
JOIN = "+"


# ---------- the checker ----------


def check(raw: dict, where: str, notes) -> dict:
    """The checked ``free`` and ``init`` of a raw run request (text from a link or structured JSON): an empty
    dict for a run of the two on the axes from the map's fixed values, so a default run stays as it was."""
    free = check_free(raw.get("free"), where, notes)
    init = check_init(raw.get("init"), where, notes)
    if not free:
        if init is not None:
            notes.add(where, "a start for the other parameters needs some of them to train (free): ignored")
        return {}
    out = {"free": free}
    if init is not None and init["method"] == "typed":
        unused = [surface.LABELS[k] for k in init["values"] if k not in free]
        if unused:
            notes.add(f"{where} init", f"{', '.join(unused)} do not train: their typed values are not used")
        values = {k: v for k, v in init["values"].items() if k in free}
        if values:  # typed, but nothing typed for the parameters that train: their fixed values
            out["init"] = {"method": "typed", "values": values}
    elif init is not None:
        out["init"] = init
    return out


def check_free(raw, where: str, notes) -> list[str]:
    """The names that also train, in ``PARAMS`` order (``"all"`` or ``"b1_1+b2"`` from a link, or a list)."""
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = list(surface.PARAMS) if raw.strip() == ALL else [n for n in raw.replace(" ", JOIN).split(JOIN) if n]
    if not isinstance(raw, list | tuple):
        notes.add(f"{where} free", f"{quoted(raw)} is not a list of parameters: only the two on the axes train")
        return []
    for name in raw[:16]:
        if name not in surface.PARAMS:
            notes.add(f"{where} free", f"{quoted(name)} is not a parameter ({', '.join(surface.PARAMS)}): ignored")
    return [p for p in surface.PARAMS if p in raw]


def check_init(raw, where: str, notes) -> dict | None:
    """``{"method", "seed"}`` or ``{"method": "typed", "values"}``; None for the map's fixed values."""
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = parse_init(raw)
    if not isinstance(raw, dict):
        notes.add(f"{where} init", f"{quoted(raw)} is not a start for the other parameters: the map's fixed values")
        return None
    method = raw.get("method", "nominal")
    if method not in METHODS:
        notes.add(f"{where} init", f"{quoted(method)} is not one of {', '.join(METHODS)}: the map's fixed values")
        return None
    if method == "nominal":
        return None
    if method == "typed":
        return {"method": "typed", "values": check_values(raw.get("values"), where, notes)}
    seed = raw.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int | float | str):
        seed = None
    else:
        try:
            seed = float(str(seed).strip())
        except ValueError:
            seed = None
    if seed is None or not np.isfinite(seed) or seed != int(seed) or not 0 <= seed <= MAX_SEED:
        notes.add(f"{where} init", f"seed {quoted(raw.get('seed'))} is not a whole number 0 to {MAX_SEED}: using 0")
        seed = 0
    return {"method": method, "seed": int(seed)}


def check_values(raw, where: str, notes) -> dict:
    """Typed starting values, name -> value, each finite and within ±MAX_MAGNITUDE, in ``PARAMS`` order."""
    if not isinstance(raw, dict):
        if raw is not None:
            notes.add(f"{where} init", f"{quoted(raw)} is not a mapping of values: none typed")
        return {}
    values = {}
    for name, value in list(raw.items())[:16]:
        if name not in surface.PARAMS:
            notes.add(f"{where} init", f"{quoted(name)} is not a parameter: ignored")
            continue
        number = _number(value)
        if number is None:
            notes.add(f"{where} init", f"{surface.LABELS[name]} = {quoted(value)} is not a finite number: ignored")
            continue
        if abs(number) > MAX_MAGNITUDE:
            number = float(np.clip(number, -MAX_MAGNITUDE, MAX_MAGNITUDE))
            notes.add(f"{where} init", f"{surface.LABELS[name]} is outside ±{MAX_MAGNITUDE:g}: using {number:g}")
        values[name] = number
    return {p: values[p] for p in surface.PARAMS if p in values}


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(str(value).strip().replace("−", "-"))
    except ValueError:
        return None
    return number if np.isfinite(number) else None


def normalise(run: dict, axes) -> dict:
    """``run`` with the axes taken out of ``free`` (they always train) and ``init`` dropped when nothing else
    trains: the same request written one way, so that twins are found and links stay short."""
    if "free" not in run:
        return run
    free = [p for p in run["free"] if p not in axes]
    out = {k: v for k, v in run.items() if k not in KEYS}
    if free:
        out["free"] = free
        if "init" in run:
            init = run["init"]
            if init["method"] == "typed":
                init = {**init, "values": {k: v for k, v in init["values"].items() if k in free}}
                if init["values"]:
                    out["init"] = init
            else:
                out["init"] = init
    return out


def normalise_runs(runs: list[dict], axes, key, notes) -> list[dict]:
    """``normalise`` each run; a run that then asks for the same as an earlier one (``key``) is dropped."""
    out, seen = [], set()
    for i, run in enumerate(runs):
        run = normalise(run, axes)
        k = key(run)
        if k in seen:
            notes.add(f"run {i + 1}", "the same as an earlier run once the axes are taken out of free: dropped")
            continue
        seen.add(k)
        out.append(run)
    return out


# ---------- the link ----------


def run_parts(run: dict, number_text, normalised: bool = True) -> list[str]:
    """The run string's parts for ``free`` and ``init`` (none for a default run); ``free=all`` when all seven
    train (a ``normalised`` run's ``free`` holds the five off the axes)."""
    parts = []
    if run.get("free"):
        free = run["free"]
        every = len(free) == len(surface.PARAMS) or (len(free) == len(surface.PARAMS) - 2 and normalised)
        parts.append(f"free={ALL if every else JOIN.join(free)}")
    init = run.get("init")
    if init:
        if init["method"] == "typed":
            text = JOIN.join(f"{k}={number_text(v)}" for k, v in init["values"].items())
            parts.append(f"init=typed:{text}")
        else:
            parts.append(f"init={init['method']}:{init['seed']}")
    return parts


def parse_init(text: str) -> dict:
    """``small:3``, ``nguyen_widrow:0``, ``typed:b1_1=0.5+b2=-1`` or ``nominal`` as a raw init."""
    method, _, rest = text.strip().partition(":")
    if method != "typed":
        return {"method": method, "seed": rest or 0}
    values = {}
    for item in rest.replace(" ", JOIN).split(JOIN):
        if item:
            name, sep, value = item.partition("=")
            values[name] = value if sep else None
    return {"method": "typed", "values": values}


# ---------- what the engine is asked ----------


def extra_names(run: dict, axes) -> tuple[str, ...]:
    """The parameters that train beside the two on the axes, in ``PARAMS`` order."""
    return tuple(p for p in run.get("free", ()) if p not in axes)


def extra_start(run: dict, axes, fixed) -> tuple[float, ...]:
    """Where the parameters in ``extra_names`` start: from ``init``, or at their fixed values ``fixed`` (seven)."""
    names = extra_names(run, axes)
    if not names:
        return ()
    init = run.get("init") or {"method": "nominal"}
    index = [surface.PARAMS.index(p) for p in names]
    if init["method"] in ("small", "nguyen_widrow"):
        drawn = surface.initial_point(init["method"], surface.PARAMS, seed=init["seed"])
        return tuple(float(drawn[i]) for i in index)
    typed = init.get("values", {}) if init["method"] == "typed" else {}
    return tuple(float(typed.get(p, fixed[i])) for p, i in zip(names, index, strict=True))


def label_suffix(run: dict) -> str:
    """What a run's name adds when it trains more than its two: ' (7 parameters, small seed 3)'."""
    if not run.get("free"):
        return ""
    init = run.get("init")
    how = ""
    if init and init["method"] in ("small", "nguyen_widrow"):
        how = f", {'small' if init['method'] == 'small' else 'Nguyen–Widrow'} seed {init['seed']}"
    elif init:
        how = ", typed start"
    return f" ({2 + len(run['free'])} parameters{how})"
