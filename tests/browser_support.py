"""Helpers for driving the real page: start the app in a subprocess, launch Debian's Chromium, and talk to the page.

Used by ``tests/test_browser.py`` and ``benchmarks/app.py``. Nothing here imports dash or the app: the app runs
in its own process (``python app.py`` on a free port on 127.0.0.1, with a fresh in-process cache), exactly as a
person would start it, and the page is driven through Playwright's sync API in headless Chromium.

Chromium is Debian's ``/usr/bin/chromium`` (never ``playwright install``); each ``launch()`` gets a fresh profile.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1400, "height": 1000}
STARTUP_TIMEOUT = 120.0  # seconds: the first start compiles numba's loops; later ones load its cache

# JavaScript expressions for the plotly divs inside the dcc.Graph components
MAP_GD = "document.querySelector('#map .js-plotly-plot')"
OVERLAY_GD = "document.querySelector('#overlay .js-plotly-plot')"
SURFACE_GD = "document.querySelector('#surface .js-plotly-plot')"


def selector(component_id: str | dict) -> str:
    """A CSS selector for a Dash component id (dict ids are rendered as their sorted-key JSON)."""
    if isinstance(component_id, dict):
        text = json.dumps(component_id, sort_keys=True, separators=(",", ":"))
        return f"[id='{text}']"
    return f"#{component_id}"


def job_part(job: str, part: str) -> dict:
    """The id of a part of a long job's panel (``explorer/components/jobs``)."""
    return {"job": job, "part": part}


def job_id(job: str, part: str) -> str:
    """The DOM id of a part of a long job's panel (Dash writes a dict id as its sorted-key JSON)."""
    return json.dumps(job_part(job, part), sort_keys=True, separators=(",", ":"))


# ---------- the server ----------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppServer:
    """A running ``python app.py``: its base URL, process and log file."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def post_callback(self, body: dict, timeout: float = 120.0) -> tuple[int, bytes, float]:
        """POST one callback request to /_dash-update-component: (status, response bytes, seconds)."""
        data = json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + "_dash-update-component",
            data=data,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        t0 = time.perf_counter()
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
            status = response.status
        return status, payload, time.perf_counter() - t0


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_until(ready, process: subprocess.Popen, timeout: float, what: str, poll: float = 0.3) -> None:
    """Poll ``ready()`` until it is true (an OSError or ValueError counts as not yet); a RuntimeError if
    ``process`` exits or ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError, ValueError):
            if ready():
                return
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come up within {timeout:g} s")
        time.sleep(poll)


def stop_group(process: subprocess.Popen) -> None:
    """Terminate a server we started (in a session of its own) and every process it started (background jobs,
    gunicorn's workers); kill them if they do not go."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@contextlib.contextmanager
def serve_app(
    extra_env: dict | None = None, timeout: float = STARTUP_TIMEOUT, poll: float = 0.2
) -> Iterator[AppServer]:
    """Start ``python app.py`` on a free port with a fresh cache, wait until it answers, stop it afterwards.

    The cache is the in-process SimpleCache (new with each process); CACHE_DIR points at a new temporary
    directory, so even a FileSystemCache chosen through ``extra_env`` starts empty. The server's output goes
    to a log file in that directory (shown if it fails to start).
    """
    with tempfile.TemporaryDirectory(prefix="explorer-app-") as tmp:
        port = free_port()
        env = dict(os.environ)
        env.update(
            HOST="127.0.0.1",
            PORT=str(port),
            CACHE_TYPE="SimpleCache",
            CACHE_DIR=os.path.join(tmp, "cache"),
            JOB_DIR=os.path.join(tmp, "jobs"),
            PYTHONUNBUFFERED="1",
        )
        env.update(extra_env or {})
        log_path = Path(tmp) / "app.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "app.py"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = AppServer(f"http://127.0.0.1:{port}/", process, log_path)
        try:
            try:
                wait_until(lambda: _answers(server.url), process, timeout, "the app", poll)
            except RuntimeError as error:
                raise RuntimeError(f"{error}:\n{server.log()}") from None
            yield server
        finally:
            stop_group(process)


# ---------- the browser ----------


def launch_chromium(playwright, **kwargs):
    """Headless Debian Chromium with the flags this machine needs (a fresh profile per launch)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **kwargs)


@dataclass
class PageProblems:
    """Console messages of type "error" and uncaught page errors, as they happen."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page) -> PageProblems:
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        return self

    def _on_console(self, message) -> None:
        if message.type == "error":
            location = message.location or {}
            self.console_errors.append(f"{message.text} ({location.get('url', '')}:{location.get('lineNumber', '')})")

    def all(self) -> list[str]:
        return [f"console error: {m}" for m in self.console_errors] + [f"page error: {m}" for m in self.page_errors]


class ExplorerPage:
    """The explorer's page in one browser tab, with the few actions and readings the tests and benchmarks need."""

    def __init__(self, page, url: str):
        self.page = page
        self.url = url
        self.problems = PageProblems().attach(page)

    # --- loading ---

    def open(self, query: str = "", timeout: float = 60_000) -> ExplorerPage:
        """Load the page (at a link's ``query``, e.g. "?x=b1_1&y=b1_2") and wait until the scene is loaded: the
        map holds its contour, the click handler is hooked and the address bar holds the scene. A link to a plane
        (``plane=``) draws no pair map: then until the plane's map or surface holds its grid."""
        self.page.goto(self.url + query.lstrip("/"))
        if "plane=" in query:
            self.page.wait_for_function(
                "() => { const g = document.querySelector('#plane-graph .js-plotly-plot');"
                " return g && g._fullData && g._fullData.some(t => t.uid === 'surface')"
                " && window.lossExplorer && window.location.search.includes('v=1'); }",
                timeout=timeout,
            )
            return self
        self.wait_for_map(timeout=timeout)
        self.page.wait_for_function(
            f"() => {{ const gd = {MAP_GD}; const o = {OVERLAY_GD};"
            " return gd && gd._explorerClick && o && o._fullData && o._fullData.length >= 1"
            " && window.lossExplorer && window.location.search.includes('v=1'); }",
            timeout=timeout,
        )
        return self

    def wait_for_map(self, resolution: int | None = None, timeout: float = 60_000) -> None:
        """Until the map's first trace is a contour (of ``resolution`` columns, if given)."""
        check = "" if resolution is None else f" && c.z.length === {int(resolution)}"
        self.page.wait_for_function(
            f"() => {{ const gd = {MAP_GD};"
            " const c = gd && gd._fullData && gd._fullData.find(t => t.type === 'contour');"
            f" return c{check}; }}",
            timeout=timeout,
        )

    # --- reading ---

    def map_axes(self) -> dict:
        """The map's axis titles, ranges, and plot area (offsets and lengths in CSS pixels, page position)."""
        return self.page.evaluate(
            f"""() => {{
              const gd = {MAP_GD}; const L = gd._fullLayout; const box = gd.getBoundingClientRect();
              return {{
                xtitle: L.xaxis.title.text, ytitle: L.yaxis.title.text,
                xrange: L.xaxis.range.slice(), yrange: L.yaxis.range.slice(),
                left: box.left, top: box.top,
                xoffset: L.xaxis._offset, yoffset: L.yaxis._offset,
                width: L.xaxis._length, height: L.yaxis._length,
              }};
            }}"""
        )

    def full_data(self, graph_id: str, fields=("type", "name", "x", "y")) -> list[dict]:
        """Chosen fields of each trace in a graph's ``_fullData`` (typed arrays turned into lists)."""
        return self.page.evaluate(
            """([id, fields]) => {
              const el = document.getElementById(id);
              const gd = el && (el.classList.contains('js-plotly-plot') ? el : el.querySelector('.js-plotly-plot'));
              if (!gd || !gd._fullData) return null;
              const plain = (v) => (v && typeof v === 'object' && 'length' in v && typeof v !== 'string')
                ? Array.from(v, plain) : v;
              return gd._fullData.map((t) => Object.fromEntries(fields.map((f) => [f, plain(t[f])])));
            }""",
            [graph_id, list(fields)],
        )

    def animation(self) -> dict:
        """lossExplorer.state's clock: the position t and its end (epochs, on the default clock), whether it
        plays, and the number of runs loaded."""
        return self.page.evaluate(
            "() => { const s = window.lossExplorer.state;"
            " return {t: s.pos, epochMax: s.posMax, playing: s.playing, runs: s.runs.length}; }"
        )

    # --- acting ---

    def commit(self, input_id: str | dict, text: str) -> None:
        """Type into a text box and press Enter (the boxes are debounced: Enter or blur commits).

        ``input_id`` is a component id: a string, or a pattern-matching dict id such as
        ``{"type": "hyper", "name": "alpha"}``.
        """
        box = self.page.locator(selector(input_id))
        box.fill(text)
        box.press("Enter")

    def choose(self, dropdown_id: str, value: str, label: str | None = None) -> None:
        """Pick an option of a Dash 4 dropdown: open it, click the option holding ``value``, and wait until the
        dropdown shows it (its ``label``, the value itself by default)."""
        self.page.locator(f"#{dropdown_id}").click()
        option = self.page.locator(f'.dash-dropdown-options [role="option"]:has(input[value="{value}"])')
        option.click()
        self.page.wait_for_function(
            "([id, text]) => { const el = document.getElementById(id);"
            " return el && el.innerText.includes(text) && !document.querySelector('.dash-dropdown-options'); }",
            arg=[dropdown_id, label or value],
        )

    def run(self, timeout: float = 60_000) -> None:
        """Click Run and wait until one more run card is listed and the overlay holds its trail."""
        before = self.page.locator(".run-card").count()
        self.page.locator("#run").click()
        self.wait_for_runs(before + 1, timeout)

    def wait_for_runs(self, n: int, timeout: float = 60_000) -> None:
        """Until ``n`` run cards are listed and the overlay draws ``n`` trails (found by their meta names)."""
        self.page.wait_for_function(
            f"(n) => {{ const o = {OVERLAY_GD}; return document.querySelectorAll('.run-card').length === n"
            " && o && o._fullData.filter(t => /:trail$/.test(t.meta || '')).length === n"
            " && window.lossExplorer.state.runs.length === n; }",
            arg=n,
            timeout=timeout,
        )

    def traces(self, graph_id: str, meta_pattern: str, fields=("meta", "x", "y")) -> list[dict]:
        """Chosen fields of the traces of a graph whose ``meta`` matches a regular expression."""
        return [t for t in self.full_data(graph_id, (*fields, "meta")) if re.search(meta_pattern, t.get("meta") or "")]

    def query(self) -> dict:
        """The address bar's query, as a dict of lists (run appears once per run)."""
        return parse_qs(urlparse(self.page.url).query, keep_blank_values=True)
