# syntax=docker/dockerfile:1
# The base is pinned by tag (no registry was reachable to read its digest: add
# @sha256:... where one is). Install and start commands are the ones
# tests/test_image_commands.py runs in a fresh virtual environment: docker/install.sh and CMD.
FROM docker.io/library/python:3.11.14-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
COPY docker/install.sh /usr/local/bin/install-mypage-api
RUN ["install-mypage-api", "/venv", "/src"]

FROM docker.io/library/python:3.11.14-slim-bookworm
RUN useradd --create-home --uid 10001 --user-group mypage \
    && mkdir -p /app/data \
    && chown 10001:10001 /app/data
WORKDIR /app
COPY --from=build /venv /venv
COPY alembic.ini ./
COPY migrations ./migrations
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    MYPAGE_ENV=production \
    MYPAGE_DATA_DIR=/app/data
USER 10001:10001
EXPOSE 8000
# The process answers (liveness); compose.yaml checks /readyz (the database answers) instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# One container: serve applies migrations first. Several replicas: compose.yaml.
CMD ["mypage-api", "serve", "--host", "0.0.0.0", "--port", "8000"]
