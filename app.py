"""The loss-surface explorer: ``python app.py`` serves it on http://127.0.0.1:8050 (HOST and PORT override).

``server`` is the Flask app, for ``gunicorn app:server``.
"""

from __future__ import annotations

import os

import numpy as np
from dash import Dash, dcc, html

import surface
from explorer import figures


def build_app() -> Dash:
    xname, yname = "w1_11", "w2_11"
    (xr, yr) = surface.default_window(xname, yname)
    xs, ys = np.linspace(*xr, 300), np.linspace(*yr, 300)
    F = surface.evaluate_grid(xname, yname, xs, ys)
    app = Dash(__name__, title="Loss-surface explorer")
    app.layout = html.Main(
        [
            html.H1("The 1-2-1 network's performance surface"),
            dcc.Graph(id="map", figure=figures.contour_figure(xname, yname, xs, ys, F, surface.log_levels(F))),
        ]
    )
    return app


app = build_app()
server = app.server

if __name__ == "__main__":
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8050")))
