"""Job search (R19, R21): filters, words, sort, pages and counts — anyone may search."""

import base64
import json
from datetime import timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from tests.api.test_problems import assert_problem
from tests.factories import bearer, load_offices, make_employer, post_job

JOBS = [
    # title, occupation code/name, prefecture, municipality, style, unit, min, max, online
    (
        "介護職員（日勤のみ）",
        "055-01",
        "介護職員",
        "13",
        "13101",
        "full_time",
        "monthly",
        210_000,
        260_000,
        True,
    ),
    (
        "看護師（夜勤なし）",
        "051-02",
        "看護師",
        "13",
        "13113",
        "full_time",
        "monthly",
        280_000,
        350_000,
        False,
    ),
    (
        "介護のパート",
        "055-01",
        "介護職員",
        "14",
        "14104",
        "part_time",
        "hourly",
        1_200,
        1_400,
        True,
    ),
    (
        "一般事務",
        "251-01",
        "一般事務",
        "27",
        "27128",
        "full_time",
        "monthly",
        190_000,
        230_000,
        True,
    ),
    (
        "倉庫内の軽作業",
        "081-03",
        "倉庫作業",
        "13",
        "13111",
        "part_time",
        "hourly",
        1_100,
        1_300,
        False,
    ),
]


@pytest.fixture
async def jobs(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock
) -> list[str]:
    """Five jobs posted on five days, the newest last."""
    await load_offices(connection)
    person = await make_employer(connection, clock.now())
    numbers = []
    start = clock.now()
    for day, (title, code, name, pref, muni, style, unit, low, high, online) in enumerate(JOBS):
        clock.set(start + timedelta(days=day))
        job = await post_job(
            client,
            await bearer(client, person.email),
            title=title,
            occupation_code=code,
            occupation_name=name,
            description=f"{title}の仕事です。",
            prefecture_code=pref,
            municipality_code=muni,
            working_style=style,
            employment_type="regular" if style == "full_time" else "part_time",
            wage_unit=unit,
            wage_min=low,
            wage_max=high,
            accepts_online_applications=online,
        )
        numbers.append(str(job["job_number"]))
    return numbers


async def titles(client: httpx.AsyncClient, **params: object) -> list[str]:
    response = await client.get("/v1/jobs", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"])  # every test here fits one page
    return [job["title"] for job in body["items"]]


async def test_newest_first_by_default(client: httpx.AsyncClient, jobs: list[str]) -> None:
    assert await titles(client) == [job[0] for job in reversed(JOBS)]


async def test_soonest_referral_deadline_first(client: httpx.AsyncClient, jobs: list[str]) -> None:
    # All accepted in Nov/Dec 2026: the deadlines are their validity ends, by month.
    got = await titles(client, sort="deadline")
    assert got[:5] == [
        "介護職員（日勤のみ）",
        "看護師（夜勤なし）",
        "介護のパート",
        "一般事務",
        "倉庫内の軽作業",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "介護"}, {"介護職員（日勤のみ）", "介護のパート"}),
        ({"q": "介"}, {"介護職員（日勤のみ）", "介護のパート"}),
        ({"q": "介護 パート"}, {"介護のパート"}),
        ({"q": "看護 OR 事務"}, {"看護師（夜勤なし）", "一般事務"}),
        ({"q": "介護 -パート"}, {"介護職員（日勤のみ）"}),
        ({"q": "介護 NOT パート"}, {"介護職員（日勤のみ）"}),
        ({"q": "ＰＡＲＴ OR かいご"}, set()),
        ({"prefecture": ["13"]}, {"介護職員（日勤のみ）", "看護師（夜勤なし）", "倉庫内の軽作業"}),
        ({"prefecture": ["14", "27"]}, {"介護のパート", "一般事務"}),
        ({"municipality": ["13113"]}, {"看護師（夜勤なし）"}),
        ({"occupation": "055"}, {"介護職員（日勤のみ）", "介護のパート"}),
        ({"occupation": "051-02"}, {"看護師（夜勤なし）"}),
        ({"working_style": "part_time"}, {"介護のパート", "倉庫内の軽作業"}),
        ({"employment_type": ["part_time"]}, {"介護のパート", "倉庫内の軽作業"}),
        (
            {"wage_unit": "monthly", "min_wage": 260_000},
            {"介護職員（日勤のみ）", "看護師（夜勤なし）"},
        ),
        ({"wage_unit": "monthly", "min_wage": 260_001}, {"看護師（夜勤なし）"}),
        ({"wage_unit": "hourly", "min_wage": 1_300}, {"介護のパート", "倉庫内の軽作業"}),
        ({"online": "true"}, {"介護職員（日勤のみ）", "介護のパート", "一般事務"}),
        ({"posted_since": "2026-11-28"}, {"一般事務", "倉庫内の軽作業"}),
        ({"q": "介護", "prefecture": ["13"], "online": "true"}, {"介護職員（日勤のみ）"}),
    ],
)
async def test_filters(
    client: httpx.AsyncClient, jobs: list[str], params: dict[str, object], expected: set[str]
) -> None:
    assert set(await titles(client, **params)) == expected


async def test_up_to_five_job_numbers_at_once(client: httpx.AsyncClient, jobs: list[str]) -> None:
    assert set(await titles(client, job_number=jobs[:2])) == {JOBS[0][0], JOBS[1][0]}
    response = await client.get("/v1/jobs", params={"job_number": [*jobs, "13010-00000099"]})
    assert_problem(response, 422, "validation-failed")


async def test_pages_of_ten_walk_every_job_once(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock
) -> None:
    await load_offices(connection)
    person = await make_employer(connection, clock.now())
    headers = await bearer(client, person.email)
    for number in range(23):
        await post_job(client, headers, title=f"求人{number:02d}")
    for sort in ("accepted", "deadline"):
        seen: list[str] = []
        cursor = None
        while True:
            params: dict[str, object] = {"limit": 10, "sort": sort}
            if cursor:
                params["cursor"] = cursor
            response = await client.get("/v1/jobs", params=params)
            assert response.status_code == 200, response.text
            page = response.json()
            assert page["total"] == 23
            assert page["total_exact"] is True
            seen += [job["job_number"] for job in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert len(seen) == len(set(seen)) == 23


@pytest.mark.parametrize(
    "key", [["x", 1], ["2026-11-25", "1"], ["2026-13-01", 1], [1, 1], ["2026-11-25", 1.5]]
)
async def test_a_forged_cursor_is_a_problem_while_jobs_match(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, key: list[object]
) -> None:
    await load_offices(connection)
    person = await make_employer(connection, clock.now())
    await post_job(client, await bearer(client, person.email))
    cursor = base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")
    for sort in ("accepted", "deadline"):
        response = await client.get("/v1/jobs", params={"cursor": cursor, "sort": sort})
        assert_problem(response, 422, "invalid-cursor")


async def test_total_is_capped_beyond_the_limit(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, settings: object
) -> None:
    from mypage_api.config import Settings

    assert isinstance(settings, Settings)
    settings.search_count_cap = 100
    await load_offices(connection)
    person = await make_employer(connection, clock.now())
    headers = await bearer(client, person.email)
    for number in range(101):
        await post_job(client, headers, title=f"求人{number:03d}")
    capped = (await client.get("/v1/jobs", params={"limit": 50})).json()
    assert (capped["total"], capped["total_exact"]) == (100, False)
    assert len(capped["items"]) == 50
    exact = (await client.get("/v1/jobs", params={"q": "求人00"})).json()
    assert (exact["total"], exact["total_exact"]) == (10, True)


@pytest.mark.parametrize(
    ("params", "slug"),
    [
        ({"limit": 20}, "validation-failed"),
        ({"prefecture": ["01", "02", "03", "04"]}, "validation-failed"),
        ({"prefecture": ["48"]}, "validation-failed"),
        ({"municipality": ["1310"]}, "validation-failed"),
        ({"q": "あ" * 51}, "validation-failed"),
        ({"q": "介護 OR"}, "invalid-query"),
        ({"q": "OR 介護"}, "invalid-query"),
        ({"q": "介護 NOT"}, "invalid-query"),
        ({"min_wage": 1000}, "validation-failed"),
        ({"cursor": "garbage"}, "invalid-cursor"),
        ({"sort": "salary"}, "validation-failed"),
    ],
)
async def test_bad_searches_are_problems(
    client: httpx.AsyncClient, params: dict[str, object], slug: str
) -> None:
    assert_problem(await client.get("/v1/jobs", params=params), 422, slug)


async def test_fifty_characters_is_allowed(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/jobs", params={"q": "あ" * 50})
    assert response.status_code == 200


async def test_signed_in_seekers_see_the_same_results(
    client: httpx.AsyncClient, jobs: list[str], connection: AsyncConnection
) -> None:
    from tests.factories import sign_up_online
    from tests.unit.profiles.makers import make_profile

    await sign_up_online(client, connection, "taro@example.jp", make_profile())
    anonymous = (await client.get("/v1/jobs", params={"q": "介護"})).json()
    signed_in = (
        await client.get(
            "/v1/jobs", params={"q": "介護"}, headers=await bearer(client, "taro@example.jp")
        )
    ).json()
    assert anonymous == signed_in
