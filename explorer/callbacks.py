"""Thin callbacks: parse and validate, call ``surface`` (through the cache) and ``figures``, return.

Every function here is a plain function of its inputs, registered on the app by ``register``; the tests call
them directly. All state between callbacks lives in the browser (the stores and the controls), so any worker
process can answer any request.
"""

from __future__ import annotations

import uuid

from dash import ALL, ClientsideFunction, Input, Output, Patch, State, ctx, html, no_update

import surface

from . import compute, figures, ids, layout, validate


def axis_options(x: str, y: str):
    """Each dropdown lists the seven parameters with the other axis's one disabled; axis parameters' fixed
    boxes are disabled (they vary along the map)."""
    disabled = [name in (x, y) for name in surface.PARAMS]
    return layout.parameter_options(y), layout.parameter_options(x), disabled


def window_for_pair(x: str, y: str, _reset_clicks=None, trigger=None):
    """The pair's default window; a new pair also moves the start point to the window's lower-left."""
    if validate.pair(x, y)[1]:
        return (no_update,) * 6
    (xr, yr) = surface.default_window(x, y)
    if trigger == ids.RESET_WINDOW:
        return xr[0], xr[1], yr[0], yr[1], no_update, no_update
    x0, y0 = layout.default_start(xr, yr)
    return xr[0], xr[1], yr[0], yr[1], x0, y0


def parse_view(x, y, xmin, xmax, ymin, ymax, res, fixed_texts: dict):
    """The view as plain values, or the messages that say what is wrong (window, resolution, fixed)."""
    axes, pair_error = validate.pair(x, y)
    window, window_error = validate.window(xmin, xmax, ymin, ymax)
    n, res_error = validate.resolution(res)
    fixed, fixed_error = validate.fixed_values(fixed_texts, axes or ("", ""))
    errors = (window_error or pair_error or "", res_error or "", fixed_error or "")
    if any(errors):
        return None, errors
    view = {"x": x, "y": y, "xr": list(window[0]), "yr": list(window[1]), "res": n, "fixed": list(fixed)}
    return view, errors


def update_map(x, y, xmin, xmax, ymin, ymax, res, fixed_values, fixed_ids, show_critical):
    """Map figure, view store, overlay layout and the three control messages (the last good map stays)."""
    texts = {i["name"]: v for i, v in zip(fixed_ids, fixed_values, strict=True)}
    view, errors = parse_view(x, y, xmin, xmax, ymin, ymax, res, texts)
    if view is None:
        return (no_update, no_update, no_update, *errors, no_update)
    key = (view["x"], view["y"], tuple(view["xr"]), tuple(view["yr"]))
    xs, ys, F = compute.grid(*key, view["res"], tuple(view["fixed"]))
    points = compute.stationary(*key, tuple(view["fixed"])) if show_critical else []
    figure = figures.map_figure(view, xs, ys, F, points)
    info = map_info(F, points if show_critical else None)
    return figure, view, figures.overlay_layout(view), *errors, info


def map_info(F, points) -> str:
    """One line under the controls: the range of F and what stationary points the window holds."""
    text = f"F on this grid: {float(F.min()):.3g} to {float(F.max()):.3g}."
    if points is None:
        return text
    counts = {}
    for p in points:
        counts[p["kind"]] = counts.get(p["kind"], 0) + 1
    found = ", ".join(f"{n} {KIND_NAMES[kind][n > 1]}" for kind, n in counts.items()) or "none"
    return f"{text} Stationary points in the window: {found}."


KIND_NAMES = {
    "minimum": ("minimum", "minima"),
    "saddle": ("saddle point", "saddle points"),
    "maximum": ("maximum", "maxima"),
    "degenerate": ("degenerate point", "degenerate points"),
}


def reset_fixed(_clicks, fixed_ids):
    return [f"{surface.NOMINAL[surface.PARAMS.index(i['name'])]:g}" for i in fixed_ids]


def algorithm_changed(algorithm: str):
    """The chosen algorithm's controls with the book's defaults, its description and its epoch budget."""
    if algorithm not in surface.ALGORITHMS:
        return (no_update,) * 5
    return (
        layout.hyper_controls(algorithm),
        layout.algorithm_help(algorithm),
        compute.DEFAULT_EPOCHS[algorithm],
        layout.epochs_note(algorithm),
        "",
    )


def start_from_click(click):
    """The start point where the map was clicked (the exact point, from the pixel, not a grid node)."""
    if not click or "x" not in click or "y" not in click:
        return no_update, no_update, no_update
    point, error = validate.start_point(click["x"], click["y"])
    if error:
        return no_update, no_update, error
    return f"{point[0]:.6g}", f"{point[1]:.6g}", ""


def parse_request(start_x, start_y, algorithm, hyper_texts: dict, epochs, goal, grad_tol):
    """A run request as plain values, or messages for the start, the hyperparameters and the stop rules."""
    start, start_error = validate.start_point(start_x, start_y)
    hyper, hyper_error = validate.hyperparameters(algorithm, hyper_texts)
    cap = compute.EPOCH_CAPS.get(algorithm, 0)
    n, epochs_error = validate.whole(epochs, "epochs", 1, cap)
    g, goal_error = validate.number(goal, "goal", 0.0, 1e3)
    t, tol_error = validate.number(grad_tol, "gradient tolerance", 0.0, 1e3)
    stop_error = "; ".join(e for e in (epochs_error, goal_error, tol_error) if e)
    errors = (start_error or "", hyper_error or "", stop_error)
    if any(errors):
        return None, errors
    request = {"algorithm": algorithm, "start": start, "hyper": hyper, "epochs": n, "goal": g, "grad_tol": t}
    return request, errors


def add_run(_clicks, start_x, start_y, algorithm, hyper_values, hyper_ids, epochs, goal, grad_tol, view, runs):
    """Compute one run in one request and append it to the stores (its path goes to the browser once)."""
    texts = {i["name"]: v for i, v in zip(hyper_ids, hyper_values, strict=True)}
    request, errors = parse_request(start_x, start_y, algorithm, texts, epochs, goal, grad_tol)
    if request is None:
        return (no_update, no_update, *errors, "")
    if not view:
        return (no_update, no_update, *errors, "The map is not ready yet.")
    runs = runs or []
    if len(runs) >= validate.MAX_RUNS:
        return (no_update, no_update, *errors, f"At most {validate.MAX_RUNS} runs at once: remove one first.")
    result = compute.run(
        request["algorithm"],
        request["start"],
        (view["x"], view["y"]),
        tuple(view["fixed"]),
        request["epochs"],
        request["goal"],
        request["grad_tol"],
        tuple(sorted(request["hyper"].items())),
    )
    run_id = uuid.uuid4().hex[:10]
    used = {r["color"] for r in runs}
    color = next((c for c in figures.PALETTE if c not in used), figures.PALETTE[0])
    meta = {k: v for k, v in result.items() if k not in ("x", "y", "F", "epoch")}
    meta.update(id=run_id, color=color, label=figures.run_label(result))
    runs_patch, paths_patch = Patch(), Patch()
    runs_patch.append(meta)
    paths_patch[run_id] = {k: result[k] for k in ("x", "y", "F", "epoch")}
    done = html.Span(f"Added {meta['label']}: {surface.STATUS_LABELS[result['status']]}.", className="ok")
    return runs_patch, paths_patch, *errors, done


def prune_runs(_remove_clicks, _clear_clicks, view, runs, trigger=None, trigger_value=None):
    """Remove one run, clear them all, or drop runs drawn for another pair or other fixed values."""
    runs = runs or []
    if trigger == ids.CLEAR:
        return [], {}, html.Span("All runs cleared.", className="ok") if runs else ""
    if isinstance(trigger, dict) and trigger.get("type") == ids.REMOVE:
        if not trigger_value:  # a button that was just drawn, not clicked
            return no_update, no_update, no_update
        keep = [r for r in runs if r["id"] != trigger["index"]]
        if len(keep) == len(runs):
            return no_update, no_update, no_update
        paths = Patch()
        del paths[trigger["index"]]
        return keep, paths, ""
    if trigger == ids.VIEW and view and runs:
        stale = [r for r in runs if r["pair"] != [view["x"], view["y"]] or r["base"] != view["fixed"]]
        if stale:
            keep = [r for r in runs if r not in stale]
            paths = Patch()
            for r in stale:
                del paths[r["id"]]
            note = f"{len(stale)} run(s) removed: they were computed for another pair or other fixed values."
            return keep, paths, html.Span(note, className="ok")
    return no_update, no_update, no_update


def run_list(runs):
    """One card per run: colour, algorithm and start, outcome, final point and F, epochs, evaluations, time."""
    if not runs:
        return layout.empty_run_list()
    return [run_card(r) for r in runs]


def run_card(run: dict) -> html.Div:
    x1, y1 = run["end"]
    evaluations = ", ".join(f"{n} {k}" for k, n in run["evaluations"].items())
    hyper = ", ".join(f"{k} = {v:g}" if isinstance(v, float | int) else f"{k} = {v}" for k, v in run["hyper"].items())
    return html.Div(
        [
            html.Div(
                [
                    html.Span(className="swatch", style={"background": run["color"]}),
                    html.Strong(run["label"]),
                    html.Button(
                        "×",
                        id={"type": ids.REMOVE, "index": run["id"]},
                        n_clicks=0,
                        className="remove",
                        title="remove this run",
                    ),
                ],
                className="run-head",
            ),
            html.Div(hyper or "no hyperparameters", className="note"),
            html.Div(surface.STATUS_LABELS.get(run["status"], run["status"]), className=f"status {run['status']}"),
            html.Div(run["message"], className="run-message"),
            html.Div(
                f"end ({x1:.6g}, {y1:.6g}), F = {run['F_end']:.6g}, |∇F| = {run['grad_end']:.3g}", className="mono"
            ),
            html.Div(
                f"{run['epochs']:,} epochs · {evaluations} · {run['seconds'] * 1e3:.1f} ms to compute",
                className="note",
            ),
        ],
        className="run-card",
        style={"borderLeftColor": run["color"]},
    )


def show_view(tab, view, runs, paths):
    """The 3-D surface when its tab is chosen (with the runs' paths on it), and which view is visible."""
    hidden, shown = {"display": "none"}, {"display": "block"}
    if tab != "surface":
        return no_update, shown, hidden
    if not view:
        return no_update, hidden, shown
    n = min(view["res"], 160)  # a WebGL surface needs far fewer vertices than the contour map
    xs, ys, F = compute.grid(view["x"], view["y"], tuple(view["xr"]), tuple(view["yr"]), n, tuple(view["fixed"]))
    drawn = []
    for r in runs or []:
        p = (paths or {}).get(r["id"])
        if p:
            drawn.append(
                {
                    "x": compute.decode(p["x"]),
                    "y": compute.decode(p["y"]),
                    "F": compute.decode(p["F"]),
                    "color": r["color"],
                    "label": r["label"],
                }
            )
    return figures.surface_figure(view, xs, ys, F, drawn), hidden, shown


def register(app) -> None:
    """Attach every callback to ``app``."""
    fixed_all = {"type": ids.FIXED, "name": ALL}
    hyper_all = {"type": ids.HYPER, "name": ALL}

    app.callback(
        Output(ids.X_PARAM, "options"),
        Output(ids.Y_PARAM, "options"),
        Output(fixed_all, "disabled"),
        Input(ids.X_PARAM, "value"),
        Input(ids.Y_PARAM, "value"),
    )(axis_options)

    @app.callback(
        Output(ids.X_MIN, "value"),
        Output(ids.X_MAX, "value"),
        Output(ids.Y_MIN, "value"),
        Output(ids.Y_MAX, "value"),
        Output(ids.START_X, "value"),
        Output(ids.START_Y, "value"),
        Input(ids.X_PARAM, "value"),
        Input(ids.Y_PARAM, "value"),
        Input(ids.RESET_WINDOW, "n_clicks"),
        prevent_initial_call=True,
    )
    def _window(x, y, clicks):
        return window_for_pair(x, y, clicks, ctx.triggered_id)

    app.callback(
        Output(ids.MAP, "figure"),
        Output(ids.VIEW, "data"),
        Output(ids.OVERLAY_BASE, "data"),
        Output(ids.MSG_WINDOW, "children"),
        Output(ids.MSG_RESOLUTION, "children"),
        Output(ids.MSG_FIXED, "children"),
        Output(ids.MAP_INFO, "children"),
        Input(ids.X_PARAM, "value"),
        Input(ids.Y_PARAM, "value"),
        Input(ids.X_MIN, "value"),
        Input(ids.X_MAX, "value"),
        Input(ids.Y_MIN, "value"),
        Input(ids.Y_MAX, "value"),
        Input(ids.RESOLUTION, "value"),
        Input(fixed_all, "value"),
        State(fixed_all, "id"),
        Input(ids.SHOW_CRITICAL, "value"),
    )(update_map)

    app.callback(
        Output(fixed_all, "value"),
        Input(ids.RESET_FIXED, "n_clicks"),
        State(fixed_all, "id"),
        prevent_initial_call=True,
    )(reset_fixed)

    app.callback(
        Output(ids.HYPER_PANEL, "children"),
        Output(ids.ALGORITHM_HELP, "children"),
        Output(ids.EPOCHS, "value"),
        Output(ids.EPOCHS_NOTE, "children"),
        Output(ids.MSG_HYPER, "children", allow_duplicate=True),
        Input(ids.ALGORITHM, "value"),
        prevent_initial_call=True,
    )(algorithm_changed)

    app.callback(
        Output(ids.START_X, "value", allow_duplicate=True),
        Output(ids.START_Y, "value", allow_duplicate=True),
        Output(ids.MSG_START, "children", allow_duplicate=True),
        Input(ids.START_CLICK, "data"),
        prevent_initial_call=True,
    )(start_from_click)

    app.callback(
        Output(ids.RUNS, "data"),
        Output(ids.PATHS, "data"),
        Output(ids.MSG_START, "children"),
        Output(ids.MSG_HYPER, "children"),
        Output(ids.MSG_STOP, "children"),
        Output(ids.MSG_RUN, "children"),
        Input(ids.RUN, "n_clicks"),
        State(ids.START_X, "value"),
        State(ids.START_Y, "value"),
        State(ids.ALGORITHM, "value"),
        State(hyper_all, "value"),
        State(hyper_all, "id"),
        State(ids.EPOCHS, "value"),
        State(ids.GOAL, "value"),
        State(ids.GRAD_TOL, "value"),
        State(ids.VIEW, "data"),
        State(ids.RUNS, "data"),
        prevent_initial_call=True,
        running=[(Output(ids.RUN, "disabled"), True, False)],
    )(add_run)

    @app.callback(
        Output(ids.RUNS, "data", allow_duplicate=True),
        Output(ids.PATHS, "data", allow_duplicate=True),
        Output(ids.MSG_RUN, "children", allow_duplicate=True),
        Input({"type": ids.REMOVE, "index": ALL}, "n_clicks"),
        Input(ids.CLEAR, "n_clicks"),
        Input(ids.VIEW, "data"),
        State(ids.RUNS, "data"),
        prevent_initial_call=True,
    )
    def _prune(remove_clicks, clear_clicks, view, runs):
        value = ctx.triggered[0]["value"] if ctx.triggered else None
        return prune_runs(remove_clicks, clear_clicks, view, runs, ctx.triggered_id, value)

    app.callback(Output(ids.RUN_LIST, "children"), Input(ids.RUNS, "data"))(run_list)

    app.callback(
        Output(ids.SURFACE, "figure"),
        Output("map-view", "style"),
        Output("surface-view", "style"),
        Input(ids.VIEW_TABS, "value"),
        Input(ids.VIEW, "data"),
        Input(ids.RUNS, "data"),
        State(ids.PATHS, "data"),
    )(show_view)

    register_clientside(app)


def register_clientside(app) -> None:
    """The browser's share: drawing runs, the click handler and the animation (assets/explorer.js)."""
    app.clientside_callback(
        ClientsideFunction("explorer", "drawRuns"),
        Output(ids.OVERLAY, "figure"),
        Output(ids.LOSS, "figure"),
        Output(ids.RESPONSE, "figure"),
        Input(ids.RUNS, "data"),
        Input(ids.PATHS, "data"),
        Input(ids.OVERLAY_BASE, "data"),
        State(ids.START_X, "value"),
        State(ids.START_Y, "value"),
        State(ids.LOSS, "figure"),
        State(ids.RESPONSE, "figure"),
    )
    app.clientside_callback(
        ClientsideFunction("explorer", "showStart"),
        Output(ids.ANIMATION, "title"),
        Input(ids.START_X, "value"),
        Input(ids.START_Y, "value"),
    )
    app.clientside_callback(
        ClientsideFunction("explorer", "hookMap"),
        Output(ids.ANIMATION, "children"),
        Input(ids.MAP, "figure"),
    )
    app.clientside_callback(
        ClientsideFunction("explorer", "control"),
        Output(ids.ANIMATION, "className"),
        Input(ids.PLAY, "n_clicks"),
        Input(ids.STEP, "n_clicks"),
        Input(ids.STEP_BACK, "n_clicks"),
        Input(ids.RESTART, "n_clicks"),
        Input(ids.SPEED, "value"),
        Input(ids.LOOP, "value"),
        prevent_initial_call=True,
    )
