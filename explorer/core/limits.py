"""Every bound a request or a scene can meet, in one place: the checker, the controls and their notes share it."""

from __future__ import annotations

import surface

MAX_MAGNITUDE = 1e4
"""The largest |value| accepted for window bounds, fixed values and start points (the runner's bound too)."""

MIN_RESOLUTION, MAX_RESOLUTION = 20, 600
"""Grid points per axis."""

MIN_WIDTH = 1e-6
"""The narrowest window side."""

MAX_RUNS = 8
"""Runs on the map at once (one colour each)."""

MAX_GOAL = MAX_GRAD_TOL = 1e3
"""Upper bounds of the goal on F and of the gradient tolerance (0 switches either off)."""

MAX_QUERY = 4000
"""The longest link query read in full; the parts past it are dropped, with a message that names them."""

MAX_TEXT = 40
"""The most characters of typed text a message quotes back."""

EPOCH_CAPS = dict(surface.EPOCH_CAPS)
"""The most epochs one request may ask of each algorithm: the engine's caps, each answered in about 0.1 s."""

DEFAULT_EPOCHS = dict(surface.DEFAULT_EPOCHS)
"""The epoch budget the training panel offers when an algorithm is chosen: each algorithm's ``DEFAULT_EPOCHS``."""

EXPORT_BYTES = 24 * 2**20
"""The most a run's download with every iterate may be (estimated before it is written); a link without
``rows=all``, or past this, downloads the run's display copy (at most ``surface.trajectory.DISPLAY_POINTS``
iterates)."""

EXPORT_VALUE_BYTES = 20
"""What one number of a run's CSV or JSON takes, about (17 significant digits and a separator)."""


def full_export_bytes(iterates: int, columns: int) -> int:
    """About how large a download of every iterate of a run is: iterates × columns × ``EXPORT_VALUE_BYTES``."""
    return int(iterates) * int(columns) * EXPORT_VALUE_BYTES


def full_export_fits(iterates: int, columns: int) -> bool:
    return full_export_bytes(iterates, columns) <= EXPORT_BYTES


assert set(EPOCH_CAPS) == set(DEFAULT_EPOCHS) == set(surface.ALGORITHMS)
