"""The ids of where each start ends: names here, the DOM ids the page and its scripts use."""

BASIN_CELLS, BASIN_EPOCHS, SHADE = "basin-cells", "basin-epochs", "shade"
BASIN_PANEL = "basin-panel"
BASIN_LEGEND = "basin-legend"
BASIN_KEY = "basin-key"  # the same legend in a line above the map, where a class sees it
MSG_BASINS = "msg-basins"
