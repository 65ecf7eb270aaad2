"""The page, built from small functions: surface controls, training controls, the run list, the views."""

from __future__ import annotations

import textwrap

from dash import dcc, html

import surface

from . import compute, figures, ids
from .validate import MAX_MAGNITUDE, MAX_RESOLUTION, MAX_RUNS, MIN_RESOLUTION

DEFAULT_PAIR = ("w1_11", "w2_11")
DEFAULT_RESOLUTION = 250
DEFAULT_ALGORITHM = "sdbp"


def parameter_options(disabled: str | None = None) -> list[dict]:
    """The seven parameters in the book's notation; the one on the other axis is disabled."""
    return [
        {"label": f"{surface.LABELS[name]}  ({name})", "value": name, "disabled": name == disabled}
        for name in surface.PARAMS
    ]


def default_start(xr, yr) -> tuple[float, float]:
    """5% in from the window's lower-left corner: (−4, −4) on the book's map, the start of its trajectory 'a'."""
    return (round(xr[0] + 0.05 * (xr[1] - xr[0]), 6), round(yr[0] + 0.05 * (yr[1] - yr[0]), 6))


def text_input(id_, value, *, width: str = "7em", **kwargs) -> dcc.Input:
    """A text box for a number: typed freely, checked on Enter or leaving the box."""
    return dcc.Input(
        id=id_,
        value=value,
        type="text",
        inputMode="decimal",
        debounce=True,
        autoComplete="off",
        spellCheck=False,
        style={"width": width},
        className="num",
        **kwargs,
    )


def labelled(label: str, control, note: str | None = None, html_for: str | None = None) -> html.Div:
    children = [html.Label(label, htmlFor=html_for), control]
    if note:
        children.append(html.Span(note, className="note"))
    return html.Div(children, className="field")


def message(id_: str) -> html.Div:
    """Where a control's error appears (empty when all is well)."""
    return html.Div(id=id_, className="message", role="alert")


def surface_controls() -> html.Section:
    (xr, yr) = surface.default_window(*DEFAULT_PAIR)
    return html.Section(
        [
            html.H2("Surface"),
            html.Div(
                [
                    labelled("x axis", axis_dropdown(ids.X_PARAM, *DEFAULT_PAIR)),
                    labelled("y axis", axis_dropdown(ids.Y_PARAM, *reversed(DEFAULT_PAIR))),
                ],
                className="row",
            ),
            html.Div(
                [
                    labelled("x from", text_input(ids.X_MIN, xr[0], width="5.5em"), html_for=ids.X_MIN),
                    labelled("to", text_input(ids.X_MAX, xr[1], width="5.5em"), html_for=ids.X_MAX),
                    labelled("y from", text_input(ids.Y_MIN, yr[0], width="5.5em"), html_for=ids.Y_MIN),
                    labelled("to", text_input(ids.Y_MAX, yr[1], width="5.5em"), html_for=ids.Y_MAX),
                ],
                className="row window",
            ),
            html.Div(
                [
                    html.Button("Reset window", id=ids.RESET_WINDOW, n_clicks=0, className="secondary"),
                    labelled(
                        "grid points per axis",
                        text_input(ids.RESOLUTION, DEFAULT_RESOLUTION, width="4.5em"),
                        f"{MIN_RESOLUTION}–{MAX_RESOLUTION}",
                        html_for=ids.RESOLUTION,
                    ),
                ],
                className="row",
            ),
            message(ids.MSG_WINDOW),
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
                id=ids.SHOW_CRITICAL,
                options=[{"label": " mark minima and saddle points", "value": "show"}],
                value=["show"],
                className="check",
            ),
            html.Div(id=ids.MAP_INFO, className="note"),
        ]
    )


def axis_dropdown(id_: str, value: str, other: str) -> dcc.Dropdown:
    """The parameter on one axis; the other axis's parameter is offered but disabled."""
    return dcc.Dropdown(id=id_, options=parameter_options(other), value=value, clearable=False, searchable=False)


def fixed_input(name: str) -> html.Div:
    value = float(surface.NOMINAL[surface.PARAMS.index(name)])
    box = text_input({"type": ids.FIXED, "name": name}, f"{value:g}", width="5em", disabled=name in DEFAULT_PAIR)
    return html.Div([html.Label(f"{surface.LABELS[name]}"), box], className="field fixed-field")


def hyper_controls(algorithm: str) -> list:
    """One labelled box per hyperparameter of ``algorithm``, holding the book's default."""
    cls = surface.ALGORITHMS[algorithm]
    rows = []
    for name, spec in cls.SPEC.items():
        default = cls.defaults()[name]
        if spec.kind == "choice":
            control = dcc.Dropdown(
                id={"type": ids.HYPER, "name": name},
                options=[{"label": c, "value": c} for c in spec.choices],
                value=default,
                clearable=False,
                searchable=False,
                style={"minWidth": "11em"},
            )
        else:
            control = text_input({"type": ids.HYPER, "name": name}, f"{default:g}", width="6em")
        bounds = "" if spec.kind == "choice" else f"{spec.low:g} – {spec.high:g}"
        rows.append(
            html.Div(
                [html.Label(spec.label, title=spec.help), control, html.Span(bounds, className="note")],
                className="field hyper",
                title=spec.help,
            )
        )
    if not rows:
        rows.append(html.Div("no hyperparameters: the step is the exact Newton step", className="note"))
    return rows


def algorithm_help(algorithm: str) -> list:
    """The algorithm's name, chapter, first sentence and update equations, from its docstring."""
    cls = surface.ALGORITHMS[algorithm]
    summary, equations = docstring_parts(cls.__doc__)
    children = [html.Strong(cls.title), f" ({cls.chapter}). {summary}"]
    if equations:
        children.append(html.Pre(equations, className="equations"))
    return children


def docstring_parts(doc: str) -> tuple[str, str]:
    """The first paragraph (without a trailing '::') and the first indented block of a docstring."""
    lines = (doc or "").strip().splitlines()
    summary, block, in_block = [], [], False
    for line in lines:
        if not in_block:
            if not line.strip():
                if summary:
                    in_block = summary[-1].rstrip().endswith("::")
                    if not in_block:
                        break
                continue
            summary.append(line.strip())
        elif line.strip():
            block.append(line)
        elif block:
            break
    text = " ".join(summary).rstrip(":").rstrip()
    return (text + ("." if text and not text.endswith(".") else "")), textwrap.dedent("\n".join(block))


def epochs_note(algorithm: str) -> str:
    return f"at most {compute.EPOCH_CAPS[algorithm]:,} for this algorithm"


def training_controls() -> html.Section:
    (xr, yr) = surface.default_window(*DEFAULT_PAIR)
    x0, y0 = default_start(xr, yr)
    return html.Section(
        [
            html.H2("Training"),
            html.P("Click the map to set the start point, or type it.", className="note"),
            html.Div(
                [
                    labelled("start x", text_input(ids.START_X, x0, width="6em"), html_for=ids.START_X),
                    labelled("start y", text_input(ids.START_Y, y0, width="6em"), html_for=ids.START_Y),
                ],
                className="row",
            ),
            message(ids.MSG_START),
            labelled(
                "algorithm",
                dcc.Dropdown(
                    id=ids.ALGORITHM,
                    options=[
                        {"label": f"{cls.title} — {name}", "value": name} for name, cls in surface.ALGORITHMS.items()
                    ],
                    value=DEFAULT_ALGORITHM,
                    clearable=False,
                    searchable=False,
                ),
            ),
            html.Div(algorithm_help(DEFAULT_ALGORITHM), id=ids.ALGORITHM_HELP, className="note help"),
            html.Div(hyper_controls(DEFAULT_ALGORITHM), id=ids.HYPER_PANEL, className="hyper-panel"),
            message(ids.MSG_HYPER),
            html.Div(
                [
                    labelled(
                        "epochs",
                        text_input(ids.EPOCHS, compute.DEFAULT_EPOCHS[DEFAULT_ALGORITHM], width="6em"),
                        html_for=ids.EPOCHS,
                    ),
                    labelled("goal F ≤", text_input(ids.GOAL, "0", width="5em"), html_for=ids.GOAL),
                    labelled("stop at |∇F| ≤", text_input(ids.GRAD_TOL, "1e-8", width="5em"), html_for=ids.GRAD_TOL),
                ],
                className="row",
            ),
            html.Div(epochs_note(DEFAULT_ALGORITHM), id=ids.EPOCHS_NOTE, className="note"),
            html.Div("0 switches the goal or the gradient tolerance off.", className="note"),
            message(ids.MSG_STOP),
            html.Div(
                [
                    html.Button("Run", id=ids.RUN, n_clicks=0, className="primary"),
                    html.Button("Clear all runs", id=ids.CLEAR, n_clicks=0, className="secondary"),
                ],
                className="row buttons",
            ),
            message(ids.MSG_RUN),
        ]
    )


def runs_section() -> html.Section:
    return html.Section(
        [html.H2("Runs"), html.Div(id=ids.RUN_LIST, children=empty_run_list())],
        className="runs",
    )


def empty_run_list() -> html.P:
    return html.P(f"No runs yet. Each run is drawn in its own colour; at most {MAX_RUNS} at once.", className="note")


def playback_bar() -> html.Div:
    return html.Div(
        [
            html.Button("|◀", id=ids.RESTART, n_clicks=0, title="back to the start (Home)", className="icon"),
            html.Button("◀", id=ids.STEP_BACK, n_clicks=0, title="one iterate back (←)", className="icon"),
            html.Button("▶", id=ids.PLAY, n_clicks=0, title="play / pause (space)", className="icon play"),
            html.Button("▶|", id=ids.STEP, n_clicks=0, title="one iterate forward (→)", className="icon"),
            html.Div(id=ids.SCRUBBER, className="scrubber", title="drag to any epoch"),
            html.Div(
                [
                    html.Span("speed", className="note"),
                    dcc.Slider(
                        id=ids.SPEED,
                        min=-2,
                        max=4,
                        step=1,
                        value=0,
                        marks={-2: "¼×", -1: "½×", 0: "1×", 1: "2×", 2: "4×", 3: "8×", 4: "16×"},
                        included=False,
                    ),
                ],
                className="speed",
            ),
            dcc.Checklist(id=ids.LOOP, options=[{"label": " loop", "value": "loop"}], value=[], className="check"),
        ],
        className="playback",
    )


def views() -> html.Div:
    return html.Div(
        [
            dcc.RadioItems(
                id=ids.VIEW_TABS,
                options=[{"label": " contour map", "value": "map"}, {"label": " 3-D surface", "value": "surface"}],
                value="map",
                inline=True,
                className="tabs",
            ),
            html.Div(
                [
                    html.Div(
                        [
                            dcc.Graph(id=ids.MAP, config={"displaylogo": False, "doubleClick": "reset"}),
                            dcc.Graph(
                                id=ids.OVERLAY,
                                config={"staticPlot": True},
                                figure={"data": [], "layout": {"height": figures.MAP_HEIGHT}},
                            ),
                        ],
                        className="map-stack",
                    ),
                    playback_bar(),
                    html.Div(id=ids.READOUT, className="readout", **{"aria-live": "polite"}),
                ],
                id="map-view",
            ),
            html.Div(
                dcc.Graph(id=ids.SURFACE, config={"displaylogo": False}), id="surface-view", style={"display": "none"}
            ),
            html.Div(
                [
                    dcc.Graph(id=ids.LOSS, figure={"data": [], "layout": figures.loss_layout()}),
                    dcc.Graph(id=ids.RESPONSE, figure=figures.response_figure()),
                ],
                className="side-plots",
            ),
        ],
        className="views",
    )


def stores() -> list:
    return [
        dcc.Store(id=ids.VIEW),
        dcc.Store(id=ids.OVERLAY_BASE),
        dcc.Store(id=ids.RUNS, data=[]),
        dcc.Store(id=ids.PATHS, data={}),
        dcc.Store(id=ids.START_CLICK),
        html.Div(id=ids.ANIMATION, hidden=True),
    ]


def page() -> html.Div:
    return html.Div(
        [
            html.Header(
                [
                    html.H1("Loss-surface explorer"),
                    html.P(
                        "The 1-2-1 network of Hagan et al., Neural Network Design, ch. 12: its performance index "
                        "F = Σ (t − a)² over any two of its seven parameters, and how training moves over it."
                    ),
                ]
            ),
            html.Div(
                [
                    html.Aside([surface_controls(), training_controls(), runs_section()], className="controls"),
                    views(),
                ],
                className="app",
            ),
            html.Footer(
                f"Parameters beyond ±{MAX_MAGNITUDE:g} are refused; runs leaving that bound count as diverged.",
                className="note",
            ),
            *stores(),
        ]
    )
