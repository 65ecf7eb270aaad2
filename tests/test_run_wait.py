"""The notice of a run waiting for its compiled loop (explorer/components/runs/wait.py): which runs it names, its
words, when it goes; and the reports of the run slot, shown as reports rather than errors."""

from __future__ import annotations

import pytest
from dash import no_update

import surface
from explorer import wiring
from explorer.components.runs import derive, wait
from explorer.components.training import ids as training_ids
from explorer.core import compute
from explorer.core import scene as scenes
from explorer.core.reducer import Note
from tests.test_callbacks import inputs_for, state_for

pytestmark = pytest.mark.usefixtures("app_context")


def scene_with(*runs):
    return scenes.check({"runs": list(runs)})[0]


RUN = {"algorithm": "adam", "start": [-4, -4], "hyper": {"alpha": 0.01}, "epochs": 300_000}


def preparing(seconds):
    def fake(name, epochs=1, free=2, starts=1):
        return surface.kernels.Wait(name, name, "queued", seconds, False, f"Preparing the compiled loop for {name}.")

    return fake


def test_a_run_whose_loop_is_being_prepared_is_named_with_the_engines_words(monkeypatch):
    monkeypatch.setattr(surface, "kernel_wait", preparing(12.0))
    scene = scene_with(RUN)
    out = wait.wait_for(scene["runs"], scene["view"], [])
    (key,) = out["wait"]["keys"]
    assert key == compute.result_key(scene["runs"][0], scene["view"])
    assert out["wait"]["message"] == f"Preparing the compiled loop for adam. {wait.AFTER}"
    assert wait.notice(out["wait"], []) == {"text": out["wait"]["message"], "hidden": False}
    # the run is in the browser's store: nothing to announce
    assert wait.notice(out["wait"], [{"key": key}]) == {"text": "", "hidden": True}
    assert wait.wait_for(scene["runs"], scene["view"], [{"key": key}]) == {"wait": None}


def test_nothing_is_announced_when_nothing_waits(monkeypatch):
    monkeypatch.setattr(surface, "kernel_wait", preparing(0.0))
    scene = scene_with(RUN)
    assert wait.wait_for(scene["runs"], scene["view"], []) == {"wait": None}
    assert wait.wait_for(None, None, None) == {"wait": no_update}
    assert wait.notice(None, []) == {"text": "", "hidden": True}
    assert wait.notice({"keys": "not a list"}, None) == {"text": "", "hidden": True}


def test_a_run_the_cache_holds_waits_for_nothing(monkeypatch):
    scene = scene_with({**RUN, "algorithm": "sdbp", "hyper": {"alpha": 0.5}, "epochs": 200})
    run, view = scene["runs"][0], scene["view"]
    compute.run(*compute.run_args(run, view), compute.view_window(view))  # now in the cache
    monkeypatch.setattr(surface, "kernel_wait", preparing(12.0))
    assert wait.wait_for(scene["runs"], view, []) == {"wait": None}


def test_the_runs_arriving_hide_the_notice():
    scene = scene_with({**RUN, "algorithm": "sdbp", "hyper": {"alpha": 0.5}, "epochs": 200})
    out = derive.derive_runs(scene["runs"], scene["view"], {"predict": False}, [], "/export/")
    assert out["waiting"] is True


def test_the_run_slot_reports_in_ink_and_refuses_in_red():
    """A Note is a report (ink, or green for done); a plain string in a message slot is an error."""
    scene = scenes.default_scene()
    out = wiring.edit_scene(inputs_for(scene), state_for(scene), training_ids.RUN, 1)
    assert out["msg_run"].className == "info" and out["msg_run"].children.startswith("Added sdbp")
    assert Note("done", "ok").tone == "ok" and Note("x") == "x"
    out = wiring.edit_scene(inputs_for(scene, start_x="abc"), state_for(scene), training_ids.RUN, 1)
    assert isinstance(out["msg_run"], str) and out["msg_run"].startswith("Not run: start x")
