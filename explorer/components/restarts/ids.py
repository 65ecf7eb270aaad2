"""The ids of random restarts: names here, the DOM ids the page and its scripts use."""

RESTARTS_ON, RESTARTS_N, RESTARTS_INIT, RESTARTS_SEED = "restarts-on", "restarts-n", "restarts-init", "restarts-seed"
RESTART_PANEL = "restart-panel"
RESTART_SUMMARY, RESTART_PLOT = "restart-summary", "restart-plot"
MSG_RESTARTS = "msg-restarts"
RESTART_STORE = "restart-store"
