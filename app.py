"""The loss-surface explorer: ``python app.py`` serves it on http://127.0.0.1:8050 (HOST and PORT override).

``server`` is the Flask app, for ``gunicorn app:server``. The cache backend comes from the environment (see
``explorer/cache.py``): the in-process SimpleCache unless CACHE_TYPE says otherwise.
"""

from __future__ import annotations

import os
import threading

from dash import Dash

import surface
from explorer import callbacks, exports, layout
from explorer.cache import init_cache


def build_app(env=os.environ) -> Dash:
    app = Dash(__name__, title="Loss-surface explorer", update_title=None)
    init_cache(app.server, env)
    app.layout = layout.page()
    callbacks.register(app)
    exports.register(app.server, app.config.routes_pathname_prefix)
    return app


def warm_up() -> None:
    """Compile (or load from numba's cache) the long-run loops, so the first long run does not wait for them."""
    surface.train("sdbp", (-4.0, -4.0), epochs=2)
    surface.train("sgd", (-4.0, -4.0), epochs=2)


app = build_app()
server = app.server
threading.Thread(target=warm_up, name="warm-up", daemon=True).start()

if __name__ == "__main__":
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8050")), debug=False)
