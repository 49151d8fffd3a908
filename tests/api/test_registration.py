"""A registration's life through the API and the clock (R1-R5, R18): registered, extended,
expired, reactivated within the window and refused after it, reactivated by staff, made
inactive by employment — home correct at every step."""

from datetime import datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from mypage_api.rules.calendar import JST
from tests.api.test_problems import assert_problem
from tests.factories import bearer, load_offices, make_staff, register_at_counter
from tests.unit.profiles.makers import make_profile

SEEKER = "hanako.suzuki@example.jp"


class Counter:
    """One seeker of ハローワーク飯田橋 and a staff member there, on a movable day."""

    def __init__(self, client: httpx.AsyncClient, clock: FixedClock, staff_email: str) -> None:
        self.client, self.clock, self.staff_email = client, clock, staff_email
        self.number = ""

    def on(self, day: str) -> None:
        self.clock.set(datetime.fromisoformat(day).replace(hour=10, tzinfo=JST))

    async def seeker(self) -> dict[str, str]:
        return await bearer(self.client, SEEKER)

    async def staff(self) -> dict[str, str]:
        return await bearer(self.client, self.staff_email)

    async def registration(self) -> dict[str, object]:
        response = await self.client.get("/v1/me/registration", headers=await self.seeker())
        assert response.status_code == 200, response.text
        body: dict[str, object] = response.json()
        home = (await self.client.get("/v1/me/home", headers=await self.seeker())).json()
        assert home["registration"] == body  # home agrees at every step
        return body

    async def activity(self, kind: str) -> httpx.Response:
        return await self.client.post(
            f"/v1/staff/seekers/{self.number}/activities",
            json={"kind": kind},
            headers=await self.staff(),
        )

    async def switch(self, status: str) -> httpx.Response:
        return await self.client.put(
            "/v1/me/registration/status", json={"status": status}, headers=await self.seeker()
        )


@pytest.fixture
async def counter(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock
) -> Counter:
    await load_offices(connection)
    staff = await make_staff(connection, clock.now())
    desk = Counter(client, clock, staff.email)
    desk.on("2026-11-25")
    created = await register_at_counter(
        client, connection, await desk.staff(), SEEKER, make_profile()
    )
    desk.number = str(created["seeker_number"])
    return desk


def status(body: dict[str, object]) -> tuple[object, ...]:
    return (body["status"], body["inactive_reason"], body["valid_until"])


async def test_a_registration_year(counter: Counter) -> None:
    first = await counter.registration()
    assert status(first) == ("active", None, "2027-01-31")
    assert first["registered_on"] == "2026-11-25"
    assert first["can_reactivate_until"] is None

    # Counselling before the end month extends nothing.
    counter.on("2026-12-20")
    recorded = (await counter.activity("counselling")).json()
    assert recorded["extended"] is False
    assert recorded["registration"]["valid_until"] == "2027-01-31"

    # In the end month it extends to the end of the next month — once per end month.
    counter.on("2027-01-10")
    assert (await counter.activity("counselling")).json()["extended"] is True
    counter.on("2027-01-20")
    assert (await counter.activity("referral")).json()["extended"] is False
    assert status(await counter.registration()) == ("active", None, "2027-02-28")

    # The new end month: a referral extends again.
    counter.on("2027-02-05")
    assert (await counter.activity("referral")).json()["extended"] is True
    counter.on("2027-03-31")
    assert status(await counter.registration()) == ("active", None, "2027-03-31")

    # The day after the last valid day it has lapsed; R5 closes most of My Page.
    counter.on("2027-04-01")
    expired = await counter.registration()
    assert status(expired) == ("inactive", "expired", "2027-03-31")
    assert expired["inactive_since"] == "2027-04-01"
    assert expired["can_reactivate_until"] == "2027-05-31"
    blocked = await counter.client.patch(
        "/v1/me/profile", json={"self_pr": {"text": "更新"}}, headers=await counter.seeker()
    )
    assert_problem(blocked, 403, "registration-inactive")
    # An activity on an expired registration extends nothing.
    assert (await counter.activity("counselling")).json()["extended"] is False

    # Reactivation on the last day of the window starts a new validity from that day.
    counter.on("2027-05-31")
    reactivated = (await counter.switch("active")).json()
    assert status(reactivated) == ("active", None, "2027-07-31")
    assert reactivated["registered_on"] == "2027-05-31"

    # Set inactive by the seeker; the window runs from that day.
    counter.on("2027-06-10")
    stopped = (await counter.switch("inactive")).json()
    assert (stopped["status"], stopped["inactive_reason"]) == ("inactive", "self")
    assert stopped["can_reactivate_until"] == "2027-08-09"
    counter.on("2027-08-10")
    refused = await counter.switch("active")
    body = assert_problem(refused, 403, "reactivation-window-closed")
    assert body["can_reactivate_until"] == "2027-08-09"
    assert "ハローワーク" in str(body["detail"])

    # Staff can still reactivate.
    again = await counter.client.post(
        f"/v1/staff/seekers/{counter.number}/reactivate", headers=await counter.staff()
    )
    assert status(again.json()) == ("active", None, "2027-10-31")
    twice = await counter.client.post(
        f"/v1/staff/seekers/{counter.number}/reactivate", headers=await counter.staff()
    )
    assert_problem(twice, 409, "registration-active")

    # Employment ends it; counselling afterwards changes nothing.
    counter.on("2027-09-01")
    employed = (await counter.activity("employment")).json()
    assert (employed["registration"]["status"], employed["registration"]["inactive_reason"]) == (
        "inactive",
        "employed",
    )
    counter.on("2027-10-05")
    assert (await counter.activity("counselling")).json()["extended"] is False
    assert status(await counter.registration()) == ("inactive", "employed", "2027-10-31")


@pytest.mark.parametrize(
    ("day", "allowed"),
    [("2027-04-01", True), ("2027-04-02", True), ("2027-04-03", False)],
    ids=["day-before-last", "last-day", "day-after"],
)
async def test_reactivation_is_refused_the_day_after_the_window(
    counter: Counter, day: str, allowed: bool
) -> None:
    # Valid through 2027-01-31, inactive from 2027-02-01: 60 days later is 2027-04-02.
    counter.on(day)
    response = await counter.switch("active")
    if allowed:
        assert status(response.json()) == ("active", None, f"{day[:4]}-06-30")
    else:
        assert_problem(response, 403, "reactivation-window-closed")


async def test_switching_to_the_current_status_changes_nothing(counter: Counter) -> None:
    response = await counter.switch("active")
    assert status(response.json()) == ("active", None, "2027-01-31")
    assert response.json()["registered_on"] == "2026-11-25"


async def test_an_unknown_status_is_a_validation_problem(counter: Counter) -> None:
    response = await counter.client.put(
        "/v1/me/registration/status", json={"status": "paused"}, headers=await counter.seeker()
    )
    assert_problem(response, 422, "validation-failed")
