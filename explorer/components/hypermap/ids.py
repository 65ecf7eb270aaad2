"""The ids of the learning-rate map: names here, the DOM ids the page and its scripts use."""

HMAP_ALPHA_LO, HMAP_ALPHA_HI, HMAP_Y = "hmap-alpha-lo", "hmap-alpha-hi", "hmap-y"
HMAP_GAMMA_LO, HMAP_GAMMA_HI, HMAP_LINE_X, HMAP_LINE_Y = "hmap-gamma-lo", "hmap-gamma-hi", "hmap-line-x", "hmap-line-y"
HMAP_CELLS, HMAP_EPOCHS = "hmap-cells", "hmap-epochs"
HYPER_VIEW = "hyper-view"
HYPER_GRAPH = "hyper-graph"
MSG_HYPERMAP = "msg-hypermap"
HYPER_STORE = "hyper-store"
HYPER_CLICK = "hyper-click"  # a cell of the learning-rate map was clicked (written by the page's script)
