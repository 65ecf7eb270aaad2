"""Where each start ends: the basin overlay of the map, its panel, and the long job that computes it."""

from explorer.core.registry import Component, Control, Place

from . import edits, ids, job, view
from .slice import SLICE

COMPONENT = Component(
    "basins",
    slices=(SLICE,),
    controls=tuple(
        Control(name, id_, "basins")
        for name, id_ in (("basin_cells", ids.BASIN_CELLS), ("basin_epochs", ids.BASIN_EPOCHS), ("shade", ids.SHADE))
    ),
    handlers=edits.HANDLERS,
    show=edits.show,
    messages={"basins": ids.MSG_BASINS},
    overlays=(view.OVERLAY,),
    jobs=(job.JOB,),
    places=(
        Place("map-key", 10, view.key),
        Place("side", 70, view.panel),
    ),
    views=view.VIEWS,
    ids=ids,
)
