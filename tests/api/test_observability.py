"""What an operator watches: /metrics, the request id of every answer and log line, the
JSON log format, and a request's mail logged by the worker under the request's id."""

import io
import json
import logging
import sys
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.app import create_app
from mypage_api.clock import FixedClock
from mypage_api.config import Settings
from mypage_api.db import Database
from mypage_api.logs import TEXT_FORMAT, JsonFormatter
from mypage_api.mail.delivery import run_pass
from mypage_api.mail.outbox import enqueue
from mypage_api.mail.senders import sender_from
from mypage_api.models import OutboxMail
from mypage_api.request_ids import RequestIdFilter
from tests.factories import bearer, load_offices, make_employer, post_job

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(client: httpx.AsyncClient) -> Samples:
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    samples: Samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[key(sample.name, **sample.labels)] = sample.value
    return samples


def key(name: str, **labels: str) -> tuple[str, frozenset[tuple[str, str]]]:
    return name, frozenset(labels.items())


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get(key(name, **labels), 0.0)


def records_with_ids(caplog: pytest.LogCaptureFixture) -> None:
    """The serve/worker handlers' filter on the capturing handler too."""
    caplog.handler.addFilter(RequestIdFilter())


# /metrics ---------------------------------------------------------------------------------
async def test_requests_are_counted_by_route_template_method_and_status(
    client: httpx.AsyncClient,
) -> None:
    before = await scrape(client)
    for _ in range(2):
        response = await client.get("/v1/jobs/13010-12345678")
        assert response.status_code == 404
    await client.get("/v1/nowhere/yamada.taro@example.jp")
    after = await scrape(client)

    template = {"method": "GET", "route": "/v1/jobs/{job_number}"}
    counted = "mypage_http_requests_total"
    assert value(after, counted, **template, status="404") - value(
        before, counted, **template, status="404"
    ) == pytest.approx(2)
    nowhere = {"method": "GET", "route": "(no route)", "status": "404"}
    assert value(after, counted, **nowhere) - value(before, counted, **nowhere) == 1
    latency = "mypage_http_request_duration_seconds"
    assert value(after, f"{latency}_count", **template) - value(
        before, f"{latency}_count", **template
    ) == pytest.approx(2)
    buckets = {dict(labels)["le"] for name, labels in after if name == f"{latency}_bucket"}
    assert {"0.005", "0.1", "1.0", "5.0", "+Inf"} <= buckets
    # Raw paths never become labels.
    every_label = {label for _, labels in after for _, label in labels}
    assert not any("12345678" in label or "@" in label for label in every_label)


async def test_unknown_methods_share_one_label(client: httpx.AsyncClient) -> None:
    await client.request("BREW", "/healthz")
    samples = await scrape(client)
    assert not any(dict(labels).get("method") == "BREW" for _, labels in samples)
    assert (
        value(samples, "mypage_http_requests_total", method="other", route="/healthz", status="405")
        >= 1
    )


async def test_the_outbox_depth_and_oldest_age_are_read_when_scraped(
    client: httpx.AsyncClient, app: FastAPI, clock: FixedClock
) -> None:
    samples = await scrape(client)
    assert value(samples, "mypage_outbox_queued_mails") == 0
    assert value(samples, "mypage_outbox_oldest_queued_age_seconds") == 0
    database: Database = app.state.database
    async with database.sessions() as session, session.begin():
        for minutes in (10, 3):
            enqueue(
                session,
                to="yamada.taro@example.jp",
                kind="email_verification",
                subject="件名",
                body="本文",
                now=clock.now() - timedelta(minutes=minutes),
            )
    samples = await scrape(client)
    assert value(samples, "mypage_outbox_queued_mails") == 2
    assert value(samples, "mypage_outbox_oldest_queued_age_seconds") == pytest.approx(600)


async def test_search_pages_are_counted_by_where_they_came_from(
    client: httpx.AsyncClient, app: FastAPI, connection: AsyncConnection, clock: FixedClock
) -> None:
    await load_offices(connection)
    employer = await make_employer(connection, clock.now())
    await post_job(client, await bearer(client, employer.email), title="介護職員（日勤）")
    before = await scrape(client)
    sources = [
        (await client.get("/v1/jobs", params={"q": "介護"})).headers["x-search-page"]
        for _ in range(3)
    ]
    assert sources == ["read", "kept", "kept"]
    after = await scrape(client)

    def moved(source: str) -> float:
        name = "mypage_search_pages_total"
        return value(after, name, source=source) - value(before, name, source=source)

    assert (moved("read"), moved("kept"), moved("checked")) == (1, 2, 0)
    assert value(after, "mypage_search_pages_kept") == len(app.state.search_cache) >= 1
    # Answered searches count under their template as well.
    assert value(after, "mypage_http_requests_total", method="GET", route="/v1/jobs", status="200")


async def test_the_database_pool_is_sampled(client: httpx.AsyncClient) -> None:
    samples = await scrape(client)
    assert key("mypage_db_pool_connections_in_use", **{}) in samples
    assert value(samples, "mypage_db_pool_connections_in_use") >= 0
    assert value(samples, "mypage_db_pool_size") >= 1


async def test_metrics_stay_out_of_the_contract_and_out_of_shared_caches(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/metrics")
    assert response.headers["cache-control"] == "no-store"
    contract = (await client.get("/openapi.json")).json()
    assert "/metrics" not in contract["paths"]


async def test_metrics_can_be_turned_off(settings: Settings, app: FastAPI) -> None:
    off = create_app(
        settings.model_copy(update={"metrics_enabled": False}),
        clock=app.state.clock,
        database=app.state.database,
    )
    transport = httpx.ASGITransport(app=off)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        assert (await client.get("/metrics")).status_code == 404


# Request ids ------------------------------------------------------------------------------
async def test_a_sane_request_id_is_echoed(client: httpx.AsyncClient) -> None:
    for sent in ("3f1c9a27-5b0e-4c1f-9a27-000000000001", "lb.trace:42", "a" * 64):
        response = await client.get("/healthz", headers={"X-Request-ID": sent})
        assert response.headers["x-request-id"] == sent


async def test_a_request_id_is_made_when_absent_or_insane(client: httpx.AsyncClient) -> None:
    made = {(await client.get("/healthz")).headers["x-request-id"] for _ in range(2)}
    insane = [b"a" * 65, b"abc def", b"abc\tdef", b"x<script>", b"a,b", "日本語".encode()]
    for sent in insane:
        response = await client.get("/healthz", headers={"X-Request-ID": sent})
        made.add(response.headers["x-request-id"])
        assert response.headers["x-request-id"].encode() != sent
    assert len(made) == 2 + len(insane)
    assert all(len(rid) == 32 and int(rid, 16) >= 0 for rid in made)


async def test_every_answer_carries_the_request_id(app: FastAPI, settings: Settings) -> None:
    router = APIRouter()

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("boom")

    app.include_router(router)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        answers = [
            await client.get("/nowhere", headers={"X-Request-ID": "r-404"}),
            await client.get("/v1/jobs", params={"limit": "7"}, headers={"X-Request-ID": "r-422"}),
            await client.get(
                "/healthz",
                headers={"X-Request-ID": "r-431", "X-Filler": "x" * settings.max_header_bytes},
            ),
            await client.get("/boom", headers={"X-Request-ID": "r-500"}),
        ]
    assert [(a.status_code, a.headers.get_list("x-request-id")) for a in answers] == [
        (404, ["r-404"]),
        (422, ["r-422"]),
        (431, ["r-431"]),
        (500, ["r-500"]),
    ]


async def test_every_log_line_of_a_request_carries_its_id(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    router = APIRouter()
    inner = logging.getLogger("mypage_api.somewhere")

    @router.get("/talk")
    async def talk() -> None:
        inner.info("inside the request")

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("boom")

    app.include_router(router)
    records_with_ids(caplog)
    caplog.set_level(logging.INFO, logger="mypage_api")
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await client.get("/talk", headers={"X-Request-ID": "talk-1"})
        await client.get("/boom", headers={"X-Request-ID": "boom-1"})
    by_id: dict[str, list[str]] = {}
    for record in caplog.records:
        by_id.setdefault(record.request_id, []).append(record.getMessage())
    [inside, access] = by_id["talk-1"]
    assert (inside, access[:14]) == ("inside the request", "GET /talk 200 ")
    assert any(line.startswith("unexpected RuntimeError") for line in by_id["boom-1"])
    assert any(line.startswith("GET /boom 500") for line in by_id["boom-1"])


def test_text_lines_name_the_request_id() -> None:
    record = logging.LogRecord("mypage_api.x", logging.INFO, __file__, 1, "hello", None, None)
    record.request_id = "abc"
    assert logging.Formatter(TEXT_FORMAT).format(record).endswith("INFO mypage_api.x [abc] hello")


# JSON logs --------------------------------------------------------------------------------
@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """The JSON format's handler (logs.log_config) on the service's loggers."""
    output = io.StringIO()
    handler = logging.StreamHandler(output)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("mypage_api")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield output
    logger.removeHandler(handler)
    logger.setLevel(level)


async def test_json_lines_parse_and_carry_the_request_id_and_request_fields(
    client: httpx.AsyncClient, json_lines: io.StringIO
) -> None:
    await client.get("/v1/jobs/13010-12345678", headers={"X-Request-ID": "json-1"})
    lines = [json.loads(line) for line in json_lines.getvalue().splitlines()]
    [access] = [line for line in lines if line["logger"] == "mypage_api.requests"]
    assert access["request_id"] == "json-1"
    assert access["level"] == "INFO"
    assert (access["method"], access["route"], access["status"]) == (
        "GET",
        "/v1/jobs/{job_number}",
        404,
    )
    assert isinstance(access["duration_ms"], float)
    assert access["message"].startswith("GET /v1/jobs/{job_number} 404 ")
    assert access["time"].endswith("+00:00")


def test_json_lines_name_an_exception_by_its_type_only() -> None:
    try:
        raise ValueError("山田 太郎 090-1234-5678")
    except ValueError:
        record = logging.LogRecord(
            "mypage_api.x", logging.ERROR, __file__, 1, "failed", None, exc_info=True
        )
        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line == {
        "time": line["time"],
        "level": "ERROR",
        "logger": "mypage_api.x",
        "message": "failed",
        "request_id": None,
        "exception": "ValueError",
    }


# The worker -------------------------------------------------------------------------------
async def test_a_requests_mail_is_logged_by_the_worker_under_the_requests_id(
    client: httpx.AsyncClient,
    app: FastAPI,
    settings: Settings,
    clock: FixedClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    response = await client.post(
        "/v1/signups", json={"email": "yamada.taro@example.jp"}, headers={"X-Request-ID": "mail-7"}
    )
    assert response.status_code == 202, response.text
    database: Database = app.state.database
    async with database.sessions() as session:
        [mail] = (await session.scalars(select(OutboxMail))).all()
    assert mail.request_id == "mail-7"

    records_with_ids(caplog)
    caplog.set_level(logging.INFO, logger="mypage_api")
    result = await run_pass(database, sender_from(settings), clock, settings)
    assert result.sent == 1
    [sent] = [r for r in caplog.records if r.getMessage() == f"mail {mail.id} ({mail.kind}) sent"]
    assert sent.request_id == "mail-7"
    [summary] = [r for r in caplog.records if r.getMessage().startswith("mail pass:")]
    assert summary.request_id == "-"  # the pass is no request's
