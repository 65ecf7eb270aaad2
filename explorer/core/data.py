"""The training set's part of a view: what it is, and the engine's set it stands for.

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
apply to the set are held at their defaults, so equal sets are equal dicts. Its check and its link are the data
component's slice (``explorer/components/data/slice.py``).
"""

from __future__ import annotations

import surface

from .format import number_text

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


def default_data() -> dict:
    return {"set": "nominal", "output": "logsig", "sigma": DEFAULT_SIGMA, "seed": 0, "points": []}


def is_default(data: dict) -> bool:
    return data == default_data()


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
    return "\n".join(f"{number_text(p)}, {number_text(t)}" for p, t in points)


def client_part(view: dict) -> dict:
    """What the browser needs to draw the network's response against the set and to compute F at the pointer:
    the inputs, the targets, whether the output is linear, and the set in words."""
    ts = view_set(view)
    return {"P": ts.P.tolist(), "T": ts.T.tolist(), "linear": ts.linear, "title": describe(view["data"])}


# ---------- the requests of the maps of many starts ----------


def request_part(view: dict) -> dict:
    """What a basin map's, restarts' or learning-rate map's request carries of the set: nothing for the nominal
    set (so their requests stay as they were), else the part itself."""
    data = view.get("data", default_data())
    return {} if is_default(data) else {"data": data}


def request_set(request: dict) -> surface.TrainingSet | None:
    """The engine's set of a checked request (None: the nominal set)."""
    return training_set(data_key(request["data"])) if "data" in request else None
