"""What a run of the whole network sends beside its path: the slice under it, and the keyframes (ch. 12).

A run that trains more than the two parameters on the map leaves the map's slice. Its loss curve shows F at the
iterates; the map under the drawn point shows F of the slice there (``surface.slice_gap``). This module turns a
``Trajectory`` and its display copy into plain data: at each point drawn, F of the slice under it (the map's
slice, and the slice a view that follows the iterate shows, redrawn through the iterate at the keyframes), the
gap's size in the engine's words, and the keyframes themselves (epoch and the seven values there).

Pure: numpy and the engine only; no Dash, no cache.
"""

from __future__ import annotations

import numpy as np

import surface

KEYFRAMES = 8
"""Keyframes a followed run is redrawn at (the engine's ``keyframes``, log-spaced in epochs)."""

KEYFRAME_RULE = "log_epochs"


def kept_indices(tr: surface.Trajectory, shown: surface.Trajectory) -> np.ndarray:
    """The iterate index of each point of the display copy ``shown`` of ``tr`` (its epochs are among tr's)."""
    return np.searchsorted(tr.epoch, shown.epoch).clip(0, len(tr.epoch) - 1)


def is_whole(tr: surface.Trajectory) -> bool:
    """Whether the run trains more than the two parameters on its map."""
    return len(tr.free) > 2 and len(tr.base) == 7


def gap(tr: surface.Trajectory, shown: surface.Trajectory) -> dict:
    """At the display copy's points: ``slice`` (F of the map's slice under each), ``follow`` (F of the slice a
    following view shows: through the latest keyframe at or before it), the gap's ``size`` and ``words`` (the
    engine's, measured at those points), and the ``keyframes`` (index into the run's iterates, epoch, seven
    values). Nothing for a run of two parameters."""
    if not is_whole(tr):
        return {}
    pair = tuple(tr.free[:2])
    full = surface.full_path(tr)
    kept = kept_indices(tr, shown)
    plain = surface.slice_gap(full[kept], pair, fixed=tuple(tr.base), data=tr.data)
    frames = surface.keyframes(full, pair, count=min(KEYFRAMES, len(full)), rule=KEYFRAME_RULE)
    latest = frames[np.searchsorted(frames, kept, side="right") - 1]  # frames[0] == 0: always one
    under = full[latest].copy()
    ix, iy = (surface.PARAMS.index(p) for p in pair)
    under[:, [ix, iy]] = full[kept][:, [ix, iy]]
    return {
        "slice": plain.slice,
        "follow": surface.performance(under, data=tr.data),
        "size": plain.size,
        "words": plain.words,
        "keyframes": [{"index": int(k), "epoch": int(tr.epoch[k]), "x": [float(v) for v in full[k]]} for k in frames],
    }


def gap_meta(g: dict) -> dict:
    """The run card's share of ``gap``: the gap's size and words and the keyframes (nothing for two)."""
    if not g:
        return {}
    return {"gap": {"size": g["size"], "words": g["words"]}, "keyframes": g["keyframes"]}


def gap_path(g: dict, shown: surface.Trajectory, encode) -> dict:
    """The path's share of ``gap``: the two slice curves (``encode``d like the path) and the values of the
    parameters off the axes at each point drawn (``others``: the display copy's columns past the first two, a row
    a point), from which a plane's view projects the whole path."""
    if not g:
        return {}
    return {
        "slice": encode(g["slice"]),
        "follow": encode(g["follow"]),
        "others": encode(np.asarray(shown.xs)[:, 2:]),
        "free": list(shown.free),
    }
