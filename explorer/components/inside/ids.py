"""The ids of inside the step: names here, the DOM ids the page and its scripts use."""

INSIDE_PANEL = "inside-panel"  # the folded panel: open looks inside
INSIDE_RUN = "inside-run"  # which run
INSIDE_EQUATION = "inside-equation"  # the algorithm's update equation
INSIDE_NUMBERS = "inside-numbers"  # the same with the current iterate's numbers (written by the browser)
INSIDE_STORE = "inside-store"  # the inside of the chosen run's steps (surface.step_anatomy, packed)
