"""Training sets: the inputs p, the targets t and the output layer's transfer function, as one frozen record.

The network is always the 1-2-1 network of ch. 11 and 12; what changes is what it is asked to fit:

- ``nominal()``: the nominal network's own outputs at p = −2.0, −1.9, …, 2.0 (ch. 12; the default everywhere),
  with a log-sigmoid output. F = 0 at the nominal parameters.
- ``sine()``: ch. 11's function-approximation example g(p) = 1 + sin(πp/4) at the same 41 inputs, with a linear
  output as ch. 11's network has (or a log-sigmoid one, which cannot reach targets of 1 or more). No 1-2-1
  network fits it exactly, so its global minimum has F > 0.
- ``noisy_sine(sigma, seed)``: the same targets plus Gaussian noise of standard deviation σ from a seeded generator.
- ``from_points(pairs)``: a person's own (p, t) pairs, at most ``MAX_POINTS`` (see ``points.parse_points``).

A training set is hashable and compares by what it holds (its kind, output, inputs and targets), so caches can key
on it; ``to_dict`` and ``from_dict`` carry it in a scene or a link (a generated set by its recipe, a person's
points inline).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

import numpy as np

from . import network
from .params import finite_number
from .points import MAX_POINTS, MIN_POINTS, parse_points

OUTPUTS = ("logsig", "purelin")
"""The output layer's transfer functions: log-sigmoid (ch. 12, the default) and linear (ch. 11)."""

# MAX_POINTS and MIN_POINTS, the most and fewest (p, t) pairs a training set may hold, live with the reader of a
# person's points (``points``), which checks them line by line; they are this module's too.

MAX_SIGMA = 10.0
"""The largest noise standard deviation ``noisy_sine`` accepts."""

MAX_SEED = 2**32 - 1

KINDS = ("nominal", "sine", "noisy_sine", "points", "scaled")


@dataclass(frozen=True, eq=False)
class TrainingSet:
    """Inputs ``P`` and targets ``T`` (read-only, equal length) and the output transfer function ``output``.

    ``kind`` says how it was made (``KINDS``) and ``recipe`` holds what remakes it (σ and seed for a noisy sine,
    the factor and the original for scaled inputs); ``name`` is a short title and ``description`` one sentence.
    """

    P: np.ndarray = field(repr=False)
    T: np.ndarray = field(repr=False)
    output: str = "logsig"
    kind: str = "points"
    name: str = ""
    description: str = ""
    recipe: tuple = ()
    _key: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        p = _vector(self.P, "inputs p")
        t = _vector(self.T, "targets t")
        if p.size != t.size:
            raise ValueError(f"there must be one target per input: {p.size} inputs, {t.size} targets")
        if not MIN_POINTS <= p.size <= MAX_POINTS:
            raise ValueError(f"a training set holds between {MIN_POINTS} and {MAX_POINTS} points, got {p.size}")
        if self.output not in OUTPUTS:
            raise ValueError(f"the output transfer function must be one of {', '.join(OUTPUTS)}, got {self.output!r}")
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of training set {self.kind!r}; one of {', '.join(KINDS)}")
        object.__setattr__(self, "P", p)
        object.__setattr__(self, "T", t)
        digest = hashlib.sha1(p.tobytes() + b"|" + t.tobytes()).hexdigest()[:16]
        object.__setattr__(self, "_key", (self.kind, self.output, digest, self.name))

    # ---- constructors (the module's functions, reachable from the class) ----

    @staticmethod
    def nominal() -> TrainingSet:
        """See ``training_set.nominal``."""
        return nominal()

    @staticmethod
    def sine(output: str = "purelin") -> TrainingSet:
        """See ``training_set.sine``."""
        return sine(output)

    @staticmethod
    def noisy_sine(sigma: float = 0.1, seed: int = 0, output: str = "purelin") -> TrainingSet:
        """See ``training_set.noisy_sine``."""
        return noisy_sine(sigma, seed, output)

    @staticmethod
    def from_points(pairs, output: str = "logsig", name: str | None = None) -> TrainingSet:
        """See ``training_set.from_points``."""
        return from_points(pairs, output, name)

    @staticmethod
    def parse(text: str, output: str = "logsig", name: str | None = None) -> TrainingSet:
        """A person's points read from text (``points.parse_points``: pasted lines or CSV)."""
        return from_points(parse_points(text), output, name)

    def with_output(self, output: str) -> TrainingSet:
        """The same inputs and targets with the output transfer function ``output``."""
        return self if output == self.output else _with_output(self, output)

    # ---- identity ----

    @property
    def key(self) -> tuple:
        """(kind, output, digest of the inputs and targets, name): hashable, what two equal sets share."""
        return self._key

    @property
    def digest(self) -> str:
        """A short text key for on-disk caches: the output and a hash of the inputs and targets."""
        return f"{self.kind}-{self.output}-{self._key[2]}"

    def __eq__(self, other) -> bool:
        return isinstance(other, TrainingSet) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    # ---- what it is ----

    @property
    def size(self) -> int:
        """The number of (p, t) pairs, Q."""
        return int(self.P.size)

    @property
    def linear(self) -> bool:
        """Whether the output layer is linear (purelin): a2 = n2."""
        return self.output == "purelin"

    @property
    def is_nominal(self) -> bool:
        """Whether this is today's default set (the nominal network's outputs, log-sigmoid output)."""
        return self == nominal()

    @property
    def input_range(self) -> tuple[float, float]:
        """(min p, max p)."""
        return float(self.P.min()), float(self.P.max())

    @property
    def reach_warning(self) -> str | None:
        """Words on the targets a log-sigmoid output cannot reach, or None when every target is within reach.

        logsig(n) = 1/(1 + e⁻ⁿ) lies strictly between 0 and 1 (ch. 12), so a target of 1 or more, or of 0 or
        less, is never met: F cannot reach 0 and the weights grow without bound chasing it. A linear output
        reaches any target.
        """
        if self.linear:
            return None
        above, below = int(np.count_nonzero(self.T >= 1.0)), int(np.count_nonzero(self.T <= 0.0))
        if not (above or below):
            return None
        n = self.size
        parts = []
        if above:
            parts.append(
                f"Targets of 1 or more cannot be reached by a log-sigmoid output: {_count(above, n)} "
                f"(the largest is {float(self.T.max()):.4g})."
            )
        if below:
            either = " either" if above else ""
            parts.append(
                f"Targets of 0 or less cannot be reached{either}: {_count(below, n)} "
                f"(the smallest is {float(self.T.min()):.4g})."
            )
        parts.append("Its values lie strictly between 0 and 1, so F cannot reach 0; a linear output can.")
        return " ".join(parts)

    # ---- plain data ----

    def to_dict(self, inline_limit: int = MAX_POINTS) -> dict:
        """Plain JSON-ready data: a generated set by its recipe, a person's points inline.

        A set of points longer than ``inline_limit`` comes back as ``{"kind": "points", "size": n,
        "digest": …, "inline": False}`` with no points (a link too long to carry them says so instead).
        """
        out = {"kind": self.kind, "output": self.output}
        if self.kind == "noisy_sine":
            out |= {"sigma": self.recipe[0], "seed": self.recipe[1]}
        elif self.kind == "scaled":
            out |= {"factor": self.recipe[0], "of": self.recipe[1].to_dict(inline_limit)}
        elif self.kind == "points":
            out |= {"name": self.name, "size": self.size, "digest": self._key[2]}
            if self.size <= inline_limit:
                out["points"] = [[float(p), float(t)] for p, t in zip(self.P.tolist(), self.T.tolist(), strict=True)]
            else:
                out["inline"] = False
        return out

    @classmethod
    def from_dict(cls, d: dict) -> TrainingSet:
        """The training set ``to_dict`` describes; a ValueError naming what is wrong otherwise."""
        if not isinstance(d, dict):
            raise ValueError("a training set must be given as a mapping")
        kind, output = d.get("kind", "nominal"), d.get("output", "logsig")
        if kind == "nominal":
            return nominal() if output == "logsig" else _with_output(nominal(), output)
        if kind == "sine":
            return sine(output)
        if kind == "noisy_sine":
            return noisy_sine(d.get("sigma", 0.1), d.get("seed", 0), output)
        if kind == "scaled":
            return scaled_inputs(cls.from_dict(d.get("of", {})), d.get("factor", 100.0)).with_output(output)
        if kind == "points":
            if "points" not in d:
                raise ValueError("this training set's points were too many to carry in the link")
            return from_points(d["points"], output=output, name=d.get("name") or None)
        raise ValueError(f"unknown kind of training set {kind!r}; one of {', '.join(KINDS)}")


def _count(k: int, n: int) -> str:
    """'12 of 41 are', '1 of 41 is'."""
    return f"{k} of {n} {'is' if k == 1 else 'are'}"


def _vector(values, label: str) -> np.ndarray:
    """A read-only, contiguous float64 vector (the one array type the compiled kernels take); an array that is
    already one is kept as it is (the nominal set's are ``network.P`` and ``network.T`` themselves)."""
    a = np.asarray(values, dtype=float)
    if not (a.ndim == 1 and a.flags.c_contiguous and not a.flags.writeable):
        a = np.array(a, dtype=float).reshape(-1)
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{label} must be finite numbers")
    a.flags.writeable = False
    return a


def _check_output(output: str) -> str:
    if output not in OUTPUTS:
        raise ValueError(f"the output transfer function must be one of {', '.join(OUTPUTS)}, got {output!r}")
    return output


_NOMINAL: TrainingSet | None = None


def nominal() -> TrainingSet:
    """The nominal network's outputs at p = −2.0, −1.9, …, 2.0, log-sigmoid output (ch. 12): F = 0 at nominal.

    Its arrays are ``network.P`` and ``network.T`` themselves, so every result on it is bit for bit the result
    without a training set.
    """
    global _NOMINAL
    if _NOMINAL is None:
        _NOMINAL = TrainingSet(
            network.P,
            network.T,
            "logsig",
            "nominal",
            "the nominal network's outputs",
            "41 inputs p = −2.0, −1.9, …, 2.0; targets the outputs of the network at its nominal parameters "
            "(ch. 12), so F = 0 there",
        )
    return _NOMINAL


def sine_target(p) -> np.ndarray:
    """g(p) = 1 + sin(πp/4), ch. 11's function to approximate (values from 0 to 2 on [−2, 2])."""
    return 1.0 + np.sin(np.pi * np.asarray(p, dtype=float) / 4.0)


def sine(output: str = "purelin") -> TrainingSet:
    """g(p) = 1 + sin(πp/4) at the 41 inputs (ch. 11's function-approximation example).

    With a linear output (ch. 11's 1-2-1 network, the default) the network comes close but, having only two
    sigmoids, never fits it exactly: the global minimum has F > 0. With a log-sigmoid output the 21 targets of
    1 or more (p ≥ 0) cannot be reached at all.
    """
    _check_output(output)
    return TrainingSet(
        network.P,
        sine_target(network.P),
        output,
        "sine",
        "g(p) = 1 + sin(πp/4)",
        "41 inputs p = −2.0, …, 2.0; targets 1 + sin(πp/4), ch. 11's function to approximate",
    )


def noisy_sine(sigma: float = 0.1, seed: int = 0, output: str = "purelin") -> TrainingSet:
    """g(p) = 1 + sin(πp/4) plus Gaussian noise N(0, σ²) at the 41 inputs, from ``numpy.random.default_rng(seed)``."""
    _check_output(output)
    sigma = finite_number(sigma, "σ")
    if not 0.0 <= sigma <= MAX_SIGMA:
        raise ValueError(f"σ must be between 0 and {MAX_SIGMA:g}, got {sigma:g}")
    seed = _seed(seed)
    noise = np.random.default_rng(seed).normal(0.0, 1.0, network.P.size) * sigma
    return TrainingSet(
        network.P,
        sine_target(network.P) + noise,
        output,
        "noisy_sine",
        f"g(p) = 1 + sin(πp/4) + noise (σ = {sigma:g}, seed {seed})",
        f"41 inputs p = −2.0, …, 2.0; targets 1 + sin(πp/4) plus Gaussian noise of standard deviation {sigma:g} "
        f"drawn with seed {seed}",
        (sigma, seed),
    )


def from_points(pairs, output: str = "logsig", name: str | None = None) -> TrainingSet:
    """A person's own (p, t) pairs: between ``MIN_POINTS`` and ``MAX_POINTS`` of them, each two finite numbers.

    ``pairs`` is a sequence of (p, t) pairs (or an (n, 2) array). A ValueError names the first pair that is wrong.
    """
    _check_output(output)
    rows = _pairs(pairs)
    n = len(rows)
    title = name or f"your {n} points"
    return TrainingSet(
        np.array([p for p, _ in rows]),
        np.array([t for _, t in rows]),
        output,
        "points",
        title,
        f"{n} (p, t) pairs given by hand, p from {min(p for p, _ in rows):g} to {max(p for p, _ in rows):g}",
    )


def scaled_inputs(data: TrainingSet, factor: float = 100.0) -> TrainingSet:
    """``data`` with every input multiplied by ``factor`` (the targets and output unchanged).

    This is what a network sees when its inputs are not normalised (seed 003's fifth pitfall): F is then the sum
    of squared errors over the scaled inputs, and its gradient the exact gradient of that F.
    """
    factor = finite_number(factor, "the input scale")
    if factor == 0:
        raise ValueError("the input scale must not be 0")
    return TrainingSet(
        data.P * factor,
        data.T,
        data.output,
        "scaled",
        f"{data.name}, inputs ×{factor:g}",
        f"{data.description}; every input multiplied by {factor:g} (not normalised)",
        (factor, data),
    )


def _with_output(data: TrainingSet, output: str) -> TrainingSet:
    _check_output(output)
    return TrainingSet(data.P, data.T, output, data.kind, data.name, data.description, data.recipe)


def _seed(seed) -> int:
    s = finite_number(seed, "seed")
    if s != int(s) or not 0 <= s <= MAX_SEED:
        raise ValueError(f"seed must be a whole number from 0 to {MAX_SEED}, got {seed!r}")
    return int(s)


def _pairs(pairs) -> list[tuple[float, float]]:
    """The pairs as (p, t) floats, checked one by one (the first bad one is named, counting from 1)."""
    if isinstance(pairs, np.ndarray):
        pairs = pairs.tolist()
    try:
        rows = list(pairs)
    except TypeError:
        raise ValueError("points must be a sequence of (p, t) pairs") from None
    if len(rows) < MIN_POINTS:
        raise ValueError(f"at least {MIN_POINTS} points are needed, got {len(rows)}")
    if len(rows) > MAX_POINTS:
        raise ValueError(f"at most {MAX_POINTS} points are allowed, got {len(rows)}")
    out = []
    for i, row in enumerate(rows, start=1):
        try:
            p, t = row
        except (TypeError, ValueError):
            raise ValueError(f"point {i}: expected two numbers (p, t), got {row!r}") from None
        out.append((_finite(p, f"point {i}: p"), _finite(t, f"point {i}: t")))
    return out


def _finite(value, label: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{label} is not a number: {value!r}") from None
    if not math.isfinite(v):
        raise ValueError(f"{label} must be finite, got {value!r}")
    return v


def resolve(data: TrainingSet | None) -> TrainingSet:
    """``data``, or the nominal set for None; a ValueError for anything else."""
    if data is None:
        return nominal()
    if not isinstance(data, TrainingSet):
        raise ValueError(f"data must be a TrainingSet (see surface.training_set), got {type(data).__name__}")
    return data
