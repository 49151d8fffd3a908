"""Saved searches and favourites: what signing in adds to search (R19)."""

from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from mypage_api.config import Settings
from mypage_api.rules.calendar import JST
from tests.api.paging import assert_pages, items
from tests.api.test_problems import assert_problem
from tests.factories import (
    Person,
    bearer,
    load_offices,
    make_employer,
    make_staff,
    post_job,
    sign_up_online,
)
from tests.unit.profiles.makers import make_profile

SEEKER = "taro@example.jp"
OTHER = "hanako@example.jp"


@pytest.fixture
async def employer(connection: AsyncConnection, clock: FixedClock) -> Person:
    await load_offices(connection)
    return await make_employer(connection, clock.now())


@pytest.fixture
async def seeker(
    client: httpx.AsyncClient, connection: AsyncConnection, employer: Person
) -> dict[str, str]:
    await sign_up_online(client, connection, SEEKER, make_profile())
    return await bearer(client, SEEKER)


async def test_a_saved_search_runs_again_and_shows_on_home(
    client: httpx.AsyncClient, employer: Person, seeker: dict[str, str]
) -> None:
    headers = await bearer(client, employer.email)
    await post_job(client, headers, title="介護職員")
    await post_job(client, headers, title="一般事務", occupation_name="一般事務")
    saved = await client.post(
        "/v1/me/saved-searches",
        json={"name": "千代田区の介護", "filters": {"q": "介護", "prefecture": ["13"]}},
        headers=seeker,
    )
    assert saved.status_code == 201, saved.text
    saved_id = saved.json()["id"]
    assert saved.json()["filters"]["q"] == "介護"
    page = (await client.get(f"/v1/me/saved-searches/{saved_id}/jobs", headers=seeker)).json()
    assert [job["title"] for job in page["items"]] == ["介護職員"]
    listed = await items(client, "/v1/me/saved-searches", seeker)
    assert [s["name"] for s in listed] == ["千代田区の介護"]
    home = (await client.get("/v1/me/home", headers=seeker)).json()
    assert home["saved_searches"] == [{"id": saved_id, "name": "千代田区の介護"}]
    deleted = await client.delete(f"/v1/me/saved-searches/{saved_id}", headers=seeker)
    assert deleted.status_code == 204
    assert await items(client, "/v1/me/saved-searches", seeker) == []


async def test_saved_searches_are_limited(
    client: httpx.AsyncClient, settings: Settings, seeker: dict[str, str]
) -> None:
    settings.saved_search_limit = 2
    for number in range(2):
        response = await client.post(
            "/v1/me/saved-searches", json={"name": f"条件{number}", "filters": {}}, headers=seeker
        )
        assert response.status_code == 201
    third = await client.post(
        "/v1/me/saved-searches", json={"name": "条件3", "filters": {}}, headers=seeker
    )
    body = assert_problem(third, 409, "saved-search-limit")
    assert body["limit"] == 2


async def test_saved_searches_page_oldest_first_within_their_limit(
    client: httpx.AsyncClient, settings: Settings, seeker: dict[str, str]
) -> None:
    settings.saved_search_limit = 5
    ids = []
    for number in range(5):
        response = await client.post(
            "/v1/me/saved-searches", json={"name": f"条件{number}", "filters": {}}, headers=seeker
        )
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    await assert_pages(client, "/v1/me/saved-searches", seeker, lambda s: s["id"], ids)
    # The cap still holds, whatever the page size.
    sixth = await client.post(
        "/v1/me/saved-searches", json={"name": "条件5", "filters": {}}, headers=seeker
    )
    assert_problem(sixth, 409, "saved-search-limit")


async def test_a_broken_query_is_not_saved(
    client: httpx.AsyncClient, seeker: dict[str, str]
) -> None:
    response = await client.post(
        "/v1/me/saved-searches", json={"name": "x", "filters": {"q": "介護 OR"}}, headers=seeker
    )
    assert_problem(response, 422, "invalid-query")


async def test_another_seekers_saved_search_is_not_found(
    client: httpx.AsyncClient, connection: AsyncConnection, seeker: dict[str, str]
) -> None:
    saved = await client.post(
        "/v1/me/saved-searches", json={"name": "mine", "filters": {}}, headers=seeker
    )
    await sign_up_online(client, connection, OTHER, make_profile())
    other = await bearer(client, OTHER)
    saved_id = saved.json()["id"]
    assert_problem(
        await client.get(f"/v1/me/saved-searches/{saved_id}/jobs", headers=other),
        404,
        "saved-search-not-found",
    )
    assert_problem(
        await client.delete(f"/v1/me/saved-searches/{saved_id}", headers=other),
        404,
        "saved-search-not-found",
    )
    assert await items(client, "/v1/me/saved-searches", other) == []


async def test_favourites_stay_listed_when_the_job_becomes_invalid(
    client: httpx.AsyncClient, clock: FixedClock, employer: Person, seeker: dict[str, str]
) -> None:
    headers = await bearer(client, employer.email)
    kept = (await post_job(client, headers, title="介護職員"))["job_number"]
    closing = (await post_job(client, headers, title="看護師"))["job_number"]
    for number in (kept, closing, kept):  # adding twice is fine
        assert (await client.put(f"/v1/me/favorites/{number}", headers=seeker)).status_code == 204
    await client.post(f"/v1/employer/jobs/{closing}/close", headers=headers)
    favorites = await items(client, "/v1/me/favorites", seeker)
    assert {(f["job_number"], f["available"]) for f in favorites} == {
        (kept, True),
        (closing, False),
    }
    assert next(f for f in favorites if f["job_number"] == closing)["job"] is None
    # A closed job cannot be added; an unknown one is not found.
    await client.delete(f"/v1/me/favorites/{closing}", headers=seeker)
    assert_problem(
        await client.put(f"/v1/me/favorites/{closing}", headers=seeker), 410, "job-unavailable"
    )
    assert_problem(
        await client.put("/v1/me/favorites/13010-99999999", headers=seeker), 404, "job-not-found"
    )
    # Past its validity the other one is unavailable too, still listed.
    clock.set(datetime(2027, 2, 1, 9, 0, tzinfo=JST))
    # (the seeker's registration, valid through 2027-01-31, lapsed the same day: R5)
    response = await client.get("/v1/me/favorites", headers=await bearer(client, SEEKER))
    assert_problem(response, 403, "registration-inactive")


async def test_a_favourite_of_a_lapsed_job_is_marked_unavailable(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: FixedClock,
    employer: Person,
    seeker: dict[str, str],
) -> None:
    headers = await bearer(client, employer.email)
    number = (await post_job(client, headers))["job_number"]
    await client.put(f"/v1/me/favorites/{number}", headers=seeker)
    # Job and registration both end 2027-01-31; counselling in January extends the
    # registration (R2), so the seeker is still active when the job has lapsed.
    staff = await make_staff(connection, clock.now())
    me = (await client.get("/v1/me", headers=seeker)).json()
    clock.set(datetime(2027, 1, 15, 10, 0, tzinfo=JST))
    counselled = await client.post(
        f"/v1/staff/seekers/{me['seeker_number']}/activities",
        json={"kind": "counselling"},
        headers=await bearer(client, staff.email),
    )
    assert counselled.json()["extended"] is True
    for day, available in ((31, True), (32, False)):
        clock.set(datetime(2027, 1, 1, 12, 0, tzinfo=JST) + timedelta(days=day - 1))
        favorites = await items(client, "/v1/me/favorites", await bearer(client, SEEKER))
        assert [(f["job_number"], f["available"]) for f in favorites] == [(number, available)]


async def test_favourites_page_newest_first_then_by_job(
    client: httpx.AsyncClient, clock: FixedClock, employer: Person, seeker: dict[str, str]
) -> None:
    headers = await bearer(client, employer.email)
    jobs = [str((await post_job(client, headers))["job_number"]) for _ in range(5)]
    # Added at three instants, two of them shared: the later job first within one.
    for group in ((jobs[3], jobs[1]), (jobs[4],), (jobs[0], jobs[2])):
        clock.advance(timedelta(minutes=1))
        for number in group:
            added = await client.put(f"/v1/me/favorites/{number}", headers=seeker)
            assert added.status_code == 204, added.text
    expected: list[object] = [jobs[2], jobs[0], jobs[4], jobs[3], jobs[1]]
    await assert_pages(client, "/v1/me/favorites", seeker, lambda f: f["job_number"], expected)


async def test_favourites_are_limited(
    client: httpx.AsyncClient, settings: Settings, employer: Person, seeker: dict[str, str]
) -> None:
    settings.favorite_limit = 1
    headers = await bearer(client, employer.email)
    first = (await post_job(client, headers))["job_number"]
    second = (await post_job(client, headers))["job_number"]
    assert (await client.put(f"/v1/me/favorites/{first}", headers=seeker)).status_code == 204
    assert_problem(
        await client.put(f"/v1/me/favorites/{second}", headers=seeker), 409, "favorite-limit"
    )


async def test_only_seekers_keep_favourites(
    client: httpx.AsyncClient, employer: Person, seeker: dict[str, str]
) -> None:
    headers = await bearer(client, employer.email)
    number = (await post_job(client, headers))["job_number"]
    assert_problem(
        await client.put(f"/v1/me/favorites/{number}", headers=headers), 403, "wrong-role"
    )
    assert_problem(await client.get("/v1/me/favorites"), 401, "not-authenticated")
