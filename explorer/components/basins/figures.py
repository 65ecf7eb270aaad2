"""Where each start ends, drawn: a colour per destination (or a shade per the epochs needed) in cells beneath the
contour lines."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

DESTINATION_COLORS = ["#4e79a7", "#59a14f", "#edc948", "#b07aa1", "#76b7b2", "#ff9da7", "#9c755f", "#f28e2b"]
"""Colours of the stationary points starts end at, in the order of the basin map's destinations (lowest F
first); the others have their own: still moving, stalled in a flat region, diverged, stopped elsewhere."""
OTHER_DESTINATION_COLORS = {"moving": "#d9d9d9", "stalled": "#8c8c8c", "diverged": "#e15759", "stopped": "#bab0ac"}


def destination_colors(destinations: list[dict]) -> list[str]:
    """A colour for each destination of a basin map, by its kind (stationary points in turn, the others fixed)."""
    colors, k = [], 0
    for d in destinations:
        if d["kind"] in OTHER_DESTINATION_COLORS:
            colors.append(OTHER_DESTINATION_COLORS[d["kind"]])
        else:
            colors.append(DESTINATION_COLORS[k % len(DESTINATION_COLORS)])
            k += 1
    return colors


def basin_trace(basins: dict | None, shade: str = "destination") -> go.Heatmap:
    """Where each start ends, as cells under the contour lines: a colour per destination, or (``shade`` =
    "epochs") a shade per the epochs the start needed, light for few and dark for many. Hidden without a map."""
    if not basins:
        return go.Heatmap(z=[[0.0]], x=[0.0], y=[0.0], visible=False, showscale=False, hoverinfo="skip", uid="basins")
    xs, ys = np.asarray(basins["xs"], dtype=np.float32), np.asarray(basins["ys"], dtype=np.float32)
    destinations = basins["destinations"]
    titles = [d["title"] for d in destinations]
    labels = np.asarray(basins["labels"], dtype=int)
    epochs = np.asarray(basins["epochs"], dtype=float)
    text = np.asarray(titles, dtype=object)[labels]
    common = {"x": xs, "y": ys, "showscale": False, "uid": "basins", "opacity": 0.85, "zsmooth": False}
    hover = "a start at (%{x:.3g}, %{y:.3g}) ends: %{text}<br>after %{customdata:,} epochs<extra></extra>"
    if shade == "epochs":
        z = np.log10(np.maximum(epochs, 1.0)).astype(np.float32)
        return go.Heatmap(
            z=z, colorscale="Blues", zmin=0.0, text=text, customdata=epochs.astype(int), hovertemplate=hover, **common
        )
    colors = destination_colors(destinations)
    n = len(colors)
    scale = [[(i + edge) / n, c] for i, c in enumerate(colors) for edge in (0.0, 1.0)]
    return go.Heatmap(
        z=labels.astype(np.float32),
        zmin=-0.5,
        zmax=n - 0.5,
        colorscale=scale if n > 1 else [[0, colors[0]], [1, colors[0]]],
        text=text,
        customdata=epochs.astype(int),
        hovertemplate=hover,
        **common,
    )
