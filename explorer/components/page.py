"""The page: its shell (the top bar, the three columns, the footer), every region filled by the components that
place something there (``registry.places``), and what the browser computes with (``client_config``)."""

from __future__ import annotations

from dash import dcc, html

import surface
from explorer.components import looks, plots
from explorer.core import ids, registry
from explorer.core.limits import MAX_MAGNITUDE, MAX_QUERY


def client_config() -> dict:
    """What the browser needs to draw: colours, parameters, the nominal training set, the page's ids (by their
    names in ``ids``) and the looks of presentation mode (``looks``)."""
    return {
        "palettes": plots.PALETTES,
        "params": list(surface.PARAMS),
        "labels": [surface.LABELS[p] for p in surface.PARAMS],
        "P": surface.P.tolist(),
        "T": surface.T.tolist(),
        "maxQuery": MAX_QUERY,
        "ids": client_ids(),
        "looks": looks.LOOKS,
    }


def client_ids() -> dict:
    """Every id of the page by its name (the shell's and every component's): the browser's scripts find elements
    through these, never a copy."""
    shell = {name: value for name, value in vars(ids).items() if name.isupper() and isinstance(value, str)}
    return shell | {n: v for c in registry.components() for n, v in registry.id_names(c).items()}


def page() -> html.Div:
    return html.Div(
        [
            html.Header(registry.places("topbar"), className="topbar"),
            *registry.places("notices"),
            html.Div(
                [
                    html.Aside(registry.places("controls"), className="controls"),
                    html.Main(
                        [html.Div(registry.places("stage-head"), className="stage-head"), *registry.places("stage")],
                        className="stage",
                    ),
                    html.Aside(registry.places("side"), className="side"),
                ],
                className="workspace",
            ),
            html.Footer(
                f"Parameters beyond ±{MAX_MAGNITUDE:g} are refused; runs leaving that bound count as diverged. "
                "Hagan, Demuth, Beale and De Jesús, Neural Network Design, 2nd ed., ch. 12.",
                className="note",
            ),
            *registry.places("dialogs"),
            *registry.places("stores"),
            dcc.Store(id=ids.CONFIG, data=client_config()),
        ],
        id=ids.SHELL,
        className="shell",
        style={f"--run-{i}": c for i, c in enumerate(plots.PALETTES["plain"])},  # the runs' colours, by number
    )
