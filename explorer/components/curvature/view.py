"""The curvature overlays of the contour map: where a fixed step is unstable, where F is not convex, the
condition number, and the gradient field.

Near a point, F is its quadratic model F + ∇Fᵀ Δx + ½ Δxᵀ H Δx (Hagan et al., ch. 8), and the eigenvalues
λmin ≤ λmax of the Hessian H restricted to the two parameters on the axes (``surface.curvature_grid``) say how F
bends there (ch. 9 and 12):

- **stability** (for the training panel's algorithm): a fixed step is locally unstable where α·λmax passes the
  edge ``surface.stability_edge`` gives: 2 for steepest descent (ch. 9: along the eigenvector of λmax the error
  is multiplied by 1 − αλmax each step), the same for incremental steepest descent (the batch step α∇F its epoch
  adds up to), and 2(1 + γ)/(1 − γ) for momentum in the book's filtered form (ch. 12). The other algorithms'
  steps adapt (VLBP, CG, LM, Newton, BR, RMSprop, Adam) or are not analysed here (Nesterov): the key says that
  the shading is for sdbp, sgd and mobp only. The region is λmax > edge/α, so a change of α or γ
  moves one level of a λmax map already drawn: it reaches the page as a patch of a few bytes.
- **nonconvex**: λmin < 0, where F curves down along some direction (saddle-like curvature).
- **condition**: log₁₀(λmax/λmin) where both are positive (``surface.condition_number``): the narrow valleys
  that steepest descent zig-zags across; blank where F is not a bowl.
- **field**: arrows of −∇F (the direction of steepest descent, ch. 9) on a thinned grid, direction only.

Each is a toggle of the scene's ``overlays``, a layer of the map (``OVERLAYS``: registered with the map, which
places their traces after the contour, each found by its uid and hidden while off) and an entry of the key line
above the map. ``compute.py`` computes what they draw, ``figures.py`` draws it. The two shadings are constraint
contours (``contours.type = "constraint"``: the region where the condition fails is filled with a translucent
colour and its edge drawn, interpolated between grid nodes), not heatmaps, because plotly.js draws every heatmap
beneath every contour trace whatever their order: a heatmap cannot shade the filled contour map. The condition
number is such a heatmap, beneath the contour drawn as lines (as the basin layer is).
"""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, dcc, html

from explorer.components.map import layers as map_layers
from explorer.core import ids as scene_ids
from explorer.core import scene as scenes
from explorer.core.registry import Overlay, View, scene

from . import ids
from .compute import (
    stability_spec,
    stability_threshold,
    stability_title,
    stability_words,
    view_curvature,
    view_gradient_field,
)
from .figures import (
    CONDITION_DECADES,
    NONCONVEX_EDGE,
    NONCONVEX_FILL,
    STABILITY_EDGE,
    STABILITY_FILL,
    SWATCH_UNDER,
    condition_trace,
    field_trace,
    nonconvex_trace,
    stability_trace,
)

# ---------- the computations (cached on scalars and tuples) ----------


# ---------- stability: what the training panel asks for ----------


# ---------- the traces ----------


# ---------- the key line above the map ----------


def _swatch(fill: str, edge: str, dash: str = "solid") -> html.Span:
    """A square that looks like the shading on the map: the fill over a mid map colour, with the edge's line."""
    return html.Span(
        className="swatch square",
        style={"background": f"linear-gradient({fill}, {fill}), {SWATCH_UNDER}", "border": f"2px {dash} {edge}"},
    )


def map_key(view: dict, draft: dict) -> list:
    """The curvature overlays' entries of the key line above the map, in drawing order (an empty list while
    none is on)."""
    on = set(view["overlays"])
    entries = []
    if "condition" in on:
        entries.append(
            html.Span(
                [
                    "condition number λmax/λmin: 1",
                    html.Span(className="gradient-bar condition-bar"),
                    f"10{'⁰¹²³⁴⁵⁶⁷⁸⁹'[CONDITION_DECADES]}",
                    html.Span("(blank: not a bowl)", className="note"),
                ],
                title="Where both eigenvalues of the Hessian are positive, their ratio (log scale): large in the "
                "narrow valleys where steepest descent zig-zags (Hagan, ch. 9). The contours are drawn as lines over "
                "it.",
                className="key-entry",
            )
        )
    if "nonconvex" in on:
        entries.append(
            html.Span(
                [_swatch(NONCONVEX_FILL, NONCONVEX_EDGE, "dotted"), "not convex: λmin < 0"],
                title="The Hessian has a negative eigenvalue: F curves down along some direction (saddle-like).",
                className="key-entry",
            )
        )
    if "stability" in on:
        spec = stability_spec(draft)
        shaded = stability_threshold(spec) is not None
        children = [_swatch(STABILITY_FILL, STABILITY_EDGE), stability_words(spec)] if shaded else stability_words(spec)
        entries.append(
            html.Span(children, title=stability_title(spec), className="key-entry" if shaded else "key-entry note")
        )
    if "field" in on:
        entries.append(
            html.Span(
                [html.Span("➜", className="field-glyph"), "direction of −∇F"],
                title="Steepest descent's direction at the centre of each cell (its length says nothing).",
                className="key-entry",
            )
        )
    return entries


def key_for(scene_view, scene_draft) -> list:
    """The key entries for the scene's parts as the browser holds them (checked again); none off the pair's map."""
    scene, _ = scenes.check({"view": scene_view, "draft": scene_draft})
    if scene_view is None or scene["view"]["mode"] != "contour" or scene["view"]["plane"] is not None:
        return []
    return map_key(scene["view"], scene["draft"])


VIEWS = (
    View(
        "curvature-key",
        # what the stability overlay reads of the draft arrives as the stability input, set only while it is on
        reads={**scene("view"), "stability": (ids.STABILITY_INPUT, "data")},
        state=scene("draft"),
        writes={"key": (ids.CURVATURE_KEY, "children")},
        build=lambda scene_view, stability, scene_draft: {"key": key_for(scene_view, scene_draft)},
    ),
)


def register(app) -> None:
    # what the stability overlay reads of the training panel, set by the browser only while the overlay is on
    app.clientside_callback(
        ClientsideFunction("explorer", "stabilityInput"),
        Output(ids.STABILITY_INPUT, "data"),
        Input(scene_ids.SCENE_VIEW, "data"),
        Input(scene_ids.SCENE_DRAFT, "data"),
        State(ids.STABILITY_INPUT, "data"),
    )


def key() -> html.Div:
    """Its entries in the key line above the map (``map_key``)."""
    return html.Div(id=ids.CURVATURE_KEY, className="curvature-key")


def stores() -> list:
    return [dcc.Store(id=ids.STABILITY_INPUT)]


# ---------- the four overlays, as the map asks them (``map.layers``) ----------


def _on(name: str):
    return lambda view, draft, context: name in view["overlays"]


def condition_layer(view: dict, draft: dict, context: dict):
    if "condition" not in view["overlays"]:
        return map_layers.hidden("condition")
    xs, ys, lam_min, lam_max = view_curvature(view)
    return condition_trace(xs, ys, lam_min, lam_max)


def nonconvex_layer(view: dict, draft: dict, context: dict):
    if "nonconvex" not in view["overlays"]:
        return map_layers.hidden("nonconvex")
    xs, ys, lam_min, _ = view_curvature(view)
    return nonconvex_trace(xs, ys, lam_min)


def stability_layer(view: dict, draft: dict, context: dict):
    if "stability" not in view["overlays"]:
        return map_layers.hidden("stability")
    xs, ys, _, lam_max = view_curvature(view)
    return stability_trace(xs, ys, lam_max, stability_spec(draft))


def stability_drawn(view: dict, draft: dict, context: dict) -> dict | None:
    """What the stability overlay shades depends on: the training panel's algorithm and its α (and γ)."""
    return stability_spec(draft) if "stability" in view["overlays"] else None


def stability_patch(patch, index: int, old, new, view: dict, draft: dict) -> bool:
    """A new α, γ or fixed-step algorithm moves the shading's level (and renames it) alone: a few bytes."""
    if _threshold_of(old) is None or _threshold_of(new) is None:
        return False
    patch["data"][index]["contours"]["value"] = stability_threshold(new)
    patch["data"][index]["name"] = stability_words(new)
    return True


def _threshold_of(spec) -> float | None:
    return stability_threshold(spec) if isinstance(spec, dict) else None


def field_layer(view: dict, draft: dict, context: dict):
    if "field" not in view["overlays"]:
        return map_layers.hidden("field")
    xs, ys, gx, gy = view_gradient_field(view)
    return field_trace(xs, ys, gx, gy, (view["xr"], view["yr"]))


OVERLAYS = (
    Overlay(
        "condition",
        " condition number λmax/λmin",
        rank=40,
        uid="condition",
        under=True,
        trace=condition_layer,
        drawn=_on("condition"),
    ),
    Overlay(
        "nonconvex", " not convex (λmin < 0)", rank=30, uid="nonconvex", trace=nonconvex_layer, drawn=_on("nonconvex")
    ),
    Overlay(
        "stability",
        " where a fixed step is unstable (the training panel's α)",
        rank=20,
        uid="stability",
        trace=stability_layer,
        drawn=stability_drawn,
        patch=stability_patch,
    ),
    Overlay("field", " gradient field −∇F", rank=50, uid="field", trace=field_layer, drawn=_on("field")),
)
"""The curvature overlays, in the order a link lists them (``rank``: their order in the overlays' checklist)."""


def traces(view: dict, draft: dict) -> list:
    """The four overlays' traces for the map, each hidden while off (the curvature is computed once, cached)."""
    return [o.trace(view, draft, {}) for o in OVERLAYS]
