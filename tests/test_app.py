"""The assembled app: its layout, its callbacks over HTTP, and a cache shared by worker processes."""

import json

import numpy as np
import pytest

import surface
from explorer import wiring
from explorer.components.map import ids as map_ids
from explorer.components.playback import ids as playback_ids
from explorer.components.runs import ids as runs_ids
from explorer.components.training import ids as training_ids
from explorer.core import ids
from explorer.core import reducer as edits
from explorer.core import scene as scenes
from explorer.serving import cache as cache_module
from tests.dash_requests import Requests, id_key


@pytest.fixture(scope="module")
def app():
    import app as app_module

    return app_module.build_app({"CACHE_TYPE": "SimpleCache"})


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="module")
def requests(client):
    return Requests.from_client(client)


CONTROL_IDS = {c.name: c.id for c in wiring.value_controls() if c.event is not None}


def reducer_values(scene=None, **typed):
    """What the page would send to the scene reducer: every control showing ``scene``, some typed over."""
    scene = scene or scenes.default_scene()
    shown = edits.controls_for(scene)
    values = {(cid, "value"): shown[name] for name, cid in CONTROL_IDS.items()}
    for name in surface.PARAMS:
        values[(id_key({"type": map_ids.FIXED, "name": name}), "value")] = shown["fixed"][name]
    for algo, texts in shown["hyper"].items():
        for name, text in texts.items():
            values[(id_key({"type": training_ids.HYPER, "algo": algo, "name": name}), "value")] = text
    for key, part in scenes.parts_of(scene).items():
        values[(ids.store(key), "data")] = part
    for name, text in typed.items():
        values[(CONTROL_IDS[name], "value")] = text
    return values


def post(client, body):
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:300]
    return response, response.get_json()["response"]


def test_page_and_layout_serve(client):
    page = client.get("/")
    assert page.status_code == 200 and b"Loss-surface explorer" in page.data
    text = json.dumps(client.get("/_dash-layout").get_json())
    for needed in (
        map_ids.MAP,
        map_ids.OVERLAY,
        training_ids.RUN,
        training_ids.START_X,
        runs_ids.RUNS,
        runs_ids.PATHS,
        playback_ids.SCRUBBER,
        playback_ids.PLAY,
    ):
        assert f'"{needed}"' in text
    assert "Trajectory a" in text and "Saddle point" in text  # the lessons
    assets = client.get("/assets/00-namespace.js")  # the first of the client's scripts: its namespace
    assert assets.status_code == 200 and b"lossExplorer" in assets.data


def test_a_link_opened_over_http_sets_the_scene_and_the_map_follows(client, requests):
    query = "?v=1&x=w1_11&y=w2_11&xr=-5,15&yr=-5,45&res=400&run=sdbp,-4,10,alpha=0.5,epochs=300000"
    values = reducer_values() | {(ids.URL_IN, "data"): {"search": query, "pop": False}}
    _, data = post(client, requests.body("scene-view.data", values, [f"{ids.URL_IN}.data"]))
    view = data[ids.SCENE_VIEW]["data"]
    assert view["yr"] == [-5.0, 45.0] and view["res"] == 400
    assert data[map_ids.Y_MAX]["value"] == "45" and data[ids.SCENE_LINK]["data"]["history"] == "replace"
    assert data[ids.SCENE_RUNS]["data"][0]["start"] == [-4.0, 10.0]

    response, data = post(
        client, requests.body("map.figure", {(ids.SCENE_VIEW, "data"): view}, [f"{ids.SCENE_VIEW}.data"])
    )
    z = data[map_ids.MAP]["figure"]["data"][1]["z"]  # after the (hidden) basin layer
    assert z["dtype"] == "f4" and "bdata" in z  # 400 x 400 float32, base64: about 0.85 MB, not text floats
    assert 0.8e6 < len(response.data) < 1.2e6


def test_bad_input_over_http_keeps_the_scene(client, requests):
    values = reducer_values(xmin="abc")
    _, data = post(client, requests.body("scene-view.data", values, [f"{map_ids.X_MIN}.value"]))
    assert ids.SCENE_VIEW not in data and ids.SCENE_LINK not in data  # no update: the last good map stays
    assert data[map_ids.MSG_WINDOW]["children"] == "x from: 'abc' is not a number"


def test_a_run_over_http_reaches_the_runs_store(client, requests):
    values = reducer_values(start_y="10")
    _, data = post(client, requests.body("scene-view.data", values, [f"{training_ids.RUN}.n_clicks"]) | {})
    assert ids.SCENE_RUNS not in data  # a Run button that was not clicked (n_clicks 0) does nothing
    values[(training_ids.RUN, "n_clicks")] = 1
    _, data = post(client, requests.body("scene-view.data", values, [f"{training_ids.RUN}.n_clicks"]))
    runs = data[ids.SCENE_RUNS]["data"]
    assert runs[0]["start"] == [-4.0, 10.0]
    view = scenes.default_scene()["view"]
    derived = {(ids.SCENE_RUNS, "data"): runs, (ids.SCENE_VIEW, "data"): view, (runs_ids.RUNS, "data"): []}
    _, data = post(client, requests.body("runs-store.data", derived, [f"{ids.SCENE_RUNS}.data"]))
    (meta,) = data[runs_ids.RUNS]["data"]
    assert meta["status"] == "max_epochs" and meta["label"] == "sdbp from (−4, 10)"


def test_file_system_cache_is_shared_between_workers(tmp_path, monkeypatch):
    import app as app_module
    from explorer.core import compute

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
    default = cache_module.config_from_env({})
    assert default["CACHE_BACKEND"] == "SimpleCache" and default["CACHE_TYPE"] == "explorer.serving.cache.guarded"
    redis = cache_module.config_from_env({"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert redis["CACHE_REDIS_URL"] == "redis://127.0.0.1:6379/0"
    assert redis["CACHE_OPTIONS"]["socket_timeout"] <= 1 and redis["CACHE_OPTIONS"]["socket_connect_timeout"] <= 1
    assert cache_module.config_from_env({"CACHE_TYPE": "FileSystemCache"})["CACHE_DIR"].endswith("cache")
    with pytest.raises(ValueError, match="CACHE_TYPE must be one of"):
        cache_module.config_from_env({"CACHE_TYPE": "MemcachedCache"})


def test_every_callback_id_is_in_the_layout(app):
    text = json.dumps(app.server.test_client().get("/_dash-layout").get_json())
    for key, callback in app.callback_map.items():
        if callback.get("no_output"):  # named by a digest of its inputs: its inputs are what must be there
            cids = [i["id"] for i in callback["inputs"]]
        else:
            cids = [part.rsplit(".", 1)[0] for part in key.strip(".").split("...")]
        for cid in cids:
            if cid.startswith("{"):
                pattern = json.loads(cid)  # a pattern-matching id: its kind is in the layout
                cid = pattern.get("type") or pattern.get("part")
            assert f'"{cid}"' in text, cid
