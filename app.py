"""The loss-surface explorer: ``python app.py`` serves it on http://127.0.0.1:8050 (``--help``: ``--host``,
``--port``, ``--debug``; HOST, PORT and DEBUG=1 in the environment do the same). It is the command
``loss-surface-explorer`` (``explorer/cli.py``), on the app built here.

``server`` is the Flask app, for gunicorn (``gunicorn -c gunicorn.conf.py app:server``); ``celery_app`` is the
Celery app whose workers do the long jobs when REDIS_URL is set (``celery -A app.celery_app worker``). The cache and
the long jobs' store come from the environment (``explorer/serving/cache.py``, ``explorer/serving/jobs/``):
in-process and embedded unless told otherwise.

Importing this module builds the app and does nothing else: the engine's warm-up and the long jobs' runners start
with serving (``explorer/warmup.py``, ``explorer/cli.py``): here, in gunicorn (``gunicorn.conf.py``) and in
Celery's workers.
"""

from __future__ import annotations

from explorer import warmup
from explorer.application import build_app
from explorer.serving import jobs

app = build_app()
server = app.server
celery_app = jobs.celery_app()  # None unless REDIS_URL is set
if celery_app is not None:
    warmup.on_celery_workers()

__all__ = ["app", "build_app", "celery_app", "server"]

if __name__ == "__main__":
    from explorer.cli import main

    raise SystemExit(main(app=app))
