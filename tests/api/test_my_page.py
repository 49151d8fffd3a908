"""My Page core: profile, disclosure, home (R18), office, access log, export, R5 guard."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from mypage_api.clock import FixedClock
from mypage_api.rules.calendar import JST
from tests.api.test_problems import assert_problem
from tests.factories import (
    Person,
    bearer,
    load_offices,
    make_staff,
    register_at_counter,
    sign_up_online,
)
from tests.unit.profiles.makers import make_profile

SEEKER = "hanako.suzuki@example.jp"
OTHER = "jiro.tanaka@example.jp"


@pytest.fixture
async def staff(connection: AsyncConnection, clock: FixedClock) -> Person:
    await load_offices(connection)
    return await make_staff(connection, clock.now())


@pytest.fixture
async def seeker_number(
    client: httpx.AsyncClient, connection: AsyncConnection, staff: Person
) -> str:
    created = await register_at_counter(
        client, connection, await bearer(client, staff.email), SEEKER, make_profile()
    )
    return str(created["seeker_number"])


@pytest.fixture
async def me(client: httpx.AsyncClient, seeker_number: str) -> dict[str, str]:
    return await bearer(client, SEEKER)


def expire(clock: FixedClock) -> None:
    """The registration of 2026-11-25 is valid through 2027-01-31."""
    clock.set(datetime(2027, 2, 1, 9, 0, tzinfo=JST))


# Profile ---------------------------------------------------------------------------------
async def test_the_profile_reads_back_as_registered(
    client: httpx.AsyncClient, me: dict[str, str]
) -> None:
    response = await client.get("/v1/me/profile", headers=me)
    assert response.status_code == 200
    body = response.json()
    assert body["profile"]["basic"]["name"] == "山田 太郎"
    assert body["check"]["ready_to_submit"] is True


async def test_a_patch_changes_only_what_it_names(
    client: httpx.AsyncClient, me: dict[str, str]
) -> None:
    response = await client.patch(
        "/v1/me/profile",
        json={
            "basic": {"phone": "０８０−９８７６−５４３２"},
            "self_pr": {"text": "接客が得意です。"},
        },
        headers=me,
    )
    assert response.status_code == 200, response.text
    profile = (await client.get("/v1/me/profile", headers=me)).json()["profile"]
    assert profile["basic"]["phone"] == "080-9876-5432"
    assert profile["self_pr"]["text"] == "接客が得意です。"
    assert profile["basic"]["name"] == "山田 太郎"
    assert profile["career"]["entries"][0]["employer_name"] == "株式会社飯田橋商事"


async def test_the_birth_date_is_changed_at_the_counter(
    client: httpx.AsyncClient, me: dict[str, str]
) -> None:
    response = await client.patch(
        "/v1/me/profile", json={"basic": {"birth_date": "1991-04-01"}}, headers=me
    )
    body = assert_problem(response, 403, "change-at-counter")
    assert body["field"] == "basic.birth_date"


async def test_a_patch_that_breaks_the_profile_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, me: dict[str, str]
) -> None:
    response = await client.patch(
        "/v1/me/profile", json={"basic": {"postal_code": "999-9999"}}, headers=me
    )
    assert_problem(response, 422, "profile-incomplete")
    profile = (await client.get("/v1/me/profile", headers=me)).json()["profile"]
    assert profile["basic"]["postal_code"] == "102-0072"


async def test_a_forbidden_question_cannot_be_patched_in(
    client: httpx.AsyncClient, me: dict[str, str]
) -> None:
    response = await client.patch(
        "/v1/me/profile", json={"basic": {"birthplace": "東京都"}}, headers=me
    )
    assert_problem(response, 422, "validation-failed")


# Disclosure and home ---------------------------------------------------------------------
async def test_disclosure_shows_on_home(client: httpx.AsyncClient, me: dict[str, str]) -> None:
    home = (await client.get("/v1/me/home", headers=me)).json()
    assert home["disclosure"] == {"employers": "public", "partners": "opted_in"}
    response = await client.put(
        "/v1/me/disclosure", json={"employers": "private", "partners": "opted_out"}, headers=me
    )
    assert response.status_code == 200
    home = (await client.get("/v1/me/home", headers=me)).json()
    assert home["disclosure"] == {"employers": "private", "partners": "opted_out"}
    profile = (await client.get("/v1/me/profile", headers=me)).json()["profile"]
    assert profile["sharing"] == {"employers": "private", "partners": "opted_out"}


async def test_home_of_a_hello_work_user(
    client: httpx.AsyncClient, me: dict[str, str], seeker_number: str
) -> None:
    home = (await client.get("/v1/me/home", headers=me)).json()
    assert home["office"] == {"code": "13010", "name": "ハローワーク飯田橋"}
    assert home["seeker_number"] == seeker_number
    assert home["registrant_type"] == "hellowork_user"
    assert home["reception_slip_url"] == "/v1/me/reception-slip"
    assert home["qr_code_url"] == "/v1/me/qr-code?format=svg"
    assert home["unread_messages"] == 0
    assert home["applying"] == {"items": [], "total": 0}
    assert home["requests"] == {"items": [], "total": 0}
    assert home["latest_referral_offer"] is None
    assert home["saved_searches"] == []


async def test_home_of_an_online_registrant_has_no_reception_slip(
    client: httpx.AsyncClient, connection: AsyncConnection, staff: Person
) -> None:
    await sign_up_online(client, connection, OTHER, make_profile())
    home = (await client.get("/v1/me/home", headers=await bearer(client, OTHER))).json()
    assert home["registrant_type"] == "online_only"
    assert home["reception_slip_url"] is None
    assert home["latest_referral_offer"] is None


@contextmanager
def statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """The SQL statements the app sends while the block runs (savepoints left out)."""
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            seen.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)


async def test_home_costs_a_fixed_small_number_of_statements(
    client: httpx.AsyncClient, engine: AsyncEngine, me: dict[str, str]
) -> None:
    with statements(engine) as seen:
        assert (await client.get("/v1/me/home", headers=me)).status_code == 200
    assert 0 < len(seen) <= 8, seen


async def test_home_follows_the_office_staff_move_the_seeker_to(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: FixedClock,
    staff: Person,
    me: dict[str, str],
    seeker_number: str,
) -> None:
    headers = await bearer(client, staff.email)
    moved = await client.put(
        f"/v1/staff/seekers/{seeker_number}/office", json={"office_code": "13050"}, headers=headers
    )
    assert moved.status_code == 200
    home = (await client.get("/v1/me/home", headers=me)).json()
    assert home["office"] == {"code": "13050", "name": "ハローワーク渋谷"}
    # The seeker now belongs to 渋谷: 飯田橋 no longer finds them.
    gone = await client.get(f"/v1/staff/seekers/{seeker_number}", headers=headers)
    assert_problem(gone, 404, "seeker-not-found")
    unknown = await client.put(
        f"/v1/staff/seekers/{seeker_number}/office", json={"office_code": "99999"}, headers=headers
    )
    assert_problem(unknown, 404, "seeker-not-found")


async def test_moving_to_an_unknown_office_is_refused(
    client: httpx.AsyncClient, staff: Person, seeker_number: str
) -> None:
    response = await client.put(
        f"/v1/staff/seekers/{seeker_number}/office",
        json={"office_code": "99999"},
        headers=await bearer(client, staff.email),
    )
    assert_problem(response, 404, "office-not-found")


# Access log and export -------------------------------------------------------------------
async def test_staff_reads_and_changes_show_in_the_seekers_access_log(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    staff: Person,
    me: dict[str, str],
    seeker_number: str,
) -> None:
    headers = await bearer(client, staff.email)
    await client.get(f"/v1/staff/seekers/{seeker_number}", headers=headers)
    await client.post(
        f"/v1/staff/seekers/{seeker_number}/activities",
        json={"kind": "counselling"},
        headers=headers,
    )
    log = (await client.get("/v1/me/access-log", headers=me)).json()
    entries = [(e["action"], e["what"], e["office_name"]) for e in log["items"]]
    assert entries == [
        ("change", "activity:counselling", "ハローワーク飯田橋"),
        ("read", "summary", "ハローワーク飯田橋"),
        ("change", "registration", "ハローワーク飯田橋"),
    ]
    assert all(e["staff_id"] == staff.id for e in log["items"])
    first = (await client.get("/v1/me/access-log", params={"limit": 2}, headers=me)).json()
    rest = (
        await client.get(
            "/v1/me/access-log", params={"limit": 2, "cursor": first["next_cursor"]}, headers=me
        )
    ).json()
    assert [e["id"] for e in first["items"] + rest["items"]] == [e["id"] for e in log["items"]]
    # Another seeker sees none of it.
    await sign_up_online(client, connection, OTHER, make_profile())
    theirs = (await client.get("/v1/me/access-log", headers=await bearer(client, OTHER))).json()
    assert theirs["items"] == []


async def test_the_export_holds_everything_about_the_seeker(
    client: httpx.AsyncClient, staff: Person, me: dict[str, str], seeker_number: str
) -> None:
    headers = await bearer(client, staff.email)
    await client.post(
        f"/v1/staff/seekers/{seeker_number}/activities",
        json={"kind": "counselling"},
        headers=headers,
    )
    data = (await client.get("/v1/me/export", headers=me)).json()
    assert data["account"]["email"] == SEEKER
    assert data["seeker"]["seeker_number"] == seeker_number
    assert data["registration"]["valid_until"] == "2027-01-31"
    assert data["profile"]["basic"]["name"] == "山田 太郎"
    assert [a["kind"] for a in data["activities"]] == ["counselling"]
    assert {e["what"] for e in data["access_log"]} == {"registration", "activity:counselling"}
    assert len(data["sessions"]) >= 1
    assert [m["kind"] for m in data["mails"]] == ["counter_activation"]
    assert "token" not in str(data["mails"])


# R5 --------------------------------------------------------------------------------------
GUARDED = [
    ("PATCH", "/v1/me/profile", {"self_pr": {"text": "更新しました"}}),
    ("PUT", "/v1/me/disclosure", {"employers": "private", "partners": "opted_out"}),
]
STILL_OPEN = [
    ("GET", "/v1/me", None),
    ("GET", "/v1/me/home", None),
    ("GET", "/v1/me/registration", None),
    ("GET", "/v1/me/profile", None),
    ("GET", "/v1/me/export", None),
    ("GET", "/v1/me/access-log", None),
]


@pytest.mark.parametrize("endpoint", GUARDED, ids=lambda e: f"{e[0]} {e[1]}")
async def test_an_expired_registration_closes_most_of_my_page(
    client: httpx.AsyncClient,
    clock: FixedClock,
    me: dict[str, str],
    endpoint: tuple[str, str, object],
) -> None:
    method, path, body = endpoint
    clock.set(datetime(2027, 1, 31, 23, 59, tzinfo=JST))  # the last valid minute
    headers = await bearer(client, SEEKER)
    assert (await client.request(method, path, json=body, headers=headers)).status_code == 200
    expire(clock)
    headers = await bearer(client, SEEKER)
    response = await client.request(method, path, json=body, headers=headers)
    problem = assert_problem(response, 403, "registration-inactive")
    assert "exportMyData" in problem["still_possible"]  # type: ignore[operator]


@pytest.mark.parametrize("endpoint", STILL_OPEN, ids=lambda e: f"{e[0]} {e[1]}")
async def test_an_expired_registration_keeps_what_r5_keeps(
    client: httpx.AsyncClient,
    clock: FixedClock,
    me: dict[str, str],
    endpoint: tuple[str, str, object],
) -> None:
    method, path, body = endpoint
    expire(clock)
    response = await client.request(method, path, json=body, headers=await bearer(client, SEEKER))
    assert response.status_code == 200, response.text


async def test_an_inactive_seeker_can_still_change_the_password(
    client: httpx.AsyncClient, clock: FixedClock, me: dict[str, str]
) -> None:
    expire(clock)
    response = await client.put(
        "/v1/me/password",
        json={
            "current_password": "correct horse battery",
            "new_password": "a brand new passphrase",
        },
        headers=await bearer(client, SEEKER),
    )
    assert response.status_code == 204
