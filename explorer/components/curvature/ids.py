"""The ids of the curvature overlays: names here, the DOM ids the page and its scripts use."""

CURVATURE_KEY = "curvature-key"  # the curvature overlays' entries in it
STABILITY_INPUT = "stability-input"  # what the stability overlay reads of the training panel, while it is on
