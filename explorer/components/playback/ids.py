"""The ids of playback: names here, the DOM ids the page and its scripts use."""

PLAY, STEP_BACK, STEP, RESTART = "play", "step-back", "step", "restart"
SPEED, LOOP, CLOCK = "speed", "loop", "clock"
SCRUBBER = "scrubber"
READOUT = "readout"
