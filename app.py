"""The loss-surface explorer: ``python app.py`` serves it on http://127.0.0.1:8050 (HOST and PORT override).

``server`` is the Flask app, for ``gunicorn app:server``. The cache backend comes from the environment (see
``explorer/cache.py``): the in-process SimpleCache unless CACHE_TYPE says otherwise.
"""

from __future__ import annotations

import os
import threading

from dash import Dash

import surface
from explorer import background, callbacks, exports, layout
from explorer.cache import init_cache


def build_app(env=os.environ) -> Dash:
    jobs = background.manager(env)
    app = Dash(__name__, title="Loss-surface explorer", update_title=None, background_callback_manager=jobs)
    init_cache(app.server, env)
    app.layout = layout.page()
    callbacks.register(app, jobs)
    exports.register(app.server, app.config.routes_pathname_prefix)
    return app


app = build_app()
server = app.server
# the page is served at once; the compiled kernels load (or, on a fresh install, compile) meanwhile, and a run
# asked for before they are ready waits for them (surface/warmup.py)
threading.Thread(target=surface.warm_up, name="warm-up", daemon=True).start()

if __name__ == "__main__":
    app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8050")), debug=False)
