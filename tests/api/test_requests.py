"""Direct requests (R16): employers find disclosed seekers, ask them to apply; seekers
apply, decline or block."""

from datetime import datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from mypage_api.printouts.qr import qr_png
from tests.api.paging import assert_pages, items
from tests.api.test_problems import assert_problem
from tests.factories import (
    Person,
    bearer,
    load_offices,
    mails_to,
    make_employer,
    post_job,
    sign_up_online,
)
from tests.unit.profiles.makers import make_profile

SEEKER = "taro@example.jp"


@pytest.fixture
async def employer(connection: AsyncConnection, clock: FixedClock) -> Person:
    await load_offices(connection)
    return await make_employer(connection, clock.now())


@pytest.fixture
async def seeker(
    client: httpx.AsyncClient, connection: AsyncConnection, employer: Person
) -> dict[str, str]:
    await sign_up_online(client, connection, SEEKER, make_profile())  # discloses: public
    return await bearer(client, SEEKER)


async def disclosed(
    client: httpx.AsyncClient, headers: dict[str, str], **params: object
) -> list[dict[str, object]]:
    response = await client.get("/v1/employer/seekers", params=params, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


async def test_employers_see_disclosed_profiles_without_identity(
    client: httpx.AsyncClient, employer: Person, seeker: dict[str, str]
) -> None:
    boss = await bearer(client, employer.email)
    [profile] = await disclosed(client, boss)
    text = str(profile)
    for secret in ("山田", "タロウ", "090", "飯田橋3-1-1", "1990", SEEKER):
        assert secret not in text
    assert profile["age_band"] == "30代"
    assert profile["municipality_code"] == "13101"
    assert profile["desired_occupations"] == ["一般事務"]
    assert await disclosed(client, boss, prefecture="27") == []
    assert len(await disclosed(client, boss, occupation="事務")) == 1
    # Private seekers are not shown.
    await client.put(
        "/v1/me/disclosure", json={"employers": "private", "partners": "opted_out"}, headers=seeker
    )
    assert await disclosed(client, boss) == []


async def test_a_request_mailed_then_applied_to(
    client: httpx.AsyncClient, connection: AsyncConnection, employer: Person, seeker: dict[str, str]
) -> None:
    boss = await bearer(client, employer.email)
    job = (await post_job(client, boss))["job_number"]
    [profile] = await disclosed(client, boss)
    sent = await client.post(
        f"/v1/employer/jobs/{job}/requests",
        json={"seeker_ref": profile["seeker_ref"], "message": "ぜひご応募ください。"},
        headers=boss,
    )
    assert sent.status_code == 201, sent.text
    assert [m.kind for m in await mails_to(connection, SEEKER)][-1] == "direct_request"
    again = await client.post(
        f"/v1/employer/jobs/{job}/requests",
        json={"seeker_ref": profile["seeker_ref"], "message": "再送"},
        headers=boss,
    )
    assert_problem(again, 409, "already-requested")
    [request] = await items(client, "/v1/me/requests", seeker)
    assert request["message"] == "ぜひご応募ください。"
    assert request["job"]["job_number"] == job
    home = (await client.get("/v1/me/home", headers=seeker)).json()
    assert home["requests"]["total"] == 1
    resume = await client.post(
        "/v1/me/documents",
        files={"file": ("履歴書.png", qr_png("13010-00000001"), "image/png")},
        data={"kind": "resume"},
        headers=seeker,
    )
    applied = await client.post(
        f"/v1/me/requests/{request['id']}/apply",
        json={"motivation": "リクエストを拝見しました。", "document_ids": [resume.json()["id"]]},
        headers=seeker,
    )
    assert applied.status_code == 201, applied.text
    assert applied.json()["channel"] == "self_online"
    assert [d["id"] for d in applied.json()["documents"]] == [resume.json()["id"]]
    assert_problem(
        await client.post(f"/v1/me/requests/{request['id']}/decline", headers=seeker),
        409,
        "request-answered",
    )


async def test_requests_page_newest_first(
    client: httpx.AsyncClient, employer: Person, seeker: dict[str, str]
) -> None:
    boss = await bearer(client, employer.email)
    [profile] = await disclosed(client, boss)
    sent = []
    for number in range(5):
        job = (await post_job(client, boss))["job_number"]
        request = await client.post(
            f"/v1/employer/jobs/{job}/requests",
            json={"seeker_ref": profile["seeker_ref"], "message": f"ご案内{number}"},
            headers=boss,
        )
        assert request.status_code == 201, request.text
        sent.append(request.json()["id"])
    # Answered requests stay listed.
    declined = await client.post(f"/v1/me/requests/{sent[1]}/decline", headers=seeker)
    assert declined.status_code == 200, declined.text
    await assert_pages(client, "/v1/me/requests", seeker, lambda r: r["id"], sent[::-1])


async def test_blocks_page_in_the_order_blocked(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: FixedClock,
    employer: Person,
    seeker: dict[str, str],
) -> None:
    others = [
        await make_employer(connection, clock.now(), email=f"saiyo{n}@kaisha.example.jp")
        for n in range(3)
    ]
    order = [others[1], employer, others[2], others[0]]
    for blocked in order:
        response = await client.put(f"/v1/me/blocks/employers/{blocked.id}", headers=seeker)
        assert response.status_code == 204, response.text
    expected: list[object] = [blocked.id for blocked in order]
    await assert_pages(client, "/v1/me/blocks", seeker, lambda b: b["employer_id"], expected)


async def test_declining_and_blocking(
    client: httpx.AsyncClient, employer: Person, seeker: dict[str, str]
) -> None:
    boss = await bearer(client, employer.email)
    first = (await post_job(client, boss))["job_number"]
    second = (await post_job(client, boss))["job_number"]
    [profile] = await disclosed(client, boss)
    await client.post(
        f"/v1/employer/jobs/{first}/requests",
        json={"seeker_ref": profile["seeker_ref"], "message": "応募しませんか"},
        headers=boss,
    )
    [request] = await items(client, "/v1/me/requests", seeker)
    declined = await client.post(f"/v1/me/requests/{request['id']}/decline", headers=seeker)
    assert declined.json()["declined_at"] is not None
    blocked = await client.put(f"/v1/me/blocks/employers/{employer.id}", headers=seeker)
    assert blocked.status_code == 204
    assert [b["employer_id"] for b in await items(client, "/v1/me/blocks", seeker)] == [employer.id]
    # Blocked: the employer no longer sees the seeker, and a ref kept from before is refused.
    assert await disclosed(client, boss) == []
    refused = await client.post(
        f"/v1/employer/jobs/{second}/requests",
        json={"seeker_ref": profile["seeker_ref"], "message": "もう一度"},
        headers=boss,
    )
    assert_problem(refused, 403, "blocked")
    await client.delete(f"/v1/me/blocks/employers/{employer.id}", headers=seeker)
    ok = await client.post(
        f"/v1/employer/jobs/{second}/requests",
        json={"seeker_ref": profile["seeker_ref"], "message": "もう一度"},
        headers=boss,
    )
    assert ok.status_code == 201


async def test_at_most_ten_seekers_per_job(
    client: httpx.AsyncClient, connection: AsyncConnection, employer: Person
) -> None:
    for number in range(11):
        await sign_up_online(client, connection, f"s{number}@example.jp", make_profile())
    boss = await bearer(client, employer.email)
    job = (await post_job(client, boss))["job_number"]
    profiles = await disclosed(client, boss)
    assert len(profiles) == 11
    for index, profile in enumerate(profiles):
        response = await client.post(
            f"/v1/employer/jobs/{job}/requests",
            json={"seeker_ref": profile["seeker_ref"], "message": "ご応募ください"},
            headers=boss,
        )
        if index < 10:
            assert response.status_code == 201, response.text
        else:
            assert_problem(response, 409, "request-limit")


async def test_requests_only_for_jobs_taking_online_applications_and_known_refs(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: FixedClock,
    employer: Person,
    seeker: dict[str, str],
) -> None:
    boss = await bearer(client, employer.email)
    job = (await post_job(client, boss, accepts_online_applications=False))["job_number"]
    [profile] = await disclosed(client, boss)
    response = await client.post(
        f"/v1/employer/jobs/{job}/requests",
        json={"seeker_ref": profile["seeker_ref"], "message": "x"},
        headers=boss,
    )
    assert_problem(response, 409, "online-applications-not-accepted")
    other = await make_employer(connection, clock.now(), email="o@example.jp", office_code="13050")
    other_boss = await bearer(client, other.email)
    other_job = (await post_job(client, other_boss))["job_number"]
    # Another employer's ref means nothing to this one.
    response = await client.post(
        f"/v1/employer/jobs/{other_job}/requests",
        json={"seeker_ref": profile["seeker_ref"], "message": "x"},
        headers=other_boss,
    )
    assert_problem(response, 404, "seeker-ref-not-found")
    assert_problem(await client.get("/v1/employer/seekers", headers=seeker), 403, "wrong-role")


@pytest.mark.parametrize(("day", "refused"), [("2027-01-31", False), ("2027-02-01", True)])
async def test_requests_only_for_valid_jobs(
    client: httpx.AsyncClient,
    clock: FixedClock,
    employer: Person,
    seeker: dict[str, str],
    day: str,
    refused: bool,
) -> None:
    boss = await bearer(client, employer.email)
    job = await post_job(client, boss)  # accepted 2026-11-25: valid through 2027-01-31 (R20)
    assert job["valid_until"] == "2027-01-31"
    [profile] = await disclosed(client, boss)
    clock.set(datetime.fromisoformat(f"{day}T10:00+09:00"))
    response = await client.post(
        f"/v1/employer/jobs/{job['job_number']}/requests",
        json={"seeker_ref": profile["seeker_ref"], "message": "ご応募ください"},
        headers=await bearer(client, employer.email),
    )
    if refused:
        assert_problem(response, 409, "job-closed")
    else:
        assert response.status_code == 201, response.text
