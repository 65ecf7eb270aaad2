"""gunicorn's configuration for serving a class: ``gunicorn -c gunicorn.conf.py app:server``.

Threaded workers (``gthread``): a slow request holds one thread, not the worker, so page loads and cached maps
keep flowing while someone's long request runs. Every setting can be changed by the environment:

- ``HOST`` / ``PORT``: where to listen (0.0.0.0:8050 unless told otherwise; behind a proxy, 127.0.0.1);
- ``WEB_CONCURRENCY``: worker processes (2: one per core of the machine this was measured on);
- ``THREADS``: threads per worker (4);
- ``TIMEOUT``: seconds a request may run before its worker is restarted (30; the longest legitimate request, a
  600×600 map of a new window with its stationary points, takes under a second);
- ``GRACEFUL_TIMEOUT``: seconds a worker gets to finish its requests on a restart or a reload (20);
- ``MAX_REQUESTS``: requests before a worker is replaced (1,000, with jitter), so memory cannot creep.

Workers share the cache only through FileSystemCache or RedisCache (``CACHE_TYPE``): SimpleCache would give each
worker its own. The access log goes to standard output.

Each worker starts the engine's warm-up once it has loaded the app (``post_worker_init``): importing the app starts
nothing, and the app is not preloaded, so every worker loads the compiled kernels (from numba's cache, or compiles
them on a fresh install) in a thread of its own while it already answers.
"""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("THREADS", "4"))
timeout = int(os.environ.get("TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT", "20"))
keepalive = 5
max_requests = int(os.environ.get("MAX_REQUESTS", "1000"))
max_requests_jitter = max(1, max_requests // 10)
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms'
control_socket_disable = True  # several servers on one machine (tests) must not fight over ~/.gunicorn
limit_request_line = 8190  # a link's query is at most 4,000 characters (explorer/core/limits.py)
limit_request_fields = 100
limit_request_field_size = 8190

_runners: dict = {}
"""The long jobs' runners, by the process that started them (the master)."""


def when_ready(server):
    """The long jobs' runners start with the master, not in a web worker: recycling a worker never kills a job."""
    from explorer import wiring

    _runners[os.getpid()] = wiring.start_runners()


def on_exit(server):
    from explorer.serving import jobs

    jobs.stop_runners(_runners.pop(os.getpid(), []))


def post_worker_init(worker):
    """The worker has loaded the app: warm the engine up in the background (explorer/warmup.py)."""
    from explorer import warmup

    warmup.start()


def _no_server_header() -> None:
    """gunicorn writes "Server: gunicorn" below the app (Flask cannot remove it): leave that line out. The master
    reads this file before it forks, so every worker serves without it."""
    from gunicorn.http import wsgi

    if getattr(wsgi.Response.default_headers, "without_server", False):
        return
    default_headers = wsgi.Response.default_headers

    def without_server(self):
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    without_server.without_server = True
    wsgi.Response.default_headers = without_server


_no_server_header()
