# The explorer for a class: gunicorn (gunicorn.conf.py, threaded workers) with a cache the workers share, the
# numba kernels compiled at build time. Build: docker build -t loss-surface-explorer .
# Run alone: docker run -p 8050:8050 loss-surface-explorer   With Redis and a Celery worker: docker compose up
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NUMBA_CACHE_DIR=/app/.numba-cache \
    HOST=0.0.0.0 \
    PORT=8050 \
    CACHE_TYPE=FileSystemCache \
    CACHE_DIR=/tmp/explorer-cache \
    JOB_DIR=/tmp/explorer-jobs

WORKDIR /app
# the pinned runtime first (requirements.txt: the same pins as pyproject.toml), then the package itself without
# dependencies, so nothing unpinned comes in; the sources are not kept (the wheel carries assets/ too)
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY pyproject.toml setup.py README.md /src/
COPY surface /src/surface
COPY explorer /src/explorer
COPY assets /src/assets
RUN pip install --no-cache-dir --no-deps /src && rm -rf /src
COPY app.py gunicorn.conf.py ./
# compile every kernel now (numba caches them in NUMBA_CACHE_DIR), so that no container compiles when it starts
RUN python -c "import surface; surface.warm_up()" \
    && chown -R 10001:10001 /app/.numba-cache

USER 10001:10001
EXPOSE 8050
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8050/healthz', timeout=4).status != 200)"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "app:server"]
