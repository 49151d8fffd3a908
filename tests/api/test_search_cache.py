"""Search pages kept in memory (jobs.cache): a kept page is always the page a fresh search
would give, whatever changed in between and whenever the day turned."""

import asyncio
from array import array
from datetime import date, datetime, timedelta
from random import Random

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from mypage_api.app import create_app
from mypage_api.clock import FixedClock
from mypage_api.config import Settings
from mypage_api.db import Database
from mypage_api.rules.calendar import JST
from mypage_api.search.cache import KeptPage, SearchCache, after_changes
from mypage_api.search.changes import prune_changes
from tests.factories import Person, bearer, load_offices, make_employer, post_job, session_on


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


# A posting no search for 介護 finds.
OFFICE_WORK: dict[str, object] = {
    "occupation_code": "251-01",
    "occupation_name": "一般事務",
    "description": "データ入力と電話応対。",
}


async def test_a_change_that_cannot_touch_a_page_keeps_it(
    client: httpx.AsyncClient, app: FastAPI, employer: Person
) -> None:
    headers = await bearer(client, employer.email)
    await post_job(client, headers, title="介護職員（日勤）")
    other = await post_job(client, headers, **OFFICE_WORK, title="一般事務")
    first = await search(client, q="介護")
    [before] = app.state.search_cache.kept()
    edited = await client.patch(
        f"/v1/employer/jobs/{other['job_number']}", json={"title": "経理事務"}, headers=headers
    )
    assert edited.status_code == 200, edited.text
    assert await search(client, q="介護") == first
    [after] = app.state.search_cache.kept()
    assert after.generation > before.generation
    assert after.body is before.body  # kept, not read again


async def test_each_answer_says_where_its_page_came_from(
    client: httpx.AsyncClient, employer: Person
) -> None:
    """X-Search-Page: read from the database, kept as is, or kept after a check."""
    headers = await bearer(client, employer.email)
    await post_job(client, headers, title="介護職員（日勤）")
    other = await post_job(client, headers, **OFFICE_WORK, title="一般事務")

    async def source() -> str:
        response = await client.get("/v1/jobs", params={"q": "介護"})
        assert response.status_code == 200
        return response.headers["x-search-page"]

    assert [await source(), await source()] == ["read", "kept"]
    await client.patch(
        f"/v1/employer/jobs/{other['job_number']}", json={"title": "経理事務"}, headers=headers
    )
    assert [await source(), await source()] == ["checked", "kept"]
    await post_job(client, headers, title="介護職員（夜勤）")  # a match: read afresh
    assert await source() == "read"


async def test_a_match_closed_beyond_the_first_page_changes_the_exact_count(
    client: httpx.AsyncClient, employer: Person
) -> None:
    headers = await bearer(client, employer.email)
    jobs = [await post_job(client, headers, title=f"介護職員{n:02d}") for n in range(12)]
    page = await search(client, q="介護")
    assert (page["total"], page["total_exact"], len(titles(page))) == (12, True, 10)
    oldest = jobs[0]  # on the second page
    closed = await client.post(f"/v1/employer/jobs/{oldest['job_number']}/close", headers=headers)
    assert closed.status_code == 200, closed.text
    page = await search(client, q="介護")
    assert (page["total"], page["total_exact"]) == (11, True)


async def test_a_count_past_the_cap_turns_exact_when_matches_leave(
    client: httpx.AsyncClient, employer: Person, settings: Settings
) -> None:
    settings.search_count_cap = 100
    headers = await bearer(client, employer.email)
    jobs = [await post_job(client, headers, title=f"求人{n:03d}") for n in range(102)]
    assert (await search(client, q="求人")) | {"items": None, "next_cursor": None} == {
        "items": None,
        "next_cursor": None,
        "total": 100,
        "total_exact": False,
    }
    for job, (total, exact) in zip(jobs[:2], [(100, False), (100, True)], strict=True):
        closed = await client.post(f"/v1/employer/jobs/{job['job_number']}/close", headers=headers)
        assert closed.status_code == 200, closed.text
        page = await search(client, q="求人")
        assert (page["total"], page["total_exact"]) == (total, exact)


async def test_pages_read_before_pruned_changes_are_read_afresh(
    client: httpx.AsyncClient, app: FastAPI, employer: Person, connection: AsyncConnection
) -> None:
    headers = await bearer(client, employer.email)
    await post_job(client, headers, title="介護職員（日勤）")
    first = await search(client, q="介護")
    [before] = app.state.search_cache.kept()
    await post_job(client, headers, **OFFICE_WORK, title="一般事務")
    await post_job(client, headers, **OFFICE_WORK, title="経理事務")
    async with session_on(connection) as session:
        pruned_through = await prune_changes(session, keep=1)
    assert pruned_through == await generation(connection) - 1  # the newest change is kept
    logged = await connection.execute(text("SELECT count(*) FROM job_search_changes"))
    assert logged.scalar_one() == 1
    assert await search(client, q="介護") == first
    [after] = app.state.search_cache.kept()
    assert after.body is not before.body  # read again: the log no longer reached back


def kept_page(generation: int = 1, body: bytes = b"page", **fields: object) -> KeptPage:
    values: dict[str, object] = {
        "page_ids": frozenset({5}),
        "counted": 3,
        "matched": array("i", [2, 5, 9]),
    }
    values.update(fields)
    return KeptPage(generation=generation, body=body, **values)  # type: ignore[arg-type]


async def test_the_least_recently_used_page_leaves_first() -> None:
    cache = SearchCache(2)
    await cache.put("a", kept_page(body=b"A"))
    await cache.put("b", kept_page(body=b"B"))
    assert await cache.get("a") is not None  # now "b" is the least recently used
    await cache.put("c", kept_page(body=b"C"))
    assert [page.body for page in cache.kept()] == [b"A", b"C"]
    assert await cache.get("b") is None


async def test_a_page_of_an_older_generation_does_not_replace_a_newer_one() -> None:
    cache = SearchCache(2)
    await cache.put("a", kept_page(generation=7, body=b"new"))
    await cache.put("a", kept_page(generation=6, body=b"old"))  # a read that finished late
    page = await cache.get("a")
    assert page is not None
    assert (page.generation, page.body) == (7, b"new")


class Reads:
    """A page read that waits until released, counting its calls; the first may fail."""

    def __init__(self, *, first_fails: bool = False) -> None:
        self.calls = 0
        self.released = asyncio.Event()
        self.first_fails = first_fails

    async def __call__(self) -> KeptPage:
        self.calls += 1
        if self.calls == 1:
            await self.released.wait()
            if self.first_fails:
                raise ConnectionError("the database went away")
        return kept_page()


async def test_searches_arriving_during_a_read_wait_for_it() -> None:
    cache, read = SearchCache(10), Reads()
    searches = [asyncio.create_task(cache.read_once("k", read)) for _ in range(5)]
    await asyncio.sleep(0)  # every search has started: one reads, four wait
    read.released.set()
    assert [page.body for page in await asyncio.gather(*searches)] == [b"page"] * 5
    assert read.calls == 1


async def test_when_the_read_fails_the_waiting_searches_read_for_themselves() -> None:
    cache, read = SearchCache(10), Reads(first_fails=True)
    first = asyncio.create_task(cache.read_once("k", read))
    await asyncio.sleep(0)
    second = asyncio.create_task(cache.read_once("k", read))
    await asyncio.sleep(0)
    read.released.set()
    with pytest.raises(ConnectionError):
        await first
    assert (await second).body == b"page"
    assert read.calls == 2


async def test_a_search_that_goes_away_leaves_the_read_to_the_others() -> None:
    cache, read = SearchCache(10), Reads()
    first = asyncio.create_task(cache.read_once("k", read))
    await asyncio.sleep(0)
    second = asyncio.create_task(cache.read_once("k", read))
    await asyncio.sleep(0)
    second.cancel()
    read.released.set()
    assert (await first).body == b"page"
    with pytest.raises(asyncio.CancelledError):
        await second
    assert read.calls == 1


# after_changes: the rule that keeps a page across changes (jobs 2, 5, 9 matched; 5 shown).


def test_a_page_survives_changes_to_jobs_it_never_held() -> None:
    page = after_changes(kept_page(), cap=100, generation=4, changed={3, 4}, matching_now=set())
    assert page is not None
    assert (page.generation, page.body, page.counted) == (4, b"page", 3)


@pytest.mark.parametrize(
    ("changed", "matching_now", "why"),
    [
        ({3}, {3}, "a job that matches now may be new to the count or the page"),
        ({5}, {5}, "a job on the page that still matches may have changed its row"),
        ({5}, set(), "a job on the page left it"),
        ({9}, set(), "a job among the exact count's matches left it"),
    ],
)
def test_a_page_is_read_afresh_when_a_change_can_touch_it(
    changed: set[int], matching_now: set[int], why: str
) -> None:
    page = after_changes(
        kept_page(), cap=100, generation=4, changed=changed, matching_now=matching_now
    )
    assert page is None, why


@pytest.mark.parametrize(
    ("changed", "counted"),
    [({1}, 102), ({1, 2}, 101), ({1, 2, 3}, None)],
    ids=["one changed: 102 may remain", "two: 101", "three: at the cap, read afresh"],
)
def test_a_count_past_the_cap_survives_while_enough_matches_remain(
    changed: set[int], counted: int | None
) -> None:
    # 103 matches counted with a cap of 100 (shown "100, not exact"); each changed job that
    # does not match now may have been one of them.
    past = kept_page(counted=103, matched=None, page_ids=frozenset({50}))
    page = after_changes(past, cap=100, generation=4, changed=changed, matching_now=set())
    assert (page.counted if page else None) == counted


QUERIES: list[dict[str, object]] = [
    {},
    {"q": "介護"},
    {"q": "事務"},
    {"q": "介護 OR 看護", "prefecture": ["13"]},
    {"prefecture": ["14"], "sort": "deadline"},
    {"q": "-パート", "limit": 30},
]
TITLES = ["介護職員", "介護のパート", "看護師", "一般事務", "経理事務のパート", "調理補助"]


async def test_kept_pages_equal_fresh_reads_through_a_day_of_changes(
    client: httpx.AsyncClient,
    employer: Person,
    settings: Settings,
    clock: FixedClock,
    engine: AsyncEngine,
    connection: AsyncConnection,
) -> None:
    """Postings, edits and closures in a seeded random order, each followed by every search
    of QUERIES on this app (pages kept) and on one that keeps none: always the same."""
    database = Database(engine)
    database.bind_to(connection)
    fresh_app = create_app(
        settings.model_copy(update={"search_cache_size": 0}), clock=clock, database=database
    )
    transport = httpx.ASGITransport(app=fresh_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as fresh:
        headers = await bearer(client, employer.email)
        random = Random(20261126)  # noqa: S311 (a repeatable order of changes)
        open_jobs: list[str] = []
        for step in range(60):
            action = (
                "post"
                if step < 25 or not open_jobs
                else random.choice(["post", "edit", "close", "close"])
            )
            title = f"{random.choice(TITLES)}{step}"
            if action == "post":
                prefecture, municipality = random.choice([("13", "13101"), ("14", "14104")])
                job = await post_job(
                    client,
                    headers,
                    title=title,
                    prefecture_code=prefecture,
                    municipality_code=municipality,
                )
                open_jobs.append(str(job["job_number"]))
            else:
                number = random.choice(open_jobs)
                if action == "edit":
                    response = await client.patch(
                        f"/v1/employer/jobs/{number}", json={"title": title}, headers=headers
                    )
                else:
                    response = await client.post(
                        f"/v1/employer/jobs/{number}/close", headers=headers
                    )
                    open_jobs.remove(number)
                assert response.status_code == 200, response.text
            for params in QUERIES:
                kept_answer = await client.get("/v1/jobs", params=params)
                fresh_answer = await fresh.get("/v1/jobs", params=params)
                assert kept_answer.json() == fresh_answer.json(), (step, action, params)


COPIED_COLUMNS = (
    "employer_id, title, occupation_code, occupation_name, description, employment_type, "
    "working_style, wage_unit, wage_min, wage_max, working_hours, prefecture_code, "
    "municipality_code, accepts_online_applications, publishes_employer_name, accepted_on, "
    "referral_deadline, valid_until, extended, closed_on, created_at, updated_at, "
    "search_text, search_tokens"
)


async def test_a_statement_changing_many_jobs_is_not_logged_job_by_job(
    client: httpx.AsyncClient, app: FastAPI, employer: Person, connection: AsyncConnection
) -> None:
    """PostgreSQL logs a statement's changed jobs only up to 1,000 (a COPY of a million moves
    the generation once); beyond that every kept page is read afresh."""
    if connection.dialect.name != "postgresql":
        pytest.skip("SQLite's triggers are row-level: every job is logged")
    job = await post_job(client, await bearer(client, employer.email), title="介護職員")
    first = await search(client, q="介護")
    [before] = app.state.search_cache.kept()
    start = await generation(connection)
    await connection.execute(
        text(
            f"INSERT INTO jobs (job_number, {COPIED_COLUMNS}) "  # noqa: S608 (constants)
            f"SELECT '99999-' || lpad(n::text, 8, '0'), {COPIED_COLUMNS} "
            "FROM jobs, generate_series(1, 1001) AS n WHERE job_number = :number"
        ),
        {"number": job["job_number"]},
    )
    state = (
        await connection.execute(
            text("SELECT generation, pruned_through FROM job_search_generation")
        )
    ).one()
    assert tuple(state) == (start + 1, start + 1)
    logged = await connection.execute(
        text("SELECT count(*) FROM job_search_changes WHERE generation > :start"), {"start": start}
    )
    assert logged.scalar_one() == 0
    page = await search(client, q="介護")
    assert (page["total"], page["total_exact"]) == (1002, True)
    assert page != first
    [after] = app.state.search_cache.kept()
    assert after.body is not before.body
