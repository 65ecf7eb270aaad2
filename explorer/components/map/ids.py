"""The ids of the contour map and its controls: names here, the DOM ids the page and its scripts use."""

X_PARAM = "x-param"
Y_PARAM = "y-param"
X_MIN, X_MAX, Y_MIN, Y_MAX = "x-min", "x-max", "y-min", "y-max"
RESOLUTION = "resolution"
RESET_WINDOW = "reset-window"
FIXED = "fixed"  # {"type": FIXED, "name": parameter}
RESET_FIXED = "reset-fixed"
OVERLAYS = "overlays"
ASPECT = "aspect"
MSG_WINDOW = "msg-window"
MSG_RESOLUTION = "msg-resolution"
MSG_FIXED = "msg-fixed"
MAP_INFO = "map-info"
MAP_KEY = "map-key"  # the line above the map: the keys of every overlay drawn
MODE = "mode"  # contour map or 3-D surface
MAP = "map"
OVERLAY = "overlay"
MAP_VIEW = "map-view"
OVERLAY_BASE = "overlay-base"  # the overlay's layout, matching the map's axes
MAP_HOVER = "map-hover"  # where the pointer is over the map, written by the browser (explorer/map_hover.py)
MAP_HOVER_VALUE = "map-hover-value"  # F there, from the engine
MAP_TIP = "map-tip"  # the tip beside the pointer that says it
