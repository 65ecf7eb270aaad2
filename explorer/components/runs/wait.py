"""While a run's compiled loop is being prepared: a calm notice of what is prepared and about how long it takes.

On a new machine each algorithm's loop compiles on first use (``surface.kernels``); a run the numpy reference
answers quickly is answered at once, and a longer one waits. The page says so under the Run button, in plain ink,
rather than leave a person looking at an unchanged map: ``wait_for`` asks the engine (``surface.kernel_wait``)
about the runs the browser does not hold yet, as soon as the scene asks for them, and ``notice`` shows its words
unless the runs' results are there already; when they arrive, the runs' callback hides it. (The notice cannot
listen to the runs' store: Dash holds a callback until every input that another callback is computing has
arrived, and so would hold the notice until the run it announces was done.)
"""

from __future__ import annotations

from dash import html, no_update

import surface
from explorer.core import compute
from explorer.core import scene as scenes
from explorer.core.registry import View, scene
from explorer.serving.cache import cache

from . import ids

AFTER = "The run starts as soon as it is ready; later runs of it start at once."


def _cached(args: tuple, window) -> bool:
    """Whether the cache holds this run's result already (no loop to wait for, whatever its state)."""
    key = compute.run.make_cache_key(compute.run.uncached, *args, window)
    return cache.get(key) is not None


def _known(runs) -> set:
    return {r.get("key") for r in runs if isinstance(r, dict)} if isinstance(runs, list) else set()


def wait_for(scene_runs, scene_view, known) -> dict:
    """{"wait": {keys, message} or None}: the runs of the scene the browser does not hold (``known`` is its runs
    store) whose compiled loop would make them wait, and the words for the longest wait."""
    if scene_view is None:
        return {"wait": no_update}
    view, runs = scenes.checked_parts(scene_view, scene_runs)
    held, window = _known(known), compute.view_window(view)
    keys, longest = [], None
    for run in runs:
        key = compute.result_key(run, view)
        if key in held or run.get("bug"):  # a planted bug runs on the numpy reference path
            continue
        args = compute.run_args(run, view)
        if _cached(args, window):
            continue
        wait = surface.kernel_wait(run["algorithm"], epochs=int(run["epochs"]), free=len(args[2]))
        if wait:
            keys.append(key)
            longest = wait if longest is None or wait.seconds > longest.seconds else longest
    if not keys:
        return {"wait": None}
    return {"wait": {"keys": keys, "message": f"{longest.message} {AFTER}"}}


def notice(wait, runs) -> dict:
    """The notice's words while a run it names is not in the runs store yet (``runs``, read as it is when the
    notice is asked for); nothing once they all are."""
    if not isinstance(wait, dict) or not isinstance(wait.get("keys"), list):
        return {"text": "", "hidden": True}
    pending = set(wait["keys"]) - _known(runs)
    if not pending:
        return {"text": "", "hidden": True}
    return {"text": str(wait.get("message", ""))[:300], "hidden": False}


def notice_box() -> html.Div:
    return html.Div(id=ids.WAIT_NOTE, className="wait-note", role="status", hidden=True)


VIEWS = (
    View(
        "run-wait",
        reads=scene("runs", "view"),
        state={"known": (ids.RUNS, "data")},
        writes={"wait": (ids.WAIT, "data")},
        build=wait_for,
        initial=False,
    ),
    View(
        "run-wait-notice",
        reads={"wait": (ids.WAIT, "data")},
        state={"runs": (ids.RUNS, "data")},
        writes={"text": (ids.WAIT_NOTE, "children"), "hidden": (ids.WAIT_NOTE, "hidden")},
        build=notice,
        initial=False,
    ),
)
