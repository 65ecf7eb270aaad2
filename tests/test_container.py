"""The image and the compose file, without a Docker engine: their commands, run here as they would run there.

The Dockerfile's ENV, its warm-up RUN, its CMD and its HEALTHCHECK; compose.yaml's app and worker commands and
environments (with its Redis replaced by one the test starts on 127.0.0.1).
"""

import contextlib
import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.browser_support import ROOT, free_port, stop_group, wait_until
from tests.redis_support import redis_server

DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())


def instructions(kind: str) -> list[str]:
    """The Dockerfile's instructions of one kind, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in text.splitlines() if line.startswith(kind + " ")]


def image_env() -> dict:
    (env,) = instructions("ENV")
    return dict(pair.split("=", 1) for pair in shlex.split(env))


def exec_form(text: str) -> list[str]:
    return here(json.loads(text))


def here(argv: list[str]) -> list[str]:
    """An image's command run with this environment's programs: its ``python``, ``gunicorn``, ``celery`` are
    the ones beside the interpreter running the tests (the image has them on PATH; here PATH may not)."""
    if argv and argv[0] == "python":
        return [sys.executable, *argv[1:]]
    beside = Path(sys.executable).parent / argv[0] if argv else None
    return [str(beside), *argv[1:]] if beside and beside.exists() else argv


def local(env: dict, tmp: Path, port: int) -> dict:
    """The image's environment, moved to this machine: its paths under ``tmp``, its port ``port``."""
    out = dict(os.environ) | env
    out |= {"PORT": str(port), "HOST": "127.0.0.1", "PYTHONPATH": str(ROOT)}
    out |= {"CACHE_DIR": str(tmp / "cache"), "JOB_DIR": str(tmp / "jobs"), "NUMBA_CACHE_DIR": str(tmp / "nb")}
    return out


def healthz(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=3) as response:
        return json.loads(response.read())


@contextlib.contextmanager
def running(argv: list[str], env: dict, port: int | None = None, ready: str | None = None, timeout: float = 90):
    process = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        deadline = time.monotonic() + timeout
        if ready:
            for line in process.stdout:
                if ready in line:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{argv[0]} did not say {ready!r}")
        if port is not None:
            ready = lambda: healthz(port)["status"] in ("ok", "degraded")  # noqa: E731
            wait_until(ready, process, max(deadline - time.monotonic(), 0), f"{argv[0]} on port {port}")
        yield process
    finally:
        stop_group(process)


def test_the_image_runs_as_a_numeric_user_from_pinned_versions():
    (user,) = instructions("USER")
    assert re.fullmatch(r"\d+:\d+", user) and not user.startswith("0")
    (base,) = instructions("FROM")
    assert re.fullmatch(r"python:\d+\.\d+\.\d+-slim-\w+", base)  # a pinned, slim base
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            assert "==" in line, line  # every runtime package pinned


def test_the_image_installs_the_pinned_runtime_then_the_package_without_dependencies():
    runs = instructions("RUN")
    pinned = next(i for i, r in enumerate(runs) if "pip install" in r and "-r requirements.txt" in r)
    package = next(i for i, r in enumerate(runs) if "pip install" in r and "--no-deps" in r)
    assert pinned < package
    ignored = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip()]
    for copy in instructions("COPY"):
        *sources, _ = shlex.split(copy)
        for source in sources:
            assert (ROOT / source).exists(), source
            assert not any(Path(source).match(pattern) for pattern in ignored), f"{source} is in .dockerignore"
    for needed in ("pyproject.toml", "setup.py", "README.md", "surface", "explorer", "assets", "app.py"):
        assert any(needed in shlex.split(copy)[:-1] for copy in instructions("COPY")), needed


def test_the_build_compiles_the_kernels_and_the_cmd_serves_and_passes_its_healthcheck(tmp_path):
    env = local(image_env(), tmp_path, free_port())
    (warm,) = [r for r in instructions("RUN") if "warm_up" in r]
    command = warm.split("&&")[0].strip()  # the warm-up itself (the chown is for the image's user)
    subprocess.run(here(shlex.split(command)), cwd=ROOT, env=env, check=True, timeout=600)
    cached = list(Path(env["NUMBA_CACHE_DIR"]).rglob("*.nbi"))
    assert cached, "the warm-up left no numba cache"
    (cmd,) = instructions("CMD")
    with running(exec_form(cmd), env, port=int(env["PORT"])):
        health = healthz(int(env["PORT"]))
        assert health["status"] == "ok" and health["cache"] == "FileSystemCache"
        (check,) = instructions("HEALTHCHECK")
        argv = exec_form(check.split("CMD", 1)[1].strip())
        argv = [a.replace("8050", env["PORT"]) for a in argv]
        assert subprocess.run(argv, env=env, timeout=30).returncode == 0
    # and a healthcheck of a server that is not there fails
    argv = [a.replace(env["PORT"], str(free_port())) for a in argv]
    assert subprocess.run(argv, env=env, timeout=30, capture_output=True).returncode != 0


def compose_env(service: str, redis_url: str) -> dict:
    env = {k: str(v) for k, v in COMPOSE["services"][service].get("environment", {}).items()}
    return {k: v.replace("redis://redis:6379", redis_url.rsplit("/", 1)[0]) for k, v in env.items()}


def test_the_compose_services_share_redis_and_run_the_long_jobs(tmp_path):
    services = COMPOSE["services"]
    assert set(services) == {"redis", "app", "worker"}
    assert services["worker"]["image"] == services["app"]["image"]
    app_env = compose_env("app", "redis://127.0.0.1:1/0")
    assert app_env["CACHE_TYPE"] == "RedisCache" and app_env["REDIS_URL"].startswith("redis://")
    with redis_server() as redis:
        port = free_port()
        base = local(image_env(), tmp_path, port)
        worker = services["worker"]["command"]
        assert worker[:3] == ["celery", "-A", "app.celery_app"]
        with running([sys.executable, "-m", *worker], base | compose_env("worker", redis.url), ready=" ready."):
            app = here(services["app"]["command"])
            with running(app, base | compose_env("app", redis.url), port=port):
                health = healthz(port)
                assert health["status"] == "ok" and health["cache"] == "RedisCache"


@pytest.mark.parametrize("name", ["Dockerfile", "compose.yaml", ".dockerignore"])
def test_the_container_files_exist(name):
    assert (ROOT / name).is_file()
