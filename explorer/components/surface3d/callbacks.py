"""The 3-D surface's callbacks: the surface drawn when its view is chosen (and which of the map, the surface and the
learning-rate map shows), the F / log F choice shown with it, and the browser's hook that draws the runs on it."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, no_update

from explorer.components.hypermap import ids as hypermap_ids
from explorer.components.map import ids as map_ids
from explorer.core import compute
from explorer.core import scene as scenes
from explorer.core.registry import View, scene

from . import figures, ids


def draw_surface(scene_view):
    """The 3-D surface when its view is chosen; which of the three views (map, surface, learning rates) shows."""
    if scene_view is None:
        return dict.fromkeys(("figure", "map_hidden", "surface_hidden", "hyper_hidden"), no_update)
    view, _ = scenes.checked_parts(scene_view, [])
    on_plane = view.get("plane") is not None  # planes_view draws the map on a plane
    shown = {"map": view["mode"] != "contour" or on_plane, "surface": view["mode"] != "3d" or on_plane}
    shown["hyper"] = view["mode"] != "hyper"
    hidden = {f"{k}_hidden": v for k, v in shown.items()}
    if view["mode"] != "3d" or on_plane:  # on a plane, planes_view draws its own surface
        return {"figure": no_update, **hidden}
    xs, ys, F = compute.view_grid(view, min(view["res"], 160))  # a WebGL surface needs fewer vertices
    return {"figure": figures.surface_figure(view, xs, ys, F), **hidden}


VIEWS = (
    View(
        "surface3d",
        reads=scene("view"),
        writes={
            "figure": (ids.SURFACE, "figure"),
            "map_hidden": (map_ids.MAP_VIEW, "hidden"),
            "surface_hidden": (ids.SURFACE_VIEW, "hidden"),
            "hyper_hidden": (hypermap_ids.HYPER_VIEW, "hidden"),
        },
        build=draw_surface,
    ),
)


def register(app) -> None:
    app.clientside_callback(
        ClientsideFunction("explorer", "zscaleHidden"), Output(ids.ZSCALE_BOX, "hidden"), Input(map_ids.MODE, "value")
    )
    app.clientside_callback(
        ClientsideFunction("explorer", "hookSurface"), Input(ids.SURFACE, "figure"), prevent_initial_call=True
    )
