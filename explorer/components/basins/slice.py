"""The basin map's settings in the view: cells per axis, epochs per start, and how the cells are shaded.

In a link ``basins=60,1000`` (cells, epochs) and ``shade=epochs``, each only when not at its default.
"""

from __future__ import annotations

from explorer.core.slice import Choice, Field, Group, Key, Slice, Whole

CELLS = (10, 120)
EPOCHS = 20_000
SHADES = ("destination", "epochs")
"""Bounds of the map: cells per axis, and epochs per start (each at most the algorithm's own cap too)."""

SLICE = Slice(
    "basins",
    ("view", "basins"),
    fields=(
        Field("cells", Whole(*CELLS), 60, "basin cells per axis", control="basin_cells", label="cells per axis"),
        Field("epochs", Whole(1, EPOCHS), 1000, "basin epochs", control="basin_epochs", label="epochs per start"),
        Field("shade", Choice(SHADES), SHADES[0], "basin shading", control="shade"),
    ),
    links=(Group("basins", ("cells", "epochs")), Key("shade", "shade")),
    title="basin map",
)
