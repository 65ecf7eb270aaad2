"""The ids of the training set, planted bugs and the gradient check: names here, the DOM ids the page and its
scripts use."""

DATA_SET, DATA_OUTPUT, DATA_SIGMA, DATA_SEED = "data-set", "data-output", "data-sigma", "data-seed"
DATA_POINTS, DATA_APPLY, DATA_UPLOAD = "data-points", "data-apply", "data-upload"
DATA_NOISY_ROW, DATA_POINTS_ROW, DATA_WARNING = "data-noisy-row", "data-points-row", "data-warning"
MSG_DATA = "msg-data"
BUG = "bug"  # the training panel's planted bug ("none" or a name in surface.BUGS)
BUG_NOTE = "bug-note"
GRADCHECK_PANEL, GRADCHECK_BODY = "gradcheck-panel", "gradcheck-body"
