"""退会: personal data erased, sessions ended, the seeker number never reused."""

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.config import Settings
from mypage_api.models import Account, Document, SavedSearch, Seeker
from mypage_api.printouts.qr import qr_png
from tests.api.test_problems import assert_problem
from tests.factories import PASSWORD, load_offices, session_on, sign_up_online, token_pair
from tests.unit.profiles.makers import make_profile

EMAIL = "taro.yamada@example.jp"


@pytest.fixture(autouse=True)
async def offices(connection: AsyncConnection) -> None:
    await load_offices(connection)


async def withdraw(client: httpx.AsyncClient, access_token: str, password: str) -> httpx.Response:
    return await client.request(
        "DELETE",
        "/v1/me",
        json={"password": password},
        headers={"Authorization": f"Bearer {access_token}"},
    )


async def test_withdrawal_needs_the_password(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    await sign_up_online(client, connection, EMAIL, make_profile())
    tokens = await token_pair(client, EMAIL)
    assert_problem(
        await withdraw(client, tokens["access_token"], "not my password"), 403, "wrong-password"
    )
    me = await client.get("/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200


async def test_withdrawal_erases_personal_data_and_ends_every_session(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    registered = await sign_up_online(client, connection, EMAIL, make_profile())
    tokens = await token_pair(client, EMAIL)
    assert (await withdraw(client, tokens["access_token"], PASSWORD)).status_code == 204

    me = await client.get("/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert_problem(me, 401, "invalid-token")
    refreshed = await client.post(
        "/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert_problem(refreshed, 401, "invalid-refresh-token")
    signed_in = await client.post(
        "/v1/auth/token", data={"grant_type": "password", "username": EMAIL, "password": PASSWORD}
    )
    assert_problem(signed_in, 401, "invalid-credentials")

    async with session_on(connection) as session:
        seeker = (
            await session.scalars(
                select(Seeker).where(Seeker.seeker_number == registered["seeker_number"])
            )
        ).one()
        account = await session.get(Account, seeker.account_id)
    assert seeker.profile == {}
    assert seeker.withdrawn_at is not None
    assert account is not None
    assert (account.email, account.password_hash, account.status.value) == (None, None, "withdrawn")


async def test_the_address_can_register_again_with_a_new_number(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    first = await sign_up_online(client, connection, EMAIL, make_profile())
    tokens = await token_pair(client, EMAIL)
    await withdraw(client, tokens["access_token"], PASSWORD)
    second = await sign_up_online(client, connection, EMAIL, make_profile())
    assert first["seeker_number"] == "13010-00000001"
    assert second["seeker_number"] == "13010-00000002"


async def test_withdrawal_erases_documents_and_what_was_kept(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    await sign_up_online(client, connection, EMAIL, make_profile())
    tokens = await token_pair(client, EMAIL)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    uploaded = await client.post(
        "/v1/me/documents",
        files={"file": ("履歴書.png", qr_png("13010-00000001"), "image/png")},
        data={"kind": "resume"},
        headers=headers,
    )
    assert uploaded.status_code == 201, uploaded.text
    await client.post(
        "/v1/me/saved-searches", json={"name": "介護", "filters": {"q": "介護"}}, headers=headers
    )
    stored = [path for path in (settings.data_dir / "documents").rglob("*") if path.is_file()]
    assert len(stored) == 1
    assert (await withdraw(client, tokens["access_token"], PASSWORD)).status_code == 204
    assert [p for p in (settings.data_dir / "documents").rglob("*") if p.is_file()] == []
    async with session_on(connection) as session:
        assert await session.scalar(select(func.count()).select_from(Document)) == 0
        assert await session.scalar(select(func.count()).select_from(SavedSearch)) == 0
