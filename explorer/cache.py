"""The shared cache for contour grids, stationary points and runs (flask-caching).

The backend comes from the environment, so any number of worker processes can share it:
``CACHE_TYPE`` (``SimpleCache`` by default, per process; ``FileSystemCache`` with ``CACHE_DIR``, or
``RedisCache`` with ``CACHE_REDIS_URL``, shared by workers) and ``CACHE_DEFAULT_TIMEOUT`` in seconds.
Memoized functions take only scalars and tuples: flask-caching builds keys from the arguments' text, and numpy
abbreviates long arrays with "...".
"""

from __future__ import annotations

import os

from flask_caching import Cache

cache = Cache()


def config_from_env(env=os.environ) -> dict:
    """flask-caching settings from the environment, with the in-process SimpleCache as the default."""
    config = {
        "CACHE_TYPE": env.get("CACHE_TYPE", "SimpleCache"),
        "CACHE_DEFAULT_TIMEOUT": int(env.get("CACHE_DEFAULT_TIMEOUT", "3600")),
        "CACHE_THRESHOLD": int(env.get("CACHE_THRESHOLD", "200")),
    }
    if "CACHE_DIR" in env:
        config["CACHE_DIR"] = env["CACHE_DIR"]
    elif config["CACHE_TYPE"] == "FileSystemCache":
        config["CACHE_DIR"] = os.path.join(os.getcwd(), "cache")
    if "CACHE_REDIS_URL" in env:
        config["CACHE_REDIS_URL"] = env["CACHE_REDIS_URL"]
    return config


def init_cache(server, env=os.environ) -> Cache:
    cache.init_app(server, config=config_from_env(env))
    return cache
