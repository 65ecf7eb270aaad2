"""The 3-D surface of F (or log₁₀ F) over the view's window; the browser draws the runs on it."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explorer.components.map.figures import COLORSCALE, axis_title, view_revision


def surface_figure(view: dict, xs, ys, F) -> go.Figure:
    """The 3-D surface of F (or log10 F) over the same window; the browser draws the runs on it."""
    log = view.get("zscale") == "log"
    z = np.log10(np.maximum(F, 1e-300)) if log else F
    title = "log₁₀ F" if log else "F"
    fig = go.Figure(
        go.Surface(
            x=np.asarray(xs, dtype=np.float32),
            y=np.asarray(ys, dtype=np.float32),
            z=np.asarray(z, dtype=np.float32),
            colorscale=COLORSCALE,
            showscale=False,
            opacity=0.85,
            name=title,
            hovertemplate="(%{x:.3g}, %{y:.3g})<br>" + title + " = %{z:.4g}<extra></extra>",
            contours={"z": {"show": True, "usecolormap": True, "project": {"z": True}, "width": 1}},
            uid="surface",
        )
    )
    fig.update_layout(
        scene={
            "xaxis": {"title": {"text": axis_title(view["x"])}, "range": [float(v) for v in view["xr"]]},
            "yaxis": {"title": {"text": axis_title(view["y"])}, "range": [float(v) for v in view["yr"]]},
            "zaxis": {"title": {"text": title}},
            "camera": {"eye": {"x": 1.25, "y": -1.9, "z": 1.15}},
            "aspectmode": "cube",
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        autosize=True,
        showlegend=False,
        uirevision=view_revision(view) + f"|{log}",
        meta={"zscale": view.get("zscale", "linear"), "span": float(np.nanmax(z) - np.nanmin(z))},
    )
    return fig
