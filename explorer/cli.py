"""The command that serves the explorer for one person: ``loss-surface-explorer`` (also ``python -m explorer``
and ``python app.py``).

It listens on 127.0.0.1:8050 unless told otherwise (``--host``/``--port``, or the environment's HOST and PORT),
with Dash's debug mode off unless ``--debug`` (or DEBUG=1) asks for it, on the embedded defaults: an in-process
cache and long jobs in runners of their own, processes started with the server (and stopped with it). The
engine's warm-up starts with the server. For a class, serve the same app with gunicorn
(``gunicorn -c gunicorn.conf.py app:server``; see the README).
"""

from __future__ import annotations

import argparse
import os
import sys

TRUE = ("1", "true", "yes")


def parser(env=os.environ) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="loss-surface-explorer",
        description="Serve the loss-surface explorer (the 1-2-1 network of Hagan et al., Neural Network Design, "
        "ch. 12) for one person, then open the address it prints in a browser.",
        epilog="For a class, serve the same app with gunicorn: gunicorn -c gunicorn.conf.py app:server "
        "(see the README and docs/operations.md).",
    )
    p.add_argument(
        "--host",
        default=env.get("HOST", "127.0.0.1"),
        help="address to listen on (default: $HOST or 127.0.0.1, this machine only; 0.0.0.0 opens it to the network)",
    )
    p.add_argument("--port", type=int, default=int(env.get("PORT", "8050")), help="port (default: $PORT or 8050)")
    p.add_argument(
        "--debug",
        action="store_true",
        default=env.get("DEBUG", "").lower() in TRUE,
        help="Dash's debug mode, for development only (default: off unless $DEBUG is 1)",
    )
    return p


def serve(app, host: str = "127.0.0.1", port: int = 8050, debug: bool = False) -> None:
    """Serve a built Dash ``app`` with werkzeug until interrupted, with the long jobs' runners beside it, warming
    the engine up meanwhile."""
    from werkzeug.serving import WSGIRequestHandler

    from explorer import warmup, wiring
    from explorer.serving import jobs

    class Handler(WSGIRequestHandler):
        server_version = "explorer"  # no software versions in the Server header
        sys_version = ""

    runners = []
    if not debug or os.environ.get("WERKZEUG_RUN_MAIN") == "true":  # the reloader's watcher serves nothing
        warmup.start()
        runners = wiring.start_runners()  # the long jobs' runners, processes of their own
    print(f"Loss-surface explorer on http://{host}:{port}/ (Ctrl+C stops it)", file=sys.stderr, flush=True)
    try:
        app.run(host=host, port=port, debug=debug, request_handler=Handler)
    finally:
        jobs.stop_runners(runners)


def main(argv=None, app=None) -> int:
    """Parse the command line and serve ``app`` (built from the environment when not given)."""
    args = parser().parse_args(argv)
    if app is None:
        from explorer.application import build_app

        app = build_app()
    serve(app, args.host, args.port, args.debug)
    return 0
