"""Shared test settings: the project root on sys.path, and hypothesis profiles for CI and local runs."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole session: Playwright's sync API runs one event loop per process,
    so every browser test shares this one rather than starting its own."""
    playwright_sync = pytest.importorskip("playwright.sync_api")
    from tests.browser_support import launch_chromium

    with playwright_sync.sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def app_server():
    """One ``python app.py`` (free port, fresh cache) for every browser test of the session."""
    from tests.browser_support import serve_app

    with serve_app() as server:
        yield server


@pytest.fixture
def context(chromium):
    """A fresh browser context per test (its own storage), at the tests' viewport, accepting downloads."""
    from tests.browser_support import VIEWPORT

    context = chromium.new_context(viewport=VIEWPORT, locale="en-US", accept_downloads=True)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def app_context():
    """A Flask app context with a fresh in-process cache: what the cached engine calls of ``explorer`` need
    when callbacks are called as plain functions (``pytestmark = pytest.mark.usefixtures("app_context")``)."""
    import flask

    from explorer.serving.cache import init_cache

    app = flask.Flask(__name__)
    init_cache(app, {"CACHE_TYPE": "SimpleCache"})
    with app.app_context():
        yield
