"""How honest is a picture of a path through all seven parameters? The slice under the path, and keyframes.

A run that trains more than the two parameters on a map leaves the map's slice: its loss curve shows F at the
iterates, F(x_k), while the map under the drawn point shows F at a different point, the slice's. For a pair of
parameters that point is the slice's fixed values with the pair's two replaced by the iterate's; for a plane it
is the iterate's projection onto the plane (``planes.project``). ``slice_gap`` gives both curves and says how
far apart they are in words: the gap is how far the picture may mislead.

In a view that follows the iterate, the map is redrawn through the iterate at chosen moments, the keyframes
(``keyframes``): at a keyframe the gap is zero, and between keyframes it grows as the parameters off the
picture move. ``slice_gap(..., follow=keyframes)`` measures that view.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import LABELS, PARAMS, performance
from .notebook import number, table
from .params import free_indices, full_vector
from .planes import Plane, _path, project

MAX_KEYFRAMES = 64
"""The most keyframes a view may ask for."""

CHUNK = 4096
"""Iterates per batched evaluation of F (memory stays bounded for any path)."""

KEYFRAME_RULES = ("log_epochs", "epochs", "off_plane")

EXACT = 1e-9
"""A gap below this, relative to 1 + the largest F on the path, is rounding: the path lies in the slice."""

SMALL, MODERATE = 0.05, 0.5
"""Gaps up to these fractions of the loss's own range are small, then moderate; beyond, large."""


@dataclass(frozen=True, eq=False)
class SliceGap:
    """The loss the path meets and the slice's F under it, iterate by iterate, and the size of the difference.

    ``loss[k]`` = F(x_k); ``slice[k]`` = F at the slice's point under x_k (drawn at ``coords[k]``); ``size`` is
    "none", "small", "moderate" or "large" and ``words`` says it in a sentence.
    """

    loss: np.ndarray
    slice: np.ndarray
    coords: np.ndarray
    size: str
    words: str

    @property
    def gap(self) -> np.ndarray:
        """slice − loss at every iterate."""
        return self.slice - self.loss

    def __repr__(self) -> str:
        """One line: how large the gap is, over how many iterates, and its largest value."""
        largest = number(np.nanmax(np.abs(self.gap))) if len(self.loss) else "none"
        return f"SliceGap({self.size}: {number(len(self.loss))} iterates, largest |gap| {largest})"

    def _repr_html_(self) -> str:
        return table("SliceGap", [("size", self.size), ("iterates", number(len(self.loss))), ("in words", self.words)])

    def to_dict(self) -> dict:
        return {
            "loss": self.loss.tolist(),
            "slice": self.slice.tolist(),
            "coords": self.coords.tolist(),
            "size": self.size,
            "words": self.words,
        }


def slice_gap(path, view, fixed=None, data=None, follow=None) -> SliceGap:
    """The loss along ``path`` and F of the slice ``view`` under each iterate, with the gap in words.

    ``path`` is the iterates (n, 7) (or a ``Trajectory``, whose free values are put into its fixed ones);
    ``view`` a pair of parameter names, with the slice through ``fixed`` (nominal by default, like the map), or
    a ``Plane``. ``follow``, when given, is the keyframes (iterate indices) at which a view that follows the
    iterate redraws its slice through the iterate: each iterate is then compared with the slice through the
    latest keyframe at or before it (before the first, with ``view`` itself). F is over ``data``.
    """
    xs = _path(path)
    n = len(xs)
    latest = _latest_keyframe(n, follow)
    if isinstance(view, Plane):
        if fixed is not None:
            raise ValueError("a plane has no fixed values: it holds its own origin")
        origins = np.broadcast_to(view.origin, (n, 7)).copy()
        if latest is not None:  # at most MAX_KEYFRAMES planes
            moved = latest >= 0
            frames = np.unique(latest[moved])
            shifted = np.array([view.through(xs[k]).origin for k in frames]).reshape(-1, 7)
            origins[moved] = shifted[np.searchsorted(frames, latest[moved])]
        coords = (xs - origins) @ view._pinv.T
        under = origins + coords[:, :1] * view.u + coords[:, 1:] * view.v
    else:
        pair = tuple(view)
        ix, iy = free_indices(pair)
        if len(pair) != 2:
            raise ValueError("a view is a pair of parameter names or a Plane")
        under = np.broadcast_to(full_vector(fixed), (n, 7)).copy()
        if latest is not None:
            moved = latest >= 0
            under[moved] = xs[latest[moved]]
        under[:, [ix, iy]] = xs[:, [ix, iy]]
        coords = xs[:, [ix, iy]].copy()
    loss, slice_f = _performance(xs, data), _performance(under, data)
    size, words = gap_words(loss, slice_f)
    return SliceGap(loss, slice_f, coords, size, words)


def gap_words(loss, slice_f) -> tuple[str, str]:
    """(size, sentence) of the gap between the loss a path meets and the slice under it.

    The gap is measured against the range the loss itself spans on the path (what its curve shows): up to 5 %
    of it is small, up to 50 % moderate, beyond that large. A gap within rounding is none.
    """
    loss, slice_f = np.asarray(loss, dtype=float), np.asarray(slice_f, dtype=float)
    gap = slice_f - loss
    worst = int(np.argmax(np.abs(gap)))
    big, median = float(abs(gap[worst])), float(np.median(np.abs(gap)))
    span = float(np.ptp(loss)) if len(loss) else 0.0
    if big <= EXACT * (1.0 + float(np.max(np.abs(loss)))):
        return "none", "The path lies in the slice: the map under it is the loss it meets, to rounding."
    side = "above" if gap[worst] > 0 else "below"
    ratio = big / span if span > 0 else np.inf
    if ratio <= SMALL:
        size, verdict = "small", "the map is a faithful picture of this run"
    elif ratio <= MODERATE:
        size, verdict = "moderate", "read the map's shapes, not its heights"
    else:
        size, verdict = "large", "the map is not the surface this run descends: its valleys and walls may lie elsewhere"
    words = (
        f"The slice under the path is up to {big:.3g} {side} the loss the path meets (median gap {median:.3g}, "
        f"against a loss that spans {span:.3g} along the run): the gap is {size}; {verdict}."
    )
    return size, words


def keyframes(path, view, count: int = 8, rule: str = "log_epochs") -> np.ndarray:
    """``count`` iterate indices (sorted, distinct, the first always 0) at which to redraw the slice through
    the iterate, by ``rule``:

    - ``"log_epochs"``: evenly spaced in log(1 + k), so that a run's quick start and its long crawl both get
      some (the clock a log-epochs playback uses);
    - ``"epochs"``: evenly spaced in k;
    - ``"off_plane"``: where the parameters off the picture have moved most: evenly spaced in the distance they
      have travelled (for a pair, the other five parameters; for a plane, the iterate's distance from it).
      A path that never leaves the picture needs only the first.
    """
    xs = _path(path)
    count = int(count)
    if not 1 <= count <= MAX_KEYFRAMES:
        raise ValueError(f"count must be between 1 and {MAX_KEYFRAMES}, got {count}")
    if rule not in KEYFRAME_RULES:
        raise ValueError(f"rule must be one of {', '.join(KEYFRAME_RULES)}, got {rule!r}")
    n = len(xs)
    if rule == "epochs":
        return np.unique(np.round(np.linspace(0, n - 1, count)).astype(np.int64))
    if rule == "log_epochs":
        return np.unique(np.round(np.expm1(np.linspace(0.0, np.log(n), count))).astype(np.int64).clip(0, n - 1))
    off = _off_picture(xs, view)
    travelled = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(off, axis=0), axis=1))])
    if travelled[-1] == 0:
        return np.zeros(1, dtype=np.int64)
    marks = np.linspace(0.0, travelled[-1], count, endpoint=False)
    return np.unique(np.searchsorted(travelled, marks, side="left").clip(0, n - 1))


def through(view, x):
    """The picture redrawn through the iterate ``x`` (7 values): for a pair, the other five's values as a
    mapping (the map's new ``fixed``); for a plane, the parallel plane holding ``x`` (``Plane.through``)."""
    x = np.asarray(x, dtype=float).reshape(-1)
    if isinstance(view, Plane):
        return view.through(x)
    pair = free_indices(tuple(view))
    return {name: float(x[i]) for i, name in enumerate(PARAMS) if i not in pair}


def describe_view(view) -> tuple[str, str]:
    """The two axis titles of a view: the book's names of a pair, or a plane's labels."""
    if isinstance(view, Plane):
        return view.labels
    a, b = tuple(view)
    return LABELS[a], LABELS[b]


def _off_picture(xs: np.ndarray, view) -> np.ndarray:
    """The part of each iterate a picture does not show: the other five parameters, or the offset from a plane."""
    if isinstance(view, Plane):
        return xs - project(view, xs).on_plane
    pair = free_indices(tuple(view))
    return xs[:, [i for i in range(7) if i not in pair]]


def _latest_keyframe(n: int, follow) -> np.ndarray | None:
    """For each iterate, the latest keyframe at or before it (−1 before the first), or None with no keyframes."""
    if follow is None:
        return None
    frames = np.unique(np.asarray(follow, dtype=np.int64).reshape(-1))
    if frames.size > MAX_KEYFRAMES:
        raise ValueError(f"at most {MAX_KEYFRAMES} keyframes")
    if frames.size and (frames[0] < 0 or frames[-1] >= n):
        raise ValueError(f"keyframes must be iterate indices from 0 to {n - 1}")
    position = np.searchsorted(frames, np.arange(n), side="right") - 1
    return np.where(position >= 0, frames[np.maximum(position, 0)], -1)


def _performance(points: np.ndarray, data) -> np.ndarray:
    """F at every row of ``points`` (n, 7), in batches of ``CHUNK``."""
    out = np.empty(len(points))
    for lo in range(0, len(points), CHUNK):
        out[lo : lo + CHUNK] = performance(points[lo : lo + CHUNK], data)
    return out
