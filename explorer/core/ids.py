"""The ids the page's shell and the scene share: the shell, the scene's stores, the link and the client's
configuration. Every component keeps its own in its ``ids.py``."""

SHELL = "shell"  # the whole page; its class says whether a prediction is asked for
SCENE_VIEW = "scene-view"
SCENE_RUNS = "scene-runs"
SCENE_DRAFT = "scene-draft"
SCENE_PLAYBACK = "scene-playback"
SCENE_META = "scene-meta"  # preset and predict
SCENE_LINK = "scene-link"  # {"query", "history"}: written to the address bar by the client
URL_IN = "url-in"  # the address bar's query, read on load and on Back / Forward
CONFIG = "client-config"  # what the browser draws with: colours, parameters, these ids, presentation's look
SCENE_RESTARTS = "scene-restarts"
SCENE_INSIDE = "scene-inside"  # the scene's inside part: {"run": colour or None, "open": bool}


def store(part: str) -> str:
    """The id of the browser's store of a part of the scene (``view``, ``runs`` … ``meta``)."""
    return f"scene-{part}"
