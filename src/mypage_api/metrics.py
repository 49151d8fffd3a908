"""Prometheus metrics, answered at ``GET /metrics`` (prometheus-client's text format).

- requests by method, route template and status, and their latency (request_log observes
  every answer through ``observe_request``; a path that matches no route counts under
  ``(no route)``, an unknown method under ``other``: the label values are bounded);
- search pages answered, by where they came from (the ``X-Search-Page`` header: kept,
  checked, read), and the pages this process keeps;
- the database pool of this process: connections in use and its size;
- the outbox: mails queued and the age of the oldest, read when scraped (one bounded
  query).

With ``PROMETHEUS_MULTIPROC_DIR`` set (``serve --workers N``), every server process writes
its values there and any of them answers for all (prometheus-client's multiprocess mode):
counters and histograms are summed, the pool and kept pages are summed over the live
processes as each last saw them (at its latest answer), the outbox is the latest read.
Without it, a process answers for itself. ``serve`` empties the folder when it starts.
"""

import logging
import math
import os
from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import Scope

from mypage_api.db import Database, get_database
from mypage_api.models import MailStatus, OutboxMail
from mypage_api.outages import DatabaseBusy

logger = logging.getLogger("mypage_api.metrics")

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
PAGE_SOURCES = frozenset({"kept", "checked", "read"})
# The outbox's depth is counted up to this many mails (a scrape stays cheap however long
# the queue grows); the oldest is the oldest of those.
OUTBOX_COUNT_CAP = 10_000

disable_created_metrics()  # type: ignore[no-untyped-call]  # no *_created series

REQUESTS = Counter(
    "mypage_http_requests",
    "Requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "mypage_http_request_duration_seconds",
    "Time from the request's arrival to the end of its answer, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
SEARCH_PAGES = Counter(
    "mypage_search_pages",
    "Search pages answered, by where they came from (X-Search-Page): kept, checked, read.",
    ["source"],
)
PAGES_KEPT = Gauge(
    "mypage_search_pages_kept",
    "Search pages kept in memory (app.state.search_cache).",
    multiprocess_mode="livesum",
)
POOL_IN_USE = Gauge(
    "mypage_db_pool_connections_in_use",
    "Database connections checked out of the pool.",
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "mypage_db_pool_size",
    "Connections the pool keeps (without its overflow).",
    multiprocess_mode="livesum",
)
OUTBOX_QUEUED = Gauge(
    "mypage_outbox_queued_mails",
    f"Mails waiting to be sent (counted up to {OUTBOX_COUNT_CAP}); NaN: not readable.",
    multiprocess_mode="mostrecent",
)
OUTBOX_OLDEST_AGE = Gauge(
    "mypage_outbox_oldest_queued_age_seconds",
    "Age of the oldest mail waiting to be sent; 0 when none waits; NaN: not readable.",
    multiprocess_mode="mostrecent",
)

router = APIRouter(include_in_schema=False)


def observe_request(
    scope: Scope, *, route: str, status: int, seconds: float, search_page: str | None
) -> None:
    """Count one answered request (request_log calls it for every answer)."""
    method = scope["method"] if scope["method"] in METHODS else "other"
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)
    app = scope.get("app")
    if app is None:
        return
    _sample_pool(getattr(app.state, "database", None))
    if search_page in PAGE_SOURCES:
        SEARCH_PAGES.labels(search_page).inc()
        _sample_kept(app)


def _sample_pool(database: Database | None) -> None:
    if database is None:
        return
    pool: Any = database.engine.pool
    checked_out = getattr(pool, "checkedout", None)
    size = getattr(pool, "size", None)
    if callable(checked_out):
        POOL_IN_USE.set(checked_out())
    if callable(size):
        POOL_SIZE.set(size())


def _sample_kept(app: Any) -> None:
    cache = getattr(app.state, "search_cache", None)
    if cache is not None:
        PAGES_KEPT.set(len(cache))


async def _sample_outbox(database: Database, now: float) -> None:
    """The outbox's depth and oldest age, by one statement over at most the cap's rows."""
    pending = (
        select(OutboxMail.created_at)
        .where(OutboxMail.status == MailStatus.pending)
        .limit(OUTBOX_COUNT_CAP)
        .subquery()
    )
    try:
        async with database.sessions() as session:
            row = (
                await session.execute(select(func.count(), func.min(pending.c.created_at)))
            ).one()
    except (SQLAlchemyError, OSError, DatabaseBusy) as exc:
        logger.warning("outbox not readable for metrics: %s", type(exc).__name__)
        OUTBOX_QUEUED.set(math.nan)
        OUTBOX_OLDEST_AGE.set(math.nan)
        return
    count, oldest = row
    OUTBOX_QUEUED.set(count)
    OUTBOX_OLDEST_AGE.set(max(0.0, now - oldest.timestamp()) if oldest is not None else 0)


def registry() -> CollectorRegistry:
    """This process's registry, or one reading every process's values (multiprocess)."""
    if not os.environ.get(MULTIPROCESS_DIR):
        return REGISTRY
    collecting = CollectorRegistry()
    MultiProcessCollector(collecting)  # type: ignore[no-untyped-call]
    return collecting


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    database = get_database(request)
    _sample_pool(database)
    _sample_kept(request.app)
    await _sample_outbox(database, request.app.state.clock.now().timestamp())
    return Response(generate_latest(registry()), media_type=CONTENT_TYPE_LATEST)
