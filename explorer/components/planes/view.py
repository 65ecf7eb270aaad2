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

from dash import ALL, ClientsideFunction, Input, ctx, dcc, html, no_update

from explorer.components import plots
from explorer.components.planes import slice as sp
from explorer.components.widgets import message, text_input
from explorer.core import data as scene_data
from explorer.core import ids as scene_ids
from explorer.core import scene as scenes
from explorer.core.limits import MAX_RUNS
from explorer.core.registry import View, scene
from explorer.core.run import labels

from . import ids
from .build import THROUGH_WORDS
from .figures import build, map_figure, surface_figure

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
                    figure={"data": [], "layout": plots.empty_note("")},
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


# ---------- the figure ----------


def shows(view: dict) -> bool:
    """Whether the plane's panel is on screen for a checked view: a plane on the map or the 3-D tab."""
    return on_plane(view) and view["mode"] in ("contour", "3d")


def needs_draft(view: dict, runs: list[dict]) -> bool:
    """Whether the plane passes through the training panel's start (through a run's start or end, no run yet)."""
    plane = view["plane"]
    return plane is not None and plane["kind"] in ("hessian", "random") and plane["through"] != "nominal" and not runs


def draw(scene_view, scene_runs, scene_draft=None, data=None, trigger=None):
    """The plane's map or surface for the scene: {figure, hidden, note}. Hidden (and not drawn) unless the scene
    asks for a plane on the contour or 3-D view; a plane that cannot be made says why in the note. A change of
    the training panel (``trigger`` "draft") redraws only a plane that passes through its start."""
    nothing = {"figure": no_update, "hidden": no_update, "note": no_update}
    if scene_view is None:
        return nothing
    view, runs = scenes.checked_parts(scene_view, scene_runs)
    if not shows(view):
        return {"figure": no_update, "hidden": True, "note": ""}
    if trigger == "draft" and not needs_draft(view, runs):
        return nothing
    if data is None:  # the scene's training set (None: the nominal one, whose grids are cached)
        data = scene_data.training_set(scene_data.data_key(view.get("data")))
    try:
        built = build(view, runs, data, scene_draft)
    except ValueError as exc:
        empty = {"data": [], "layout": plots.empty_note(f"No plane to draw: {exc}.")}
        return {"figure": empty, "hidden": False, "note": f"No plane to draw: {exc}."}
    if view["mode"] == "3d":
        return {
            "figure": surface_figure(built, view["res"], view["zscale"], data),
            "hidden": False,
            "note": built["note"],
        }
    return {"figure": map_figure(built, view["res"], data), "hidden": False, "note": built["note"]}


def run_options(scene_runs) -> list[dict]:
    """The run menu: one entry per run colour, always all of them (a Dash dropdown drops a value that is not among
    its options, so a link's ``run=`` must find its option before the runs are listed); the colours that hold a
    run are named by it, the others are disabled."""
    runs = scenes.checked_parts(None, scene_runs)[1] if isinstance(scene_runs, list) else []
    named = {r["color"]: label for r, label in zip(runs, labels(runs), strict=True)}
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


def draw_view(scene_view, scene_runs, scene_draft) -> dict:
    """``draw`` as the page calls it: a change of the training panel's draft alone is said so."""
    trigger = "draft" if ctx.triggered_id == scene_ids.SCENE_DRAFT else None
    return draw(scene_view, scene_runs, scene_draft, trigger=trigger)


def box_view(kind, through, second, field_ids) -> dict:
    """Which of the plane's fields show for its kind (and the box at all)."""
    shown = shown_fields(kind, through, second)
    names = [i.get("name") if isinstance(i, dict) else None for i in field_ids or []]
    return {"hidden": kind not in sp.KINDS, "fields": [name not in shown for name in names]}


VIEWS = (
    View(
        "plane",
        reads=scene("view", "runs", "draft"),
        writes={
            "figure": (ids.PLANE_GRAPH, "figure"),
            "hidden": (ids.PLANE_VIEW, "hidden"),
            "note": (ids.PLANE_NOTE, "children"),
        },
        build=draw_view,
        initial=False,
    ),
    View(
        "plane-box",
        reads={
            "kind": (ids.PLANE_KIND, "value"),
            "through": (ids.PLANE_THROUGH, "value"),
            "second": (ids.PLANE_SECOND, "value"),
        },
        state={"field_ids": (FIELDS_ALL, "id")},
        writes={"hidden": (ids.PLANE_BOX, "hidden"), "fields": (FIELDS_ALL, "hidden")},
        build=box_view,
    ),
    View(
        "plane-runs",
        reads=scene("runs"),
        writes={"options": (ids.PLANE_RUN, "options")},
        build=lambda scene_runs: {"options": run_options(scene_runs)},
    ),
)


def register(app) -> None:
    # presentation mode restyles a new figure in the browser (assets/60-presentation.js)
    app.clientside_callback(
        ClientsideFunction("explorer", "restyleViews"), Input(ids.PLANE_GRAPH, "figure"), prevent_initial_call=True
    )
