"""What a served app needs around its pages: limits on requests, security headers, compression, a health check,
and no version numbers given away.

``harden(app, env)`` applies all of it to a Dash app; ``python app.py`` and gunicorn serve the same hardened app.

- Requests: a body larger than ``MAX_REQUEST_BYTES`` (env ``MAX_REQUEST_BYTES``; the largest legitimate one, a
  callback carrying a 120×120 basin map, is about 0.3 MB) is answered 413 before it is read.
- Headers: a Content-Security-Policy that Dash works under (scripts only from the app itself plus the hashes of
  Dash's own inline scripts; styles inline as Plotly and React set them; ``frame-ancestors`` from env
  ``FRAME_ANCESTORS``, "'self'" by default, so a course site can embed the app), ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy``, ``X-Frame-Options`` where only the app itself may frame it; no ``Server`` version.
- Compression: gzip or brotli for HTML, JSON, JavaScript and CSS (flask-compress), as the browser accepts.
- ``/healthz``: the engine computes F at the nominal parameters (0), and the cache keeps a value: 200 and "ok"
  when both hold; 200 and "degraded" when only the cache fails (requests are answered without it, and restarting
  the app would not mend it); 503 when the engine fails.
"""

from __future__ import annotations

import os

from flask import Response, jsonify, request

import surface
from explorer.serving import bodies
from explorer.serving import cache as cache_module

MAX_REQUEST_BYTES = 2_000_000
"""The largest request body accepted (bytes), unless env ``MAX_REQUEST_BYTES`` says otherwise."""

HIDDEN_CONFIG = ("dash_version", "python_version", "plotly_version", "dash_version_url", "ddk_version")
"""What Dash's page config would tell a visitor about the server's software."""

COMPRESSED = ["text/html", "text/css", "text/csv", "application/json", "application/javascript", "text/javascript"]


def csp(script_hashes: list[str], frame_ancestors: str) -> str:
    """The Content-Security-Policy: everything from the app itself; Dash's inline renderer script by its hash."""
    parts = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",  # Plotly and React write style attributes and <style> elements
        "img-src": "'self' data: blob:",  # the PNG export and Plotly's own images
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "worker-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors,
    }
    return "; ".join(f"{k} {v}" for k, v in parts.items())


def headers_for(app, env=os.environ) -> dict:
    """Every security header the app sends, for ``app`` (its inline scripts' hashes) and ``env``."""
    ancestors = env.get("FRAME_ANCESTORS", "'self'").strip() or "'self'"
    out = {
        "Content-Security-Policy": csp(app.csp_hashes(), ancestors),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    if ancestors == "'self'":
        out["X-Frame-Options"] = "SAMEORIGIN"  # for browsers that predate frame-ancestors
    return out


def hide_versions(app) -> None:
    """Dash's page config without the software versions (nor the address it would check them at)."""
    config = app._config  # Dash builds the page's config here; wrapped, not replaced

    def without_versions():
        shown = config()
        for key in HIDDEN_CONFIG:
            shown.pop(key, None)
        shown["disable_version_check"] = True
        return shown

    app._config = without_versions


def healthz() -> tuple[Response, int]:
    """200 when the engine computes ("ok", or "degraded" when the cache fails); 503 and why when it does not."""
    problems = {}
    try:
        f = float(surface.performance(surface.NOMINAL))
        engine = f"F(nominal) = {f:g}"
        if f != 0.0:
            problems["engine"] = engine
    except Exception as exc:  # a health check reports, it does not raise
        engine = type(exc).__name__
        problems["engine"] = engine
    ok, cache_state = cache_module.health()
    status = "failing" if problems else ("ok" if ok else "degraded")
    body = {"status": status, "engine": engine, "cache": cache_state, "compiled": surface.compiled_ready()}
    return jsonify(body), 503 if problems else 200


def harden(app, env=os.environ) -> None:
    """Limits, headers, compression, /healthz and hidden versions for a Dash ``app`` (see the module)."""
    from flask_compress import Compress

    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = int(env.get("MAX_REQUEST_BYTES", MAX_REQUEST_BYTES))
    server.config["COMPRESS_MIMETYPES"] = COMPRESSED
    server.config["COMPRESS_MIN_SIZE"] = 1024
    server.config["COMPRESS_ALGORITHM"] = ["br", "gzip"]
    Compress(server)
    hide_versions(app)
    headers = {}

    @server.after_request
    def secure(response):
        if not headers:  # Dash's inline scripts are known once the app has its layout
            headers.update(headers_for(app, env))
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        response.headers.pop("Server", None)
        return response

    @server.errorhandler(413)
    def too_large(_error):
        limit = server.config["MAX_CONTENT_LENGTH"]
        return jsonify({"error": f"request body larger than {limit:,} bytes"}), 413

    server.add_url_rule("/healthz", "healthz", healthz)

    from dash.exceptions import DashException

    @server.before_request
    def check_callback_body():
        # a callback request Dash could not read (see bodies.py): the client's fault, answered 400, logged once
        if request.method != "POST" or not request.path.endswith("_dash-update-component"):
            return None
        wrong = bodies.problem(request.get_data(cache=True), app.callback_map)
        if wrong is None:
            return None
        if wrong not in refused:
            refused.add(wrong)
            server.logger.warning("refused a malformed callback request: %s", wrong)
        return jsonify({"error": f"malformed callback request ({wrong})"}), 400

    @server.errorhandler(DashException)
    def malformed(error):
        # a callback request whose shape Dash refuses (outputs that do not match the callback, say): the client's
        # fault, answered 400 and logged once per kind, not a 500 and a traceback
        kind = type(error).__name__
        if kind not in refused:
            refused.add(kind)
            server.logger.warning("refused a malformed callback request (%s): %s", kind, str(error)[:160])
        return jsonify({"error": f"malformed callback request ({kind})"}), 400

    refused: set[str] = set()
