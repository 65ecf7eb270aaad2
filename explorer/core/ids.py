"""Component ids, in one place. Per-parameter and per-algorithm controls use pattern-matching dict ids."""

SHELL = "shell"  # the whole page; its class says whether a prediction is asked for

# the top bar
LESSONS = "lessons"  # the preset gallery
PRESET = "preset"  # {"type": PRESET, "name": slug}: one card per preset
COPY_LINK = "copy-link"
EXPORT_PNG = "export-png"
EXPORT_HTML = "export-html"
EXPORT_SCENE = "export-scene"
LOAD_SCENE = "load-scene"  # dcc.Upload of a scene file
PRESENT = "present"
HELP = "help"
HELP_PANEL = "help-panel"
DRAWER = "drawer"  # opens the controls on a narrow screen
MSG_SCENE = "msg-scene"
LESSON_PANEL = "lesson-panel"

# the surface
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
CURVATURE_KEY = "curvature-key"  # the curvature overlays' entries in it
STABILITY_INPUT = "stability-input"  # what the stability overlay reads of the training panel, while it is on

# the views
MODE = "mode"  # contour map or 3-D surface
ZSCALE = "zscale"  # F or log F on the 3-D surface
ZSCALE_BOX = "zscale-box"  # shown with the 3-D surface only
MAP = "map"
OVERLAY = "overlay"
LOSS = "loss"
RESPONSE = "response"
SURFACE = "surface"
MAP_VIEW = "map-view"
SURFACE_VIEW = "surface-view"

# training
START_X, START_Y = "start-x", "start-y"
MSG_START = "msg-start"
ALGORITHM = "algorithm"
ALGORITHM_HELP = "algorithm-help"
HYPER_PANEL = "hyper-panel"  # {"type": HYPER_PANEL, "algo": name}: one panel per algorithm, one shown
HYPER = "hyper"  # {"type": HYPER, "algo": name, "name": hyperparameter}
EPOCHS, GOAL, GRAD_TOL = "epochs", "goal", "grad-tol"
EPOCHS_NOTE = "epochs-note"
MSG_HYPER = "msg-hyper"
MSG_STOP = "msg-stop"
RUN = "run"
CLEAR = "clear"
MSG_RUN = "msg-run"
RUN_LIST = "run-list"
REMOVE = "remove"  # {"type": REMOVE, "key": run key}

# the race table
RACE = "race"
RACE_TARGET = "race-target"
RACE_SORT = "race-sort"  # {"type": RACE_SORT, "column": name}
MSG_RACE = "msg-race"

# playback (the client-side animation)
PLAY, STEP_BACK, STEP, RESTART = "play", "step-back", "step", "restart"
SPEED, LOOP, CLOCK = "speed", "loop", "clock"
SCRUBBER = "scrubber"
READOUT = "readout"

# the scene, in the browser (see explorer/scene.py): one store per part, so each derived view listens to its own
SCENE_VIEW = "scene-view"
SCENE_RUNS = "scene-runs"
SCENE_DRAFT = "scene-draft"
SCENE_PLAYBACK = "scene-playback"
SCENE_META = "scene-meta"  # preset and predict
SCENE_LINK = "scene-link"  # {"query", "history"}: written to the address bar by the client
URL_IN = "url-in"  # the address bar's query, read on load and on Back / Forward
REVEAL = "reveal"  # written by the client when Play reveals a predicted result

# derived, in the browser
OVERLAY_BASE = "overlay-base"  # the overlay's layout, matching the map's axes
RUNS = "runs-store"  # the runs' results (small), one entry per run of the scene
PATHS = "paths-store"  # run key -> display path and response (explorer/codec.py arrays), sent once per run
CONFIG = "client-config"  # what the browser draws with: colours, parameters, these ids, presentation's look
START_CLICK = "start-click"  # where the map was clicked, written by the click handler in assets/
MAP_HOVER = "map-hover"  # where the pointer is over the map, written by the browser (explorer/map_hover.py)
MAP_HOVER_VALUE = "map-hover-value"  # F there, from the engine
MAP_TIP = "map-tip"  # the tip beside the pointer that says it

# where each start ends (explorer/basins_view.py)
BASIN_CELLS, BASIN_EPOCHS, SHADE = "basin-cells", "basin-epochs", "shade"
BASIN_PANEL = "basin-panel"
BASIN_LEGEND = "basin-legend"
BASIN_KEY = "basin-key"  # the same legend in a line above the map, where a class sees it
MSG_BASINS = "msg-basins"

# random restarts (explorer/restarts_view.py)
SCENE_RESTARTS = "scene-restarts"
RESTARTS_ON, RESTARTS_N, RESTARTS_INIT, RESTARTS_SEED = "restarts-on", "restarts-n", "restarts-init", "restarts-seed"
RESTART_PANEL = "restart-panel"
RESTART_SUMMARY, RESTART_PLOT = "restart-summary", "restart-plot"
MSG_RESTARTS = "msg-restarts"
RESTART_STORE = "restart-store"

# the learning-rate map (explorer/hypermap_view.py)
HMAP_ALPHA_LO, HMAP_ALPHA_HI, HMAP_Y = "hmap-alpha-lo", "hmap-alpha-hi", "hmap-y"
HMAP_GAMMA_LO, HMAP_GAMMA_HI, HMAP_LINE_X, HMAP_LINE_Y = "hmap-gamma-lo", "hmap-gamma-hi", "hmap-line-x", "hmap-line-y"
HMAP_CELLS, HMAP_EPOCHS = "hmap-cells", "hmap-epochs"
HYPER_VIEW = "hyper-view"
HYPER_GRAPH = "hyper-graph"
MSG_HYPERMAP = "msg-hypermap"
HYPER_STORE = "hyper-store"
HYPER_CLICK = "hyper-click"  # a cell of the learning-rate map was clicked (written by the page's script)

# inside the step (explorer/inside_view.py, assets/80-inside.js)
SCENE_INSIDE = "scene-inside"  # the scene's inside part: {"run": colour or None, "open": bool}
INSIDE_PANEL = "inside-panel"  # the folded panel: open looks inside
INSIDE_RUN = "inside-run"  # which run
INSIDE_EQUATION = "inside-equation"  # the algorithm's update equation
INSIDE_NUMBERS = "inside-numbers"  # the same with the current iterate's numbers (written by the browser)
INSIDE_STORE = "inside-store"  # the inside of the chosen run's steps (surface.step_anatomy, packed)

# the training set, planted bugs and the gradient check (explorer/data_view.py)
DATA_SET, DATA_OUTPUT, DATA_SIGMA, DATA_SEED = "data-set", "data-output", "data-sigma", "data-seed"
DATA_POINTS, DATA_APPLY, DATA_UPLOAD = "data-points", "data-apply", "data-upload"
DATA_NOISY_ROW, DATA_POINTS_ROW, DATA_WARNING = "data-noisy-row", "data-points-row", "data-warning"
MSG_DATA = "msg-data"
BUG = "bug"  # the training panel's planted bug ("none" or a name in surface.BUGS)
BUG_NOTE = "bug-note"
GRADCHECK_PANEL, GRADCHECK_BODY = "gradcheck-panel", "gradcheck-body"
# planes other than a pair of parameters (planes_view.py) and the 1-D views along lines (lines_view.py)
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
LINE_VIEW = "line-view"
LINE_RUNS_GRAPH = "line-runs-graph"
LINE_SWAP_GRAPH = "line-swap-graph"
LINE_BARRIER = "line-barrier"
# the whole network (explorer/whole_panel.py, explorer/whole_view.py, assets/90-whole.js)
WHOLE_FREE = "whole-free"  # which other parameters also train
WHOLE_ALL = "whole-all"  # the "all seven" shortcut
WHOLE_INIT = "whole-init"  # where the others start
WHOLE_SEED = "whole-seed"  # the seed of the random starts
WHOLE_VALUES = "whole-values"  # typed starting values
FOLLOW = "follow"  # the slice follows the iterate (playback bar)
FOLLOW_STORE = "follow-store"  # the keyframe maps of the followed run
FOLLOW_KEY = "follow-key"  # what the follow store was computed for (a few bytes, read back as State)


def store(part: str) -> str:
    """The id of the browser's store of a part of the scene (``view``, ``runs`` … ``meta``)."""
    return f"scene-{part}"
