"""Random restarts: the seed text's advice against local minima, for the scene's runs side by side.

Each run of the scene (its algorithm, hyperparameters, goal and tolerance; the training panel's when there are no
runs) is started again from N random points, uniform in the window or small (in [−1, 1], the common way to
initialise a network), drawn from a seeded generator so the same scene gives the same restarts. The panel says,
for each, how many reached the lowest minimum any of them found and which did best; a histogram shows the spread
of final F; the page marks every end point on the map in the run's colour (assets/20-overlay.js). The job runs in
the background with progress and Cancel, cached by what it computes.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
from dash import Input, Output, State, dcc, html, no_update

import surface

from . import background, figures, ids, scene_data, scene_whole
from . import scene as scenes
from .widgets import progress_row, text_input

TOLERANCE = 1e-6
"""A restart has reached the lowest minimum found when its final F is within this of it."""


def panel() -> html.Section:
    restarts = scenes.default_restarts()
    return html.Section(
        [
            html.Div(
                [
                    html.H2("Random restarts"),
                    dcc.Checklist(
                        id=ids.RESTARTS_ON,
                        options=[{"label": " on", "value": "on"}],
                        value=[],
                        className="check",
                    ),
                ],
                className="race-head",
            ),
            html.P("Each run started again from random points: how many find the lowest minimum?", className="note"),
            html.Div(
                [
                    html.Label("starts", htmlFor=ids.RESTARTS_N),
                    text_input(ids.RESTARTS_N, str(restarts["n"]), width="4em"),
                    html.Label("seed", htmlFor=ids.RESTARTS_SEED),
                    text_input(ids.RESTARTS_SEED, str(restarts["seed"]), width="4em"),
                ],
                className="row inline",
            ),
            dcc.RadioItems(
                id=ids.RESTARTS_INIT,
                options=[
                    {"label": " anywhere in the window", "value": "uniform"},
                    {"label": " small, in [−1, 1]", "value": "small"},
                ],
                value=restarts["init"],
                inline=True,
                className="check",
            ),
            html.Div(id=ids.MSG_RESTARTS, className="message", role="alert"),
            progress_row(ids.RESTART_PROGRESS, ids.RESTART_STATUS, ids.RESTART_CANCEL, ids.RESTART_BUSY),
            html.Div(id=ids.RESTART_SUMMARY, className="restart-summary"),
            html.Div(
                dcc.Graph(id=ids.RESTART_PLOT, config={"displayModeBar": False, "responsive": True}),
                className="side-graph short",
                id="restart-plot-box",
                hidden=True,
            ),
        ],
        id=ids.RESTART_PANEL,
        className="restart-panel",
    )


def request_for(scene: dict) -> dict | None:
    """What the job computes (None when restarts are off): each run's settings, how many starts, drawn how.

    A run's epochs are capped so that starts × epochs stays within ``RESTART_WORK``; the summary says so."""
    restarts = scene["restarts"]
    if not restarts["on"]:
        return None
    view = scene["view"]
    runs = scene["runs"] or [{**scene["draft"], "color": 0}]
    axes = (view["x"], view["y"])
    n = restarts["n"]
    cap = max(1, scenes.RESTART_WORK // n)
    return {
        "pair": [view["x"], view["y"]],
        "xr": view["xr"],
        "yr": view["yr"],
        "fixed": list(scenes.fixed_vector(view)),
        **scene_data.request_part(view),
        "n": n,
        "init": restarts["init"],
        "seed": restarts["seed"],
        "runs": [
            {
                "label": label,
                "start": run["start"],
                "color": run["color"],
                "algorithm": run["algorithm"],
                "hyper": run["hyper"],
                "epochs": min(run["epochs"], cap),
                "asked": run["epochs"],
                "goal": run["goal"],
                "grad_tol": run["grad_tol"],
                **({"free": list(names)} if (names := scene_whole.extra_names(run, axes)) else {}),
            }
            for run, label in zip(runs, scenes.labels(runs), strict=True)
        ],
    }


def compute(request: dict, progress=None) -> dict:
    """Every run's restarts, judged against the lowest final F any of them reached."""
    n, runs, results = request["n"], request["runs"], []
    for i, run in enumerate(runs):
        feed = None if progress is None else (lambda done, total, i=i: progress(i * n + done, len(runs) * n))
        pair, window = trained(request, run)
        r = surface.restarts(
            run["algorithm"],
            pair,
            n,
            window,
            tuple(request["fixed"]),
            data=scene_data.request_set(request),
            init=request["init"],
            seed=request["seed"],
            epochs=run["epochs"],
            goal=run["goal"],
            grad_tol=run["grad_tol"],
            progress=feed,
            **run["hyper"],
        )
        data = r.to_dict()
        data["used"] = data.pop("epochs")  # per start; "epochs" is the run's budget
        results.append({**data, **{k: run[k] for k in ("label", "color", "algorithm", "epochs", "asked")}})
    finite = [f for r in results for f, s in zip(r["F"], r["status"], strict=True) if f is not None and s != "diverged"]
    lowest = min(finite) if finite else math.inf
    for r in results:
        reached = [
            f is not None and s != "diverged" and f <= lowest + TOLERANCE
            for f, s in zip(r["F"], r["status"], strict=True)
        ]
        r["reached"], r["fraction"], r["lowest"] = reached, sum(reached) / len(reached), lowest
    return {"request": request, "lowest": lowest if math.isfinite(lowest) else None, "runs": results}


def trained(request: dict, run: dict) -> tuple[tuple[str, ...], tuple]:
    """What a run's restarts train, and the window their uniform starts are drawn from: the two axes over the
    map's window, and for a run of the whole network its other free parameters too, each over the range the
    app would show it on (``surface.default_window``)."""
    axes = tuple(request["pair"])
    extra = tuple(run.get("free", ()))
    ranges = [tuple(surface.default_window(p, axes[0] if p != axes[0] else axes[1])[0]) for p in extra]
    return axes + extra, (tuple(request["xr"]), tuple(request["yr"]), *ranges)


def summary(result: dict | None) -> list:
    """One line per run: how many of its restarts reached the lowest minimum found, and its best."""
    if not result:
        return []
    request, lowest = result["request"], result["lowest"]
    where = "anywhere in the window" if request["init"] == "uniform" else "small, in [−1, 1]"
    if request["init"] == "uniform" and any(r.get("free") for r in request["runs"]):
        where += " (a run's other free parameters each over its own usual range)"
    lines = [
        html.P(
            f"{request['n']} starts each, {where}, seed {request['seed']}. The lowest minimum any run found: "
            + ("none (every run diverged)" if lowest is None else f"F = {lowest:.3g}")
            + ".",
            className="note",
        )
    ]
    for r in result["runs"]:
        best = r["best"]
        best_f = r["F"][best]
        capped = f" (capped from {r['asked']:,})" if r["epochs"] < r["asked"] else ""
        lines.append(
            html.P(
                [
                    html.Span(className="swatch", style={"background": f"var(--run-{r['color']})"}),
                    html.Strong(r["label"]),
                    f": {sum(r['reached'])} of {len(r['reached'])} ({100 * r['fraction']:.0f} %) reached it; "
                    + ("best F = none" if best_f is None else f"best F = {best_f:.3g}")
                    + f"; {r['epochs']:,} epochs each{capped}.",
                ],
                className="restart-line",
            )
        )
    return lines


def histogram(result: dict | None) -> go.Figure:
    """Final F of every restart, per run (log scale), one colour per run."""
    fig = go.Figure()
    if result:
        for r in result["runs"]:
            values = [math.log10(max(f, 1e-300)) for f in r["F"] if f is not None]
            fig.add_trace(
                go.Histogram(
                    x=values,
                    name=r["label"],
                    opacity=0.7,
                    marker={"color": figures.PALETTES["plain"][r["color"]], "line": {"color": "#333", "width": 1}},
                    nbinsx=30,
                    hovertemplate="log₁₀ F %{x}<br>%{y} starts<extra>" + r["label"] + "</extra>",
                )
            )
    fig.update_layout(
        barmode="overlay",
        margin={"l": 46, "r": 10, "t": 26, "b": 40},
        title={"text": "Final F of every restart", "font": {"size": 13}, "x": 0.02, "xanchor": "left"},
        xaxis={"title": {"text": "log₁₀ F"}},
        yaxis={"title": {"text": "starts"}},
        showlegend=False,
        autosize=True,
    )
    return fig


def ends_for_the_map(result: dict | None) -> list:
    """Where each run's restarts ended, for the page to mark on the map: colour, end points, the best one."""
    if not result:
        return []
    return [{"color": r["color"], "label": r["label"], "ends": r["ends"], "best": r["best"]} for r in result["runs"]]


def register(app, manager) -> None:
    @app.callback(
        output={"request": Output(ids.RESTART_REQUEST, "data")},
        inputs={
            "restarts": Input(ids.SCENE_RESTARTS, "data"),
            "view": Input(ids.SCENE_VIEW, "data"),
            "runs": Input(ids.SCENE_RUNS, "data"),
            "draft": Input(ids.SCENE_DRAFT, "data"),
        },
        state={"current": State(ids.RESTART_REQUEST, "data")},
    )
    def _request(restarts, view, runs, draft, current):
        if view is None:
            return {"request": no_update}
        scene = scenes.check({"view": view, "runs": runs, "draft": draft, "restarts": restarts})[0]
        request = request_for(scene)
        return {"request": no_update if request == current else request}

    @app.callback(
        output={"result": Output(ids.RESTART_STORE, "data")},
        inputs={"request": Input(ids.RESTART_REQUEST, "data")},
        background=True,
        manager=manager,
        interval=background.POLL_MS,
        progress=[
            Output(ids.RESTART_PROGRESS, "value"),
            Output(ids.RESTART_PROGRESS, "max"),
            Output(ids.RESTART_STATUS, "children"),
        ],
        running=[
            (Output(ids.RESTART_BUSY, "hidden"), False, True),
            (Output(ids.RESTART_CANCEL, "disabled"), False, True),
        ],
        cancel=[Input(ids.RESTART_CANCEL, "n_clicks")],
        prevent_initial_call=True,
    )
    def _compute(set_progress, request):
        checked = checked_request(request)
        if checked is None:
            return {"result": None}
        return {"result": compute(checked, background.progress_feed(set_progress, "random restarts"))}

    @app.callback(
        output={
            "summary": Output(ids.RESTART_SUMMARY, "children"),
            "plot": Output(ids.RESTART_PLOT, "figure"),
            "hidden": Output("restart-plot-box", "hidden"),
        },
        inputs={"result": Input(ids.RESTART_STORE, "data")},
    )
    def _show(result):
        result = result if isinstance(result, dict) and isinstance(result.get("runs"), list) else None
        return {"summary": summary(result), "plot": histogram(result), "hidden": result is None}


def checked_request(request) -> dict | None:
    """A request from the page, made again from a checked scene (a store is what a client sends)."""
    raw = request if isinstance(request, dict) else {}
    if not raw:
        return None
    pair = raw.get("pair") if isinstance(raw.get("pair"), list) and len(raw.get("pair")) == 2 else [None, None]
    runs = raw.get("runs") if isinstance(raw.get("runs"), list) else []
    scene = scenes.check(
        {
            "view": {
                "x": pair[0],
                "y": pair[1],
                "xr": raw.get("xr"),
                "yr": raw.get("yr"),
                "fixed": dict(zip(surface.PARAMS, raw.get("fixed") or [], strict=False)),
                "data": raw.get("data"),
            },
            "runs": [
                {
                    **{k: r.get(k) for k in ("algorithm", "hyper", "goal", "grad_tol", "color", "start", "free")},
                    "epochs": r.get("asked"),
                }
                for r in runs
                if isinstance(r, dict)
            ],
            "restarts": {"on": True, "n": raw.get("n"), "init": raw.get("init"), "seed": raw.get("seed")},
        }
    )[0]
    if not scene["runs"]:
        return None
    return request_for(scene)
