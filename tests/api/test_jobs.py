"""Employers post jobs (R20); anyone reads valid ones (R10) and searches them (R21)."""

from datetime import datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from mypage_api.rules.calendar import JST
from tests.api.test_problems import assert_problem
from tests.factories import (
    bearer,
    job_fields,
    load_offices,
    make_employer,
    make_staff,
    post_job,
)

OTHER_EMPLOYER = "jinji@other.example.jp"


@pytest.fixture
async def employer(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock
) -> dict[str, str]:
    await load_offices(connection)
    person = await make_employer(connection, clock.now())
    return await bearer(client, person.email)


@pytest.fixture
async def other_employer(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, employer: object
) -> dict[str, str]:
    person = await make_employer(connection, clock.now(), email=OTHER_EMPLOYER, office_code="13050")
    return await bearer(client, person.email)


def on(clock: FixedClock, day: str) -> None:
    clock.set(datetime.fromisoformat(day).replace(hour=10, tzinfo=JST))


async def test_a_job_is_valid_to_the_end_of_the_month_after_next(
    client: httpx.AsyncClient, employer: dict[str, str]
) -> None:
    job = await post_job(client, employer)
    assert job["job_number"] == "13010-00000001"
    assert (job["accepted_on"], job["valid_until"]) == ("2026-11-25", "2027-01-31")
    assert job["referral_deadline"] == "2027-01-31"
    assert (job["state"], job["extended"]) == ("open", False)
    second = await post_job(client, employer)
    assert second["job_number"] == "13010-00000002"


@pytest.mark.parametrize(
    ("deadline", "accepted"),
    [("2026-11-24", False), ("2026-11-25", True), ("2027-01-31", True), ("2027-02-01", False)],
)
async def test_the_referral_deadline_lies_between_today_and_the_validity_end(
    client: httpx.AsyncClient, employer: dict[str, str], deadline: str, accepted: bool
) -> None:
    response = await client.post(
        "/v1/employer/jobs", json=job_fields(referral_deadline=deadline), headers=employer
    )
    if accepted:
        assert response.json()["referral_deadline"] == deadline
    else:
        assert_problem(response, 422, "invalid-referral-deadline")


@pytest.mark.parametrize(
    "overrides",
    [
        {"wage_min": 300_000, "wage_max": 200_000},
        {"municipality_code": "27128"},
        {"prefecture_code": "48"},
        {"title": ""},
        {"description": "あ" * 2001},
        {"honseki": "不要"},
    ],
    ids=["wage-range", "municipality-elsewhere", "prefecture-48", "empty-title", "long", "extra"],
)
async def test_bad_postings_are_refused(
    client: httpx.AsyncClient, employer: dict[str, str], overrides: dict[str, object]
) -> None:
    response = await client.post(
        "/v1/employer/jobs", json=job_fields(**overrides), headers=employer
    )
    assert_problem(response, 422, "validation-failed")


async def test_details_until_the_last_valid_day_then_gone(
    client: httpx.AsyncClient, clock: FixedClock, employer: dict[str, str]
) -> None:
    number = (await post_job(client, employer))["job_number"]
    on(clock, "2027-01-31")
    detail = await client.get(f"/v1/jobs/{number}")
    assert detail.status_code == 200
    assert detail.json()["employer_name"] == "株式会社テスト商事"
    assert detail.json()["description"].startswith("特別養護老人ホーム")
    assert (await client.get("/v1/jobs")).json()["total"] == 1
    on(clock, "2027-02-01")
    assert_problem(await client.get(f"/v1/jobs/{number}"), 410, "job-unavailable")
    assert (await client.get("/v1/jobs")).json()["total"] == 0


async def test_a_closed_job_leaves_search_and_details_at_once(
    client: httpx.AsyncClient, employer: dict[str, str]
) -> None:
    number = (await post_job(client, employer))["job_number"]
    closed = await client.post(f"/v1/employer/jobs/{number}/close", headers=employer)
    assert closed.json()["state"] == "closed"
    assert_problem(await client.get(f"/v1/jobs/{number}"), 410, "job-unavailable")
    assert (await client.get("/v1/jobs")).json()["items"] == []
    again = await client.post(f"/v1/employer/jobs/{number}/close", headers=employer)
    assert_problem(again, 409, "job-closed")
    patched = await client.patch(
        f"/v1/employer/jobs/{number}", json={"title": "x"}, headers=employer
    )
    assert_problem(patched, 409, "job-closed")


async def test_an_unknown_job_is_not_found(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/jobs/13010-99999999"), 404, "job-not-found")
    assert_problem(await client.get("/v1/jobs/13010"), 422, "validation-failed")


async def test_the_employer_name_is_shown_only_when_published(
    client: httpx.AsyncClient, employer: dict[str, str]
) -> None:
    number = (await post_job(client, employer, publishes_employer_name=False))["job_number"]
    assert (await client.get(f"/v1/jobs/{number}")).json()["employer_name"] is None
    assert (await client.get("/v1/jobs", params={"q": "テスト商事"})).json()["total"] == 0


async def test_a_job_is_extended_once_by_one_month(
    client: httpx.AsyncClient, clock: FixedClock, employer: dict[str, str]
) -> None:
    number = (await post_job(client, employer))["job_number"]
    extended = await client.post(f"/v1/employer/jobs/{number}/extend", headers=employer)
    assert (extended.json()["valid_until"], extended.json()["extended"]) == ("2027-02-28", True)
    twice = await client.post(f"/v1/employer/jobs/{number}/extend", headers=employer)
    assert_problem(twice, 409, "job-already-extended")
    on(clock, "2027-02-28")
    assert (await client.get(f"/v1/jobs/{number}")).status_code == 200
    on(clock, "2027-03-01")
    assert_problem(await client.get(f"/v1/jobs/{number}"), 410, "job-unavailable")


async def test_an_expired_job_cannot_be_extended(
    client: httpx.AsyncClient, clock: FixedClock, employer: dict[str, str]
) -> None:
    number = (await post_job(client, employer))["job_number"]
    on(clock, "2027-02-01")
    headers = await bearer(client, "saiyo@kaisha.example.jp")  # the old token has expired
    response = await client.post(f"/v1/employer/jobs/{number}/extend", headers=headers)
    assert_problem(response, 409, "job-closed")


async def test_a_change_is_searchable_at_once(
    client: httpx.AsyncClient, employer: dict[str, str]
) -> None:
    number = (await post_job(client, employer))["job_number"]
    patched = await client.patch(
        f"/v1/employer/jobs/{number}",
        json={"title": "看護師（夜勤なし）", "occupation_name": "看護師"},
        headers=employer,
    )
    assert patched.json()["title"] == "看護師（夜勤なし）"
    assert patched.json()["wage"] == {"unit": "monthly", "min": 210000, "max": 260000}
    assert (await client.get("/v1/jobs", params={"q": "看護"})).json()["total"] == 1
    assert (await client.get("/v1/jobs", params={"q": "介護職員（日勤"})).json()["total"] == 0
    broken = await client.patch(
        f"/v1/employer/jobs/{number}", json={"wage_min": 999_999}, headers=employer
    )
    assert_problem(broken, 422, "validation-failed")


async def test_employers_reach_only_their_own_jobs(
    client: httpx.AsyncClient, employer: dict[str, str], other_employer: dict[str, str]
) -> None:
    number = (await post_job(client, employer))["job_number"]
    theirs = await post_job(client, other_employer)
    assert theirs["job_number"] == "13050-00000001"
    for action in ("close", "extend"):
        response = await client.post(f"/v1/employer/jobs/{number}/{action}", headers=other_employer)
        assert_problem(response, 404, "job-not-found")
    response = await client.patch(
        f"/v1/employer/jobs/{number}", json={"title": "乗っ取り"}, headers=other_employer
    )
    assert_problem(response, 404, "job-not-found")
    mine = (await client.get("/v1/employer/jobs", headers=employer)).json()["items"]
    assert [job["job_number"] for job in mine] == [number]


async def test_only_employers_post_jobs(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, employer: object
) -> None:
    staff = await make_staff(connection, clock.now())
    response = await client.post(
        "/v1/employer/jobs", json=job_fields(), headers=await bearer(client, staff.email)
    )
    assert_problem(response, 403, "wrong-role")
    assert_problem(
        await client.post("/v1/employer/jobs", json=job_fields()), 401, "not-authenticated"
    )
