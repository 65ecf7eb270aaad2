"""The map on a plane other than a pair of parameters: its controls, the plane built from the scene, F over it
and the runs projected onto it, and the callbacks that show it.

Hagan et al., *Neural Network Design*, ch. 12, draw F over two parameters with the other five fixed: a coordinate
plane. ``surface.planes`` spans a plane through a point x₀ by two directions d₁, d₂ of the seven-dimensional
space, x(α, β) = x₀ + α d₁ + β d₂: the Hessian's two eigenvectors of largest |λ| (ch. 8), the first two
principal components of a run's path, two random directions scaled per neuron (Li et al., NeurIPS 2018), or the
line from a run's start to its end (Goodfellow et al., ICLR 2015) and one of those. The scene asks for one in
``view["plane"]`` (``scene_planes``); this module draws it in place of the pair's map, with the axes titled by
what the directions are and every run's path projected onto it (``surface.project``), drawn whole; on the 3-D
tab, as a surface over the same (α, β) window with the same axis titles, each path at F of its projection.

What belongs to the pair's map is not drawn here, rather than drawn wrong: the stationary points' markers,
where each start ends, the curvature overlays, the animation of the paths, and a click setting the start.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

import surface

from . import compute, figures, ids, scene_data
from . import scene as scenes
from . import scene_planes as sp
from .cache import cache
from .limits import MAX_RUNS
from .widgets import message, text_input

MAX_PLANE_RESOLUTION = 200
"""Grid points per axis on a plane at most (the pair's map allows more; a plane's grid has no fast path)."""

RADIUS = {"hessian": 5.0, "pca": 5.0, "random": 1.0}
"""Half the side of a plane's window around its point, in units of its directions: unit eigenvectors and
principal components are in parameter units (5 is half the nominal hidden weight); a per-neuron scaled random
direction moves each neuron by its own size at 1 (Li et al. draw −1 to 1)."""

LINE_ALPHA = (-0.25, 1.25)
"""The line plane's α window: the start at 0, the end at 1, and a quarter beyond each (as Goodfellow et al.)."""

MARGIN = 0.12
"""The share of a window added around the projected paths."""

GROWTH = 10.0
"""A window grows to hold the projected paths, to at most this many times its default size."""

EDGE = {"color": "#111", "width": 1}

THROUGH_WORDS = {"start": "a run's start", "end": "a run's end", "nominal": "the minimum (nominal)"}

NOT_HERE = (
    "Paths are drawn whole, projected (hover one for how far it is off the plane), not animated. Stationary "
    "points, basin maps and curvature overlays belong to a pair's map and are not drawn here; a click sets no start."
)


PAIR_INFO = (
    "A plane is shown: the pair's map, its stationary points and overlays are computed when you go back to a pair."
)
"""The line under the map's controls while a plane is shown (the pair's numbers are not computed then)."""


def on_plane(view: dict) -> bool:
    """Whether a checked view shows a plane rather than the pair's map (then nothing of the pair is computed)."""
    return view.get("plane") is not None


# ---------- the page ----------


def _dropdown(id_, options, value, **kwargs) -> dcc.Dropdown:
    return dcc.Dropdown(id=id_, options=options, value=value, searchable=False, className="plane-choice", **kwargs)


def controls_panel() -> html.Div:
    """The plane menu under the axes: a pair of parameters (today's map) or a plane through a point."""
    plane = sp.default_plane("pair")
    kinds = [{"label": sp.LABELS[k], "value": k} for k in ("pair", *sp.KINDS)]
    return html.Div(
        [
            html.Div(
                [
                    html.Label("map's plane", htmlFor=ids.PLANE_KIND),
                    _dropdown(ids.PLANE_KIND, kinds, "pair", clearable=False),
                ],
                className="field plane-kind",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label("through", htmlFor=ids.PLANE_THROUGH),
                            _dropdown(
                                ids.PLANE_THROUGH,
                                [{"label": THROUGH_WORDS[k], "value": k} for k in sp.THROUGH],
                                plane["through"],
                                clearable=False,
                            ),
                        ],
                        className="field",
                        id={"type": ids.PLANE_FIELD, "name": "through"},
                    ),
                    html.Div(
                        [
                            html.Label("run", htmlFor=ids.PLANE_RUN),
                            _dropdown(
                                ids.PLANE_RUN, run_options([]), None, clearable=True, placeholder="the first run"
                            ),
                        ],
                        className="field",
                        id={"type": ids.PLANE_FIELD, "name": "run"},
                    ),
                    html.Div(
                        [
                            html.Label("second direction", htmlFor=ids.PLANE_SECOND),
                            _dropdown(
                                ids.PLANE_SECOND,
                                [{"label": k if k != "pca" else "PCA", "value": k} for k in sp.SECONDS],
                                plane["second"],
                                clearable=False,
                            ),
                        ],
                        className="field",
                        id={"type": ids.PLANE_FIELD, "name": "second"},
                    ),
                    html.Div(
                        [html.Label("seed", htmlFor=ids.PLANE_SEED), text_input(ids.PLANE_SEED, "0", width="4em")],
                        className="field",
                        id={"type": ids.PLANE_FIELD, "name": "seed"},
                    ),
                ],
                id=ids.PLANE_BOX,
                className="row plane-settings",
                hidden=True,
            ),
            message(ids.MSG_PLANE),
        ],
        className="plane-controls",
    )


def view_panel() -> html.Div:
    """The plane's map, shown in place of the pair's when the scene asks for a plane."""
    return html.Div(
        [
            html.Div(
                dcc.Graph(
                    id=ids.PLANE_GRAPH,
                    config={"displaylogo": False, "responsive": True},
                    figure={"data": [], "layout": figures.empty_note("")},
                    className="graph",
                ),
                className="plane-box",
            ),
            html.Div(id=ids.PLANE_NOTE, className="note plane-note"),
        ],
        id=ids.PLANE_VIEW,
        hidden=True,
        className="plane-view",
    )


# ---------- the plane from the scene ----------


def run_results(view: dict, runs: list[dict]) -> list[dict]:
    """Each run's result (cached: the same call the run cards make), with its colour and label."""
    out = []
    for run, label in zip(runs, scenes.labels(runs), strict=True):
        result = compute.run(*compute.run_args(run, view), compute.view_window(view))
        out.append({**result, "color": run["color"], "label": label})
    return out


def full_point(result: dict, free_values) -> np.ndarray:
    """Seven parameters: the run's fixed values with its free ones set to ``free_values``."""
    x = np.array(result["base"], dtype=float)
    x[[surface.PARAMS.index(name) for name in result["pair"]]] = np.asarray(free_values, dtype=float)
    return x


def full_path(result: dict) -> np.ndarray:
    """The run's drawn iterates (its display copy, within 0.1 % of the window of every iterate) in seven
    parameters, (n, 7): its free values (the axes, and for a run of the whole network its other free parameters)
    put into its fixed ones."""
    path = result["path"]
    free = np.column_stack([compute.decode(path["x"]), compute.decode(path["y"])])
    if "others" in path:  # a run of the whole network: the values of its other free parameters, row by row
        free = np.column_stack([free, compute.decode(path["others"]).reshape(len(free), -1)])
    x = np.broadcast_to(np.array(result["base"], dtype=float), (len(free), 7)).copy()
    x[:, [surface.PARAMS.index(name) for name in result["pair"]]] = free
    return x


def chosen_run(request: dict, results: list[dict]) -> dict | None:
    """The run the plane is about: the one of the requested colour, else the first; None without runs."""
    match = [r for r in results if r["color"] == request["run"]]
    return match[0] if match else (results[0] if results else None)


def build_plane(
    request: dict, view: dict, results: list[dict], data=None, draft: dict | None = None
) -> tuple[surface.Plane, str]:
    """The plane ``request`` asks for, and a sentence on where it passes; a ValueError says what is missing.

    ``draft`` is the training panel's part of the scene: a plane through a run's start or end, with no run yet,
    passes through the panel's start instead (the other five parameters at the map's fixed values)."""
    kind, run = request["kind"], chosen_run(request, results)
    if kind in ("pca", "line") and run is None:
        raise ValueError("this plane is made from a run: add a run first")
    if kind == "pca":
        return surface.pca_plane(full_path(run)), f"through the end of {run['label']}"
    if kind == "line":
        start, end = full_point(run, run["start"]), full_point(run, run["end"])
        plane = surface.line_plane(start, end, request["second"], data=data, path=full_path(run), seed=request["seed"])
        return plane, f"from the start (α = 0) to the end (α = 1) of {run['label']}"
    point, where = through_point(request, view, run, draft)
    plane = surface.hessian_plane(point, data) if kind == "hessian" else surface.random_plane(point, request["seed"])
    return plane, where


def through_point(request: dict, view: dict, run: dict | None, draft: dict | None = None) -> tuple[np.ndarray, str]:
    """The point a Hessian or random plane passes through, and words for it. Through a run's start or end with no
    run yet: the training panel's start, with the other five at the map's fixed values (the nominal point only
    when there is no panel either)."""
    if request["through"] == "nominal":
        return np.array(surface.NOMINAL, dtype=float), "through the global minimum (the nominal parameters)"
    if run is None:
        start = draft_point(view, draft)
        if start is None:
            note = f" (there is no run yet to take its {request['through']})"
            return np.array(surface.NOMINAL, dtype=float), "through the global minimum (the nominal parameters)" + note
        point, words = start
        why = "there is no run yet" + (", so no end either" if request["through"] == "end" else "")
        return point, f"through the training panel's start ({words}; the other five at the map's fixed values): {why}"
    if request["through"] == "start":
        return full_point(run, run["start"]), f"through the start of {run['label']}"
    return full_point(run, run["end"]), f"through the end of {run['label']}"


def draft_point(view: dict, draft) -> tuple[np.ndarray, str] | None:
    """The training panel's start in seven parameters (the map's fixed values for the other five) and words for
    it, or None without a valid panel."""
    if not isinstance(draft, dict):
        return None
    start = scenes.check({"view": view, "draft": draft})[0]["draft"]["start"]
    x = np.array(scenes.fixed_vector(view), dtype=float)
    x[[surface.PARAMS.index(view["x"]), surface.PARAMS.index(view["y"])]] = start
    words = ", ".join(
        f"{surface.LABELS[name]} = {scenes.display_number(v)}"
        for name, v in zip((view["x"], view["y"]), start, strict=True)
    )
    return x, words


def window(plane: surface.Plane, coords: list[np.ndarray]) -> tuple[tuple[float, float], tuple[float, float]]:
    """The (α, β) window: the plane's default around its point, grown to hold the projected paths ``coords``
    (each (n, 2)) with a margin, to at most ``GROWTH`` times its default size."""
    if plane.kind == "line":
        a0, a1 = LINE_ALPHA
        half = 0.5 * (a1 - a0) * float(np.linalg.norm(plane.u) / np.linalg.norm(plane.v))
        b0, b1 = -half, half
    else:
        r = RADIUS.get(plane.kind, 1.0)
        a0, a1, b0, b1 = -r, r, -r, r
    finite = [c[np.all(np.isfinite(c), axis=1)] for c in coords if len(c)]
    points = np.concatenate(finite) if finite else np.empty((0, 2))
    out = []
    for (lo, hi), k in (((a0, a1), 0), ((b0, b1), 1)):
        if len(points):
            pad = MARGIN * (max(hi, points[:, k].max()) - min(lo, points[:, k].min()))
            width, middle = (hi - lo) * GROWTH, 0.5 * (lo + hi)
            lo = max(min(lo, points[:, k].min() - pad), middle - width / 2)
            hi = min(max(hi, points[:, k].max() + pad), middle + width / 2)
        out.append((float(lo), float(hi)))
    return out[0], out[1]


@cache.memoize()
def plane_grid(origin: tuple, u: tuple, v: tuple, ar: tuple, br: tuple, n: int) -> np.ndarray:
    """F over the plane's (α, β) grid, n × n (memoized on tuples of numbers, never on arrays)."""
    return surface.evaluate_plane(surface.Plane(origin, u, v), np.linspace(*ar, n), np.linspace(*br, n))


def grid_for(plane: surface.Plane, ar, br, n: int, data=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(alphas, betas, F) on the plane; cached for the nominal training set."""
    n = int(min(max(n, 2), MAX_PLANE_RESOLUTION))
    alphas, betas = np.linspace(*ar, n), np.linspace(*br, n)
    if data is not None:
        return alphas, betas, surface.evaluate_plane(plane, alphas, betas, data)
    key = (tuple(plane.origin.tolist()), tuple(plane.u.tolist()), tuple(plane.v.tolist()))
    return alphas, betas, plane_grid(*key, tuple(ar), tuple(br), n)


# ---------- the figure ----------


def path_traces(plane: surface.Plane, results: list[dict]) -> tuple[list[go.Scatter], list[np.ndarray]]:
    """Each run's path projected onto the plane (in its colour, a circle at its start, a square at its end) and
    the projected (α, β) of every drawn iterate."""
    traces, coords = [], []
    colors = figures.PALETTES["plain"]
    for r in results:
        proj = surface.project(plane, full_path(r))
        c, off = proj.coords, proj.distance
        coords.append(c)
        color = colors[r["color"] % len(colors)]
        hover = "α = %{x:.4g}, β = %{y:.4g}<br>%{customdata:.3g} off the plane<extra>" + r["label"] + "</extra>"
        traces.append(
            go.Scatter(
                x=c[:, 0],
                y=c[:, 1],
                mode="lines",
                line={"color": color, "width": 2.5},
                customdata=off,
                hovertemplate=hover,
                name=r["label"],
                uid=f"plane-path-{r['color']}",
            )
        )
        traces.append(
            go.Scatter(
                x=[c[0, 0], c[-1, 0]],
                y=[c[0, 1], c[-1, 1]],
                mode="markers",
                marker={"color": color, "symbol": ["circle", "square"], "size": 10, "line": EDGE},
                customdata=[off[0], off[-1]],
                hovertemplate=hover,
                showlegend=False,
                uid=f"plane-ends-{r['color']}",
            )
        )
    return traces, coords


def point_trace(plane: surface.Plane) -> go.Scatter:
    """The plane's point (α, β) = (0, 0); for a line plane also the run's end at (1, 0)."""
    x, y, text = [0.0], [0.0], ["the plane's point"]
    if plane.kind == "line":
        x, y, text = [0.0, 1.0], [0.0, 0.0], ["start (α = 0)", "end (α = 1)"]
    return go.Scatter(
        x=x,
        y=y,
        mode="markers",
        marker={"symbol": "star", "size": 15, "color": "#ffffff", "line": {"color": "#111", "width": 1}},
        text=text,
        hovertemplate="%{text}<extra></extra>",
        showlegend=False,
        uid="plane-point",
    )


def plane_figure(plane: surface.Plane, alphas, betas, F, traces=()) -> go.Figure:
    """F over the plane (log-spaced contour levels, as the pair's map), its point and the projected paths, the
    axes titled by the plane's directions."""
    levels = surface.log_levels(F, 24)
    contour = figures.contour_trace(alphas, betas, F, levels)
    contour.update(hoverinfo=None, hovertemplate="α = %{x:.3g}, β = %{y:.3g}<br>log₁₀ F = %{z:.2f}<extra></extra>")
    fig = go.Figure([contour, point_trace(plane), *traces])
    axis = {"showgrid": False, "zeroline": False, "ticks": "outside", "mirror": True, "showline": True}
    xaxis = {**axis, "title": {"text": "α: " + plane.labels[0], "font": {"size": 14}}}
    yaxis = {**axis, "title": {"text": "β: " + plane.labels[1], "font": {"size": 14}}}
    if plane.kind in ("hessian", "pca"):  # orthonormal directions: one unit is as long on both axes
        yaxis |= {"scaleanchor": "x", "scaleratio": 1, "constrain": "domain"}
        xaxis |= {"constrain": "domain"}
    fig.update_layout(
        xaxis={**xaxis, "range": [alphas[0], alphas[-1]]},
        yaxis={**yaxis, "range": [betas[0], betas[-1]]},
        margin={"l": 72, "r": 20, "t": 12, "b": 58},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "bgcolor": "#c9ced8"},
        hovermode="closest",
        uirevision=repr((plane.kind, plane.labels)),
        meta={"plane": plane.to_dict()},
    )
    return fig


def note_for(plane: surface.Plane, where: str, results: list[dict], distances: list[float], mode="contour") -> str:
    """The line under the plane's map: what the plane is, where it passes, how far the paths leave it."""
    text = f"A plane {where}: {plane.note}."
    if plane.kind in ("random", "line"):
        text += f" Its two directions are {plane.angle:.0f}° apart."
    if results:
        text += f" The paths are at most {max(distances):.3g} off the plane."
    return f"{text} {NOT_HERE_3D if mode == '3d' else NOT_HERE}"


LIFT = 0.012
"""A path on the plane's 3-D surface is drawn this share of the surface's height above it (so the surface does not
hide it between iterates), as the pair's 3-D view draws its runs."""

SURFACE_POINTS = 160
"""Grid points per axis of the plane's 3-D surface at most (a WebGL surface needs fewer vertices; as the pair's)."""

NOT_HERE_3D = (
    "Each path is drawn whole at F of its projection onto the plane (hover one for how far it is off the plane), "
    "not animated. Stationary points, basin maps and curvature overlays belong to a pair's map."
)


def build(view: dict, runs: list[dict], data=None, draft=None) -> dict:
    """Everything the plane's views draw, for a checked view that asks for a plane: the plane, where it passes,
    the runs' results, their projected traces and coordinates, the (α, β) window and the note. A ValueError says
    why there is no plane to draw."""
    results = run_results(view, runs)
    plane, where = build_plane(view["plane"], view, results, data, draft)
    traces, coords = path_traces(plane, results)
    ar, br = window(plane, coords)
    distances = [float(surface.project(plane, full_path(r)).distance.max()) for r in results]
    note = note_for(plane, where, results, distances, view["mode"])
    return {
        "plane": plane,
        "where": where,
        "results": results,
        "traces": traces,
        "coords": coords,
        "ar": ar,
        "br": br,
        "note": note,
    }


def title_for(built: dict) -> str:
    """A title for an image of the plane: where it passes (the axes say what spans it)."""
    return f"A plane {built['where']}"


def map_figure(built: dict, res: int, data=None) -> go.Figure:
    """The plane's contour map for ``build``'s result, at ``res`` points a side (at most the plane's cap)."""
    alphas, betas, F = grid_for(built["plane"], built["ar"], built["br"], res, data)
    fig = plane_figure(built["plane"], alphas, betas, F, built["traces"])
    fig.layout.meta = {**fig.layout.meta, "title": title_for(built)}
    return fig


def surface_figure(built: dict, res: int, zscale: str = "linear", data=None) -> go.Figure:
    """The plane's 3-D surface over the same (α, β) window as its map, the same axis titles, with each run's
    projected path drawn at F of its projection (so it lies on the surface)."""
    plane = built["plane"]
    alphas, betas, F = grid_for(plane, built["ar"], built["br"], min(res, SURFACE_POINTS), data)
    log = zscale == "log"
    fig = figures.surface_figure(
        {"x": "w1_11", "y": "w2_11", "xr": built["ar"], "yr": built["br"], "zscale": zscale}, alphas, betas, F
    )
    title = "log₁₀ F" if log else "F"
    fig.data[0].hovertemplate = "α = %{x:.3g}, β = %{y:.3g}<br>" + title + " = %{z:.4g}<extra></extra>"
    colors = figures.PALETTES["plain"]
    lift = LIFT * float(fig.layout.meta["span"] or 1.0)  # above the surface, as the pair's 3-D view draws runs
    for r, c in zip(built["results"], built["coords"], strict=True):
        F_path = on_plane_values(plane, c, data)
        z = (np.log10(np.maximum(F_path, 1e-300)) if log else F_path) + lift
        color = colors[r["color"] % len(colors)]
        hover = "α = %{x:.4g}, β = %{y:.4g}<br>" + title + " = %{customdata:.4g}<extra>" + r["label"] + "</extra>"
        fig.add_trace(
            go.Scatter3d(
                x=c[:, 0],
                y=c[:, 1],
                z=z,
                mode="lines",
                line={"color": color, "width": 7},
                customdata=z - lift,
                name=r["label"],
                hovertemplate=hover,
                uid=f"plane-path3d-{r['color']}",
            )
        )
        fig.add_trace(
            go.Scatter3d(
                x=c[[0, -1], 0],
                y=c[[0, -1], 1],
                z=z[[0, -1]],
                mode="markers",
                marker={"symbol": ["circle", "square"], "size": 6, "color": color, "line": EDGE},
                customdata=z[[0, -1]] - lift,
                hovertemplate=hover,
                showlegend=False,
                uid=f"plane-ends3d-{r['color']}",
            )
        )
    fig.update_layout(
        scene={
            "xaxis": {"title": {"text": "α: " + plane.labels[0]}, "nticks": 6},
            "yaxis": {"title": {"text": "β: " + plane.labels[1]}, "nticks": 6},
        },
        showlegend=bool(built["results"]),
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "bgcolor": "#c9ced8"},
        uirevision=repr((plane.kind, plane.labels, "3d", log)),
        meta={"plane": plane.to_dict(), "zscale": zscale, "title": title_for(built)},
    )
    return fig


def on_plane_values(plane: surface.Plane, coords: np.ndarray, data=None) -> np.ndarray:
    """F at the points of the plane with these (α, β) coordinates, (n, 2) -> (n,)."""
    points = plane.origin + coords[:, :1] * plane.u + coords[:, 1:2] * plane.v
    return np.atleast_1d(surface.performance(points, data))


def shows(view: dict) -> bool:
    """Whether the plane's panel is on screen for a checked view: a plane on the map or the 3-D tab."""
    return on_plane(view) and view["mode"] in ("contour", "3d")


def needs_draft(view: dict, runs: list[dict]) -> bool:
    """Whether the plane passes through the training panel's start (through a run's start or end, no run yet)."""
    plane = view["plane"]
    return plane is not None and plane["kind"] in ("hessian", "random") and plane["through"] != "nominal" and not runs


def draw(scene_view, scene_runs, scene_draft=None, data=None, trigger=None):
    """The plane's map or surface for the scene: (figure, hidden, note). Hidden (and not drawn) unless the scene
    asks for a plane on the contour or 3-D view; a plane that cannot be made says why in the note. A change of
    the training panel (``trigger`` "draft") redraws only a plane that passes through its start."""
    if scene_view is None:
        return no_update, no_update, no_update
    view, runs = scenes.checked_parts(scene_view, scene_runs)
    if not shows(view):
        return no_update, True, ""
    if trigger == "draft" and not needs_draft(view, runs):
        return no_update, no_update, no_update
    if data is None:  # the scene's training set (None: the nominal one, whose grids are cached)
        data = scene_data.training_set(scene_data.data_key(view.get("data")))
    try:
        built = build(view, runs, data, scene_draft)
    except ValueError as exc:
        empty = {"data": [], "layout": figures.empty_note(f"No plane to draw: {exc}.")}
        return empty, False, f"No plane to draw: {exc}."
    if view["mode"] == "3d":
        return surface_figure(built, view["res"], view["zscale"], data), False, built["note"]
    return map_figure(built, view["res"], data), False, built["note"]


def run_options(scene_runs) -> list[dict]:
    """The run menu: one entry per run colour, always all of them (a Dash dropdown drops a value that is not among
    its options, so a link's ``run=`` must find its option before the runs are listed); the colours that hold a
    run are named by it, the others are disabled."""
    runs = scenes.checked_parts(None, scene_runs)[1] if isinstance(scene_runs, list) else []
    named = {r["color"]: label for r, label in zip(runs, scenes.labels(runs), strict=True)}
    return [
        {"label": named.get(c, f"colour {c + 1}: no run"), "value": c, "disabled": c not in named}
        for c in range(MAX_RUNS)
    ]


FIELDS_ALL = {"type": ids.PLANE_FIELD, "name": ALL}


def shown_fields(kind, through, second) -> set[str]:
    """The plane settings that apply to a kind of plane: where a Hessian or random plane passes, which run (for a
    plane made from a run, or through a run's start or end), the line's second direction, and the seed (random)."""
    shown = set()
    if kind in ("hessian", "random"):
        shown.add("through")
        if through in ("start", "end"):
            shown.add("run")
    if kind in ("pca", "line"):
        shown.add("run")
    if kind == "line":
        shown.add("second")
    if kind == "random" or (kind == "line" and second == "random"):
        shown.add("seed")
    return shown


def register(app) -> None:
    @app.callback(
        output={
            "figure": Output(ids.PLANE_GRAPH, "figure"),
            "hidden": Output(ids.PLANE_VIEW, "hidden"),
            "note": Output(ids.PLANE_NOTE, "children"),
        },
        inputs={
            "scene_view": Input(ids.SCENE_VIEW, "data"),
            "scene_runs": Input(ids.SCENE_RUNS, "data"),
            "scene_draft": Input(ids.SCENE_DRAFT, "data"),
        },
        prevent_initial_call=True,
    )
    def _draw(scene_view, scene_runs, scene_draft):
        trigger = "draft" if ctx.triggered_id == ids.SCENE_DRAFT else None
        out = draw(scene_view, scene_runs, scene_draft, trigger=trigger)
        return dict(zip(("figure", "hidden", "note"), out, strict=True))

    # presentation mode restyles a new figure in the browser (assets/60-presentation.js); its output is never written
    app.clientside_callback(
        ClientsideFunction("explorer", "restyleViews"),
        Output(ids.PLANE_VIEW, "title"),
        [Input(ids.PLANE_GRAPH, "figure")],
        prevent_initial_call=True,
    )

    @app.callback(
        output={"hidden": Output(ids.PLANE_BOX, "hidden"), "fields": Output(FIELDS_ALL, "hidden")},
        inputs={
            "kind": Input(ids.PLANE_KIND, "value"),
            "through": Input(ids.PLANE_THROUGH, "value"),
            "second": Input(ids.PLANE_SECOND, "value"),
        },
        state={"field_ids": State(FIELDS_ALL, "id")},
    )
    def _box(kind, through, second, field_ids):
        shown = shown_fields(kind, through, second)
        names = [i.get("name") if isinstance(i, dict) else None for i in field_ids or []]
        return {"hidden": kind not in sp.KINDS, "fields": [name not in shown for name in names]}

    @app.callback(
        output={"options": Output(ids.PLANE_RUN, "options")},
        inputs={"scene_runs": Input(ids.SCENE_RUNS, "data")},
    )
    def _runs(scene_runs):
        return {"options": run_options(scene_runs)}
