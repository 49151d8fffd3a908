"""Nobody can flood a mailbox through the service: link mails are budgeted per address
and per client, and the answers stay the same (202) whether a mail went out or not."""

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from mypage_api.config import Settings
from tests.factories import Person, load_offices, mails_to, make_employer


@pytest.fixture
async def employer(connection: AsyncConnection, clock: FixedClock) -> Person:
    await load_offices(connection)
    return await make_employer(connection, clock.now())


@pytest.fixture
async def other_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client at another address than ``client``'s."""
    transport = httpx.ASGITransport(app=app, client=("198.51.100.7", 4321))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def reset(client: httpx.AsyncClient, email: str) -> int:
    response = await client.post("/v1/auth/password-reset", json={"email": email})
    return response.status_code


async def test_twenty_resets_for_one_address_send_the_budget_and_answer_alike(
    client: httpx.AsyncClient, connection: AsyncConnection, employer: Person, settings: Settings
) -> None:
    statuses = {await reset(client, employer.email) for _ in range(20)}
    assert statuses == {202}
    assert len(await mails_to(connection, employer.email)) == settings.mail_per_address


async def test_sign_ups_for_one_address_send_the_budget(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    for _ in range(20):
        response = await client.post("/v1/signups", json={"email": "hanako@example.jp"})
        assert response.status_code == 202
    assert len(await mails_to(connection, "hanako@example.jp")) == settings.mail_per_address


async def test_sign_ups_and_resets_share_the_address_budget(
    client: httpx.AsyncClient, connection: AsyncConnection, employer: Person, settings: Settings
) -> None:
    for _ in range(settings.mail_per_address):
        await client.post("/v1/signups", json={"email": employer.email})
    assert await reset(client, employer.email) == 202
    mails = await mails_to(connection, employer.email)
    assert len(mails) == settings.mail_per_address
    assert all("パスワード再設定" not in mail.subject for mail in mails)


async def test_the_address_budget_comes_back_when_its_window_ends(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: FixedClock,
    employer: Person,
    settings: Settings,
) -> None:
    for _ in range(settings.mail_per_address):
        await reset(client, employer.email)
    clock.advance(timedelta(minutes=settings.mail_budget_minutes) - timedelta(seconds=1))
    await reset(client, employer.email)  # the last second of the window: still spent
    assert len(await mails_to(connection, employer.email)) == settings.mail_per_address
    clock.advance(timedelta(seconds=1))
    await reset(client, employer.email)  # the window has ended
    assert len(await mails_to(connection, employer.email)) == settings.mail_per_address + 1


async def test_one_client_asking_for_many_addresses_is_budgeted_others_are_not(
    client: httpx.AsyncClient,
    other_client: httpx.AsyncClient,
    connection: AsyncConnection,
    settings: Settings,
) -> None:
    addresses = [f"visitor{n}@example.jp" for n in range(settings.mail_per_client + 1)]
    for address in addresses:
        response = await client.post("/v1/signups", json={"email": address})
        assert response.status_code == 202
    assert len(await mails_to(connection, addresses[-2])) == 1
    assert await mails_to(connection, addresses[-1]) == []  # over the client's budget
    response = await other_client.post("/v1/signups", json={"email": addresses[-1]})
    assert response.status_code == 202
    assert len(await mails_to(connection, addresses[-1])) == 1
