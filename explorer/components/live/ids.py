"""The ids of live exploration: names here, the DOM ids the page and its scripts use."""

LIVE_COMMIT = "live-commit"  # the page writes {"start": [x, y]} or {"hyper": {name: value}} when the hand lets go
