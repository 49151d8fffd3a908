"""The demo world (``demo-data``): loaded once, the same every time, and what the demo
people see through the API has content everywhere."""

import time

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from mypage_api.config import Settings
from mypage_api.demo.data import DEMO_PASSWORD, load_demo
from mypage_api.demo.jobs import load_jobs
from mypage_api.models import Base, Job
from mypage_api.seekers.schemas import Consents
from tests.conftest import DEFAULT_NOW
from tests.factories import bearer

TODAY = DEFAULT_NOW.date()
TERMS = Consents(terms_version="2026-04-01", privacy_version="2026-04-01")


def session_on(connection: AsyncConnection) -> AsyncSession:
    return AsyncSession(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


async def load(connection: AsyncConnection, settings: Settings) -> list[str]:
    async with session_on(connection) as session:
        lines = await load_demo(
            session, settings=settings, terms=TERMS, today=TODAY, now=DEFAULT_NOW
        )
        await session.commit()  # the savepoint: the test's transaction is rolled back
    return lines


async def counts(connection: AsyncConnection) -> dict[str, int]:
    found = {}
    for table in Base.metadata.sorted_tables:
        found[table.name] = int(
            await connection.scalar(select(func.count()).select_from(table)) or 0
        )
    return found


async def test_loading_again_changes_nothing(
    connection: AsyncConnection, settings: Settings
) -> None:
    started = time.perf_counter()
    first = await load(connection, settings)
    seconds = time.perf_counter() - started
    loaded = await counts(connection)
    again = await load(connection, settings)
    assert await counts(connection) == loaded
    assert any("world: 300 jobs" in line for line in first), first
    assert any("loaded already: nothing added" in line for line in again), again
    for table in (
        "jobs",
        "employers",
        "seekers",
        "applications",
        "referral_offers",
        "direct_requests",
        "messages",
        "saved_searches",
        "favorites",
        "blocks",
        "activities",
    ):
        assert loaded[table] > 0, table
    assert loaded["jobs"] == 300
    print(f"demo world loaded in {seconds:.1f} s")


async def test_the_demo_seeker_sees_content_everywhere(
    connection: AsyncConnection, settings: Settings, client: httpx.AsyncClient
) -> None:
    await load(connection, settings)
    headers = await bearer(client, "demo-seeker@example.jp", DEMO_PASSWORD)
    home = (await client.get("/v1/me/home", headers=headers)).json()
    assert home["applying"]["total"] == 3
    assert len(home["applying"]["items"]) == 2
    assert home["latest_referral_offer"] is not None
    assert home["requests"]["total"] == 1
    assert home["unread_messages"] >= 4  # two from the employer, a notice, a partner's
    assert len(home["saved_searches"]) == 3
    assert home["registration"]["status"] == "active"

    for path, at_least in (
        ("/v1/me/applications?list=applying", 3),
        ("/v1/me/applications?list=finished", 2),
        ("/v1/me/referral-offers", 1),
        ("/v1/me/requests", 3),
        ("/v1/me/messages", 5),
        ("/v1/me/threads", 4),
        ("/v1/me/saved-searches", 3),
        ("/v1/me/favorites", 5),
        ("/v1/me/blocks", 1),
        ("/v1/me/access-log", 2),
    ):
        answer = await client.get(path, headers=headers)
        assert answer.status_code == 200, (path, answer.text)
        assert len(answer.json()["items"]) >= at_least, path
    favourites = (await client.get("/v1/me/favorites", headers=headers)).json()["items"]
    assert {f["available"] for f in favourites} == {True, False}  # one closed since


async def test_search_finds_open_jobs_and_not_invalid_ones(
    connection: AsyncConnection, settings: Settings, client: httpx.AsyncClient
) -> None:
    await load(connection, settings)
    found = (await client.get("/v1/jobs", params={"q": "介護"})).json()
    assert found["total"] > 0
    online = (await client.get("/v1/jobs", params={"q": "事務", "online": "true"})).json()
    assert online["total"] > 0
    invalid = list(
        await connection.scalars(
            select(Job.job_number).where((Job.closed_on.is_not(None)) | (Job.valid_until < TODAY))
        )
    )
    assert len(invalid) >= 20
    everything = (await client.get("/v1/jobs", params={"limit": 50})).json()
    assert everything["total"] == 300 - len(invalid)
    for start in range(0, len(invalid), 5):
        numbers = invalid[start : start + 5]
        answer = (await client.get("/v1/jobs", params={"job_number": numbers})).json()
        assert answer["total"] == 0, numbers
    gone = await client.get(f"/v1/jobs/{invalid[0]}")
    assert gone.status_code == 410


async def test_the_demo_employer_has_applicants(
    connection: AsyncConnection, settings: Settings, client: httpx.AsyncClient
) -> None:
    await load(connection, settings)
    headers = await bearer(client, "demo-employer@example.jp", DEMO_PASSWORD)
    own = (await client.get("/v1/employer/jobs", headers=headers)).json()["items"]
    assert len(own) == 7
    applicants = 0
    for job in own:
        answer = await client.get(
            f"/v1/employer/jobs/{job['job_number']}/applications", headers=headers
        )
        applicants += len(answer.json()["items"])
    assert applicants >= 5
    threads = (await client.get("/v1/employer/threads", headers=headers)).json()["items"]
    assert threads


async def test_generated_jobs_are_added_once_per_seed(
    connection: AsyncConnection, settings: Settings
) -> None:
    await load(connection, settings)

    async def add(seed: int) -> int:
        async with session_on(connection) as session:
            result = await load_jobs(session, count=50, seed=seed, today=TODAY, now=DEFAULT_NOW)
            await session.commit()
        return result.jobs

    jobs = select(func.count()).select_from(Job)
    before = await connection.scalar(jobs)
    assert await add(3) == 50
    assert await add(3) == 0
    assert await connection.scalar(jobs) == (before or 0) + 50
    assert await add(4) == 50
    assert await connection.scalar(jobs) == (before or 0) + 100
