"""The package: its pins (the same as requirements*.txt), its commands, and an app that starts nothing until it
is served (then the engine warms up: under ``python -m explorer``, gunicorn and Celery alike)."""

import json
import os
import re
import subprocess
import sys
import tomllib
import urllib.request
from pathlib import Path

import pytest

from tests.browser_support import ROOT, free_port, stop_group, wait_until

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
BIN = Path(sys.executable).parent


def pins(lines) -> dict[str, str]:
    """``name==version`` lines (comments, includes and our own package left out) as {name: version}."""
    out = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith(("-r", "loss-surface-explorer")):
            continue
        name, sep, version = line.partition("==")
        assert sep and re.fullmatch(r"[\w.]+", version.strip()), f"not pinned exactly: {line}"
        out[name.strip().lower()] = version.strip()
    return out


def test_pyproject_pins_the_same_versions_as_the_requirements_files():
    project = PYPROJECT["project"]
    extras = project["optional-dependencies"]
    runtime = pins(project["dependencies"]) | pins(extras["serve"])
    assert runtime == pins((ROOT / "requirements.txt").read_text().splitlines())
    dev = pins((ROOT / "requirements-dev.txt").read_text().splitlines())
    assert dev == pins(extras["dev"])
    assert "loss-surface-explorer[serve]" in extras["dev"]  # the tests serve with gunicorn, Redis and Celery
    assert not set(pins(extras["serve"])) & set(pins(project["dependencies"]))


def test_the_package_declares_its_command_and_its_build():
    assert PYPROJECT["build-system"]["build-backend"] == "setuptools.build_meta"
    assert PYPROJECT["project"]["scripts"] == {"loss-surface-explorer": "explorer.cli:main"}


def python(code: str, env: dict | None = None, cwd=ROOT) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True, timeout=300
    )
    return out.stdout.strip()


def test_importing_app_builds_the_app_and_starts_nothing():
    code = (
        "import threading, sys\n"
        "import app, surface\n"
        "print(sorted(t.name for t in threading.enumerate()), surface.compiled_ready(), 'numba' in sys.modules)\n"
    )
    assert python(code) == "['MainThread'] False False"


def test_a_celery_worker_process_warms_up_when_it_starts():
    env = dict(os.environ) | {"REDIS_URL": "redis://127.0.0.1:1/1"}  # nothing listens: nothing may connect
    code = (
        "import threading\n"
        "import app\n"
        "from celery.signals import worker_process_init\n"
        "before = sorted(t.name for t in threading.enumerate())\n"
        "worker_process_init.send(sender=None)\n"  # what a pool process of `celery -A app.celery_app worker` sends
        "after = sorted(t.name for t in threading.enumerate())\n"
        "print(app.celery_app is not None, before, 'warm-up' in after)\n"
    )
    assert python(code, env) == "True ['MainThread'] True"


@pytest.mark.parametrize(
    "argv",
    [["-m", "explorer", "--help"], ["app.py", "--help"], ["-m", "surface", "--help"]],
    ids=["python -m explorer", "python app.py", "python -m surface"],
)
def test_the_commands_explain_themselves(argv):
    out = subprocess.run([sys.executable, *argv], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.startswith("usage:")
    if "surface" not in argv:
        for option in ("--host", "--port", "--debug"):
            assert option in out.stdout


def test_the_console_command_is_installed():
    command = BIN / "loss-surface-explorer"
    if not command.exists():
        pytest.skip("the package is not installed in this environment (tests/run.sh installs it)")
    out = subprocess.run([command, "--help"], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.startswith("usage: loss-surface-explorer")


def test_python_m_surface_demonstrates_the_engine():
    out = subprocess.run(
        [sys.executable, "-m", "surface"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=600
    ).stdout
    assert "F at the nominal parameters, the global minimum: 0" in out
    assert re.search(r"minimum +\(10, 1\) +F = 0\n", out)
    assert re.search(r"saddle +\(2\.683, 3\.293\)", out)
    assert "Trajectory 'a': sdbp from (-4, -4), α = 0.02, 300,000 epochs" in out
    assert "gradient: ended at (10, 1)" in out and "global minimum of this slice" in out


def healthz(url: str) -> dict:
    with urllib.request.urlopen(url + "healthz", timeout=3) as response:
        return json.loads(response.read())


def serving(argv: list[str], tmp_path: Path, port: int, **env):
    full = dict(os.environ) | {"HOST": "127.0.0.1", "PORT": str(port), "JOB_DIR": str(tmp_path / "jobs")} | env
    return subprocess.Popen(
        argv,
        cwd=ROOT,
        env=full,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_the_console_command_serves_and_the_engine_warms_up(tmp_path):
    port, elsewhere = free_port(), free_port()
    process = serving([sys.executable, "-m", "explorer", "--port", str(port)], tmp_path, elsewhere)
    url = f"http://127.0.0.1:{port}/"  # --port, not the environment's PORT
    try:
        wait_until(lambda: healthz(url)["status"] == "ok", process, 120, "python -m explorer")
        wait_until(lambda: healthz(url)["compiled"], process, 600, "the warm-up of python -m explorer")
    finally:
        stop_group(process)


def test_gunicorn_workers_warm_the_engine_up(tmp_path):
    port = free_port()
    argv = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"]
    process = serving(argv, tmp_path, port, WEB_CONCURRENCY="1")
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until(lambda: healthz(url)["status"] == "ok", process, 120, "gunicorn")
        wait_until(lambda: healthz(url)["compiled"], process, 600, "the warm-up of a gunicorn worker")
    finally:
        stop_group(process)
