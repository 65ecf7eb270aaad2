"""The explorer inside Jupyter: ``explorer.show(scene_or_link=None, mode="inline")``.

``show`` builds the app, serves it from a thread of the notebook's kernel (Dash's ``app.run(jupyter_mode=...)``)
and shows it opened on a scene: below the cell (``"inline"``), as a link (``"external"``) or in a new browser
tab (``"tab"``). The scene is a scene dict (``explorer/core/scene.py``), a link or its query
(``"?x=b1_1&y=b1_2"``, or a whole address copied from the page), or a lesson's name (``"trajectory-a"``).

The page's Content-Security-Policy lets the notebook frame it: ``frame-ancestors`` names the notebook's origins
(``NOTEBOOK_ANCESTORS``: Jupyter on this machine, any port, and VS Code's notebooks) instead of the served app's
"'self'"; ``frame_ancestors=`` sets another list (a JupyterHub's address, say). Calling ``show`` again replaces
the app this kernel serves on that port.
"""

from __future__ import annotations

import os
import socket
import time
from urllib.parse import urlsplit

MODES = ("inline", "external", "tab")
DEFAULT_PORT = 8050
NOTEBOOK_ANCESTORS = (
    "'self' http://localhost:* http://127.0.0.1:* http://[::1]:* https://localhost:* https://127.0.0.1:* "
    "https://[::1]:* vscode-webview:"
)
"""Who may frame the page shown in a notebook: a Jupyter server on this machine (any port) and VS Code."""

_served: dict[str, int] = {}  # the port this kernel last served on, per host: show() again replaces that app
_runners: list = []  # the long jobs' runners this kernel started


def query_for(scene_or_link=None) -> tuple[str, list[str]]:
    """The link's query (without '?') that opens ``scene_or_link``, and what checking it had to change."""
    from explorer.components.lessons import presets
    from explorer.core import scene as scenes

    if scene_or_link is None:
        return "", []
    if isinstance(scene_or_link, dict):
        scene, notes = scenes.check(scene_or_link)
    elif isinstance(scene_or_link, str) and scene_or_link in presets.PRESETS:
        scene, notes = presets.preset_scene(scene_or_link), []
    elif isinstance(scene_or_link, str):
        text = scene_or_link.strip()
        query = urlsplit(text).query if "://" in text else text.split("?", 1)[-1]
        scene, notes = scenes.load_query(query)
    else:
        raise TypeError(f"a scene dict, a link or a lesson's name, not {type(scene_or_link).__name__}")
    return scenes.to_query(scene), list(notes)


def _free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def choose_port(host: str, port: int | None = None) -> int:
    """``port`` if given; else the one this kernel served on last; else 8050 if free; else any free one."""
    if port is not None:
        return int(port)
    if host in _served:
        return _served[host]
    if _free(host, DEFAULT_PORT):
        return DEFAULT_PORT
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def show(
    scene_or_link=None,
    mode: str = "inline",
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    width: str = "100%",
    height: int = 760,
    frame_ancestors: str | None = None,
    env=None,
) -> None:
    """Serve the explorer from this Jupyter kernel and show it opened on ``scene_or_link``.

    ``mode``: "inline" (the page below the cell, ``width`` × ``height``), "external" (a link to open) or "tab"
    (opens a browser tab). ``port``: 8050 unless taken (then a free one), the same again on the next call.
    ``frame_ancestors``: who may frame the page (default ``NOTEBOOK_ANCESTORS``). ``env``: settings as the
    environment gives them to the served app (``CACHE_TYPE``...; by default this process's environment).
    """
    from dash._jupyter import jupyter_dash

    from explorer import warmup, wiring
    from explorer.application import build_app

    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if not jupyter_dash.active:
        raise RuntimeError(
            "explorer.show runs inside a Jupyter kernel; outside one, serve the app with loss-surface-explorer"
        )
    query, notes = query_for(scene_or_link)
    for note in notes:
        print(f"scene: {note}")
    settings = dict(os.environ if env is None else env)
    settings["FRAME_ANCESTORS"] = frame_ancestors or NOTEBOOK_ANCESTORS
    app = build_app(settings)
    port = choose_port(host, port)
    _stop(jupyter_dash, host, port)
    app.run(host=host, port=port, jupyter_mode="_none")  # a server thread in this kernel; returns once it answers
    _served[host] = port
    warmup.start()
    if not any(p.poll() is None for p in _runners):  # the long jobs' runners, once a kernel (they end with it)
        _runners[:] = wiring.start_runners(settings)
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{port}{app.config.requests_pathname_prefix}" + (f"?{query}" if query else "")
    _display(url, mode, width, height)


def _stop(jupyter_dash, host: str, port: int) -> None:
    """Stop the app this kernel serves on ``(host, port)`` and wait until the port is free (Dash stops it without
    closing its socket, and binding the port again at once then fails now and then)."""
    servers = getattr(jupyter_dash, "_servers", {})
    server = servers.pop((host, port), None)
    if server is not None:
        server.shutdown()
        server.server_close()
        for _ in range(100):  # the port comes free a moment after the socket is closed, now and then
            if _free(host, port):
                break
            time.sleep(0.05)


def _display(url: str, mode: str, width: str, height: int) -> None:
    from IPython.display import IFrame, Javascript, display

    if mode == "inline":
        display(IFrame(url, width, height))
    else:
        print(f"The explorer is running on {url}")
        if mode == "tab":
            display(Javascript(f"window.open({url!r})"))
