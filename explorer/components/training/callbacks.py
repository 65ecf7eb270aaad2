"""The training panel's callback: the chosen algorithm's hyperparameter boxes shown (the others hidden), with its
description, equations and epoch budget."""

from __future__ import annotations

from dash import ALL, Input, Output, State, no_update

import surface

from . import ids, layout


def show_algorithm(algorithm, panel_ids):
    """The chosen algorithm's hyperparameter panel (the others hidden), its description and its epoch budget."""
    if not isinstance(algorithm, str) or algorithm not in surface.ALGORITHMS or not isinstance(panel_ids, list):
        return dict.fromkeys(("styles", "help", "note"), no_update)
    styles = [None if isinstance(i, dict) and i.get("algo") == algorithm else {"display": "none"} for i in panel_ids]
    return {"styles": styles, "help": layout.algorithm_help(algorithm), "note": layout.epochs_note(algorithm)}


def register(app) -> None:
    app.callback(
        output={
            "styles": Output({"type": ids.HYPER_PANEL, "algo": ALL}, "style"),
            "help": Output(ids.ALGORITHM_HELP, "children"),
            "note": Output(ids.EPOCHS_NOTE, "children"),
        },
        inputs={"algorithm": Input(ids.ALGORITHM, "value")},
        state={"panel_ids": State({"type": ids.HYPER_PANEL, "algo": ALL}, "id")},
        prevent_initial_call=True,
    )(show_algorithm)
