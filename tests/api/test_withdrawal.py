"""退会: personal data erased, sessions ended, the seeker number never reused."""

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.models import Account, Seeker
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
