# The explorer served by gunicorn. Build: docker build -t explorer .   Run: docker run -p 8050:8050 explorer
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    NUMBA_CACHE_DIR=/tmp/numba-cache \
    HOST=0.0.0.0 \
    PORT=8050

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app.py ./
COPY surface ./surface
COPY explorer ./explorer
COPY assets ./assets

USER 10001
EXPOSE 8050
CMD ["gunicorn", "--bind", "0.0.0.0:8050", "--workers", "2", "--no-control-socket", "app:server"]
