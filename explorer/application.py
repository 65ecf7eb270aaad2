"""Building the Dash app: ``build_app(env)`` wires the layout, the callbacks, the cache, the exports and the
hardening, and does nothing else (no thread, no process, no compilation: serving starts the engine's warm-up and
the long jobs' runners, see ``explorer/warmup.py`` and ``explorer/cli.py``).

The page's scripts and styles (the repository's ``assets/`` folder) are found where they are: inside the
installed package (``explorer/assets``, where the wheel puts them) or beside the sources in a checkout or an
editable install.
"""

from __future__ import annotations

import os
from pathlib import Path

from dash import Dash

TITLE = "Loss-surface explorer"


def assets_folder() -> str:
    """The folder of the page's scripts and styles: the installed package's copy, else the repository's."""
    here = Path(__file__).resolve().parent
    for folder in (here / "assets", here.parent / "assets"):
        if folder.is_dir():
            return str(folder)
    raise FileNotFoundError(f"the explorer's assets are neither in {here / 'assets'} nor in {here.parent / 'assets'}")


def build_app(env=os.environ) -> Dash:
    """The explorer as a Dash app, configured from ``env`` (the cache, the long jobs' store, the security
    headers)."""
    from explorer import wiring
    from explorer.components import page as layout
    from explorer.serving import exports
    from explorer.serving import hardening as serving
    from explorer.serving.cache import init_cache

    app = Dash(__name__, title=TITLE, update_title=None, assets_folder=assets_folder())
    init_cache(app.server, env)
    app.layout = layout.page()
    wiring.register(app)
    exports.register(app.server, app.config.routes_pathname_prefix, env)
    serving.harden(app, env)
    return app
