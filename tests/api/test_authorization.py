"""Every role reaches only its own part of the API, and only its own rows."""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from tests.api.test_problems import assert_problem
from tests.factories import (
    bearer,
    every_role,
    make_staff,
)
from tests.unit.profiles.makers import make_profile

SEEKER = "taro.yamada@example.jp"

# (method, path, body) of each role's endpoints; a valid body so that only the role decides.
SEEKER_ONLY = [
    ("GET", "/v1/me", None),
    ("DELETE", "/v1/me", {"password": "correct horse battery"}),
    ("GET", "/v1/me/home", None),
    ("GET", "/v1/me/registration", None),
    ("PUT", "/v1/me/registration/status", {"status": "inactive"}),
    ("GET", "/v1/me/profile", None),
    ("PATCH", "/v1/me/profile", {"self_pr": {"text": "x"}}),
    ("PUT", "/v1/me/disclosure", {"employers": "private", "partners": "opted_out"}),
    ("GET", "/v1/me/export", None),
    ("GET", "/v1/me/access-log", None),
]
STAFF_ONLY = [
    ("GET", "/v1/staff/seekers/{number}", None),
    ("POST", "/v1/staff/seekers/{number}/promote", None),
    ("POST", "/v1/staff/seekers/{number}/restrict", {"reason": "x"}),
    ("POST", "/v1/staff/seekers/{number}/unrestrict", None),
    ("POST", "/v1/staff/seekers", {"email": "new@example.jp", "profile": make_profile()}),
    ("POST", "/v1/staff/seekers/{number}/activities", {"kind": "counselling"}),
    ("POST", "/v1/staff/seekers/{number}/reactivate", None),
    ("PUT", "/v1/staff/seekers/{number}/office", {"office_code": "13050"}),
    ("POST", "/v1/staff/seekers/{number}/referrals", {"job_number": "13010-12345678"}),
    (
        "POST",
        "/v1/staff/seekers/{number}/referral-offers",
        {"job_number": "13010-12345678", "apply_by": "2026-12-15"},
    ),
]
PEOPLE_ONLY = [
    ("PUT", "/v1/me/password", {"current_password": "x" * 10, "new_password": "y" * 12}),
]


@pytest.fixture
async def callers(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock
) -> dict[str, dict[str, str]]:
    callers, _ = await every_role(client, connection, clock.now(), SEEKER)
    return callers


async def call(
    client: httpx.AsyncClient,
    endpoint: tuple[str, str, object],
    headers: dict[str, str],
) -> httpx.Response:
    method, path, body = endpoint
    return await client.request(
        method, path.format(number="13010-00000001"), json=body, headers=headers
    )


@pytest.mark.parametrize("endpoint", SEEKER_ONLY, ids=lambda e: f"{e[0]} {e[1]}")
@pytest.mark.parametrize("role", ["employer", "staff", "partner"])
async def test_seeker_endpoints_refuse_other_roles(
    client: httpx.AsyncClient,
    callers: dict[str, dict[str, str]],
    endpoint: tuple[str, str, object],
    role: str,
) -> None:
    assert_problem(await call(client, endpoint, callers[role]), 403, "wrong-role")


@pytest.mark.parametrize("endpoint", STAFF_ONLY, ids=lambda e: f"{e[0]} {e[1]}")
@pytest.mark.parametrize("role", ["seeker", "employer", "partner"])
async def test_staff_endpoints_refuse_other_roles(
    client: httpx.AsyncClient,
    callers: dict[str, dict[str, str]],
    endpoint: tuple[str, str, object],
    role: str,
) -> None:
    assert_problem(await call(client, endpoint, callers[role]), 403, "wrong-role")


@pytest.mark.parametrize(
    "endpoint", SEEKER_ONLY + STAFF_ONLY + PEOPLE_ONLY, ids=lambda e: f"{e[0]} {e[1]}"
)
async def test_every_signed_in_endpoint_refuses_anonymous_callers(
    client: httpx.AsyncClient,
    callers: dict[str, dict[str, str]],
    endpoint: tuple[str, str, object],
) -> None:
    assert_problem(await call(client, endpoint, callers["anonymous"]), 401, "not-authenticated")


async def test_partners_have_no_password_to_change(
    client: httpx.AsyncClient, callers: dict[str, dict[str, str]]
) -> None:
    assert_problem(await call(client, PEOPLE_ONLY[0], callers["partner"]), 403, "wrong-role")


# The seeker is a Hello Work user of 13010. (Promotion takes in an online registrant at
# any office's counter; a Hello Work user of another office is not found there either.)
OWN_OFFICE_ONLY = [endpoint for endpoint in STAFF_ONLY if "{number}" in endpoint[1]]


@pytest.mark.parametrize("endpoint", OWN_OFFICE_ONLY, ids=lambda e: f"{e[0]} {e[1]}")
async def test_staff_of_another_office_do_not_find_the_seeker(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: FixedClock,
    callers: dict[str, dict[str, str]],
    endpoint: tuple[str, str, object],
) -> None:
    other = await make_staff(
        connection, clock.now(), email="shibuya@hellowork.example.jp", office_code="13050"
    )
    other_headers = await bearer(client, other.email)
    response = await call(client, endpoint, other_headers)
    assert_problem(response, 404, "seeker-not-found")
    method, path, body = endpoint
    unknown = await client.request(
        method, path.format(number="13010-99999999"), json=body, headers=other_headers
    )
    assert unknown.status_code == response.status_code
    assert unknown.json()["type"] == response.json()["type"]
