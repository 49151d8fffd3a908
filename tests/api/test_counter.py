"""Staff at the counter: register seekers, promote online registrants, restrict accounts."""

from datetime import timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from tests.api.test_problems import assert_problem
from tests.factories import (
    CONSENTS,
    PASSWORD,
    Person,
    bearer,
    link_token,
    load_offices,
    mails_to,
    make_staff,
    register_at_counter,
    sign_up_online,
    token_pair,
)
from tests.unit.profiles.makers import make_basic, make_profile

SEEKER = "hanako.suzuki@example.jp"


@pytest.fixture
async def staff(connection: AsyncConnection, clock: FixedClock) -> Person:
    await load_offices(connection)
    return await make_staff(connection, clock.now())


@pytest.fixture
async def staff_headers(client: httpx.AsyncClient, staff: Person) -> dict[str, str]:
    return await bearer(client, staff.email)


@pytest.fixture
async def other_office_headers(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, staff: Person
) -> dict[str, str]:
    other = await make_staff(
        connection, clock.now(), email="shibuya@hellowork.example.jp", office_code="13050"
    )
    return await bearer(client, other.email)


async def test_a_seeker_registered_at_the_counter_activates_by_mail(
    client: httpx.AsyncClient, connection: AsyncConnection, staff_headers: dict[str, str]
) -> None:
    created = await client.post(
        "/v1/staff/seekers",
        json={"email": SEEKER, "profile": make_profile()},
        headers=staff_headers,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["registrant_type"] == "hellowork_user"
    assert body["account_status"] == "pending_activation"
    assert body["office"]["code"] == "13010"
    assert body["valid_until"] == "2027-01-31"
    assert body["name"] == "山田 太郎"
    # No password yet: no sign-in.
    refused = await client.post(
        "/v1/auth/token", data={"grant_type": "password", "username": SEEKER, "password": PASSWORD}
    )
    assert_problem(refused, 401, "invalid-credentials")
    [mail] = await mails_to(connection, SEEKER)
    assert "マイページ開設" in mail.subject
    activated = await client.post(
        "/v1/activations",
        json={"token": link_token(mail), "password": PASSWORD, "consents": CONSENTS},
    )
    assert activated.status_code == 204
    await token_pair(client, SEEKER)
    again = await client.post(
        "/v1/activations",
        json={"token": link_token(mail), "password": PASSWORD, "consents": CONSENTS},
    )
    assert_problem(again, 404, "invalid-link")


async def test_an_activation_link_lasts_seven_days(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: FixedClock,
    staff_headers: dict[str, str],
) -> None:
    await client.post(
        "/v1/staff/seekers",
        json={"email": SEEKER, "profile": make_profile()},
        headers=staff_headers,
    )
    token = link_token((await mails_to(connection, SEEKER))[0])
    clock.advance(timedelta(days=7))
    late = await client.post(
        "/v1/activations", json={"token": token, "password": PASSWORD, "consents": CONSENTS}
    )
    assert_problem(late, 404, "invalid-link")


async def test_staff_cannot_register_an_ineligible_pupil(
    client: httpx.AsyncClient, staff_headers: dict[str, str]
) -> None:
    school = {"kind": "junior_high", "attendance": "full_time", "state": "graduating"}
    profile = make_profile(
        basic=make_basic(birth_date="2010-04-01", school=school),
        education={"schools": [], "qualifications": []},
        career={"entries": []},
    )
    response = await client.post(
        "/v1/staff/seekers", json={"email": SEEKER, "profile": profile}, headers=staff_headers
    )
    assert_problem(response, 422, "ineligible")


async def test_an_address_in_use_is_refused(
    client: httpx.AsyncClient, connection: AsyncConnection, staff_headers: dict[str, str]
) -> None:
    await register_at_counter(client, connection, staff_headers, SEEKER, make_profile())
    again = await client.post(
        "/v1/staff/seekers",
        json={"email": SEEKER, "profile": make_profile()},
        headers=staff_headers,
    )
    assert_problem(again, 409, "email-taken")


async def test_staff_see_only_their_office_seekers(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    staff_headers: dict[str, str],
    other_office_headers: dict[str, str],
) -> None:
    seeker = await register_at_counter(client, connection, staff_headers, SEEKER, make_profile())
    number = seeker["seeker_number"]
    mine = await client.get(f"/v1/staff/seekers/{number}", headers=staff_headers)
    assert mine.status_code == 200
    assert mine.json()["account_status"] == "active"
    theirs = await client.get(f"/v1/staff/seekers/{number}", headers=other_office_headers)
    assert_problem(theirs, 404, "seeker-not-found")
    restrict = await client.post(
        f"/v1/staff/seekers/{number}/restrict", json={"reason": "x"}, headers=other_office_headers
    )
    assert_problem(restrict, 404, "seeker-not-found")


async def test_an_online_registrant_is_promoted_and_moves_to_the_counter_office(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    other_office_headers: dict[str, str],
) -> None:
    registered = await sign_up_online(client, connection, SEEKER, make_profile())
    number = registered["seeker_number"]
    assert registered["office"]["code"] == "13010"  # type: ignore[index]
    promoted = await client.post(
        f"/v1/staff/seekers/{number}/promote", headers=other_office_headers
    )
    assert promoted.status_code == 200
    assert promoted.json()["registrant_type"] == "hellowork_user"
    assert promoted.json()["office"] == {"code": "13050", "name": "ハローワーク渋谷"}
    assert promoted.json()["seeker_number"] == number  # the number stays
    again = await client.post(f"/v1/staff/seekers/{number}/promote", headers=other_office_headers)
    assert_problem(again, 409, "already-hellowork-user")
    me = await client.get("/v1/me", headers=await bearer(client, SEEKER))
    assert me.json()["registrant_type"] == "hellowork_user"


async def test_a_restricted_seeker_cannot_sign_in_and_is_told_why(
    client: httpx.AsyncClient, connection: AsyncConnection, staff_headers: dict[str, str]
) -> None:
    seeker = await register_at_counter(client, connection, staff_headers, SEEKER, make_profile())
    number = seeker["seeker_number"]
    tokens = await token_pair(client, SEEKER)
    restricted = await client.post(
        f"/v1/staff/seekers/{number}/restrict",
        json={"reason": "利用規約違反の疑い"},
        headers=staff_headers,
    )
    assert restricted.json()["account_status"] == "restricted"
    refused = await client.post(
        "/v1/auth/token", data={"grant_type": "password", "username": SEEKER, "password": PASSWORD}
    )
    body = assert_problem(refused, 403, "account-restricted")
    assert "ハローワーク" in str(body["detail"])
    # Sessions already open end at once.
    old = await client.get("/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert_problem(old, 401, "invalid-token")
    refreshed = await client.post(
        "/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert_problem(refreshed, 401, "invalid-refresh-token")
    # A wrong password still says only that the credentials are wrong.
    wrong = await client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": SEEKER, "password": "nope nope nope"},
    )
    assert_problem(wrong, 401, "invalid-credentials")
    lifted = await client.post(f"/v1/staff/seekers/{number}/unrestrict", headers=staff_headers)
    assert lifted.json()["account_status"] == "active"
    await token_pair(client, SEEKER)


async def test_a_malformed_seeker_number_is_a_validation_problem(
    client: httpx.AsyncClient, staff_headers: dict[str, str]
) -> None:
    response = await client.get("/v1/staff/seekers/13010-123", headers=staff_headers)
    assert_problem(response, 422, "validation-failed")
