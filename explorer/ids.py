"""Component ids, in one place. Per-parameter and per-algorithm controls use pattern-matching dict ids."""

# the surface
X_PARAM = "x-param"
Y_PARAM = "y-param"
X_MIN, X_MAX, Y_MIN, Y_MAX = "x-min", "x-max", "y-min", "y-max"
RESOLUTION = "resolution"
RESET_WINDOW = "reset-window"
FIXED = "fixed"  # {"type": FIXED, "name": parameter}
RESET_FIXED = "reset-fixed"
SHOW_CRITICAL = "show-critical"
MSG_WINDOW = "msg-window"
MSG_RESOLUTION = "msg-resolution"
MSG_FIXED = "msg-fixed"
MAP_INFO = "map-info"

# the views
MAP = "map"
OVERLAY = "overlay"
LOSS = "loss"
RESPONSE = "response"
SURFACE = "surface"
VIEW_TABS = "view-tabs"

# training
START_X, START_Y = "start-x", "start-y"
MSG_START = "msg-start"
ALGORITHM = "algorithm"
ALGORITHM_HELP = "algorithm-help"
HYPER_PANEL = "hyper-panel"
HYPER = "hyper"  # {"type": HYPER, "name": hyperparameter}
EPOCHS, GOAL, GRAD_TOL = "epochs", "goal", "grad-tol"
EPOCHS_NOTE = "epochs-note"
MSG_HYPER = "msg-hyper"
MSG_STOP = "msg-stop"
RUN = "run"
CLEAR = "clear"
MSG_RUN = "msg-run"
RUN_LIST = "run-list"
REMOVE = "remove"  # {"type": REMOVE, "index": run id}

# playback (the client-side animation)
PLAY, STEP_BACK, STEP, RESTART = "play", "step-back", "step", "restart"
SPEED, LOOP = "speed", "loop"
SCRUBBER = "scrubber"
READOUT = "readout"

# browser state
VIEW = "view-store"  # the last valid view: pair, window, resolution, fixed values
OVERLAY_BASE = "overlay-base"  # the overlay's layout, matching the map's axes
RUNS = "runs-store"  # the runs' metadata (small), appended one at a time
PATHS = "paths-store"  # run id -> display path (base64 float64 arrays), sent once per run
START_CLICK = "start-click"  # where the map was clicked, written by the click handler in assets/
ANIMATION = "animation-sink"  # a dummy output for clientside callbacks that only act on the page
