"""The assembled app: its layout, its callbacks over HTTP, and a cache shared by worker processes."""

import json

import numpy as np
import pytest

import surface
from explorer import cache as cache_module
from explorer import ids


@pytest.fixture(scope="module")
def app():
    import app as app_module

    return app_module.build_app({"CACHE_TYPE": "SimpleCache"})


def output_key(app, fragment):
    (key,) = [k for k in app.callback_map if fragment in k]
    return key


def fixed_inputs():
    return [
        {"id": {"type": ids.FIXED, "name": n}, "property": "value", "value": f"{v:g}"}
        for n, v in zip(surface.PARAMS, surface.NOMINAL, strict=True)
    ]


def map_request(app, **values):
    inputs = {
        "x-param": "w1_11",
        "y-param": "w2_11",
        "x-min": "-5",
        "x-max": "15",
        "y-min": "-5",
        "y-max": "15",
        "resolution": "400",
        "show-critical": ["show"],
    }
    inputs.update(values)
    key = output_key(app, "..map.figure...")
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True)) for part in key.strip(".").split("...")]
    order = ["x-param", "y-param", "x-min", "x-max", "y-min", "y-max", "resolution"]
    body = {
        "output": key,
        "outputs": outputs,
        "inputs": [{"id": i, "property": "value", "value": inputs[i]} for i in order]
        + [fixed_inputs(), {"id": "show-critical", "property": "value", "value": inputs["show-critical"]}],
        "state": [
            [
                {"id": {"type": ids.FIXED, "name": n}, "property": "id", "value": {"type": ids.FIXED, "name": n}}
                for n in surface.PARAMS
            ]
        ],
        "changedPropIds": ["x-min.value"],
    }
    return body


def test_page_and_layout_serve(app):
    client = app.server.test_client()
    page = client.get("/")
    assert page.status_code == 200 and b"Loss-surface explorer" in page.data
    layout = client.get("/_dash-layout").get_json()
    text = json.dumps(layout)
    for needed in (ids.MAP, ids.OVERLAY, ids.RUN, ids.START_X, ids.RUNS, ids.PATHS, ids.SCRUBBER, ids.READOUT):
        assert f'"{needed}"' in text
    assets = client.get("/assets/explorer.js")
    assert assets.status_code == 200 and b"lossExplorer" in assets.data


def test_map_callback_over_http_sends_the_grid_as_binary(app):
    client = app.server.test_client()
    response = client.post("/_dash-update-component", json=map_request(app))
    assert response.status_code == 200
    data = response.get_json()["response"]
    z = data[ids.MAP]["figure"]["data"][0]["z"]
    assert z["dtype"] == "f4" and "bdata" in z  # 400 x 400 float32, base64: about 0.85 MB, not text floats
    assert 0.8e6 < len(response.data) < 1.2e6
    assert data[ids.VIEW]["data"]["res"] == 400


def test_bad_input_over_http_keeps_the_map(app):
    client = app.server.test_client()
    response = client.post("/_dash-update-component", json=map_request(app, **{"x-min": "abc"}))
    data = response.get_json()["response"]
    assert ids.MAP not in data and ids.VIEW not in data  # no_update: the last good map stays
    assert data[ids.MSG_WINDOW]["children"] == "x from: 'abc' is not a number"


def test_file_system_cache_is_shared_between_workers(tmp_path, monkeypatch):
    import app as app_module
    from explorer import compute

    env = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path)}
    first, second = app_module.build_app(env), app_module.build_app(env)
    calls = []
    real = surface.evaluate_grid
    monkeypatch.setattr(surface, "evaluate_grid", lambda *a, **k: calls.append(a) or real(*a, **k))
    nominal = tuple(float(v) for v in surface.NOMINAL)
    with first.server.app_context():
        a = compute.grid("b1_1", "b1_2", (-10.0, 10.0), (-10.0, 10.0), 40, nominal)
    with second.server.app_context():
        b = compute.grid("b1_1", "b1_2", (-10.0, 10.0), (-10.0, 10.0), 40, nominal)
    assert len(calls) == 1  # the second "worker" read what the first computed
    np.testing.assert_array_equal(a[2], b[2])
    assert any(tmp_path.iterdir())


def test_cache_configuration_from_environment():
    assert cache_module.config_from_env({})["CACHE_TYPE"] == "SimpleCache"
    redis = cache_module.config_from_env({"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert redis["CACHE_REDIS_URL"] == "redis://127.0.0.1:6379/0"
    assert cache_module.config_from_env({"CACHE_TYPE": "FileSystemCache"})["CACHE_DIR"].endswith("cache")


def test_every_callback_id_is_in_the_layout(app):
    text = json.dumps(app.server.test_client().get("/_dash-layout").get_json())
    for key in app.callback_map:
        for part in key.strip(".").split("..."):
            cid = part.rsplit(".", 1)[0]
            if cid.startswith("{"):
                cid = json.loads(cid)["type"]
            assert f'"{cid}"' in text, cid
