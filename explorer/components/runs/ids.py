"""The ids of the runs, their cards, the race and the side plots: names here, the DOM ids the page and its scripts
use."""

LOSS = "loss"
RESPONSE = "response"
CLEAR = "clear"
RUN_LIST = "run-list"
REMOVE = "remove"  # {"type": REMOVE, "key": run key}
RACE = "race"
RACE_TARGET = "race-target"
RACE_SORT = "race-sort"  # {"type": RACE_SORT, "column": name}
MSG_RACE = "msg-race"
RUNS = "runs-store"  # the runs' results (small), one entry per run of the scene
PATHS = "paths-store"  # run key -> display path and response (explorer/codec.py arrays), sent once per run
WAIT = "run-wait-store"  # {keys, message}: the runs asked for whose compiled loop is being prepared
WAIT_NOTE = "run-wait"  # the calm notice of it, under the Run button
