"""What a client of its own may send the scene's callback: every control, as the trigger, with values of the
wrong shape, changes nothing and gets a message where the control is; a scene file nested far too deep is a
message too; and over HTTP no callback answers 500 whichever of its inputs carries the garbage."""

from __future__ import annotations

import base64
import json

import pytest
from dash import no_update

from explorer import wiring
from explorer.components.topbar import ids as topbar_ids
from explorer.core import registry, shapes
from explorer.core import scene as scenes
from tests.dash_requests import Requests
from tests.test_callbacks import inputs_for, state_for
from tests.test_serving import GARBAGE

pytestmark = pytest.mark.usefixtures("app_context")

WRONG = {
    "text": [[], {}, ["a"], {"a": 1}, True, float("inf"), "x" * 200_000],
    "list": [1, True, "on", {}, [1, 2], [[]], ["x"] * 500, 1e308],
    "flag": [1, "yes", [], {}],
    "number": ["fast", [], {}, True],
}


def controls():
    return [c for c in wiring.value_controls() if c.event is not None]


@pytest.mark.parametrize("control", controls(), ids=lambda c: c.name)
def test_a_wrong_shaped_value_changes_nothing_and_is_said_where_the_control_is(control):
    scene = scenes.default_scene()
    shape = shapes.shapes().get(control.name, "text")
    slot = f"msg_{registry.message_slot(control.name)}"
    for value in WRONG[shape]:
        out = wiring.edit_scene(inputs_for(scene, **{control.name: value}), state_for(scene), control.id, value)
        assert all(out[f"part_{store}"] is no_update for store in scenes.stores()), (control.name, value)
        assert out["link"] is no_update
        words = out[slot]
        assert words.startswith(f"Nothing changed: {control.name.replace('_', ' ')} should be "), (control.name, words)
        assert len(words) < 300  # it quotes a few dozen characters of what was sent, never all of it


def test_a_value_outside_a_menus_options_is_refused_with_the_options_named():
    scene = scenes.default_scene()
    algorithm = next(c.id for c in controls() if c.name == "algorithm")
    out = wiring.edit_scene(inputs_for(scene, algorithm="rm -rf"), state_for(scene), algorithm, "rm -rf")
    assert out["msg_hyper"].startswith("Nothing changed: algorithm should be one of adam, br, cgbp")
    assert out["part_draft"] is no_update


def test_a_wrong_value_in_a_group_of_boxes_changes_nothing():
    scene = scenes.default_scene()
    inputs = inputs_for(scene)
    inputs["fixed"] = [{"deep": [1]}] * len(inputs["fixed"])
    trigger = {"type": "fixed", "name": "b2"}
    out = wiring.edit_scene(inputs, state_for(scene), trigger, {"deep": [1]})
    assert out["part_view"] is no_update and out["msg_fixed"].startswith("Nothing changed: fixed should be a list")


def test_values_of_the_right_shape_still_edit_the_scene():
    scene = scenes.default_scene()
    overlays = next(c.id for c in controls() if c.name == "overlays")
    out = wiring.edit_scene(inputs_for(scene, overlays=["critical", "field"]), state_for(scene), overlays, None)
    assert out["part_view"]["overlays"] == ["critical", "field"]
    x_min = next(c.id for c in controls() if c.name == "xmin")
    out = wiring.edit_scene(inputs_for(scene, xmin=-6), state_for(scene), x_min, -6)  # a number, not a text
    assert out["part_view"]["xr"] == [-6.0, 15.0]


def test_a_scene_file_nested_far_too_deep_is_a_message_not_an_error():
    scene = scenes.default_scene()
    text = "[" * 100_000 + "]" * 100_000
    contents = "data:application/json;base64," + base64.b64encode(text.encode()).decode()
    out = wiring.edit_scene(inputs_for(scene), state_for(scene), topbar_ids.LOAD_SCENE, contents)
    assert "nested far deeper than a scene" in out["msg_scene"]


@pytest.fixture(scope="module")
def client():
    import app as app_module

    return app_module.build_app({"CACHE_TYPE": "SimpleCache"}).server.test_client()


def test_no_callback_answers_500_whichever_input_carries_the_garbage(client):
    requests = Requests.from_client(client)
    specs = [s for s in requests.specs if not s.get("clientside_function")]
    failures = []
    for spec in specs:
        for dep in spec["inputs"]:
            if dep["id"].startswith("{"):
                continue  # the pattern-matching groups: covered above through the reducer
            for value in GARBAGE:
                values = {(dep["id"], dep["property"]): value}
                body = requests.body(spec["output"], values, [f"{dep['id']}.{dep['property']}"])
                body = json.loads(json.dumps(body, default=str).replace("NaN", "null"))
                response = client.post("/_dash-update-component", json=body)
                if response.status_code >= 500:
                    failures.append(f"{spec['output'][:60]} <- {dep['id']}={str(value)[:30]}: {response.status_code}")
    assert failures == []
