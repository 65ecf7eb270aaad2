"""The training set's part of the scene as a slice: its check and its link keys (``explorer/core/data.py`` holds what
the part is and the engine's set it stands for).

The link carries the set in readable keys, and nothing at all for the default::

    data=sine,purelin     data=noisy,purelin,sigma=0.1,seed=3     data=points,logsig&pts=-2,0.1,0,0.5,2,0.9

``pts`` lists p and t alternately; when it would make the link longer than ``MAX_QUERY`` it is left out, and a
link read without it says the points were dropped.
"""

from __future__ import annotations

import math

import surface
from explorer.core.data import DEFAULT_OUTPUT, DEFAULT_SIGMA, OUTPUTS, SETS, default_data, is_default
from explorer.core.format import number_text
from explorer.core.format import quote as quoted
from explorer.core.limits import MAX_MAGNITUDE
from explorer.core.slice import Notes, Slice
from surface.training_set import MAX_SEED, MAX_SIGMA

# ---------- the check ----------


def check_data(raw, notes) -> dict:
    """The nearest valid training-set part to ``raw`` (anything); ``notes.add`` says what was changed.

    A set of points that cannot be read (too few, too many, not numbers) falls back to the nominal set.
    """
    data = default_data()
    if raw is None:
        return data
    if not isinstance(raw, dict):
        notes.add("training set", "not a JSON object: the nominal set is used")
        return data
    kind = raw.get("set", "nominal")
    if kind not in SETS:
        notes.add("training set", f"{quoted(kind)} is not one of {', '.join(SETS)}: the nominal set is used")
        return data
    output = raw.get("output", DEFAULT_OUTPUT[kind])
    if output not in OUTPUTS:
        notes.add("output transfer function", f"{quoted(output)} is not one of {', '.join(OUTPUTS)}: using logsig")
        output = "logsig"
    data["set"], data["output"] = kind, output
    if kind == "noisy":
        data["sigma"] = _number(raw.get("sigma", DEFAULT_SIGMA), "noise σ", 0.0, MAX_SIGMA, DEFAULT_SIGMA, notes)
        seed = _number(raw.get("seed", 0), "noise seed", 0, MAX_SEED, 0, notes)
        if seed != int(seed):
            notes.add("noise seed", f"{seed:g} is not a whole number: using {round(seed)}")
        data["seed"] = round(seed)
    elif kind == "points":
        if "points" not in raw:
            notes.add("training points", MISSING_POINTS)
            return default_data()
        points, error = check_points(raw.get("points"))
        if error:
            notes.add("training points", f"{error}: the nominal set is used")
            return default_data()
        data["points"] = points
    return data


def check_points(raw) -> tuple[list[list[float]], str | None]:
    """(the pairs as [[p, t], ...], None) or ([], what is wrong): between 2 and ``surface.MAX_POINTS`` pairs of
    finite numbers within ±``MAX_MAGNITUDE``."""
    if not isinstance(raw, list | tuple):
        return [], f"{quoted(raw)} is not a list of (p, t) pairs"
    if len(raw) > surface.MAX_POINTS:
        return [], f"{len(raw)} points, at most {surface.MAX_POINTS}"
    if len(raw) < surface.training_set.MIN_POINTS:
        return [], f"{len(raw)} point(s), at least {surface.training_set.MIN_POINTS}"
    points = []
    for i, pair in enumerate(raw, start=1):
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            return [], f"point {i} ({quoted(pair)}) is not two numbers"
        values = []
        for v in pair:
            if isinstance(v, bool) or not isinstance(v, int | float | str):
                return [], f"point {i} ({quoted(pair)}) is not two numbers"
            try:
                number = float(str(v).strip().replace("−", "-"))
            except ValueError:
                return [], f"point {i} ({quoted(pair)}) is not two numbers"
            if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
                return [], f"point {i} ({quoted(pair)}) is not finite within ±{MAX_MAGNITUDE:g}"
            values.append(number)
        points.append(values)
    return points, None


def _number(value, where: str, low: float, high: float, default: float, notes) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        number = math.nan
    else:
        try:
            number = float(str(value).strip())
        except ValueError:
            number = math.nan
    if not math.isfinite(number):
        notes.add(where, f"{quoted(value)} is not a finite number: using {default:g}")
        return default
    if not low <= number <= high:
        clamped = min(max(number, low), high)
        notes.add(where, f"{number:g} is outside {low:g} to {high:g}: using {clamped:g}")
        return clamped
    return number


# ---------- the link ----------


def link_parts(data: dict) -> list[tuple[str, str]]:
    """The link's keys for a checked part: none for the nominal set."""
    if is_default(data):
        return []
    text = f"{data['set']},{data['output']}"
    if data["set"] == "noisy":
        text += f",sigma={number_text(data['sigma'])},seed={data['seed']}"
    parts = [("data", text)]
    if data["set"] == "points":
        parts.append(("pts", ",".join(number_text(v) for pair in data["points"] for v in pair)))
    return parts


def read_part(key: str, value: str, view: dict) -> None:
    """A link's ``data`` or ``pts`` into the raw view; a ValueError says what is wrong with it."""
    data = view.setdefault("data", {})
    if key == "pts":
        numbers = value.split(",")
        if len(numbers) % 2:
            raise ValueError("needs p and t alternately, an even count of numbers")
        if len(numbers) > 2 * surface.MAX_POINTS:
            raise ValueError(f"more than {surface.MAX_POINTS} points")
        data["points"] = [numbers[i : i + 2] for i in range(0, len(numbers), 2)]
        return
    kind, _, rest = value.partition(",")
    if kind not in SETS:
        raise ValueError(f"the training set is one of {', '.join(SETS)}")
    data["set"] = kind
    for item in [r for r in rest.split(",") if r]:
        name, sep, v = item.partition("=")
        if not sep:
            data["output"] = name
        elif name in ("sigma", "seed"):
            data[name] = v
        else:
            raise ValueError(f"{quoted(name)} is not part of a training set (output, sigma=, seed=)")


def missing_points(raw_view) -> bool:
    """Whether a link asked for a person's points and did not carry them (they made it too long)."""
    data = raw_view.get("data") if isinstance(raw_view, dict) else None
    return isinstance(data, dict) and data.get("set") == "points" and "points" not in data


MISSING_POINTS = (
    "the link was too long to carry this training set's own points, so they were dropped: showing the nominal set "
    "(paste the points again, or load the scene from a file)"
)


class DataSlice(Slice):
    def default(self, scene: dict | None = None) -> dict:
        return default_data()

    def check(self, raw, scene: dict, notes: Notes) -> dict:
        return check_data(raw, notes)

    def link(self, part: dict, scene: dict) -> list[tuple[str, str]]:
        return link_parts(part)

    def read(self, key: str, text: str, raw: dict) -> None:
        view = raw.get("view") if isinstance(raw.get("view"), dict) else raw.setdefault("view", {})
        read_part(key, text, view)


SLICE = DataSlice("data", ("view", "data"), title="training set", keys=("data", "pts"), droppable=("pts",))
