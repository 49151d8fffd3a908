"""Search pages kept in memory (jobs.cache): a kept page is always the page a fresh search
would give, whatever changed in between and whenever the day turned."""

import asyncio
from datetime import date, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from mypage_api.jobs.cache import SearchCache
from mypage_api.rules.calendar import JST
from tests.factories import Person, bearer, load_offices, make_employer, post_job


@pytest.fixture
async def employer(connection: AsyncConnection, clock: FixedClock) -> Person:
    await load_offices(connection)
    return await make_employer(connection, clock.now())


async def search(client: httpx.AsyncClient, **params: object) -> dict[str, object]:
    response = await client.get("/v1/jobs", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def titles(page: dict[str, object]) -> list[str]:
    items = page["items"]
    assert isinstance(items, list)
    return [item["title"] for item in items]


def kept(app: FastAPI) -> int:
    cache: SearchCache = app.state.search_cache
    return len(cache)


async def generation(connection: AsyncConnection) -> int:
    return int(
        (
            await connection.execute(text("SELECT generation FROM job_search_generation"))
        ).scalar_one()
    )


async def test_the_same_search_is_kept_once_and_answered_alike(
    client: httpx.AsyncClient, app: FastAPI, employer: Person
) -> None:
    await post_job(client, await bearer(client, employer.email), title="介護職員（日勤）")
    first = await search(client, q="介護")
    assert titles(first) == ["介護職員（日勤）"]
    assert await search(client, q="介護") == first
    assert kept(app) == 1
    await search(client, q="介護", limit=30)
    await search(client, q="介護", sort="deadline")
    assert kept(app) == 3


async def test_a_job_posted_after_a_search_shows_in_it_at_once(
    client: httpx.AsyncClient, employer: Person
) -> None:
    headers = await bearer(client, employer.email)
    await post_job(client, headers, title="介護職員（日勤）")
    assert (await search(client, q="介護"))["total"] == 1
    await post_job(client, headers, title="介護職員（夜勤）")  # the same day: newer id
    page = await search(client, q="介護")
    assert (page["total"], titles(page)) == (2, ["介護職員（夜勤）", "介護職員（日勤）"])


async def test_a_job_closed_after_a_search_leaves_it_at_once(
    client: httpx.AsyncClient, employer: Person
) -> None:
    headers = await bearer(client, employer.email)
    closing = await post_job(client, headers, title="介護職員（日勤）")
    await post_job(client, headers, title="介護職員（夜勤）")
    assert (await search(client, q="介護"))["total"] == 2
    closed = await client.post(f"/v1/employer/jobs/{closing['job_number']}/close", headers=headers)
    assert closed.status_code == 200, closed.text
    page = await search(client, q="介護")
    assert (page["total"], titles(page)) == (1, ["介護職員（夜勤）"])


async def test_an_edited_posting_shows_at_once(client: httpx.AsyncClient, employer: Person) -> None:
    headers = await bearer(client, employer.email)
    job = await post_job(client, headers, title="介護職員（日勤）")
    assert titles(await search(client, q="日勤")) == ["介護職員（日勤）"]
    edited = await client.patch(
        f"/v1/employer/jobs/{job['job_number']}",
        json={"title": "介護職員（夜勤）"},
        headers=headers,
    )
    assert edited.status_code == 200, edited.text
    assert titles(await search(client, q="日勤")) == []
    assert titles(await search(client, q="夜勤")) == ["介護職員（夜勤）"]


async def test_a_saved_search_shows_a_new_job_at_once(
    client: httpx.AsyncClient, employer: Person, connection: AsyncConnection
) -> None:
    from tests.factories import sign_up_online
    from tests.unit.profiles.makers import make_profile

    await sign_up_online(client, connection, "taro@example.jp", make_profile())
    seeker = await bearer(client, "taro@example.jp")
    saved = await client.post(
        "/v1/me/saved-searches", json={"name": "介護", "filters": {"q": "介護"}}, headers=seeker
    )
    assert saved.status_code == 201, saved.text
    path = f"/v1/me/saved-searches/{saved.json()['id']}/jobs"
    assert (await client.get(path, headers=seeker)).json()["total"] == 0
    await post_job(client, await bearer(client, employer.email), title="介護職員（日勤）")
    assert (await client.get(path, headers=seeker)).json()["total"] == 1


@pytest.mark.parametrize(
    ("moment", "listed"),
    [
        # valid_until is the last day of validity (R10): listed through its last minute in
        # Tokyo, gone from the first minute of the next day.
        (lambda last: datetime.combine(last - timedelta(days=1), datetime.min.time()), True),
        (lambda last: datetime.combine(last, datetime.max.time()), True),
        (lambda last: datetime.combine(last + timedelta(days=1), datetime.min.time()), False),
    ],
    ids=["the day before", "the last day", "the day after"],
)
async def test_a_kept_page_ends_with_the_days_validity(
    client: httpx.AsyncClient,
    employer: Person,
    clock: FixedClock,
    moment: object,
    listed: bool,
) -> None:
    job = await post_job(client, await bearer(client, employer.email))
    last_day = date.fromisoformat(str(job["valid_until"]))
    assert (await search(client, q="介護"))["total"] == 1  # kept on the day of posting
    clock.set(datetime.combine(last_day, datetime.min.time(), tzinfo=JST) - timedelta(minutes=1))
    assert (await search(client, q="介護"))["total"] == 1  # kept the evening before
    assert callable(moment)
    clock.set(moment(last_day).replace(tzinfo=JST))
    assert (await search(client, q="介護"))["total"] == (1 if listed else 0)


async def test_an_employers_new_name_shows_at_once(
    client: httpx.AsyncClient, employer: Person, connection: AsyncConnection
) -> None:
    # No endpoint renames an employer yet; the database's trigger is what keeps pages true
    # to a rename by any means.
    await post_job(client, await bearer(client, employer.email), publishes_employer_name=True)
    before = await search(client)
    renamed = await connection.execute(
        text("UPDATE employers SET name = '新社名株式会社' WHERE account_id = :id"),
        {"id": employer.id},
    )
    assert renamed.rowcount == 1
    after = await search(client)
    items = after["items"]
    assert isinstance(items, list)
    assert items[0]["employer_name"] == "新社名株式会社"
    assert after != before


async def test_every_change_to_jobs_moves_the_generation(
    client: httpx.AsyncClient, employer: Person, connection: AsyncConnection
) -> None:
    start = await generation(connection)
    job = await post_job(client, await bearer(client, employer.email))
    posted = await generation(connection)
    assert posted > start
    await connection.execute(
        text("UPDATE jobs SET title = 'x' WHERE job_number = :n"), {"n": job["job_number"]}
    )
    updated = await generation(connection)
    assert updated > posted
    await connection.execute(
        text("DELETE FROM jobs WHERE job_number = :n"), {"n": job["job_number"]}
    )
    deleted = await generation(connection)
    assert deleted > updated
    # What a page cannot show leaves it alone.
    await connection.execute(
        text("UPDATE employers SET has_mypage = NOT has_mypage WHERE account_id = :id"),
        {"id": employer.id},
    )
    assert await generation(connection) == deleted


async def test_without_the_cache_searches_answer_the_same(
    client: httpx.AsyncClient, app: FastAPI, employer: Person
) -> None:
    await post_job(client, await bearer(client, employer.email), title="介護職員（日勤）")
    cached = await search(client, q="介護")
    app.state.search_cache = SearchCache(0)
    assert await search(client, q="介護") == cached
    assert kept(app) == 0


def test_the_least_recently_used_page_leaves_first() -> None:
    cache = SearchCache(2)
    cache.put("a", b"A")
    cache.put("b", b"B")
    assert cache.get("a") == b"A"  # now "b" is the least recently used
    cache.put("c", b"C")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (b"A", None, b"C")
    assert len(cache) == 2


class Reads:
    """A page read that waits until released, counting its calls; the first may fail."""

    def __init__(self, *, first_fails: bool = False) -> None:
        self.calls = 0
        self.released = asyncio.Event()
        self.first_fails = first_fails

    async def __call__(self) -> bytes:
        self.calls += 1
        if self.calls == 1:
            await self.released.wait()
            if self.first_fails:
                raise ConnectionError("the database went away")
        return b"page"


async def test_searches_arriving_during_a_read_wait_for_it() -> None:
    cache, read = SearchCache(10), Reads()
    searches = [asyncio.create_task(cache.page("k", read)) for _ in range(5)]
    await asyncio.sleep(0)  # every search has started: one reads, four wait
    read.released.set()
    assert await asyncio.gather(*searches) == [b"page"] * 5
    assert read.calls == 1
    assert await cache.page("k", read) == b"page"  # kept
    assert read.calls == 1


async def test_when_the_read_fails_the_waiting_searches_read_for_themselves() -> None:
    cache, read = SearchCache(10), Reads(first_fails=True)
    first = asyncio.create_task(cache.page("k", read))
    await asyncio.sleep(0)
    second = asyncio.create_task(cache.page("k", read))
    await asyncio.sleep(0)
    read.released.set()
    with pytest.raises(ConnectionError):
        await first
    assert await second == b"page"
    assert read.calls == 2


async def test_a_search_that_goes_away_leaves_the_read_to_the_others() -> None:
    cache, read = SearchCache(10), Reads()
    first = asyncio.create_task(cache.page("k", read))
    await asyncio.sleep(0)
    second = asyncio.create_task(cache.page("k", read))
    await asyncio.sleep(0)
    second.cancel()
    read.released.set()
    assert await first == b"page"
    with pytest.raises(asyncio.CancelledError):
        await second
    assert read.calls == 1
