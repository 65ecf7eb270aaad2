"""A new overlay or a new kind of long job is one component (its own folder) and one line of registration: the
scene, its link, the overlays' checklist, the map's layers and patches, and the job panels all follow the registry.
Each test registers a throwaway component and takes it out again."""

from __future__ import annotations

import threading
import time

import plotly.graph_objects as go
import pytest
from dash import no_update

from explorer.components.jobs import callbacks as job_callbacks
from explorer.components.jobs import layout as job_layout
from explorer.components.map import draw, layers, layout
from explorer.core import registry
from explorer.core import scene as scenes
from explorer.core.registry import Component, JobType, Overlay
from explorer.serving import jobs

pytestmark = pytest.mark.usefixtures("app_context")


@pytest.fixture
def registered():
    """Register components for one test, and take them out again."""
    added = []

    def add(component: Component) -> Component:
        registry.register(component)
        added.append(component)
        return component

    yield add
    for component in added:
        registry._COMPONENTS.remove(component)


def marks(view, draft, context):
    if "marks" not in view["overlays"]:
        return layers.hidden("marks")
    return go.Scatter(x=[view["xr"][0]], y=[view["yr"][0]], mode="markers", uid="marks", name="a mark")


MARKS = Overlay(
    "marks", " a mark in the corner", rank=60, uid="marks", trace=marks, drawn=lambda v, d, c: "marks" in v["overlays"]
)


def test_a_new_overlay_joins_the_scene_the_link_the_checklist_and_the_map(registered):
    registered(Component("marks", overlays=(MARKS,)))
    scene, notes = scenes.load_query("?overlays=critical,marks")
    assert notes == [] and scene["view"]["overlays"] == ["critical", "marks"]
    assert "overlays=critical,marks" in scenes.to_query(scene)
    options = layout.controls().children[-3].options
    assert options[-1] == {"label": " a mark in the corner", "value": "marks"}  # by its rank, last
    view = {**scene["view"], "res": 40}
    out = draw.draw_map(view, None, None)
    uids = [t.uid for t in out["figure"].data]
    assert uids[: len(layers.layered()) + 1] == [
        "basins",
        "surface",
        "condition",
        "nonconvex",
        "stability",
        "field",
        "marks",
    ]
    assert out["figure"].data[uids.index("marks")].visible is not False
    # switched off: the patch sends its hidden place alone
    off = draw.draw_map({**view, "overlays": ["critical"]}, None, out["base"])["figure"]
    (operation,) = off.to_plotly_json()["operations"]
    assert operation["location"] == ["data", uids.index("marks")] and operation["params"]["value"]["visible"] is False


def counting(request, progress):
    for i in range(request["n"]):
        progress(i + 1, request["n"])
    return {"counted": request["n"]}


COUNT = JobType(
    "count",
    "counting",
    request=lambda scene: {"n": 3} if scene["view"]["res"] == 99 else None,
    cost=lambda request: 0.1,
    compute=counting,
)


def test_a_new_kind_of_job_runs_through_the_same_panel(registered, tmp_path, monkeypatch):
    registered(Component("count", jobs=(COUNT,)))
    parts = job_layout.panel("count")  # the parts its component places in its own panel
    assert {p.id["part"] for p in parts if isinstance(getattr(p, "id", None), dict)} >= {"key", "result", "poll"}
    monkeypatch.setenv("JOB_DIR", str(tmp_path / "jobs"))
    scene = scenes.check({"view": {"res": 99}})[0]
    out = job_callbacks.submit_all(scenes.parts_of(scene), "page", [{"job": "count", "part": "key"}], [None])
    (key,) = out["key"]
    assert key == jobs.key_of("count", {"n": 3})
    stop = threading.Event()
    thread = threading.Thread(target=jobs.Runner(jobs.store(), "t", jobs.compute).loop, args=(stop, 0.02))
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while (shown := job_callbacks.poll_one(key, "page", "count"))["result"] in (no_update, None):
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert job_callbacks.result(shown["result"]) == {"counted": 3}


def test_a_view_is_declared_and_the_wiring_registers_it(registered):
    """A view is a plain function and what it reads and writes: the wiring makes it a callback."""
    import dash

    from explorer import wiring

    def count_runs(scene_runs):
        return {"text": f"{len(scene_runs or [])} runs"}

    view = registry.View(
        "count-runs", reads=registry.scene("runs"), writes={"text": ("run-count", "children")}, build=count_runs
    )
    registered(Component("count-runs", views=(view,)))
    app = dash.Dash(__name__)
    wiring.register(app)
    (callback,) = [c for key, c in app.callback_map.items() if "run-count.children" in key]
    assert [i["id"] for i in callback["inputs"]] == ["scene-runs"]
