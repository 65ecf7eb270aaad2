"""Downloads, served from a scene's link: a run as CSV or JSON, the scene as JSON, and the figure as a web page
that works offline.

Each route reads its query with ``scene.load_query``, the one way in for a link, so a download is exactly what the
same link shows. Runs are deterministic: the run is computed again, not fetched from a cache.

Bounded, since a link is anyone's to write: a run's download is its display copy (the iterates the page draws, at
most ``DISPLAY_POINTS``) unless the link asks for every iterate (``rows=all``) and that fits ``EXPORT_BYTES``
(the run cards ask for it when it does); each worker process computes at most ``EXPORT_SLOTS`` downloads at once
(env ``EXPORT_SLOTS``), and one that finds them all busy for ``SLOT_WAIT`` seconds is answered 503 with a
Retry-After, so pages and maps keep flowing while a class downloads; text is compressed (``hardening``).
"""

from __future__ import annotations

import html
import io
import json
import os
import threading

import numpy as np
import plotly.io as pio
from flask import Response, request

import surface
from explorer.components import plots
from explorer.components.curvature import view as curvature_view
from explorer.components.lessons.presets import PRESETS
from explorer.components.lines import view as lines_view
from explorer.components.map import figures
from explorer.components.planes import figures as planes_figures
from explorer.components.planes import view as planes_view
from explorer.core import compute
from explorer.core import data as scene_data
from explorer.core import scene as scenes
from explorer.core.format import number_text
from explorer.core.limits import EXPORT_BYTES, full_export_bytes
from explorer.core.run import labels

CSV_CHUNK = 20_000
"""Rows formatted per piece of a CSV."""

EXPORT_SLOTS = 2
"""Downloads one worker process computes at once, unless env ``EXPORT_SLOTS`` says otherwise."""

SLOT_WAIT = 10.0
"""Seconds a download waits for a free slot before it is answered 503."""

BUSY = "The server is busy with other downloads: try again in a moment."


def columns_of(tr: surface.Trajectory) -> int:
    """The columns of a run's CSV: epoch, evals, the free parameters, F, |∇F| and its per-step traces."""
    return 4 + len(tr.free) + len(step_traces(tr))


def step_traces(tr: surface.Trajectory) -> dict:
    return {
        k: v for k, v in tr.extras.items() if isinstance(v, np.ndarray) and v.ndim == 1 and len(v) == len(tr.xs) - 1
    }


def rows_for(tr: surface.Trajectory, view: dict, every: bool) -> surface.Trajectory:
    """What a download holds: every iterate when asked for (``every``) and it fits ``EXPORT_BYTES``, else a
    ValueError saying so; the display copy otherwise."""
    if not every:
        return tr.display_copy(compute.DISPLAY_POINTS, window=compute.view_window(view))
    size = full_export_bytes(len(tr.xs), columns_of(tr))
    if size > EXPORT_BYTES:
        raise ValueError(
            f"every iterate of this run ({len(tr.xs):,}) would be about {size / 2**20:.0f} MB, past the "
            f"{EXPORT_BYTES / 2**20:.0f} MB a download may be: without rows=all the link gives the "
            f"{compute.DISPLAY_POINTS:,} iterates the map draws"
        )
    return tr


def run_csv_rows(tr: surface.Trajectory):
    """The CSV of a run, in pieces: a header, then one row per iterate.

    Columns: epoch, evals (evaluations spent to reach the iterate), the free parameters, F, |∇F|, and each
    per-step trace of the algorithm as ``step:<name>``, the value of the step that led to this iterate (blank on
    the first row). Numbers are written with 17 significant digits, so they read back as the same floats.
    """
    traces = step_traces(tr)
    header = ["epoch", "evals", *tr.free, "F", "grad_norm", *(f"step:{k}" for k in traces)]
    yield ",".join(header) + "\n"
    columns = [tr.epoch.astype(float), tr.evals, *tr.xs.T, tr.F, tr.grad_norm]
    columns += [np.concatenate([[np.nan], v.astype(float)]) for v in traces.values()]
    table = np.column_stack(columns)
    for start in range(0, len(table), CSV_CHUNK):
        buffer = io.StringIO()
        np.savetxt(buffer, table[start : start + CSV_CHUNK], fmt="%.17g", delimiter=",")
        yield buffer.getvalue().replace("nan", "")


def first_run(query: str, every: bool = False):
    """The scene of a link and what a download holds of its first run (``rows_for``); a ValueError when the link
    has no run, or asks for more than a download may be."""
    scene, _ = scenes.load_query(query)
    if not scene["runs"]:
        raise ValueError("this link has no run to export")
    tr = compute.trajectory(*compute.run_args(scene["runs"][0], scene["view"]))
    return scene, rows_for(tr, scene["view"], every)


def file_name(scene: dict, ext: str) -> str:
    run = scene["runs"][0]
    start = "_".join(number_text(v) for v in run["start"])
    return f"{run['algorithm']}_{scene['view']['x']}_{scene['view']['y']}_from_{start}.{ext}"


def attachment(name: str) -> dict:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


def standalone_html(scene: dict) -> str:
    """What the scene shows, as one self-contained page (plotly.js inlined: it works offline): the pair's map with
    every run's path and the curvature overlays that are on (each named in the legend); or, when the scene shows a
    plane, the plane's map with the paths projected onto it and its axes saying what the directions are; or, on
    the "along a line" tab, its two plots and the barrier in words."""
    view = scene["view"]
    preset = PRESETS.get(scene["preset"]) if scene["preset"] else None
    title = preset.name if preset else "Loss-surface explorer"
    caption = [preset.caption] if preset else []
    if view["mode"] == "line":
        runs_fig, swap_fig, barrier = lines_view.figures_for(view, scene["runs"])
        figs, caption = [runs_fig, swap_fig], [*caption, barrier]
        title += ": F along straight lines"
    elif planes_view.on_plane(view):
        fig, note = plane_map(scene)
        figs, caption = [fig], [*caption, note]
        title += ": the map on a plane"
    else:
        figs = [pair_map(scene)]
    return page(title, caption, figs, scenes.to_query(scene))


def pair_map(scene: dict):
    """The pair's map with every run's whole path and the curvature overlays that are on."""
    view = scene["view"]
    xs, ys, F = compute.view_grid(view)
    points = compute.view_stationary(view) if "critical" in view["overlays"] else None
    optimum = compute.view_nominal_minimum(view)
    paths = []
    for run, label in zip(scene["runs"], labels(scene["runs"]), strict=True):
        color = plots.PALETTES["plain"][run["color"]]
        if run.get("bug"):  # a planted bug's run: the correct one from the same start, solid, as the page draws it
            clean = {k: v for k, v in run.items() if k != "bug"}
            twin = whole_path(clean, view)
            paths.append({"label": f"{label}: the correct run", "color": color, "x": twin[:, 0], "y": twin[:, 1]})
        shown = whole_path(run, view)
        dash = "dash" if run.get("bug") else "solid"
        paths.append({"label": label, "color": color, "x": shown[:, 0], "y": shown[:, 1], "dash": dash})
    layers = curvature_view.traces(view, scene["draft"])
    return figures.static_map(view, xs, ys, F, points, optimum, paths, layers)


def whole_path(run: dict, view: dict) -> np.ndarray:
    """A run's display copy for the view's window: its iterates' first two free values (the axes)."""
    shown = compute.trajectory(*compute.run_args(run, view)).display_copy(
        compute.DISPLAY_POINTS, window=compute.view_window(view)
    )
    return shown.xs[:, :2]


def plane_map(scene: dict):
    """The map on the scene's plane (whatever its tab) with every run projected onto it, and the note that says
    what the plane is; a plane that cannot be made gives an empty figure and the reason."""
    view = {**scene["view"], "mode": "contour"}
    data = scene_data.training_set(scene_data.data_key(view.get("data")))  # the scene's set (None: nominal)
    try:
        built = planes_figures.build(view, scene["runs"], data, draft=scene["draft"])
    except ValueError as exc:
        return {"data": [], "layout": plots.empty_note(f"No plane to draw: {exc}.")}, f"No plane to draw: {exc}."
    return planes_figures.map_figure(built, view["res"], data), built["note"]


def page(title: str, paragraphs: list[str], figs: list, query: str) -> str:
    """A page with a heading, paragraphs and the figures (plotly.js inlined once), and the scene's link."""
    config = {"displaylogo": False, "responsive": True}
    bodies = [pio.to_html(fig, include_plotlyjs=i == 0, full_html=False, config=config) for i, fig in enumerate(figs)]
    height = "82vh" if len(figs) == 1 else "60vh"
    text = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:16px 24px;color:#1d2330}"
        f".plotly-graph-div{{height:{height}!important}}</style></head><body>"
        f"<h1 style='font-size:1.3rem'>{html.escape(title)}</h1>{text}{''.join(bodies)}"
        f"<p style='color:#5b6475;font-size:.85rem'>Scene: <code>?{html.escape(query)}</code></p>"
        "</body></html>"
    )


def register(server, prefix: str = "/", env=os.environ) -> None:
    """The download routes, under the app's route prefix, each computed in one of the process's slots."""
    text = str(env.get("EXPORT_SLOTS", EXPORT_SLOTS))
    if not text.isdigit() or not 0 < int(text) <= 64:
        raise ValueError(f"EXPORT_SLOTS must be a whole number from 1 to 64, not {text[:40]!r}")
    slots = threading.BoundedSemaphore(int(text))

    def bounded(make):
        """``make()`` in a free slot, or 503 when none frees up within ``SLOT_WAIT``."""
        if not slots.acquire(timeout=SLOT_WAIT):
            return Response(BUSY, status=503, mimetype="text/plain", headers={"Retry-After": "5"})
        try:
            return make()
        finally:
            slots.release()

    def query() -> str:
        return request.query_string.decode("utf-8", "replace")

    def run_download(ext: str, write):
        try:
            scene, tr = first_run(query(), every=request.args.get("rows") == "all")
        except ValueError as exc:
            return Response(str(exc), status=400, mimetype="text/plain")
        return Response(
            write(tr),
            mimetype=f"text/{ext}" if ext == "csv" else "application/json",
            headers=attachment(file_name(scene, ext)),
        )

    @server.route(f"{prefix}export/run.csv")
    def _run_csv():
        return bounded(lambda: run_download("csv", lambda tr: "".join(run_csv_rows(tr))))

    @server.route(f"{prefix}export/run.json")
    def _run_json():
        return bounded(lambda: run_download("json", lambda tr: tr.to_json()))

    @server.route(f"{prefix}export/scene.json")
    def _scene_json():
        scene, _ = scenes.load_query(query())
        return Response(
            json.dumps(scene, indent=2, ensure_ascii=False),
            mimetype="application/json",
            headers=attachment("scene.json"),
        )

    @server.route(f"{prefix}export/figure.html")
    def _figure_html():
        def make():
            scene, _ = scenes.load_query(query())
            return Response(standalone_html(scene), mimetype="text/html", headers=attachment("loss-surface.html"))

        return bounded(make)
