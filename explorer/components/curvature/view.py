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
above the map. The two shadings are constraint
contours (``contours.type = "constraint"``: the region where the condition fails is filled with a translucent
colour and its edge drawn, interpolated between grid nodes), not heatmaps, because plotly.js draws every
heatmap beneath every contour trace whatever their order: a heatmap cannot shade the filled contour map. The
condition number is such a heatmap, beneath the contour drawn as lines (as the basin layer is).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from dash import ClientsideFunction, Input, Output, State, dcc, html

import surface
from explorer.components.map import figures
from explorer.components.map import layers as map_layers
from explorer.core import ids
from explorer.core import scene as scenes
from explorer.core.data import data_key, training_set
from explorer.core.format import display_number
from explorer.core.registry import Overlay
from explorer.serving.cache import cache

CELLS = 200
"""Curvature grid points per axis, at most (the map's own resolution when lower): λ maps are smooth, and at 200²
the curvature costs about what the contour grid does (benchmarks/README.md)."""

FIELD_ARROWS = 16
"""Arrows of the gradient field along the longer side of the plot (fewer along the shorter, so that the cells
are about square on the screen): cells of about 31 px at 1366×768, 52 px at 1920×1080."""
FIELD_ASPECT = 1.0
"""The plot area's width over its height where the axes are free (the map fills its panel: 0.95 at 1366×768,
1.0 at 1920×1080, 1.33 in presentation mode); with equal scales it is the window's own aspect."""
ARROW_PX, BARB_PX, BARB_DEGREES = 17, 6.5, 28
"""An arrow's length, its head's two barbs' length and their angle to the shaft, on the screen (CSS pixels)
whatever the axes' scales."""
LINE_NS = 1.4
"""plotly's "line-ns" marker is 1.4 × its size long, centred on its point (``standoff`` moves it back)."""

STABILITY_FILL, STABILITY_EDGE = "rgba(255, 40, 40, 0.34)", "#ff2828"
NONCONVEX_FILL, NONCONVEX_EDGE = "rgba(255, 255, 255, 0.36)", "rgba(25, 25, 40, 0.8)"
CONDITION_DECADES = 6
"""The condition number's colours run from 1 to 10⁶ (larger is darkest)."""
CONDITION_COLORS = [[0.0, "#fff7ec"], [0.35, "#fdbb84"], [0.7, "#e34a33"], [1.0, "#7f0000"]]
FIELD_COLOR, FIELD_HALO = "#ffffff", "rgba(0, 0, 0, 0.75)"
SWATCH_UNDER = "#31688e"
"""A mid Viridis colour, under the translucent swatches of the key, so they look as they do on the map."""


# ---------- the computations (cached on scalars and tuples) ----------


@cache.memoize()
def curvature(x: str, y: str, xr: tuple, yr: tuple, n: int, fixed: tuple, data: tuple | None = None):
    """(xs, ys, lam_min, lam_max) on an n × n grid over the window: the Hessian's eigenvalues per grid node, for
    the training set ``data`` (``scene_data.data_key``; None: nominal)."""
    xs, ys = np.linspace(*xr, n), np.linspace(*yr, n)
    lam_min, lam_max = surface.curvature_grid(x, y, xs, ys, fixed, data=training_set(data))
    return xs, ys, lam_min, lam_max


def view_curvature(view: dict):
    n = min(view["res"], CELLS)
    fixed, data = scenes.fixed_vector(view), data_key(view.get("data"))
    return curvature(view["x"], view["y"], tuple(view["xr"]), tuple(view["yr"]), n, fixed, data)


@cache.memoize()
def gradient_field(x: str, y: str, xr: tuple, yr: tuple, shape: tuple, fixed: tuple, data: tuple | None = None):
    """(xs, ys, gx, gy): ∇F's two components on the axes at the centres of a (columns, rows) grid of cells."""
    nx, ny = shape
    xs = xr[0] + (np.arange(nx) + 0.5) * (xr[1] - xr[0]) / nx
    ys = yr[0] + (np.arange(ny) + 0.5) * (yr[1] - yr[0]) / ny
    ix, iy = surface.PARAMS.index(x), surface.PARAMS.index(y)
    points = np.tile(np.asarray(fixed, dtype=float), (ny, nx, 1))
    points[..., ix] = xs[None, :]
    points[..., iy] = ys[:, None]
    g = surface.gradient(points, data=training_set(data))
    return xs, ys, g[..., ix], g[..., iy]


def field_shape(view: dict) -> tuple[int, int]:
    """Arrows per axis (columns, rows): cells about square on the screen."""
    if figures.equal_aspect(view):  # the plot area has the window's own proportions
        aspect = (view["xr"][1] - view["xr"][0]) / (view["yr"][1] - view["yr"][0])
    else:
        aspect = FIELD_ASPECT
    if aspect >= 1:
        return FIELD_ARROWS, max(6, min(FIELD_ARROWS, round(FIELD_ARROWS / aspect)))
    return max(6, min(FIELD_ARROWS, round(FIELD_ARROWS * aspect))), FIELD_ARROWS


def view_gradient_field(view: dict):
    fixed = scenes.fixed_vector(view)
    xr, yr = tuple(view["xr"]), tuple(view["yr"])
    return gradient_field(view["x"], view["y"], xr, yr, field_shape(view), fixed, data_key(view.get("data")))


# ---------- stability: what the training panel asks for ----------


def stability_spec(draft: dict) -> dict:
    """What the stability overlay depends on in the training panel: the algorithm and, for a fixed step, α (and
    γ for momentum) and the edge of α·λmax (``surface.stability_edge``). Plain values: it is part of the key of
    what is drawn."""
    algorithm, hyper = draft["algorithm"], draft["hyper"]
    try:
        edge = surface.stability_edge(algorithm, **hyper)
    except (TypeError, ValueError) as exc:  # a checked draft is valid; anything else is said, not drawn
        return {"algorithm": algorithm, "error": str(exc)}
    if edge is None:
        return {"algorithm": algorithm}
    spec = {"algorithm": algorithm, "alpha": float(hyper["alpha"]), "edge": float(edge)}
    if algorithm == "mobp":
        spec["gamma"] = float(hyper["gamma"])
    return spec


def stability_threshold(spec: dict) -> float | None:
    """The λmax past which a fixed step is unstable, edge/α; None when nothing is (no fixed step, or α = 0)."""
    if "edge" not in spec or not spec["alpha"] > 0:
        return None
    return spec["edge"] / spec["alpha"]


def stability_words(spec: dict) -> str:
    """The stability overlay's line in the key, e.g. "unstable for sdbp at α = 1.75: α·λmax > 2"."""
    algorithm = spec["algorithm"]
    if "error" in spec:
        return f"no stability shading: {spec['error']}"
    if "edge" not in spec:
        return f"no stability shading for {algorithm}: sdbp, sgd and mobp only"
    alpha = display_number(spec["alpha"])
    if algorithm == "mobp":
        at = f"α = {alpha}, γ = {display_number(spec['gamma'])}"
        edge = f"2(1+γ)/(1−γ) = {display_number(spec['edge'])}"
    else:
        at, edge = f"α = {alpha}", "2"
    if stability_threshold(spec) is None:
        return f"{algorithm} at {at}: stable everywhere"
    batch = " (its epoch's batch step)" if algorithm == "sgd" else ""
    return f"unstable for {algorithm} at {at}: α·λmax > {edge}{batch}"


def stability_title(spec: dict) -> str:
    """The key's tooltip: the condition in λmax, and where it comes from."""
    threshold = stability_threshold(spec)
    if threshold is None:
        return "A fixed step α is locally stable where α·λmax stays below its edge (Hagan, ch. 9 and 12)."
    return (
        f"Shaded where λmax > {threshold:.4g}: there the step α·∇F overshoots along the Hessian's steepest "
        "direction and a fixed-step run oscillates or diverges (Hagan, ch. 9 and 12). λmax is exact per grid node."
    )


# ---------- the traces ----------


def _axes(xs, ys) -> dict:
    return {"x": np.asarray(xs, dtype=np.float32), "y": np.asarray(ys, dtype=np.float32)}


def _float32(values, empty: float = 0.0) -> np.ndarray:
    """float32 values that keep their sign (a negative too small for float32 stays negative), within its range;
    NaN as ``empty``."""
    v = np.nan_to_num(np.asarray(values, dtype=float), nan=empty, posinf=3e38, neginf=-3e38)
    out = np.clip(v, -3e38, 3e38).astype(np.float32)
    tiny = np.nextafter(np.float32(0), np.float32(1))
    out[(v < 0) & (out == 0)] = -tiny
    out[(v > 0) & (out == 0)] = tiny
    return out


def stability_trace(xs, ys, lam_max, spec: dict) -> go.Contour | go.Scatter:
    """Where a fixed step is unstable: λmax > edge/α shaded (a constraint contour of λmax at that level, which
    keeps λmax ≤ edge/α and fills the rest); hidden when no cell can be (no fixed step, or α = 0)."""
    threshold = stability_threshold(spec)
    if threshold is None:
        return map_layers.hidden("stability")
    return go.Contour(
        **_axes(xs, ys),
        z=_float32(lam_max),
        contours={"type": "constraint", "operation": "<=", "value": threshold},
        fillcolor=STABILITY_FILL,
        line={"color": STABILITY_EDGE, "width": 2},
        hoverinfo="skip",
        showscale=False,
        showlegend=False,
        name=stability_words(spec),
        uid="stability",
    )


def nonconvex_trace(xs, ys, lam_min) -> go.Contour:
    """Where F is not convex: λmin < 0 shaded (a constraint contour of λmin keeping λmin ≥ 0)."""
    return go.Contour(
        **_axes(xs, ys),
        z=_float32(lam_min),
        contours={"type": "constraint", "operation": ">=", "value": 0.0},
        fillcolor=NONCONVEX_FILL,
        line={"color": NONCONVEX_EDGE, "width": 1.5, "dash": "dot"},
        hoverinfo="skip",
        showscale=False,
        showlegend=False,
        name="not convex: λmin < 0",
        uid="nonconvex",
    )


def condition_trace(xs, ys, lam_min, lam_max) -> go.Heatmap:
    """log₁₀ of the condition number λmax/λmin where both are positive, NaN (blank) elsewhere; coloured from
    1 to 10⁶, beneath the contour lines."""
    kappa = surface.condition_number(lam_min, lam_max)
    z = np.log10(kappa).astype(np.float32)
    return go.Heatmap(
        **_axes(xs, ys),
        z=z,
        zmin=0.0,
        zmax=float(CONDITION_DECADES),
        colorscale=CONDITION_COLORS,
        zsmooth="best",
        showscale=False,
        hoverinfo="skip",
        showlegend=False,
        name="condition number λmax/λmin, 1 to 10⁶ (log scale)",
        uid="condition",
    )


def field_trace(xs, ys, gx, gy, window) -> go.Scatter:
    """Arrows of −∇F, one per cell, direction only, of a fixed size on the screen.

    An arrow is three line markers ("line-ns") at its tip, each after a point on its tail: plotly turns a marker
    along tail → tip on the screen (``angleref="previous"``), so the arrows point along −∇F as drawn on any axes'
    scales; ``standoff`` moves each back from the tip by half its length, so the shaft and the two barbs (turned
    a further ±``BARB_DEGREES``) end at the tip. Each is drawn twice, dark and wide first, so that the white arrow
    over it reads on every colour of the map. Every per-marker value is a number (plotly validates an array of
    symbol names or colours one by one: a fifth of a second for these). Tail and tip lie 0.6 of a cell apart along
    −∇F in units of the cell (cells about square on the screen), about the cell's centre; cells where ∇F is 0 or
    not finite have no arrow.
    """
    (x0, x1), (y0, y1) = window
    cw, ch = (x1 - x0) / len(xs), (y1 - y0) / len(ys)
    cx, cy = np.meshgrid(xs, ys)
    u, v = -np.asarray(gx, dtype=float) / cw, -np.asarray(gy, dtype=float) / ch
    with np.errstate(over="ignore", invalid="ignore"):
        norm = np.hypot(u, v)
        keep = np.isfinite(norm) & (norm > 0)
        du, dv = 0.3 * cw * u[keep] / norm[keep], 0.3 * ch * v[keep] / norm[keep]
    cx, cy = cx[keep], cy[keep]
    tail, tip = (cx - du, cy - dv), (cx + du, cy + dv)
    # per arrow: (tail, tip) for the shaft and the two barbs, dark and wide, then again in white
    lines = [(ARROW_PX, 0.0), (BARB_PX, BARB_DEGREES), (BARB_PX, -BARB_DEGREES)]
    marks = [(length, angle, shade, width) for shade, width in ((0, 5), (1, 2)) for length, angle in lines]
    k, n = len(marks), cx.size

    def per_point(values, dtype) -> np.ndarray:  # (tail: nothing drawn, tip: the value) per mark, every arrow
        return np.tile(np.ravel([(0, value) for value in values]), n).astype(dtype)

    marker = {  # the smallest typed arrays that hold the values: they travel base64-encoded, 6 bytes a point
        "symbol": "line-ns",
        "size": per_point([length / LINE_NS for length, *_ in marks], np.float32),
        "standoff": per_point([length / 2 for length, *_ in marks], np.float32),
        "angle": per_point([angle for _, angle, *_ in marks], np.int16),
        "angleref": "previous",
        "line": {
            "color": per_point([shade for *_, shade, _ in marks], np.uint8),
            "colorscale": [[0.0, FIELD_HALO], [1.0, FIELD_COLOR]],
            "cmin": 0.0,
            "cmax": 1.0,
            "width": per_point([width for *_, width in marks], np.uint8),
        },
    }
    x = np.stack([tail[0], tip[0]] * k, axis=1).ravel().astype(np.float32)
    y = np.stack([tail[1], tip[1]] * k, axis=1).ravel().astype(np.float32)
    common = {"hoverinfo": "skip", "showlegend": False, "name": "direction of −∇F", "uid": "field"}
    return go.Scatter(x=x, y=y, mode="markers", marker=marker, **common)


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


def register(app) -> None:
    @app.callback(
        output={"key": Output(ids.CURVATURE_KEY, "children")},
        inputs={"view": Input(ids.SCENE_VIEW, "data"), "stability": Input(ids.STABILITY_INPUT, "data")},
        state={"draft": State(ids.SCENE_DRAFT, "data")},
    )
    def _key(view, stability, draft):
        return {"key": key_for(view, draft)}

    # what the stability overlay reads of the training panel, set by the browser only while the overlay is on
    app.clientside_callback(
        ClientsideFunction("explorer", "stabilityInput"),
        Output(ids.STABILITY_INPUT, "data"),
        Input(ids.SCENE_VIEW, "data"),
        Input(ids.SCENE_DRAFT, "data"),
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
