"""The ids of the views along lines: names here, the DOM ids the page and its scripts use."""

LINE_VIEW = "line-view"
LINE_RUNS_GRAPH = "line-runs-graph"
LINE_SWAP_GRAPH = "line-swap-graph"
LINE_BARRIER = "line-barrier"
