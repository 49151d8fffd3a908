"""Search pages shared through Redis (search.shared): what one server keeps, another answers,
exact whatever changed in between; and a Redis away or slow never fails a search.

Set MYPAGE_TEST_REDIS_URL (``.ci/run`` does) to run the tests that need a real Redis; each
uses keys of its own and removes them."""

import logging
import os
import socket
import time
from array import array
from collections.abc import AsyncIterator, Iterator
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from mypage_api.app import create_app
from mypage_api.clock import FixedClock
from mypage_api.config import Settings
from mypage_api.db import Database
from mypage_api.search import shared
from mypage_api.search.cache import KeptPage
from mypage_api.search.shared import RedisPages, decode, encode
from tests.factories import Person, bearer, load_offices, make_employer, post_job

# A posting no search for 介護 finds.
OFFICE_WORK: dict[str, object] = {
    "occupation_code": "251-01",
    "occupation_name": "一般事務",
    "description": "データ入力と電話応対。",
}


@pytest.fixture
async def redis_url() -> str:
    url = os.environ.get("MYPAGE_TEST_REDIS_URL")
    if not url:
        pytest.skip("MYPAGE_TEST_REDIS_URL is not set: no Redis to share pages through")
    client = Redis.from_url(url, socket_connect_timeout=2)
    try:
        await client.ping()  # set but unreachable: fail, do not skip
    finally:
        await client.aclose()
    return url


@pytest.fixture
async def prefix(redis_url: str) -> AsyncIterator[str]:
    """Keys of this test alone, removed afterwards (the server may be shared)."""
    prefix = f"mypage-test:{uuid4().hex}:"
    yield prefix
    client = Redis.from_url(redis_url)
    try:
        keys = [key async for key in client.scan_iter(match=prefix + "*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture
async def employer(connection: AsyncConnection, clock: FixedClock) -> Person:
    await load_offices(connection)
    return await make_employer(connection, clock.now())


def server(
    settings: Settings,
    clock: FixedClock,
    engine: AsyncEngine,
    connection: AsyncConnection,
    **changes: object,
) -> FastAPI:
    """One more server on the test's database (its transaction), with its own pages."""
    database = Database(engine)
    database.bind_to(connection)
    return create_app(settings.model_copy(update=changes), clock=clock, database=database)


@pytest.fixture
async def servers(
    settings: Settings,
    clock: FixedClock,
    engine: AsyncEngine,
    connection: AsyncConnection,
    redis_url: str,
    prefix: str,
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """Two servers sharing the database and Redis."""
    apps = [
        server(settings, clock, engine, connection, redis_url=redis_url, redis_key_prefix=prefix)
        for _ in range(2)
    ]
    clients = [
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
        for app in apps
    ]
    yield clients[0], clients[1]
    for client, app in zip(clients, apps, strict=True):
        await client.aclose()
        await app.state.search_cache.close()


async def answer(client: httpx.AsyncClient, **params: str) -> tuple[str, object]:
    response = await client.get("/v1/jobs", params=params)
    assert response.status_code == 200, response.text
    return response.headers["x-search-page"], response.json()


async def test_a_page_read_by_one_server_is_kept_for_the_other(
    servers: tuple[httpx.AsyncClient, httpx.AsyncClient],
    employer: Person,
    redis_url: str,
    prefix: str,
) -> None:
    first, second = servers
    await post_job(first, await bearer(first, employer.email), title="介護職員（日勤）")
    source, page = await answer(first, q="介護")
    assert source == "read"
    assert await answer(second, q="介護") == ("kept", page)
    assert await answer(second, q="介護") == ("kept", page)  # now from its own memory
    client = Redis.from_url(redis_url)
    try:
        [key] = [key async for key in client.scan_iter(match=prefix + "*")]
        assert key.decode().startswith(prefix + "search:v1:")
        assert 0 < await client.ttl(key) <= shared.TTL_SECONDS  # leaves by itself
    finally:
        await client.aclose()


async def test_a_change_after_the_page_was_kept_shows_on_every_server(
    servers: tuple[httpx.AsyncClient, httpx.AsyncClient],
    employer: Person,
    settings: Settings,
    clock: FixedClock,
    engine: AsyncEngine,
    connection: AsyncConnection,
) -> None:
    first, second = servers
    headers = await bearer(first, employer.email)
    day = await post_job(first, headers, title="介護職員（日勤）")
    other = await post_job(first, headers, **OFFICE_WORK, title="一般事務")
    assert (await answer(first, q="介護"))[0] == "read"
    assert (await answer(second, q="介護"))[0] == "kept"
    fresh_app = server(settings, clock, engine, connection, search_cache_size=0)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=fresh_app), base_url="http://testserver"
    ) as fresh:
        # A change the page cannot show: checked once by one server, then kept by both.
        edited = await first.patch(
            f"/v1/employer/jobs/{other['job_number']}", json={"title": "経理事務"}, headers=headers
        )
        assert edited.status_code == 200, edited.text
        source, page = await answer(second, q="介護")
        assert (source, page) == ("checked", (await answer(fresh, q="介護"))[1])
        assert await answer(first, q="介護") == ("kept", page)  # the checked page, shared

        # A change the page shows: read afresh, with the change.
        edited = await first.patch(
            f"/v1/employer/jobs/{day['job_number']}",
            json={"title": "介護職員（夜勤）"},
            headers=headers,
        )
        assert edited.status_code == 200, edited.text
        source, page = await answer(second, q="介護")
        assert source == "read"
        assert page == (await answer(fresh, q="介護"))[1]
        assert isinstance(page, dict)
        assert [item["title"] for item in page["items"]] == ["介護職員（夜勤）"]
        assert await answer(first, q="介護") == ("kept", page)

        # A new match: read afresh by whichever server is asked first.
        await post_job(first, headers, title="介護職員（早番）")
        source, page = await answer(first, q="介護")
        assert (source, page) == ("read", (await answer(fresh, q="介護"))[1])
        assert isinstance(page, dict)
        assert page["total"] == 2
        assert await answer(second, q="介護") == ("kept", page)


def kept_page(generation: int, body: bytes = b"{}", **fields: object) -> KeptPage:
    values: dict[str, object] = {
        "page_ids": frozenset({5, 2**40}),
        "counted": 3,
        "matched": array("i", [2, 5, 9]),
    }
    values.update(fields)
    return KeptPage(generation=generation, body=body, **values)  # type: ignore[arg-type]


async def test_a_page_of_a_later_generation_is_not_replaced_by_an_older_one(
    redis_url: str, prefix: str
) -> None:
    pages = RedisPages(redis_url, prefix=prefix)
    try:
        await pages.put("k", kept_page(7, b"new"))
        await pages.put("k", kept_page(6, b"old"))  # a read that finished late
        assert await pages.get("k") == kept_page(7, b"new")
        await pages.put("k", kept_page(7, b"again"))  # the same generation: replaced
        assert await pages.get("k") == kept_page(7, b"again")
        await pages.put("k", kept_page(2**40, b"later"))
        assert await pages.get("k") == kept_page(2**40, b"later")
        assert await pages.get("another") is None
    finally:
        await pages.close()


@pytest.mark.parametrize(
    "page",
    [
        kept_page(1),
        kept_page(2**62, body="介護".encode() * 1000, counted=10_050, matched=None),
        kept_page(3, page_ids=frozenset(), counted=0, matched=array("i")),
        kept_page(4, matched=array("q", [1, 2**40])),
    ],
    ids=["exact count", "count past the cap", "no match", "64-bit ids"],
)
def test_the_encoding_round_trips(page: KeptPage) -> None:
    data = encode(page)
    assert decode(data) == page
    assert decode(data).matched == page.matched
    with pytest.raises(ValueError, match="not a stored search page"):
        decode(data[:-1])
    with pytest.raises(ValueError, match="not a stored search page"):
        decode(b"\x02" + data[1:])  # another format


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        port: int = listener.getsockname()[1]
    return port  # closed: connecting is refused


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A server that accepts connections and never answers: a Redis that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


@pytest.mark.parametrize("fault", ["closed", "silent"])
async def test_searches_go_on_without_redis_and_say_so_once(
    request: pytest.FixtureRequest,
    fault: str,
    settings: Settings,
    clock: FixedClock,
    engine: AsyncEngine,
    connection: AsyncConnection,
    employer: Person,
    caplog: pytest.LogCaptureFixture,
) -> None:
    port = request.getfixturevalue(f"{fault}_port")
    app = server(settings, clock, engine, connection, redis_url=f"redis://127.0.0.1:{port}/0")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        await post_job(client, await bearer(client, employer.email), title="介護職員（日勤）")
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mypage_api.search"):
            started = time.perf_counter()
            sources = []
            for _ in range(6):
                source, page = await answer(client, q="介護")
                sources.append(source)
                assert isinstance(page, dict)
                assert [item["title"] for item in page["items"]] == ["介護職員（日勤）"]
            elapsed = time.perf_counter() - started
        assert sources == ["read"] + ["kept"] * 5  # the pages of this process alone
        warnings = [record for record in caplog.records if record.name == "mypage_api.search"]
        assert len(warnings) == 1, [record.getMessage() for record in warnings]
        assert "unavailable" in warnings[0].getMessage()
        assert str(port) not in warnings[0].getMessage()
        assert elapsed < 5  # one timeout at most, then Redis is left alone for a while
    await app.state.search_cache.close()


async def test_redis_is_tried_again_after_a_pause(
    closed_port: int, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = 0.0
    pages = RedisPages(f"redis://127.0.0.1:{closed_port}/0", clock=lambda: now)
    calls = 0
    real_get = pages._redis.get

    async def counted_get(key: str) -> object:
        nonlocal calls
        calls += 1
        return await real_get(key)

    monkeypatch.setattr(pages._redis, "get", counted_get)
    with caplog.at_level(logging.INFO, logger="mypage_api.search"):
        assert await pages.get("k") is None
        assert await pages.get("k") is None  # left alone
        assert calls == 1
        now += shared.RETRY_AFTER_SECONDS
        assert await pages.get("k") is None  # tried again, still away
        assert calls == 2
    assert len([r for r in caplog.records if r.name == "mypage_api.search"]) == 1
    await pages.close()
