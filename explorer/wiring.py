"""The app built from the registry: one callback that edits the scene, made from every component's controls,
triggers and message slots, and each component's own callbacks.

``edit_scene`` is that callback's body, a plain function of named values: which control fired becomes an
``Event`` (``event_for``), what the controls hold becomes the reducer's ``controls`` (``controls_from``), and
``core.reducer.apply``'s ``Outcome`` becomes the stores (``part_<store>``), the link, the controls' values
(``control_<name>``) and the messages (``msg_<slot>``). All state lives in the browser, so any worker process can
answer any request.
"""

from __future__ import annotations

import functools
import logging
import os
import subprocess
import sys
import threading

from dash import Input, Output, State, ctx, html, no_update

from explorer.core import ids, reducer, registry, shapes
from explorer.core import scene as scenes
from explorer.core.format import quote
from explorer.core.reducer import Note
from explorer.core.registry import Control, Event
from explorer.serving import jobs

log = logging.getLogger(__name__)


def value_controls() -> tuple[Control, ...]:
    """The controls read by name (a pattern-matching group is read as a list, by its ids)."""
    return tuple(c for c in registry.controls() if not c.nest)


def pattern_controls() -> tuple[Control, ...]:
    return tuple(c for c in registry.controls() if c.nest)


def control_names() -> tuple[str, ...]:
    """The names of the controls whose change edits the scene, each read by its value."""
    return tuple(c.name for c in value_controls() if c.event is not None)


def _kind(id_) -> object:
    """What a component's id is known by: itself, or a pattern-matching id's ``type``."""
    return id_.get("type") if isinstance(id_, dict) else id_


def event_for(trigger, value) -> Event | None:
    """The event a control's change stands for, or None (a button drawn but not clicked, an empty upload)."""
    kind = _kind(trigger)
    for t in registry.triggers():
        if _kind(t.id) == kind:
            return t.to_event(trigger, value)
    for c in registry.controls():
        if _kind(c.id) == kind and c.event is not None:
            return Event(c.event)
    return None


def pairs(ids_, values):
    """(id, value) for the entries of a pattern-matching input whose id has the expected shape."""
    if not isinstance(ids_, list) or not isinstance(values, list):
        return []
    return [(i, v) for i, v in zip(ids_, values, strict=False) if isinstance(i, dict)]


def nested(control: Control, ids_, values) -> dict:
    """A pattern-matching group's values, nested by the id keys the control names (``{algo: {name: value}}``)."""
    out: dict = {}
    for i, v in pairs(ids_, values):
        keys = [i.get(k) for k in control.nest]
        if not all(isinstance(k, str) for k in keys):
            continue
        target = out
        for k in keys[:-1]:
            target = target.setdefault(k, {})
        target[keys[-1]] = v
    return out


def unnested(control: Control, ids_, shown: dict) -> list:
    """A pattern-matching group's outputs: each control's value from the nested ``shown`` (else no update)."""
    out = []
    for i in ids_ if isinstance(ids_, list) else []:
        value = shown
        for k in control.nest:
            value = value.get(i.get(k), no_update) if isinstance(value, dict) and isinstance(i, dict) else no_update
        out.append(value)
    return out


def controls_from(inputs: dict, state: dict) -> dict:
    """What the controls hold now, by name (texts as typed; anything a client sends is only text to parse)."""
    controls = {c.name: inputs.get(c.name, state.get(c.name)) for c in value_controls()}
    for c in pattern_controls():
        controls[c.name] = nested(c, state.get(f"{c.name}_ids"), inputs.get(c.name))
    return controls


@functools.cache
def control_options() -> dict:
    """Each choosing control's options on the page (menus, radio groups, checklists), by the control's name."""
    from explorer.components import page

    options = shapes.options_of(page.page())
    return {c.name: options[c.id] for c in value_controls() if isinstance(c.id, str) and c.id in options}


def edit_scene(inputs: dict, state: dict, trigger, value) -> dict:
    """One step of the scene: the event ``trigger`` stands for, applied; returns every output by name."""
    out = {f"part_{store}": no_update for store in scenes.stores()} | {"link": no_update}
    out |= {f"control_{c.name}": no_update for c in value_controls()}
    for c in pattern_controls():  # a pattern-matching output takes a list, one entry per component
        group = state.get(f"{c.name}_ids")
        out[f"control_{c.name}"] = [no_update] * len(group) if isinstance(group, list) else []
    out |= {f"msg_{slot}": no_update for slot in registry.messages()}
    event = event_for(trigger, value)
    if event is None:
        return out
    raw = {c.name: inputs.get(c.name, state.get(c.name)) for c in registry.controls()}
    wrong = shapes.wrong(raw, {c.name: raw[c.name] for c in pattern_controls()}, control_options())
    if wrong is not None:  # only a client of its own sends such a value: nothing changes, and the page says so
        name, should = wrong
        slot = f"msg_{registry.message_slot(name)}"
        if slot in out:
            out[slot] = f"Nothing changed: {name.replace('_', ' ')} should be {should}, not {quote(raw[name])}."
        return out
    old = scenes.from_parts({store: state.get(store) for store in scenes.stores()})
    outcome = reducer.apply(old, controls_from(inputs, state), event)
    new = outcome.scene
    for store, part in scenes.parts_of(new).items():
        if part != state.get(store):  # what the store holds, which may be what a client made up
            out[f"part_{store}"] = part
    if new != old or event.kind == "load":
        out["link"] = {"query": scenes.to_query(new), "history": outcome.history, "load": event.kind == "load"}
    patterns = {c.name: c for c in pattern_controls()}
    for name, shown in outcome.controls.items():
        if name in patterns:
            out[f"control_{name}"] = unnested(patterns[name], state.get(f"{name}_ids"), shown)
        elif f"control_{name}" in out:
            out[f"control_{name}"] = shown
    for slot, text in outcome.messages.items():
        if f"msg_{slot}" in out:
            out[f"msg_{slot}"] = html.Span(str(text), className=text.tone) if isinstance(text, Note) else text
    return out


def register_scene(app) -> None:
    """The scene-editing callback, its inputs, states and outputs all made from the registry."""
    inputs = {t.name: Input(t.id, t.prop) for t in registry.triggers()}
    inputs |= {c.name: Input(c.id, c.prop) for c in registry.controls() if c.event is not None}
    state = {f"{c.name}_ids": State(c.id, "id") for c in pattern_controls()}
    state |= {store: State(ids.store(store), "data") for store in scenes.stores()}
    state |= {c.name: State(c.id, c.prop) for c in registry.controls() if c.event is None}
    output = {f"part_{store}": Output(ids.store(store), "data") for store in scenes.stores()}
    output["link"] = Output(ids.SCENE_LINK, "data")
    output |= {f"control_{c.name}": Output(c.id, c.prop) for c in registry.controls()}
    messages = registry.messages().items()  # another callback may write a slot too (the runs' outcome)
    output |= {f"msg_{slot}": Output(id_, "children", allow_duplicate=True) for slot, id_ in messages}

    @app.callback(output=output, inputs=inputs, state=state, prevent_initial_call=True)
    def _edit_scene(**values):
        ins = {k: values[k] for k in inputs}
        st = {k: values[k] for k in state}
        value = ctx.triggered[0]["value"] if ctx.triggered else None
        return edit_scene(ins, st, ctx.triggered_id, value)


def register_view(app, view: registry.View) -> None:
    """One declared view as a callback: its reads as inputs, its state, its writes as outputs."""
    app.callback(
        output={name: Output(*where) for name, where in view.writes.items()},
        inputs={name: Input(*where) for name, where in view.reads.items()},
        state={name: State(*where) for name, where in view.state.items()},
        prevent_initial_call=not view.initial,
    )(view.build)


def register(app) -> None:
    """Attach every callback to ``app``: the scene's, then each component's views and its own callbacks."""
    register_scene(app)
    for component in registry.components():
        for view in component.views:
            register_view(app, view)
        if component.register is not None:
            component.register(app)
    refuse_twins(app)


def refuse_twins(app) -> None:
    """Dash names a callback without outputs by its inputs alone: two such with the same inputs would silently be
    one (the second replacing the first). Refuse that at start rather than lose a callback."""
    if len(app.callback_map) != len(app._callback_list):
        seen: dict = {}
        for c in app._callback_list:
            name = c.get("clientside_function") or c["output"]
            if c["output"] in seen:
                raise ValueError(f"two callbacks share their inputs and no outputs: {seen[c['output']]} and {name}")
            seen[c["output"]] = name


# ---------- the long jobs' runners ----------


def run_jobs(index: int) -> None:
    """A runner process (``python -m explorer.wiring run-jobs N``): the app's components are imported, so their
    job types are known; it ends when the process that started it has gone."""
    jobs.lower_priority()
    parent = os.getppid()
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(1.0):
            if os.getppid() != parent:  # the app (or gunicorn's master) has gone: so does its runner
                stop.set()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    jobs.Runner(jobs.store(), f"{os.getpid()}-{index}", jobs.compute).loop(stop)


def start_runners(env=os.environ, count: int | None = None) -> list:
    """Start the runners of the embedded job store (``JOB_WORKERS`` of them, the cores by default): processes of
    their own, children of ``python app.py`` or of gunicorn's master, never of a web worker that may be recycled,
    ending when their parent ends. Nothing to start when the jobs go to Celery workers. A job directory the app
    refuses stops the start with its message."""
    if env.get("REDIS_URL"):
        return []
    store = jobs.store(env)
    count = count or store.limits.workers
    argv = [sys.executable, "-m", "explorer.wiring", "run-jobs"]
    runners = [subprocess.Popen([*argv, str(i)], env=dict(env)) for i in range(count)]
    log.info("%d job runner(s) started, jobs in %s", count, getattr(store, "directory", "Redis"))
    return runners


if __name__ == "__main__":
    if sys.argv[1:2] == ["run-jobs"]:
        run_jobs(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
