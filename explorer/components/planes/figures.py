"""A plane's map and surface with the runs' paths projected on it (pure figure builders)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

import surface
from explorer.components import plots
from explorer.components.map import figures
from explorer.components.surface3d import figures as surface_figures

from .build import build_plane, full_path, grid_for, note_for, on_plane_values, run_results, title_for, window

EDGE = {"color": "#111", "width": 1}


def path_traces(plane: surface.Plane, results: list[dict]) -> tuple[list[go.Scatter], list[np.ndarray]]:
    """Each run's path projected onto the plane (in its colour, a circle at its start, a square at its end) and
    the projected (α, β) of every drawn iterate."""
    traces, coords = [], []
    colors = plots.PALETTES["plain"]
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


LIFT = 0.012
"""A path on the plane's 3-D surface is drawn this share of the surface's height above it (so the surface does not
hide it between iterates), as the pair's 3-D view draws its runs."""


SURFACE_POINTS = 160
"""Grid points per axis of the plane's 3-D surface at most (a WebGL surface needs fewer vertices; as the pair's)."""


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
    fig = surface_figures.surface_figure(
        {"x": "w1_11", "y": "w2_11", "xr": built["ar"], "yr": built["br"], "zscale": zscale}, alphas, betas, F
    )
    title = "log₁₀ F" if log else "F"
    fig.data[0].hovertemplate = "α = %{x:.3g}, β = %{y:.3g}<br>" + title + " = %{z:.4g}<extra></extra>"
    colors = plots.PALETTES["plain"]
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
