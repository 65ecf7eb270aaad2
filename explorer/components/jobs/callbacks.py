"""The job panels' callbacks, one set for every kind of job (pattern-matching ids ``{"job": name, "part": …}``).

- **submit**: when the scene changes, each kind's request is made from the checked scene; a new one is handed to
  the job store (which shares identical jobs, checks the cost and the queue), and the page keeps only its name;
- **poll**: while a job waits or runs, its panel asks about it (which also says the page still waits): its place
  in the queue or its progress, then the finished result's name, or why it stopped (cancelled, lost, failed);
- **cancel**: this page no longer waits (the job stops unless another page waits for it);
- a Retry re-submits a job that was lost or failed.

Results stay in the job store; the components that draw them read them by name (``result``).
"""

from __future__ import annotations

from dash import ALL, MATCH, ClientsideFunction, Input, Output, State, ctx, no_update

from explorer.core import ids as scene_ids
from explorer.core import registry
from explorer.core import scene as scenes
from explorer.serving import jobs

from .ids import CLIENT, JOB, part

SUBMITTED = ("key", "message", "poll", "result", "busy", "retry")
"""What a submission sets in each panel (a list over the panels, in the page's order)."""
POLLED = ("progress", "max", "status", "busy", "cancel", "poll", "result", "message", "retry")

UNAVAILABLE = "Long jobs are unavailable for now ({why}); everything else works. Try again in a moment."


def job_types() -> dict:
    return {job.name: job for job in registry.jobs()}


def client_of(client) -> str:
    """A page's id as the browser sent it (anything else is one anonymous page)."""
    return client if isinstance(client, str) and 0 < len(client) <= 64 else "anonymous"


def result(key):
    """A finished job's result by its name (None: not there, expired, or the store cannot be reached)."""
    if not isinstance(key, str):
        return None
    try:
        return jobs.store().result(key)
    except (jobs.Unavailable, ValueError):
        return None


def one_submission(job, scene: dict, client: str, current, again: bool = False) -> dict:
    """What one panel shows after its kind's request was made from ``scene`` (and submitted when new)."""
    request = job.request(scene)
    if current is None:  # nothing was asked for: only the message may change (the map does not hear of it)
        quiet = dict.fromkeys(("key", "poll", "result", "busy", "retry"), no_update)
    else:  # what was asked for is dropped: its panel goes quiet
        quiet = {"key": None, "poll": True, "result": None, "busy": True, "retry": True}
    if request is None:
        return {"message": ""} | quiet
    if isinstance(request, str):
        return {"message": request} | quiet
    key = jobs.key_of(job.name, request)
    if key == current and not again:
        return dict.fromkeys(SUBMITTED, no_update)
    try:
        status = jobs.store().submit(job.name, request, job.cost(request), client)
    except jobs.Unavailable as exc:
        return {"message": UNAVAILABLE.format(why=exc)} | quiet | {"retry": False}
    if status["state"] == "refused":
        return {"message": f"Not run: {status['words']}."} | quiet
    cleared = None if current is not None else no_update  # the last result's name, while the new job runs
    return {"key": key, "message": "", "poll": False, "result": cleared, "busy": no_update, "retry": True}


def submit_all(parts: dict, client, panels: list, current: list, again: str | None = None) -> dict:
    """Every panel's submission (each output a list over ``panels``, the ids of the key stores, in order)."""
    scene = scenes.from_parts(parts)
    known = job_types()
    out = {name: [] for name in SUBMITTED}
    current = current if isinstance(current, list) else []
    for i, panel in enumerate(panels if isinstance(panels, list) else []):
        job = known.get(panel.get(JOB)) if isinstance(panel, dict) else None
        if job is None:
            shown = dict.fromkeys(SUBMITTED, no_update)
        else:
            key = current[i] if i < len(current) else None
            shown = one_submission(job, scene, client_of(client), key, again == job.name)
        for name in SUBMITTED:
            out[name].append(shown[name])
    return out


def poll_one(key, client, job: str) -> dict:
    """What a panel shows of its job now."""
    if not isinstance(key, str):
        return dict.fromkeys(POLLED, no_update) | {"poll": True}
    label = job_types()[job].label if job in job_types() else "the job"
    try:
        status = jobs.store().status(key, client_of(client))
    except jobs.Unavailable as exc:
        return {**dict.fromkeys(POLLED, no_update), "message": UNAVAILABLE.format(why=exc), "busy": True}
    state = status["state"]
    if state in jobs.ACTIVE:
        total = max(int(status.get("total") or 0), 1)
        return {
            "progress": int(status.get("done") or 0),
            "max": total,
            "status": jobs.words_for(status, label),
            "busy": False,
            "cancel": False,
            "poll": False,
            "result": no_update,
            "message": "",
            "retry": True,
        }
    ended = {"busy": True, "cancel": True, "poll": True, "progress": no_update, "max": no_update, "status": ""}
    if state == "done":
        return ended | {"result": key, "message": "", "retry": True}
    words = status.get("words") or state
    again = state in ("lost", "failed", "cancelled")
    return ended | {"result": None, "message": f"{label[:1].upper()}{label[1:]}: {words}.", "retry": not again}


def cancel_one(key, client) -> str:
    """This page no longer waits for ``key``; the words for its panel."""
    if not isinstance(key, str):
        return no_update
    try:
        jobs.store().cancel(key, client_of(client))
    except jobs.Unavailable:
        return no_update
    return "cancelling…"


def register(app) -> None:
    scene_inputs = {store: Input(scene_ids.store(store), "data") for store in ("view", "runs", "draft", "restarts")}

    @app.callback(
        output={name: Output(part(ALL, name), prop) for name, prop in SUBMIT_PROPS.items()},
        inputs={**scene_inputs, "retries": Input(part(ALL, "retry"), "n_clicks")},
        state={
            "client": State(CLIENT, "data"),
            "panels": State(part(ALL, "key"), "id"),
            "current": State(part(ALL, "key"), "data"),
        },
    )
    def _submit(view, runs, draft, restarts, retries, client, panels, current):
        trigger = ctx.triggered_id
        again = trigger.get(JOB) if isinstance(trigger, dict) and trigger.get("part") == "retry" else None
        parts = {"view": view, "runs": runs, "draft": draft, "restarts": restarts}
        return submit_all(parts, client, panels, current, again)

    @app.callback(
        output={name: Output(part(MATCH, target), prop, **dup) for name, (target, prop, dup) in POLL_PROPS.items()},
        inputs={"tick": Input(part(MATCH, "poll"), "n_intervals")},
        state={"key": State(part(MATCH, "key"), "data"), "client": State(CLIENT, "data")},
        prevent_initial_call=True,
    )
    def _poll(tick, key, client):
        return poll_one(key, client, ctx.triggered_id[JOB] if isinstance(ctx.triggered_id, dict) else "")

    @app.callback(
        output={"status": Output(part(MATCH, "status"), "children", allow_duplicate=True)},
        inputs={"clicks": Input(part(MATCH, "cancel"), "n_clicks")},
        state={"key": State(part(MATCH, "key"), "data"), "client": State(CLIENT, "data")},
        prevent_initial_call=True,
    )
    def _cancel(clicks, key, client):
        return {"status": cancel_one(key, client) if clicks else no_update}

    # this page's id, made once in the browser (its session storage keeps it across reloads of the tab)
    app.clientside_callback(
        ClientsideFunction("jobs", "clientId"),
        Output(CLIENT, "data"),
        Input(scene_ids.CONFIG, "data"),
        State(CLIENT, "data"),
    )


SUBMIT_PROPS = {
    "key": "data",
    "message": "children",
    "poll": "disabled",
    "result": "data",
    "busy": "hidden",
    "retry": "hidden",
}
POLL_PROPS = {
    "progress": ("progress", "value", {}),
    "max": ("progress", "max", {}),
    "status": ("status", "children", {}),
    "busy": ("busy", "hidden", {"allow_duplicate": True}),
    "cancel": ("cancel", "disabled", {}),
    "poll": ("poll", "disabled", {"allow_duplicate": True}),
    "result": ("result", "data", {"allow_duplicate": True}),
    "message": ("message", "children", {"allow_duplicate": True}),
    "retry": ("retry", "hidden", {"allow_duplicate": True}),
}
