"""The page, built from small functions: the top bar, the controls, the stage (map and playback), the side plots.

Every control starts at the default scene's value; the scene reducer (``callbacks``) sets them all when a scene
is loaded. The hyperparameter boxes of every algorithm exist from the start, one panel per algorithm, and only
the chosen algorithm's panel is shown, so each algorithm keeps what was typed into it.
"""

from __future__ import annotations

from dash import dcc, html

import surface

from . import (
    basins_view,
    data_view,
    edits,
    figures,
    hypermap_view,
    ids,
    inside_view,
    lines_view,
    looks,
    map_hover,
    planes_view,
    race,
    restarts_view,
    whole_panel,
    whole_view,
)
from . import scene as scenes
from .equations import EQUATIONS
from .limits import EPOCH_CAPS, MAX_MAGNITUDE, MAX_QUERY, MAX_RESOLUTION, MAX_RUNS, MIN_RESOLUTION
from .presets import PRESETS
from .widgets import labelled, message, text_input

DEFAULT = scenes.default_scene()
SHOWN = edits.controls_for(DEFAULT)

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": [
        "sendDataToCloud",
        "toImage",
        "lasso2d",
        "select2d",
        "autoScale2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
    ],
}
"""Zoom, pan and reset stay; the camera is replaced by the app's own export (it would save the map without
the paths), and selections do nothing here."""

SPEED_LABELS = {-2: "¼×", -1: "½×", 0: "1×", 1: "2×", 2: "4×", 3: "8×", 4: "16×"}
"""Playback speeds on offer, by their power of two (the scene keeps the multiplier)."""

SIDE_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
"""The small plots beside the map have no toolbar to cover their titles; a drag zooms, a double-click resets."""


# ---------- small pieces ----------


def parameter_options(disabled: str | None = None) -> list[dict]:
    """The seven parameters in the book's notation; the one on the other axis is disabled."""
    return [
        {"label": f"{surface.LABELS[name]}  ({name})", "value": name, "disabled": name == disabled}
        for name in surface.PARAMS
    ]


def axis_dropdown(id_: str, value: str, other: str) -> dcc.Dropdown:
    """The parameter on one axis; the other axis's parameter is offered but disabled."""
    return dcc.Dropdown(id=id_, options=parameter_options(other), value=value, clearable=False, searchable=False)


# ---------- the top bar ----------


def top_bar() -> html.Header:
    return html.Header(
        [
            html.Button("☰", id=ids.DRAWER, className="icon drawer-toggle", title="show or hide the controls"),
            html.H1("Loss-surface explorer"),
            lessons_menu(),
            html.Div(className="spacer"),
            html.Button("Copy link", id=ids.COPY_LINK, className="secondary", title="copy a link to this scene"),
            export_menu(),
            html.Button("Present", id=ids.PRESENT, className="secondary", title="presentation mode (P)"),
            html.Button("?", id=ids.HELP, className="icon", title="keyboard shortcuts (?)"),
        ],
        className="topbar",
    )


def lessons_menu() -> html.Details:
    cards = [
        html.Button(
            [html.Strong(p.name), html.Span(p.prompt, className="note")],
            id={"type": ids.PRESET, "name": slug},
            n_clicks=0,
            className="lesson-card",
        )
        for slug, p in PRESETS.items()
    ]
    return html.Details(
        [html.Summary("Lessons ▾"), html.Div(cards, className="menu-panel lessons")],
        id=ids.LESSONS,
        className="menu",
    )


def export_menu() -> html.Details:
    return html.Details(
        [
            html.Summary("Export ▾"),
            html.Div(
                [
                    html.Button("Image (PNG) of the map, paths as shown", id=ids.EXPORT_PNG, className="menu-item"),
                    html.A(
                        "Web page (HTML) that works offline",
                        id=ids.EXPORT_HTML,
                        href="",
                        download="loss-surface.html",
                        className="menu-item",
                    ),
                    html.A(
                        "Scene (JSON)",
                        id=ids.EXPORT_SCENE,
                        href="",
                        download="scene.json",
                        className="menu-item",
                    ),
                    dcc.Upload(
                        html.Span("Open a scene file…"),
                        id=ids.LOAD_SCENE,
                        max_size=100_000,
                        accept=".json,application/json",
                        className="menu-item upload",
                    ),
                    html.P("Each run's card has its own CSV and JSON.", className="note"),
                ],
                className="menu-panel",
            ),
        ],
        className="menu",
    )


# ---------- the controls ----------


def training_controls() -> html.Section:
    draft = DEFAULT["draft"]
    return html.Section(
        [
            html.H2("Training"),
            html.Div(
                [
                    labelled("start x", text_input(ids.START_X, SHOWN["start_x"], width="6em"), html_for=ids.START_X),
                    labelled("start y", text_input(ids.START_Y, SHOWN["start_y"], width="6em"), html_for=ids.START_Y),
                    html.Span("or click the map", className="note hint"),
                ],
                className="row",
            ),
            message(ids.MSG_START),
            dcc.Dropdown(
                id=ids.ALGORITHM,
                options=[{"label": cls.title, "value": name} for name, cls in surface.ALGORITHMS.items()],
                value=draft["algorithm"],
                clearable=False,
                searchable=False,
                className="algorithm",
            ),
            html.Div(algorithm_help(draft["algorithm"]), id=ids.ALGORITHM_HELP, className="help"),
            html.Div([hyper_panel(a, a == draft["algorithm"]) for a in surface.ALGORITHMS]),
            message(ids.MSG_HYPER),
            html.Div(
                [
                    labelled("epochs", text_input(ids.EPOCHS, SHOWN["epochs"], width="6.5em"), html_for=ids.EPOCHS),
                    labelled("goal F ≤", text_input(ids.GOAL, SHOWN["goal"], width="4.5em"), html_for=ids.GOAL),
                    labelled(
                        "stop at |∇F| ≤",
                        text_input(ids.GRAD_TOL, SHOWN["grad_tol"], width="4.5em"),
                        html_for=ids.GRAD_TOL,
                    ),
                ],
                className="row",
            ),
            html.Div(epochs_note(draft["algorithm"]), id=ids.EPOCHS_NOTE, className="note"),
            message(ids.MSG_STOP),
            data_view.bug_control(),
            whole_panel.panel(),
            html.Div(
                [
                    html.Button("Run", id=ids.RUN, n_clicks=0, className="primary", title="add this run (Enter)"),
                    html.Button("Clear all runs", id=ids.CLEAR, n_clicks=0, className="secondary"),
                ],
                className="row buttons",
            ),
            message(ids.MSG_RUN),
        ],
        className="training",
    )


def hyper_panel(algorithm: str, shown: bool) -> html.Div:
    """One labelled box per hyperparameter of ``algorithm``, holding the book's default."""
    cls = surface.ALGORITHMS[algorithm]
    texts = SHOWN["hyper"][algorithm]
    rows = []
    for name, spec in cls.SPEC.items():
        box_id = {"type": ids.HYPER, "algo": algorithm, "name": name}
        if spec.kind == "choice":
            control = dcc.Dropdown(
                id=box_id,
                options=[{"label": c, "value": c} for c in spec.choices],
                value=texts[name],
                clearable=False,
                searchable=False,
                style={"minWidth": "11em"},
            )
        else:
            control = text_input(box_id, texts[name], width="6em")
        bounds = "" if spec.kind == "choice" else f"{spec.low:g} – {spec.high:g}"
        rows.append(
            html.Div(
                [html.Label(spec.label, title=spec.help), control, html.Span(bounds, className="note")],
                className="field hyper",
                title=spec.help,
            )
        )
    if not rows:
        rows.append(html.Div("no hyperparameters: each step is the exact Newton step", className="note"))
    return html.Div(
        rows,
        id={"type": ids.HYPER_PANEL, "algo": algorithm},
        className="hyper-panel",
        style=None if shown else {"display": "none"},
    )


def algorithm_help(algorithm: str) -> list:
    """The algorithm's name, chapter, first sentence and its update equations, set as mathematics."""
    cls = surface.ALGORITHMS[algorithm]
    summary = first_paragraph(cls.__doc__)
    return [
        html.Details(
            [
                html.Summary([html.Strong(cls.title), f" ({cls.chapter})"]),
                html.P(summary, className="note"),
                dcc.Markdown(EQUATIONS[algorithm], mathjax=True, className="equations"),
            ],
            open=True,
        )
    ]


def first_paragraph(doc: str) -> str:
    """The first paragraph of a docstring, as one sentence-ended line (without a trailing '::')."""
    lines = []
    for line in (doc or "").strip().splitlines():
        if not line.strip():
            break
        lines.append(line.strip())
    text = " ".join(lines).rstrip(":").rstrip()
    return text + ("." if text and not text.endswith(".") else "")


def epochs_note(algorithm: str) -> str:
    return f"at most {EPOCH_CAPS[algorithm]:,} for this algorithm; 0 switches the goal or the tolerance off"


def runs_section() -> html.Section:
    return html.Section(
        [html.H2("Runs"), html.Div(id=ids.RUN_LIST, children=empty_run_list())],
        className="runs",
    )


def empty_run_list() -> html.P:
    return html.P(f"No runs yet. Each run is drawn in its own colour; at most {MAX_RUNS} at once.", className="note")


def surface_controls() -> html.Section:
    view = DEFAULT["view"]
    return html.Section(
        [
            html.H2("Surface"),
            html.Div(
                [
                    labelled("x axis", axis_dropdown(ids.X_PARAM, view["x"], view["y"])),
                    labelled("y axis", axis_dropdown(ids.Y_PARAM, view["y"], view["x"])),
                ],
                className="row",
            ),
            planes_view.controls_panel(),
            html.Div(
                [
                    labelled("x from", text_input(ids.X_MIN, SHOWN["xmin"], width="5.5em"), html_for=ids.X_MIN),
                    labelled("to", text_input(ids.X_MAX, SHOWN["xmax"], width="5.5em"), html_for=ids.X_MAX),
                    labelled("y from", text_input(ids.Y_MIN, SHOWN["ymin"], width="5.5em"), html_for=ids.Y_MIN),
                    labelled("to", text_input(ids.Y_MAX, SHOWN["ymax"], width="5.5em"), html_for=ids.Y_MAX),
                ],
                className="row window",
            ),
            message(ids.MSG_WINDOW),
            html.Div(
                [
                    html.Button("Reset window", id=ids.RESET_WINDOW, n_clicks=0, className="secondary"),
                    labelled(
                        "grid points per axis",
                        text_input(ids.RESOLUTION, SHOWN["res"], width="4.5em"),
                        f"{MIN_RESOLUTION}–{MAX_RESOLUTION}",
                        html_for=ids.RESOLUTION,
                    ),
                ],
                className="row",
            ),
            message(ids.MSG_RESOLUTION),
            html.Details(
                [
                    html.Summary("Other parameters (held fixed)"),
                    html.Div([fixed_input(name) for name in surface.PARAMS], className="fixed-grid"),
                    html.Button("Reset to nominal", id=ids.RESET_FIXED, n_clicks=0, className="secondary"),
                    message(ids.MSG_FIXED),
                ],
                open=False,
                className="fixed",
            ),
            dcc.Checklist(
                id=ids.OVERLAYS,
                options=[
                    {"label": " mark minima and saddle points", "value": "critical"},
                    {"label": " where each start ends (the training panel's algorithm)", "value": "basins"},
                    {"label": " where a fixed step is unstable (the training panel's α)", "value": "stability"},
                    {"label": " not convex (λmin < 0)", "value": "nonconvex"},
                    {"label": " condition number λmax/λmin", "value": "condition"},
                    {"label": " gradient field −∇F", "value": "field"},
                ],
                value=view["overlays"],
                className="check",
            ),
            dcc.RadioItems(
                id=ids.ASPECT,
                options=[
                    {"label": " equal scales for like parameters", "value": "auto"},
                    {"label": " always equal", "value": "equal"},
                    {"label": " fill the panel", "value": "free"},
                ],
                value=view["aspect"],
                className="check aspect",
            ),
            html.Div(id=ids.MAP_INFO, className="note"),
        ]
    )


def fixed_input(name: str) -> html.Div:
    box = text_input(
        {"type": ids.FIXED, "name": name},
        SHOWN["fixed"][name],
        width="5em",
        disabled=name in (DEFAULT["view"]["x"], DEFAULT["view"]["y"]),
    )
    return html.Div([html.Label(f"{surface.LABELS[name]}"), box], className="field fixed-field")


# ---------- the stage ----------


def playback_bar() -> html.Div:
    return html.Div(
        [
            html.Button("|◀", id=ids.RESTART, n_clicks=0, title="back to the start (Home)", className="icon"),
            html.Button("◀", id=ids.STEP_BACK, n_clicks=0, title="one iterate back (←)", className="icon"),
            html.Button("▶", id=ids.PLAY, n_clicks=0, title="play / pause (space)", className="icon play"),
            html.Button("▶|", id=ids.STEP, n_clicks=0, title="one iterate forward (→)", className="icon"),
            html.Div(id=ids.SCRUBBER, className="scrubber", title="click or drag to any moment"),
            dcc.Dropdown(
                id=ids.CLOCK,
                options=[
                    {"label": "clock: epochs", "value": "epochs"},
                    {"label": "clock: log epochs", "value": "log"},
                    {"label": "clock: evaluations", "value": "evals"},
                ],
                value=SHOWN["clock"],
                clearable=False,
                searchable=False,
                className="clock",
            ),
            dcc.Dropdown(
                id=ids.SPEED,
                options=[{"label": label, "value": v} for v, label in SPEED_LABELS.items()],
                value=SHOWN["speed"],
                clearable=False,
                searchable=False,
                className="speed",
            ),
            dcc.Checklist(id=ids.LOOP, options=[{"label": " loop", "value": "loop"}], value=[], className="check"),
            whole_view.follow_toggle(),
        ],
        className="playback",
    )


def stage() -> html.Main:
    return html.Main(
        [
            html.Div(
                [
                    dcc.RadioItems(
                        id=ids.MODE,
                        options=[
                            {"label": " contour map", "value": "contour"},
                            {"label": " 3-D surface", "value": "3d"},
                            {"label": " learning rates", "value": "hyper"},
                            {"label": " along a line", "value": "line"},
                        ],
                        value=SHOWN["mode"],
                        inline=True,
                        className="tabs",
                    ),
                    html.Div(
                        dcc.RadioItems(
                            id=ids.ZSCALE,
                            options=[{"label": " F", "value": "linear"}, {"label": " log F", "value": "log"}],
                            value=SHOWN["zscale"],
                            inline=True,
                            className="tabs zscale",
                        ),
                        id=ids.ZSCALE_BOX,
                        hidden=SHOWN["mode"] != "3d",
                    ),
                    html.Div(
                        [
                            html.Div(id=ids.BASIN_KEY, className="basin-key"),
                            html.Div(id=ids.CURVATURE_KEY, className="curvature-key"),
                        ],
                        id=ids.MAP_KEY,
                        className="map-key",
                    ),
                ],
                className="stage-head",
            ),
            html.Div(
                [
                    dcc.Graph(id=ids.MAP, config={**GRAPH_CONFIG, "doubleClick": "reset"}, className="graph"),
                    dcc.Graph(
                        id=ids.OVERLAY,
                        config={"staticPlot": True, "responsive": True},
                        figure={"data": [], "layout": {}},
                        className="graph",
                    ),
                    map_hover.tip(),
                ],
                id=ids.MAP_VIEW,
                className="map-stack",
            ),
            html.Div(
                dcc.Graph(id=ids.SURFACE, config=GRAPH_CONFIG, className="graph"), id=ids.SURFACE_VIEW, hidden=True
            ),
            planes_view.view_panel(),
            hypermap_view.view_panel(),
            lines_view.view_panel(),
            playback_bar(),
            html.Div(id=ids.READOUT, className="readout", **{"aria-live": "polite"}),
        ],
        className="stage",
    )


def side() -> html.Aside:
    return html.Aside(
        [
            html.Div(id=ids.LESSON_PANEL, className="lesson-panel"),
            html.Div(dcc.Graph(id=ids.LOSS, figure=figures.loss_figure(), config=SIDE_CONFIG), className="side-graph"),
            inside_view.panel(),
            data_view.panel(),
            html.Div(
                dcc.Graph(id=ids.RESPONSE, figure=figures.response_figure(), config=SIDE_CONFIG), className="side-graph"
            ),
            race.section(),
            basins_view.panel(),
            restarts_view.panel(),
        ],
        className="side",
    )


def help_panel() -> html.Div:
    keys = [
        ("space", "play / pause"),
        ("← →", "one iterate back / forward"),
        ("Home", "back to the start"),
        ("P", "presentation mode"),
        ("?", "this list"),
        ("Esc", "close this list"),
    ]
    return html.Div(
        html.Div(
            [
                html.H2("Keyboard shortcuts"),
                html.Table([html.Tr([html.Td(html.Kbd(k)), html.Td(what)]) for k, what in keys]),
                html.P("They do nothing while you type in a box or use a list or a slider.", className="note"),
            ],
            className="dialog",
        ),
        id=ids.HELP_PANEL,
        className="dialog-backdrop",
        hidden=True,
    )


def client_config() -> dict:
    """What the browser needs to draw: colours, parameters, the nominal training set, the page's ids (by their
    names in ``ids``) and the looks of presentation mode (``looks``)."""
    return {
        "palettes": figures.PALETTES,
        "params": list(surface.PARAMS),
        "labels": [surface.LABELS[p] for p in surface.PARAMS],
        "P": surface.P.tolist(),
        "T": surface.T.tolist(),
        "maxQuery": MAX_QUERY,
        "ids": client_ids(),
        "looks": looks.LOOKS,
    }


def client_ids() -> dict:
    """Every id in ``ids``, by its name there: the browser's scripts find elements through these, never a copy."""
    return {name: value for name, value in vars(ids).items() if name.isupper() and isinstance(value, str)}


def stores() -> list:
    return [
        dcc.Store(id=ids.SCENE_VIEW),
        dcc.Store(id=ids.SCENE_RUNS),
        dcc.Store(id=ids.SCENE_DRAFT),
        dcc.Store(id=ids.SCENE_PLAYBACK),
        dcc.Store(id=ids.SCENE_RESTARTS),
        dcc.Store(id=ids.SCENE_INSIDE),
        dcc.Store(id=ids.INSIDE_STORE),
        html.Div(id=ids.INSIDE_SINK, hidden=True),
        dcc.Store(id=ids.BASIN_REQUEST),
        dcc.Store(id=ids.BASIN_STORE),
        dcc.Store(id=ids.RESTART_REQUEST),
        dcc.Store(id=ids.RESTART_STORE),
        dcc.Store(id=ids.HYPER_REQUEST),
        dcc.Store(id=ids.HYPER_STORE),
        dcc.Store(id=ids.HYPER_CLICK),
        dcc.Store(id=ids.SCENE_META),
        dcc.Store(id=ids.SCENE_LINK),
        dcc.Store(id=ids.URL_IN),
        dcc.Store(id=ids.REVEAL),
        dcc.Store(id=ids.OVERLAY_BASE),
        dcc.Store(id=ids.STABILITY_INPUT),
        dcc.Store(id=ids.RUNS, data=[]),
        dcc.Store(id=ids.PATHS, data={}),
        dcc.Store(id=ids.CONFIG, data=client_config()),
        dcc.Store(id=ids.START_CLICK),
        *map_hover.stores(),
        dcc.Store(id=ids.FOLLOW_STORE),
        dcc.Store(id=ids.FOLLOW_KEY),
        html.Div(id=ids.FOLLOW_SINK, hidden=True),
        html.Div(id=ids.ANIMATION, hidden=True),
    ]


def page() -> html.Div:
    return html.Div(
        [
            top_bar(),
            html.Div(id=ids.MSG_SCENE, className="notice", role="status"),
            html.Div(
                [
                    html.Aside(
                        [training_controls(), runs_section(), surface_controls(), data_view.section()],
                        className="controls",
                    ),
                    stage(),
                    side(),
                ],
                className="workspace",
            ),
            html.Footer(
                f"Parameters beyond ±{MAX_MAGNITUDE:g} are refused; runs leaving that bound count as diverged. "
                "Hagan, Demuth, Beale and De Jesús, Neural Network Design, 2nd ed., ch. 12.",
                className="note",
            ),
            help_panel(),
            *stores(),
        ],
        id=ids.SHELL,
        className="shell",
        style={f"--run-{i}": c for i, c in enumerate(figures.PALETTES["plain"])},  # the runs' colours, by number
    )
