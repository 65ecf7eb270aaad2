"""The loss-surface explorer: ``python app.py`` serves it on http://127.0.0.1:8050 (HOST and PORT override;
DEBUG=1 turns Dash's debug mode on, for development only).

``server`` is the Flask app, for gunicorn (``gunicorn -c gunicorn.conf.py app:server``); ``celery_app`` is the
Celery app whose workers do the long jobs when REDIS_URL is set (``celery -A app.celery_app worker``). The cache and
the long jobs' store come from the environment (``explorer/serving/cache.py``, ``explorer/serving/jobs/``):
in-process and embedded unless told otherwise.
"""

from __future__ import annotations

import os
import threading

from dash import Dash

import surface
from explorer import wiring
from explorer.components import page as layout
from explorer.serving import exports, jobs
from explorer.serving import hardening as serving
from explorer.serving.cache import init_cache


def build_app(env=os.environ) -> Dash:
    app = Dash(__name__, title="Loss-surface explorer", update_title=None)
    init_cache(app.server, env)
    app.layout = layout.page()
    wiring.register(app)
    exports.register(app.server, app.config.routes_pathname_prefix)
    serving.harden(app, env)
    return app


app = build_app()
server = app.server
celery_app = jobs.celery_app()  # None unless REDIS_URL is set
# the page is served at once; the compiled kernels load (or, on a fresh install, compile) meanwhile, and a run
# asked for before they are ready waits for them (surface/warmup.py)
threading.Thread(target=surface.warm_up, name="warm-up", daemon=True).start()

if __name__ == "__main__":
    from werkzeug.serving import WSGIRequestHandler

    class Handler(WSGIRequestHandler):
        server_version = "explorer"  # no software versions in the Server header
        sys_version = ""

    runners = wiring.start_runners()  # the long jobs' runners, processes of their own
    app.run(
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8050")),
        debug=os.environ.get("DEBUG", "") in ("1", "true", "yes"),
        request_handler=Handler,
    )
