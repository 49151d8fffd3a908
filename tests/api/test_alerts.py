"""Saved-search alerts: at most once a day, only the jobs new since the last alert."""

import logging
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from mypage_api.config import Settings
from mypage_api.models import Job, SavedSearch
from mypage_api.saved.alerts import run_alert_pass
from tests.factories import (
    Person,
    bearer,
    load_offices,
    mails_to,
    make_employer,
    post_job,
    session_on,
    sign_up_online,
)
from tests.search.conftest import job_row
from tests.unit.profiles.makers import make_profile

SEEKER = "taro@example.jp"
OTHER = "hanako@example.jp"


@pytest.fixture
async def employer(connection: AsyncConnection, clock: FixedClock) -> Person:
    await load_offices(connection)
    return await make_employer(connection, clock.now())


async def alerts_at(
    connection: AsyncConnection, clock: FixedClock, settings: Settings, when: datetime
) -> list[str]:
    clock.set(when)
    async with session_on(connection) as session:
        await run_alert_pass(session, settings=settings, today=when.date(), now=when)
    return [
        mail.body
        for mail in await mails_to(connection, SEEKER)
        if mail.kind == "saved_search_alert"
    ]


async def alerts_to(connection: AsyncConnection, address: str) -> list[str]:
    return [
        mail.body
        for mail in await mails_to(connection, address)
        if mail.kind == "saved_search_alert"
    ]


async def save_search(
    client: httpx.AsyncClient, headers: dict[str, str], name: str, filters: dict[str, object]
) -> int:
    saved = await client.post(
        "/v1/me/saved-searches",
        json={"name": name, "filters": filters, "alerts": True},
        headers=headers,
    )
    assert saved.status_code == 201, saved.text
    return int(saved.json()["id"])


async def test_alerts_name_only_new_matching_jobs_once_a_day(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: FixedClock,
    settings: Settings,
    employer: Person,
) -> None:
    start = clock.now()  # 2026-11-25 10:00 JST
    await sign_up_online(client, connection, SEEKER, make_profile())
    seeker = await bearer(client, SEEKER)
    saved = await client.post(
        "/v1/me/saved-searches",
        json={"name": "介護の仕事", "filters": {"q": "介護"}, "alerts": True},
        headers=seeker,
    )
    assert saved.status_code == 201
    clock.set(start + timedelta(hours=2))
    headers = await bearer(client, employer.email)
    first = (await post_job(client, headers, title="介護職員A"))["job_number"]
    await post_job(
        client, headers, title="一般事務", occupation_name="一般事務", description="事務"
    )

    assert (
        await alerts_at(connection, clock, settings, start + timedelta(hours=23, minutes=59)) == []
    )
    [mail] = await alerts_at(connection, clock, settings, start + timedelta(days=1))
    assert first in mail
    assert "一般事務" not in mail
    # Again the same day: nothing more.
    assert (
        len(await alerts_at(connection, clock, settings, start + timedelta(days=1, hours=5))) == 1
    )

    clock.set(start + timedelta(days=1, hours=6))
    second = (await post_job(client, await bearer(client, employer.email), title="介護職員B"))[
        "job_number"
    ]
    mails = await alerts_at(connection, clock, settings, start + timedelta(days=2))
    assert len(mails) == 2
    assert second in mails[1]
    assert first not in mails[1]


async def test_no_new_job_no_mail(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: FixedClock,
    settings: Settings,
    employer: Person,
) -> None:
    await sign_up_online(client, connection, SEEKER, make_profile())
    await client.post(
        "/v1/me/saved-searches",
        json={"name": "介護", "filters": {"q": "介護"}, "alerts": True},
        headers=await bearer(client, SEEKER),
    )
    assert await alerts_at(connection, clock, settings, clock.now() + timedelta(days=1)) == []


async def test_alerts_off_or_an_inactive_registration_get_nothing(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: FixedClock,
    settings: Settings,
    employer: Person,
) -> None:
    start = clock.now()
    await sign_up_online(client, connection, SEEKER, make_profile())
    seeker = await bearer(client, SEEKER)
    for alerts in (False, True):
        await client.post(
            "/v1/me/saved-searches",
            json={"name": f"介護{alerts}", "filters": {"q": "介護"}, "alerts": alerts},
            headers=seeker,
        )
    await client.put("/v1/me/registration/status", json={"status": "inactive"}, headers=seeker)
    await post_job(client, await bearer(client, employer.email))
    assert await alerts_at(connection, clock, settings, start + timedelta(days=1)) == []


async def test_the_count_of_new_jobs_stops_at_the_search_cap(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: FixedClock,
    settings: Settings,
    employer: Person,
) -> None:
    """As a search page counts: exact up to the cap, the cap beyond it."""
    start = clock.now()
    await sign_up_online(client, connection, SEEKER, make_profile())
    await save_search(client, await bearer(client, SEEKER), "介護", {"q": "介護"})
    posted = start + timedelta(hours=1)
    await connection.execute(
        insert(Job),
        [{**job_row(employer.id, n, ["介護職員"]), "created_at": posted} for n in range(1, 106)],
    )
    capped = settings.model_copy(update={"search_count_cap": 100})

    [mail] = await alerts_at(connection, clock, capped, start + timedelta(days=1))
    assert "ほか 80 件の新着求人があります。" in mail


@pytest.mark.parametrize(
    ("stored", "error"),
    [
        ({"q": "介護", "min_wage": 1000}, "ValidationError"),  # min_wage came to need its unit
        ({"q": "介護 OR"}, "ProblemError"),  # the query language came to refuse it
    ],
    ids=["a-condition-that-no-longer-validates", "a-query-that-no-longer-parses"],
)
async def test_a_broken_saved_search_is_skipped_and_the_others_are_still_alerted(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: FixedClock,
    settings: Settings,
    employer: Person,
    caplog: pytest.LogCaptureFixture,
    stored: dict[str, object],
    error: str,
) -> None:
    start = clock.now()
    await sign_up_online(client, connection, SEEKER, make_profile())
    await sign_up_online(client, connection, OTHER, make_profile())
    seeker = await bearer(client, SEEKER)
    broken = await save_search(client, seeker, "古い条件", {"q": "介護"})
    await save_search(client, seeker, "介護の仕事", {"q": "介護"})
    await save_search(client, await bearer(client, OTHER), "介護職", {"q": "介護"})
    # Saved while it was valid, under the rules of an earlier release: as it is on its row.
    await connection.execute(
        update(SavedSearch).where(SavedSearch.id == broken).values(filters=stored)
    )
    clock.set(start + timedelta(hours=2))
    job = (await post_job(client, await bearer(client, employer.email), title="介護職員A"))[
        "job_number"
    ]

    caplog.set_level(logging.INFO, logger="mypage_api")
    tomorrow = start + timedelta(days=1)
    [mail] = await alerts_at(connection, clock, settings, tomorrow)
    assert "「介護の仕事」" in mail
    assert job in mail
    [other] = await alerts_to(connection, OTHER)
    assert "「介護職」" in other
    assert job in other

    # Left as it was, due again at the next pass; the others start counting from now.
    rows = await connection.execute(select(SavedSearch.id, SavedSearch.last_alert_at))
    last_alerts = dict(rows.all())
    assert last_alerts.pop(broken) == start
    assert set(last_alerts.values()) == {tomorrow}

    assert f"saved search {broken} skipped: {error}" in caplog.text
    for personal in ("example.jp", "介護", "古い条件", "min_wage"):
        assert personal not in caplog.text
