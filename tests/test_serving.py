"""Serving a class: limits, headers, compression, the health check, what bad requests get, a shared cache that
fails safe under a running app, and the same under gunicorn (the configuration in the repository)."""

import contextlib
import gzip
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from explorer.components.runs import ids as runs_ids
from explorer.core import ids
from explorer.serving import hardening as serving
from tests.browser_support import ROOT, free_port, serve_app, stop_group, wait_until
from tests.dash_requests import Requests
from tests.redis_support import redis_server

GARBAGE = [
    None,
    0,
    -1e308,
    True,
    "x" * 20_000,
    [],
    {},
    [1] * 20_000,
    {"x": {"y": [None, "z"]}},
    [{"key": "k" * 40, "color": "red"}] * 500,
    float("nan"),
]
"""Values a hostile or broken client might put in any input or store."""


@pytest.fixture(scope="module")
def app():
    import app as app_module

    return app_module.build_app({"CACHE_TYPE": "SimpleCache"})


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def body_for(requests: Requests, spec: dict, value) -> dict:
    values = {}
    for dep in spec["inputs"] + spec["state"]:
        cid = dep["id"]
        if cid.startswith("{"):
            for i in requests._matching(json.loads(cid)):
                values[(json.dumps(i, sort_keys=True, separators=(",", ":")), dep["property"])] = value
        else:
            values[(cid, dep["property"])] = value
    first = spec["inputs"][0]
    body = requests.body(spec["output"], values, [f"{first['id']}.{first['property']}"])
    body["output"] = spec["output"]
    return body


# ---------- limits and bad input ----------


def test_every_server_callback_answers_garbage_without_an_error_and_within_bounds(client):
    requests = Requests.from_client(client)
    specs = [s for s in requests.specs if not s.get("clientside_function") and not s.get("background")]
    assert len(specs) > 15
    failures = []
    for spec in specs:
        for value in GARBAGE:
            body = json.loads(json.dumps(body_for(requests, spec, value), default=str).replace("NaN", "null"))
            t0 = time.monotonic()
            response = client.post("/_dash-update-component", json=body)
            seconds = time.monotonic() - t0
            what = f"{spec['output'][:70]} with {str(value)[:30]}"
            if response.status_code >= 500:
                failures.append(f"{what}: {response.status_code}")
            if len(response.data) >= 3_000_000:  # never more than the largest legitimate answer
                failures.append(f"{what}: {len(response.data):,} bytes")
            if seconds >= 5:  # never a hang (the work a request may ask for is bounded)
                failures.append(f"{what}: {seconds:.1f} s")
            if value == "x" * 20_000 and "x" * 100 in response.get_data(as_text=True):
                failures.append(f"{what}: echoes what was typed")  # messages quote a few dozen characters
    assert failures == []


def test_a_number_where_the_runs_store_holds_a_list(client):
    requests = Requests.from_client(client)
    values = {(ids.SCENE_RUNS, "data"): 7, (ids.SCENE_VIEW, "data"): {"x": "w1_11"}, (runs_ids.RUNS, "data"): 3}
    body = requests.body("runs-store.data", values, [f"{ids.SCENE_RUNS}.data"])
    assert client.post("/_dash-update-component", json=body).status_code == 200


def test_a_malformed_callback_request_is_the_clients_fault(client):
    body = {
        "output": "..curvature-key.children..",
        "outputs": {"id": "curvature-key", "property": "children"},  # one output where the page sends a list
        "inputs": [{"id": "scene-view", "property": "data", "value": None}],
        "changedPropIds": ["scene-view.data"],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 400 and "malformed" in response.get_json()["error"]


def test_an_oversized_body_is_refused_before_it_is_read(client):
    big = b'{"output": "' + b"x" * (serving.MAX_REQUEST_BYTES + 10) + b'"}'
    response = client.post("/_dash-update-component", data=big, content_type="application/json")
    assert response.status_code == 413 and "larger than" in response.get_json()["error"]


# ---------- headers, compression, versions, health ----------


def assert_hardened(headers: dict, html: str) -> None:
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp and "'unsafe-eval'" not in csp
    assert "script-src 'self' 'sha256-" in csp  # Dash's inline renderer script by its hash, nothing else inline
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "/" not in headers.get("Server", "") and "Werkzeug" not in headers.get("Server", "")
    config = json.loads(html.split('<script id="_dash-config" type="application/json">')[1].split("</script>")[0])
    assert not set(serving.HIDDEN_CONFIG) & set(config)
    assert "4.4.1" not in json.dumps(config) and "3.11" not in json.dumps(config)


def test_headers_compression_and_health_in_process(client):
    page = client.get("/")
    assert_hardened(page.headers, page.get_data(as_text=True))
    layout = client.get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    assert layout.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(layout.data))  # the same JSON, compressed
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["engine"] == "F(nominal) = 0"


def test_frame_ancestors_for_a_course_site():
    import app as app_module

    app = app_module.build_app({"CACHE_TYPE": "SimpleCache", "FRAME_ANCESTORS": "https://course.example.org"})
    headers = app.server.test_client().get("/").headers
    assert "frame-ancestors https://course.example.org" in headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in headers


def get(url: str, timeout: float = 10, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, dict(response.headers), response.read()


def test_python_app_py_serves_hardened_pages_on_127_0_0_1():
    with serve_app() as server:
        status, headers, data = get(server.url)
        assert status == 200
        assert_hardened(headers, data.decode())
        assert server.url.startswith("http://127.0.0.1:")


@contextlib.contextmanager
def gunicorn(env: dict | None = None, timeout: float = 60):
    """The repository's gunicorn configuration on a free port of 127.0.0.1, stopped afterwards."""
    port = free_port()
    full = dict(os.environ) | {"HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2"} | (env or {})
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"],
        cwd=ROOT,
        env=full,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until(lambda: get(url + "healthz", timeout=2)[0] == 200, process, timeout, "gunicorn")
        yield url
    finally:
        stop_group(process)


def test_gunicorn_serves_the_same_hardened_app(tmp_path):
    env = {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "cache"), "JOB_DIR": str(tmp_path)}
    with gunicorn(env) as url:
        status, headers, data = get(url)
        assert status == 200
        assert_hardened(headers, data.decode())
        assert "server" not in {name.lower() for name in headers}  # gunicorn's own "Server: gunicorn" is gone
        _, headers, _ = get(url + "_dash-layout", headers={"Accept-Encoding": "br, gzip"})
        assert headers["Content-Encoding"] in ("br", "gzip")
        status, _, body = get(url + "healthz")
        assert status == 200 and json.loads(body)["cache"] == "FileSystemCache"


# ---------- a shared cache that fails safe, under a running app ----------


def map_request(url: str, xr: float) -> tuple[int, float]:
    """A new map (a window never asked for: the cache is read and written) over HTTP: status and seconds."""
    requests = Requests(json.loads(get(url + "_dash-dependencies")[2]), json.loads(get(url + "_dash-layout")[2]))
    view = {"x": "w1_11", "y": "w2_11", "xr": [-5, xr], "yr": [-5, 45], "res": 100}
    body = requests.body("map.figure", {(ids.SCENE_VIEW, "data"): view}, [f"{ids.SCENE_VIEW}.data"])
    data = json.dumps(body).encode()
    request = urllib.request.Request(
        url + "_dash-update-component", data=data, headers={"Content-Type": "application/json"}
    )
    t0 = time.monotonic()
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, time.monotonic() - t0


@pytest.mark.parametrize("fault", ["stopped", "hung"])
def test_the_app_answers_when_redis_is_down_or_hung(fault, tmp_path):
    with redis_server() as redis:
        env = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis.url, "JOB_DIR": str(tmp_path)}
        with serve_app(env) as server:
            assert map_request(server.url, 15.0)[0] == 200
            redis.stop() if fault == "stopped" else redis.pause()
            timings = [map_request(server.url, 15.0 + k / 10) for k in range(1, 6)]
            assert all(status == 200 for status, _ in timings)
            assert max(seconds for _, seconds in timings) < 3  # about a second at worst, not 30
            status, _, body = get(server.url + "healthz")
            assert status == 200 and json.loads(body)["status"] == "degraded"
            log = server.log()
            assert log.count("answering without it") == 1  # one warning, not one per request
            assert "Traceback" not in log
            if fault == "hung":
                redis.resume()


# ---------- long jobs through Celery and Redis ----------


@contextlib.contextmanager
def celery_worker(redis_url: str, timeout: float = 60):
    """``celery -A app.celery_app worker`` (the README's command) on ``redis_url``, stopped afterwards."""
    env = dict(os.environ) | {"REDIS_URL": redis_url, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "app.celery_app", "worker", "--concurrency=1", "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        for line in process.stdout:  # until it says it is ready
            if " ready." in line:
                break
            if time.monotonic() > deadline:
                raise RuntimeError("the Celery worker did not start")
        yield process
    finally:
        stop_group(process)


def test_long_jobs_run_on_celery_workers_with_progress_and_cancel(chromium):
    from tests.browser_support import ExplorerPage, job_id, job_part, selector

    with (
        redis_server() as redis,
        celery_worker(redis.url),
        serve_app({"REDIS_URL": redis.url}) as server,
    ):
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        try:
            book = "?x=w1_11&y=w2_11&xr=-5,15&yr=-5,45&overlays=critical,basins&basins=30,200"
            explorer = ExplorerPage(page, server.url).open(book + "&next=lmbp,-4,-4,epochs=200")
            page.locator("#basin-legend li").first.wait_for(timeout=60_000)
            assert "minimum (10, 1)" in page.text_content("#basin-key")
            # a long one: progress from the worker, then Cancel
            long = "?x=w1_11&y=w2_11&xr=-5,15&yr=-5,15&overlays=basins&basins=120,5000"
            explorer.open(long + "&next=sdbp,-4,-4,alpha=0.01,epochs=2000")
            progress = json.dumps(job_id("basins", "progress"))
            page.wait_for_function(
                f"() => {{ const p = document.getElementById({progress}); return p && Number(p.value) > 0; }}",
                timeout=60_000,
            )
            page.click(selector(job_part("basins", "cancel")))
            page.locator(selector(job_part("basins", "busy"))).wait_for(state="hidden", timeout=30_000)
            assert page.locator("#basin-legend li").count() == 0
            assert explorer.problems.all() == []
        finally:
            page.close()
