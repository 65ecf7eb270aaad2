"""What every plot of the page shares: the runs' colours and a plot's note in place of empty axes."""

from __future__ import annotations

PALETTES = {
    "plain": ["#ff4d4d", "#ffffff", "#ff9f1c", "#ff4fd8", "#3de0ff", "#111111", "#b6ff3b", "#c792ea"],
    # Okabe & Ito's colour-blind-safe set, drawn over a grey map in presentation mode
    "contrast": ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"],
}
"""Run colours by index: the plain set stands out on every part of the Viridis map."""


def empty_note(text: str) -> dict:
    """A layout that says what a plot will show, in place of empty axes."""
    return {
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
        "annotations": [
            {
                "text": text,
                "showarrow": False,
                "x": 0.5,
                "y": 0.5,
                "xref": "paper",
                "yref": "paper",
                "font": {"size": 14, "color": "#5b6475"},
            }
        ],
    }
