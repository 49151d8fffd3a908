"""Saved-search alerts: at most once a day, only the jobs new since the last alert."""

from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from mypage_api.config import Settings
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
from tests.unit.profiles.makers import make_profile

SEEKER = "taro@example.jp"


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
