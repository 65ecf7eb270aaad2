"""The map's layers: every registered overlay that draws a trace of its own, in its place among the map's traces.

The map's traces are, in order: the overlays drawn beneath the contour (``beneath``: where each start ends), the
contour itself, the other overlays' layers (the curvature overlays), then the markers. Each layer always has its
place, hidden while its overlay is off, so that a ``Patch`` can address it by position; the browser finds traces
by uid. An overlay says what its drawing depends on (``drawn``); the map keeps those values in its key, and a
change of one sends that layer alone (or less: the overlay may patch its drawn trace in place). While a layer
marked ``under`` shows, the contour is drawn as lines over it (plotly draws heatmaps beneath every contour).

``context`` is what the map callback read for the overlays: the finished result of each long job an overlay
draws (``Overlay.job``), by the job's name.
"""

from __future__ import annotations

import plotly.graph_objects as go

from explorer.core import registry


def layered() -> tuple:
    """The overlays that draw a trace of their own, beneath the contour first, in the order they are registered."""
    drawn = [o for o in registry.overlays() if o.uid]
    return tuple(o for o in drawn if o.beneath) + tuple(o for o in drawn if not o.beneath)


def beneath() -> tuple:
    return tuple(o for o in layered() if o.beneath)


def above() -> tuple:
    return tuple(o for o in layered() if not o.beneath)


def contour_index() -> int:
    """The contour's place among the map's traces (after the layers beneath it)."""
    return len(beneath())


def index(overlay) -> int:
    """An overlay's place among the map's traces."""
    order = layered()
    position = order.index(overlay)
    return position if overlay.beneath else position + 1


def jobs() -> tuple[str, ...]:
    """The long jobs whose results the map draws (each overlay's ``job``)."""
    return tuple(dict.fromkeys(o.job for o in registry.overlays() if o.job))


def hidden(uid: str) -> go.Scatter:
    """A layer that is off: an empty, hidden trace holding its place (and its uid)."""
    return go.Scatter(x=[], y=[], visible=False, hoverinfo="skip", showlegend=False, uid=uid)


def place(overlay):
    """An overlay's hidden place (its own, or an empty hidden scatter with its uid)."""
    return overlay.hidden() if overlay.hidden else hidden(overlay.uid)


def traces(view: dict, draft: dict, context: dict) -> tuple[list, list]:
    """(the layers beneath the contour, the layers above it), each overlay's trace or its hidden place."""
    out = [o.trace(view, draft, context) if o.trace else place(o) for o in layered()]
    n = len(beneath())
    return out[:n], out[n:]


def key(view: dict, draft: dict, context: dict) -> dict:
    """What the layers drawn depend on, by the component that owns them and then by overlay (plain values)."""
    out: dict = {}
    for component in registry.components():
        for o in component.overlays:
            if o.uid:
                out.setdefault(component.name, {})[o.name] = o.drawn(view, draft, context) if o.drawn else None
    return out


def changed(old: dict, new: dict) -> list:
    """The layered overlays whose part of the key differs between two drawings."""
    old = old if isinstance(old, dict) else {}
    owners = {o.name: c.name for c in registry.components() for o in c.overlays}
    return [
        o
        for o in layered()
        if (old.get(owners[o.name]) or {}).get(o.name) != (new.get(owners[o.name]) or {}).get(o.name)
    ]


def drawn_value(key: dict, overlay):
    owner = next(c.name for c in registry.components() if overlay in c.overlays)
    return (key.get(owner) or {}).get(overlay.name) if isinstance(key, dict) else None


def as_lines(key: dict) -> bool:
    """Whether the map drawn with this key has its contour as lines: a layer marked ``under`` shows."""
    return any(o.under and drawn_value(key, o) for o in layered())
