"""Presentation mode's look, declared once: what changes on each graph when a class watches a projector.

``LOOKS["present"]`` holds, for each graph the server draws (the map, a plane's map or surface, the two plots
along lines), a plotly template's share of it: ``layout`` (nested as a figure's layout is; ``annotationdefaults``
as plotly templates have it, for every annotation) and ``traces``, the styles of the traces whose ``uid`` starts
with a key (a template styles traces by type only, and these differ by role: the runs' paths and their ends).
A trace style's ``"palette"`` stands for the run's colour in presentation mode's palette (``figures.PALETTES``),
the run being the number that ends the uid; ``"palette-side"`` for the same on a white plot (white drawn grey).
The browser (``assets/60-presentation.js``) lays a look over a graph and, leaving presentation mode, puts back
what the server had drawn there, so the plain look is the figures' own and is written nowhere else.

``LOOKS[mode]["runs"]`` and ``["side"]`` are the sizes of what the browser draws itself in each mode: the runs
over the map and the loss and response plots beside it.
"""

from __future__ import annotations

_LINE_LAYOUT = {
    "font": {"size": 18},
    "title": {"font": {"size": 22}},
    "xaxis": {"tickfont": {"size": 18}, "title": {"font": {"size": 20}}},
    "yaxis": {"tickfont": {"size": 18}, "title": {"font": {"size": 20}}},
    "margin": {"t": 70, "b": 64, "l": 80},
    # the key in the plot's top right corner, out of the larger axis title's way
    "legend": {
        "orientation": "v",
        "x": 1,
        "xanchor": "right",
        "y": 1,
        "yanchor": "top",
        "bgcolor": "rgba(255,255,255,0.85)",
    },
    "annotationdefaults": {"font": {"size": 16}},
}

LOOKS = {
    "present": {
        "map": {
            "layout": {
                "font": {"size": 22},
                "xaxis": {"tickfont": {"size": 22}, "title": {"font": {"size": 26}}},
                "yaxis": {"tickfont": {"size": 22}, "title": {"font": {"size": 26}}},
                "plot_bgcolor": "#ffffff",
            },
            "traces": {"surface": {"colorscale": "Greys", "reversescale": True}},
            # the colour bar's larger labels take room on the right (added to the map's own margins)
            "margin": {"l": 16, "r": 40, "b": 16},
        },
        "plane": {
            "layout": {
                "font": {"size": 22},
                "xaxis": {"tickfont": {"size": 22}},
                "yaxis": {"tickfont": {"size": 22}},
                "margin": {"l": 96, "b": 80},
            },
            # the directions' titles are long: as large as the map's where they fit along the axis
            "fit_titles": {"largest": 26, "smallest": 14},
            "traces": {
                "surface": {"colorscale": "Greys", "reversescale": True},
                "plane-path-": {"line": {"width": 6, "color": "palette"}},
                "plane-ends-": {"marker": {"size": 16, "color": "palette"}},
                "plane-point": {"marker": {"size": 22}},
            },
        },
        "plane3d": {
            "layout": {
                "font": {"size": 22},
                "scene": {
                    axis: {"tickfont": {"size": 15}, "title": {"font": {"size": 17}}}
                    for axis in ("xaxis", "yaxis", "zaxis")
                },
            },
            "traces": {
                "plane-path3d-": {"line": {"width": 10, "color": "palette"}},
                "plane-ends3d-": {"marker": {"size": 7, "color": "palette"}},
            },
        },
        "lines": {
            "layout": _LINE_LAYOUT,
            "traces": {
                "line-run-": {"line": {"width": 5, "color": "palette-side"}},
                "line-ends-": {"marker": {"size": 14, "color": "palette-side"}},
            },
        },
        "swap": {
            "layout": _LINE_LAYOUT,
            # room above the barrier's larger label
            "above": {"uid": "line-barrier", "factor": 1.4},
            "traces": {
                "line-swap": {"line": {"width": 5}},
                "line-barrier": {"marker": {"size": 18}, "textfont": {"size": 20}},
            },
        },
        "runs": {"font": 22, "trail": 6, "now": 18, "exit": 26},
        "side": {"font": 18, "loss": 4, "twin": 3, "trace": 3, "response": 4},
    },
    "plain": {
        "runs": {"font": 14, "trail": 3, "now": 14, "exit": 20},
        "side": {"font": 12, "loss": 2, "twin": 1.5, "trace": 1.5, "response": 2.5},
    },
}
"""Presentation mode's look over each server-drawn graph, and both modes' sizes of what the browser draws."""
