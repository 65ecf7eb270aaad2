"""The explorer's features, one folder each: every one registers itself here, one line a component, in the order
the scene, its link and the page list them (``explorer/core/registry.py`` says what a component declares)."""

from explorer.core import registry

from . import (
    basins,
    curvature,
    data,
    hypermap,
    inside,
    jobs,
    lessons,
    lines,
    link,
    live,
    map,
    planes,
    playback,
    restarts,
    runs,
    surface3d,
    topbar,
    training,
    whole,
)

registry.register(
    map.COMPONENT,
    basins.COMPONENT,
    hypermap.COMPONENT,
    data.COMPONENT,
    planes.COMPONENT,
    runs.COMPONENT,
    training.COMPONENT,
    playback.COMPONENT,
    restarts.COMPONENT,
    inside.COMPONENT,
    lessons.COMPONENT,
    curvature.COMPONENT,
    whole.COMPONENT,
    live.COMPONENT,
    link.COMPONENT,
    topbar.COMPONENT,
    surface3d.COMPONENT,
    lines.COMPONENT,
    jobs.COMPONENT,
)
