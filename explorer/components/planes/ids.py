"""The ids of planes other than a pair: names here, the DOM ids the page and its scripts use."""

PLANE_KIND = "plane-kind"
PLANE_THROUGH = "plane-through"
PLANE_RUN = "plane-run"
PLANE_SEED = "plane-seed"
PLANE_SECOND = "plane-second"
PLANE_BOX = "plane-box"
PLANE_FIELD = "plane-field"  # {"type": PLANE_FIELD, "name": "through" | "run" | "second" | "seed"}: shown as they apply
MSG_PLANE = "msg-plane"
PLANE_VIEW = "plane-view"
PLANE_GRAPH = "plane-graph"
PLANE_NOTE = "plane-note"
