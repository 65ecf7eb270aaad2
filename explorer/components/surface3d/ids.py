"""The ids of the 3-D surface: names here, the DOM ids the page and its scripts use."""

ZSCALE = "zscale"  # F or log F on the 3-D surface
ZSCALE_BOX = "zscale-box"  # shown with the 3-D surface only
SURFACE = "surface"
SURFACE_VIEW = "surface-view"
