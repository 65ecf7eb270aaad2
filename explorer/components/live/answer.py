"""The live answer: the runs that follow the hand, computed as Run computes them (the same engine, outcome words
and description), but not cached (a pointer passes through thousands of starts) and previewed when long.

``answer`` is a plain function of the browser's scene parts and the change; ``register`` serves it at
``<prefix>live`` (a POST of JSON) outside Dash's callback queue, so the page can keep exactly one request in flight
and always send the latest position. One page has at most one live request in flight on the whole server
(a lock in the shared cache, per page id); a request that finds its page's lock taken is answered 429.
"""

from __future__ import annotations

import json

from flask import Response, jsonify, request

import surface
from explorer.components.runs import derive
from explorer.core import compute
from explorer.core import scene as scenes
from explorer.core.run import labels
from explorer.serving.cache import cache
from surface.kernels import NOT_STARTED

from . import follow

MAX_BODY = 64_000
"""The largest live request (the scene's view, runs and draft: a few kB)."""

LOCK_SECONDS = 5
"""How long a page's live lock outlives a request that never finished (a worker killed mid-answer)."""


def answer(parts: dict, change, export_path: str = "/export/") -> dict:
    """{runs, paths, moved, previews, note}: the runs that follow ``change`` (their descriptions and display paths,
    keyed like the runs store), which of the scene's runs they are (``moved``: indices; -1 for the ghost), which are
    previews, and a word when nothing could be computed."""
    scene = scenes.from_parts(parts)
    new, moved, error = follow.apply(scene, change)
    if error:
        return {"runs": [], "paths": {}, "moved": [], "previews": [], "note": error}
    runs = [(i, new["runs"][i]) for i in moved]
    if not runs:
        ghost = follow.ghost(new)
        runs = [(-1, ghost)] if ghost else []
    # while the warm-up prepares a loop the hand would wait for, say so rather than hold the hand (a loop nobody is
    # preparing compiles on first use, as Run's does)
    waiting = [surface.kernel_wait(r["algorithm"], epochs=min(r["epochs"], follow.LIVE_EPOCHS)) for _, r in runs]
    waiting = [w for w in waiting if w and w.state != NOT_STARTED]
    if waiting:
        return {
            "runs": [],
            "paths": {},
            "moved": [],
            "previews": [],
            "note": max(waiting, key=lambda w: w.seconds).message,
        }
    every = labels([*new["runs"], *(run for i, run in runs if i < 0)])  # named as among all the scene's runs
    names = [every[i] for i, _ in runs]
    metas, paths, previews = [], {}, []
    for (_, run), label in zip(runs, names, strict=True):
        shown, cut = follow.preview(run)
        view = new["view"]
        result = compute.run.uncached(*compute.run_args(shown, view), compute.view_window(view))
        meta = derive.describe(shown, view, label, result, export_path)
        meta["preview"] = cut
        if cut:
            meta["label"] = f"{label}: first {follow.LIVE_EPOCHS:,} of {run['epochs']:,} epochs"
        metas.append(meta)
        paths[meta["key"]] = result["path"]
        previews.append(cut)
    return {"runs": metas, "paths": paths, "moved": [i for i, _ in runs], "previews": previews, "note": ""}


def register(app) -> None:
    prefix = app.config.routes_pathname_prefix
    export_path = app.get_relative_path("/export/")

    @app.server.route(f"{prefix}live", methods=["POST"])
    def _live():
        if (request.content_length or 0) > MAX_BODY:
            return jsonify({"error": f"a live request is at most {MAX_BODY:,} bytes"}), 413
        try:
            body = json.loads(request.get_data(cache=False) or b"null")
        except (ValueError, RecursionError):
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("parts"), dict):
            return jsonify({"error": "a live request is {parts, change, page}"}), 400
        page = body.get("page") if isinstance(body.get("page"), str) and len(body.get("page")) <= 64 else "anonymous"
        lock = f"live:{page}"
        if not cache.add(lock, 1, timeout=LOCK_SECONDS):
            return jsonify({"busy": True}), 429
        try:
            out = answer(body["parts"], body.get("change"), export_path)
        finally:
            cache.delete(lock)
        return Response(json.dumps(out, allow_nan=False, default=str), mimetype="application/json")
