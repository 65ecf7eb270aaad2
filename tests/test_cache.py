"""The cache is a speed-up, never a dependency: a Redis that is down or hung, or a cache directory that has been
deleted, costs a request at most about a second and one warning in the log, not an error."""

import logging
import shutil
import time

import flask
import pytest

from explorer.serving import cache as cache_module
from tests.redis_support import redis_server


def memoized_app(env):
    """A Flask app on the cache ``env`` configures, and a memoized function that counts its calls."""
    app = flask.Flask(__name__)
    cache = cache_module.init_cache(app, env)
    calls = []

    @cache.memoize()
    def square(v):
        calls.append(v)
        return v * v

    return app, square, calls


def timed(fn, *args):
    t0 = time.monotonic()
    value = fn(*args)
    return value, time.monotonic() - t0


def warnings_from(caplog) -> list[str]:
    name = "explorer.serving.cache"
    return [r.getMessage() for r in caplog.records if r.name == name and r.levelno >= logging.WARNING]


def test_redis_is_shared_and_used():
    with redis_server() as redis:
        env = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis.url}
        first, square, calls = memoized_app(env)
        second, square_again, calls_again = memoized_app(env)
        with first.app_context():
            assert square(12) == 144
        with second.app_context():
            assert square_again(12) == 144
        assert calls == [12] and calls_again == []  # the second "worker" read what the first wrote


@pytest.mark.parametrize("fault", ["stopped", "hung"])
def test_a_failing_redis_costs_a_request_at_most_a_second_and_one_warning(fault, caplog, monkeypatch):
    monkeypatch.setattr(cache_module, "RETRY_SECONDS", 0.8)
    caplog.set_level(logging.WARNING)
    with redis_server() as redis:
        app, square, calls = memoized_app({"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis.url})
        with app.app_context():
            assert square(3) == 9
            redis.stop() if fault == "stopped" else redis.pause()
            value, seconds = timed(square, 4)
            assert value == 16 and seconds < 2.5  # answered without the cache (a hung socket times out in 0.5 s)
            for v in range(5, 25):  # every other request goes past the cache at once
                assert timed(square, v)[1] < 0.2
            assert len(warnings_from(caplog)) == 1 and "answering without it" in warnings_from(caplog)[0]
            assert not [r for r in caplog.records if r.exc_info]  # no traceback per request
            if fault == "hung":
                redis.resume()
                time.sleep(0.9)
                assert square(30) == 900 and square(30) == 900
                assert calls.count(30) == 1  # cached again
                assert "answers again" in warnings_from(caplog)[-1]


def test_a_deleted_cache_directory_is_made_again(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    directory = tmp_path / "cache"
    app, square, calls = memoized_app({"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(directory)})
    with app.app_context():
        assert square(2) == 4
        shutil.rmtree(directory)
        assert square(3) == 9 and square(3) == 9
    assert calls == [2, 3] and directory.is_dir()
    assert not [r for r in caplog.records if r.exc_info]  # no traceback per request
    assert any("made it again" in m for m in warnings_from(caplog))


def test_an_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="CACHE_TYPE must be one of"):
        cache_module.config_from_env({"CACHE_TYPE": "redis"})
