# syntax=docker/dockerfile:1
FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /venv
COPY pyproject.toml README.md ./
COPY src ./src
RUN /venv/bin/pip install --no-cache-dir --upgrade pip && /venv/bin/pip install --no-cache-dir .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 mypage
WORKDIR /app
COPY --from=build /venv /venv
COPY alembic.ini ./
COPY migrations ./migrations
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    MYPAGE_ENV=production \
    MYPAGE_DATA_DIR=/app/data
RUN mkdir -p /app/data && chown mypage:mypage /app/data
USER mypage
EXPOSE 8000
CMD ["mypage-api", "serve", "--host", "0.0.0.0", "--port", "8000"]
