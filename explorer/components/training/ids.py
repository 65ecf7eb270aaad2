"""The ids of the training panel: names here, the DOM ids the page and its scripts use."""

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
MSG_RUN = "msg-run"
START_CLICK = "start-click"  # where the map was clicked, written by the click handler in assets/
