"""The training set's part of the scene: what it is, its check, its link keys, and the engine's set it stands for.

The set rides in the view (``view["data"]``), because everything drawn is derived from the view: the map, its
stationary points, runs, basin maps, restarts, learning-rate maps, curvature and the inside of the step all
follow it with no wiring of their own. Schema::

    {"set": "nominal" | "sine" | "noisy" | "points", "output": "logsig" | "purelin",
     "sigma": float, "seed": int, "points": [[p, t], ...]}

- ``nominal``: the nominal network's outputs at p = −2, −1.9, …, 2 (Hagan et al., ch. 12), F = 0 at nominal;
- ``sine``: g(p) = 1 + sin(πp/4) at the same inputs (ch. 11's function-approximation example);
- ``noisy``: the same plus Gaussian noise N(0, σ²) drawn from ``seed``;
- ``points``: a person's own (p, t) pairs, at most ``surface.MAX_POINTS``.

``output`` is the output layer's transfer function (log-sigmoid, ch. 12; linear, ch. 11). Fields that do not
apply to the set are held at their defaults, so equal sets are equal dicts. The link carries the set in readable
keys, and nothing at all for the default::

    data=sine,purelin     data=noisy,purelin,sigma=0.1,seed=3     data=points,logsig&pts=-2,0.1,0,0.5,2,0.9

``pts`` lists p and t alternately; when it would make the link longer than ``MAX_QUERY`` it is left out, and a
link read without it says the points were dropped.
"""

from __future__ import annotations

import math

import surface
from explorer.core.limits import MAX_MAGNITUDE, MAX_QUERY
from explorer.core.limits import quote as quoted
from surface.training_set import MAX_SEED, MAX_SIGMA

SETS = ("nominal", "sine", "noisy", "points")
"""The training sets a scene can hold, in the order the control lists them."""

SET_TITLES = {
    "nominal": "Ch. 12: the nominal network's outputs",
    "sine": "Ch. 11: 1 + sin(πp/4)",
    "noisy": "Ch. 11: 1 + sin(πp/4) with noise",
    "points": "Your own points",
}
OUTPUTS = tuple(surface.training_set.OUTPUTS)
OUTPUT_TITLES = {"logsig": "log-sigmoid (ch. 12)", "purelin": "linear (ch. 11)"}
DEFAULT_OUTPUT = {"nominal": "logsig", "sine": "purelin", "noisy": "purelin", "points": "logsig"}
"""The output each set starts with: the engine's own defaults."""
DEFAULT_SIGMA = 0.1
LINK_KEYS = ("data", "pts")
"""The link's keys for this part (``scene._read_part`` hands them here)."""


def default_data() -> dict:
    return {"set": "nominal", "output": "logsig", "sigma": DEFAULT_SIGMA, "seed": 0, "points": []}


def is_default(data: dict) -> bool:
    return data == default_data()


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


# ---------- the engine's set ----------


def data_key(data: dict | None) -> tuple | None:
    """A hashable, printable key for a checked part (None for the nominal set, so default keys stay as they
    were): what the cached engine calls take in place of the set."""
    if data is None or is_default(data):
        return None
    points = tuple(tuple(p) for p in data["points"])
    return (data["set"], data["output"], float(data["sigma"]), int(data["seed"]), points)


def training_set(key) -> surface.TrainingSet | None:
    """The engine's ``TrainingSet`` for a ``data_key`` (None, the engine's default, for the nominal set)."""
    if key is None:
        return None
    kind, output, sigma, seed, points = key
    if kind == "nominal":
        return surface.TrainingSet.nominal().with_output(output)
    if kind == "sine":
        return surface.TrainingSet.sine(output)
    if kind == "noisy":
        return surface.TrainingSet.noisy_sine(sigma, seed, output)
    return surface.TrainingSet.from_points([tuple(p) for p in points], output)


def view_set(view: dict) -> surface.TrainingSet:
    """The engine's set for a checked view (the nominal one included)."""
    return training_set(data_key(view.get("data"))) or surface.TrainingSet.nominal()


def reach_warning(data: dict) -> str | None:
    """Words on targets a log-sigmoid output cannot reach (ch. 12: logsig lies strictly between 0 and 1)."""
    try:
        return view_set({"data": data}).reach_warning
    except ValueError:
        return None


def describe(data: dict) -> str:
    """The set in a few words, for notes and cards."""
    kind = data["set"]
    what = SET_TITLES[kind]
    if kind == "noisy":
        what += f" (σ = {data['sigma']:g}, seed {data['seed']})"
    elif kind == "points":
        what += f" ({len(data['points'])} pairs)"
    return f"{what}, {OUTPUT_TITLES[data['output']]} output"


def points_text(points) -> str:
    """The pairs as the points box shows them: one 'p, t' line each."""
    return "\n".join(f"{_short(p)}, {_short(t)}" for p, t in points)


def client_part(view: dict) -> dict:
    """What the browser needs to draw the network's response against the set and to compute F at the pointer:
    the inputs, the targets, whether the output is linear, and the set in words."""
    ts = view_set(view)
    return {"P": ts.P.tolist(), "T": ts.T.tolist(), "linear": ts.linear, "title": describe(view["data"])}


def _short(v: float) -> str:
    from explorer.core.scene import number_text

    return number_text(v)


# ---------- the link ----------


def link_parts(data: dict) -> list[tuple[str, str]]:
    """The link's keys for a checked part: none for the nominal set."""
    if is_default(data):
        return []
    text = f"{data['set']},{data['output']}"
    if data["set"] == "noisy":
        text += f",sigma={_short(data['sigma'])},seed={data['seed']}"
    parts = [("data", text)]
    if data["set"] == "points":
        parts.append(("pts", ",".join(_short(v) for pair in data["points"] for v in pair)))
    return parts


def fit_query(parts: list[tuple[str, str]], encode) -> str:
    """The link's query from its parts, leaving out ``pts`` when the whole would pass ``MAX_QUERY``."""
    query = encode(parts)
    if len(query) > MAX_QUERY and any(k == "pts" for k, _ in parts):
        query = encode([(k, v) for k, v in parts if k != "pts"])
    return query


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


# ---------- the requests of the maps of many starts ----------


def request_part(view: dict) -> dict:
    """What a basin map's, restarts' or learning-rate map's request carries of the set: nothing for the nominal
    set (so their requests stay as they were), else the part itself."""
    data = view.get("data", default_data())
    return {} if is_default(data) else {"data": data}


def request_set(request: dict) -> surface.TrainingSet | None:
    """The engine's set of a checked request (None: the nominal set)."""
    return training_set(data_key(request["data"])) if "data" in request else None
