"""Opening a My Page online: verify the address, save drafts, submit (R1, R6, R7, R22)."""

from datetime import timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.accepted import SIGNUP_ACCEPTED
from mypage_api.clock import FixedClock
from tests.api.test_problems import assert_problem
from tests.factories import (
    CONSENTS,
    PASSWORD,
    load_offices,
    mails_to,
    sign_up_online,
    signup_token,
    token_pair,
)
from tests.unit.profiles.makers import make_basic, make_profile

EMAIL = "taro.yamada@example.jp"


@pytest.fixture(autouse=True)
async def offices(connection: AsyncConnection) -> None:
    await load_offices(connection)


def young_profile(birth_date: str, **basic: object) -> dict[str, object]:
    """A teenager's profile: no degree, no licence, no work history yet."""
    return make_profile(
        basic=make_basic(birth_date=birth_date, **basic),
        education={"schools": [], "qualifications": []},
        career={"entries": []},
    )


async def submit(client: httpx.AsyncClient, token: str, **overrides: object) -> httpx.Response:
    body = {"password": PASSWORD, "consents": CONSENTS, **overrides}
    return await client.post(f"/v1/signups/{token}/submit", json=body)


async def test_online_sign_up_opens_a_my_page_valid_to_the_end_of_the_month_after_next(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    registered = await sign_up_online(client, connection, EMAIL, make_profile())
    assert registered["registrant_type"] == "online_only"
    assert registered["registered_on"] == "2026-11-25"
    assert registered["valid_until"] == "2027-01-31"
    # 102-0072 is 千代田区 (13101), served by ハローワーク飯田橋.
    assert registered["office"] == {"code": "13010", "name": "ハローワーク飯田橋"}
    assert registered["seeker_number"] == "13010-00000001"
    tokens = await token_pair(client, EMAIL)
    me = await client.get("/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.json()["seeker_number"] == "13010-00000001"
    assert me.json()["email"] == EMAIL


async def test_the_verification_mail_is_japanese_and_holds_the_link(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    await client.post("/v1/signups", json={"email": EMAIL})
    [mail] = await mails_to(connection, EMAIL)
    assert "メールアドレスの確認" in mail.subject
    assert "token=" in mail.body


async def test_seeker_numbers_count_up_per_office(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    first = await sign_up_online(client, connection, "a@example.jp", make_profile())
    second = await sign_up_online(client, connection, "b@example.jp", make_profile())
    shibuya = await sign_up_online(
        client,
        connection,
        "c@example.jp",
        make_profile(basic=make_basic(postal_code="150-0041", address=...)),
    )
    assert (first["seeker_number"], second["seeker_number"]) == (
        "13010-00000001",
        "13010-00000002",
    )
    assert shibuya["seeker_number"] == "13050-00000001"
    assert shibuya["office"] == {"code": "13050", "name": "ハローワーク渋谷"}


async def test_a_draft_is_kept_part_way_with_its_errors_and_warnings(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    token = await signup_token(client, connection, EMAIL)
    partial = {
        "basic": {"name": "山田 太郎", "name_kana": "やまだ たろう", "postal_code": "1020072"}
    }
    saved = await client.put(f"/v1/signups/{token}/draft", json=partial)
    assert saved.status_code == 200
    body = saved.json()
    assert body["profile"]["basic"]["name_kana"] == "ヤマダ　タロウ"
    assert body["profile"]["basic"]["postal_code"] == "102-0072"
    assert body["profile"]["basic"]["address"].startswith("東京都千代田区飯田橋")
    assert body["check"]["ready_to_submit"] is False
    missing = {issue["field"] for issue in body["check"]["basic"]["errors"]}
    assert {"basic.birth_date", "basic.phone"} <= missing
    again = await client.get(f"/v1/signups/{token}")
    assert again.json()["profile"] == body["profile"]
    assert again.json()["email"] == EMAIL


async def test_submitting_an_incomplete_profile_lists_what_blocks_and_keeps_the_draft(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    token = await signup_token(client, connection, EMAIL)
    await client.put(f"/v1/signups/{token}/draft", json={"basic": {"name": "山田 太郎"}})
    response = await submit(client, token)
    body = assert_problem(response, 422, "profile-incomplete")
    assert body["check"]["ready_to_submit"] is False  # type: ignore[index]
    assert (await client.get(f"/v1/signups/{token}")).json()["profile"]["basic"]["name"] == (
        "山田 太郎"
    )


@pytest.mark.parametrize(
    ("birth_date", "eligible"),
    [("2010-11-24", True), ("2010-11-25", True), ("2010-11-26", False)],
    ids=["16-since-yesterday", "16-today", "16-tomorrow"],
)
async def test_aged_15_or_under_cannot_open_a_my_page(
    client: httpx.AsyncClient, connection: AsyncConnection, birth_date: str, eligible: bool
) -> None:
    token = await signup_token(client, connection, EMAIL)
    await client.put(f"/v1/signups/{token}/draft", json=young_profile(birth_date))
    response = await submit(client, token)
    if eligible:
        assert response.status_code == 201, response.text
    else:
        body = assert_problem(response, 422, "ineligible")
        assert (body["rule"], body["reason"]) == ("R6", "too_young")


@pytest.mark.parametrize(
    ("attendance", "eligible"),
    [("full_time", False), ("night", True), ("part_time", True), ("correspondence", True)],
)
async def test_high_school_pupils_only_from_night_part_time_or_correspondence_courses(
    client: httpx.AsyncClient, connection: AsyncConnection, attendance: str, eligible: bool
) -> None:
    school = {"kind": "high_school", "attendance": attendance, "state": "enrolled"}
    profile = young_profile("2009-05-01", school=school)
    token = await signup_token(client, connection, EMAIL)
    await client.put(f"/v1/signups/{token}/draft", json=profile)
    response = await submit(client, token)
    if eligible:
        assert response.status_code == 201, response.text
    else:
        body = assert_problem(response, 422, "ineligible")
        assert body["reason"] == "school_pupil"


async def test_consent_to_the_current_terms_is_required(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    token = await signup_token(client, connection, EMAIL)
    await client.put(f"/v1/signups/{token}/draft", json=make_profile())
    stale = {"terms_version": "2020-01-01", "privacy_version": "2026-04-01"}
    body = assert_problem(await submit(client, token, consents=stale), 422, "consent-required")
    assert body["terms_version"] == "2026-04-01"
    versions = (await client.get("/v1/consent-versions")).json()
    assert versions == CONSENTS


async def test_a_weak_password_is_refused_at_submit(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    token = await signup_token(client, connection, EMAIL)
    await client.put(f"/v1/signups/{token}/draft", json=make_profile())
    assert_problem(await submit(client, token, password="hellowork123"), 422, "weak-password")
    assert (await submit(client, token)).status_code == 201


async def test_a_link_works_once(client: httpx.AsyncClient, connection: AsyncConnection) -> None:
    token = await signup_token(client, connection, EMAIL)
    await client.put(f"/v1/signups/{token}/draft", json=make_profile())
    assert (await submit(client, token)).status_code == 201
    assert_problem(await submit(client, token), 404, "invalid-link")
    assert_problem(await client.get(f"/v1/signups/{token}"), 404, "invalid-link")


async def test_a_link_expires_after_72_hours(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock
) -> None:
    token = await signup_token(client, connection, EMAIL)
    clock.advance(timedelta(hours=71, minutes=59))
    assert (await client.get(f"/v1/signups/{token}")).status_code == 200
    clock.advance(timedelta(minutes=1))
    assert_problem(await client.get(f"/v1/signups/{token}"), 404, "invalid-link")


async def test_a_new_link_replaces_the_old_one(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    old = await signup_token(client, connection, EMAIL)
    new = await signup_token(client, connection, EMAIL)
    assert_problem(await client.get(f"/v1/signups/{old}"), 404, "invalid-link")
    assert (await client.get(f"/v1/signups/{new}")).status_code == 200


async def test_signing_up_with_a_registered_address_answers_alike_and_mails_a_note(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    await sign_up_online(client, connection, EMAIL, make_profile())
    response = await client.post("/v1/signups", json={"email": EMAIL.upper()})
    assert response.status_code == 202
    fresh = await client.post("/v1/signups", json={"email": "someone.new@example.jp"})
    assert (fresh.status_code, fresh.json()) == (202, response.json())
    assert response.json() == {"message": SIGNUP_ACCEPTED}
    mails = await mails_to(connection, EMAIL)
    assert mails[-1].kind == "signup_for_existing_account"
    assert "token=" not in mails[-1].body


async def test_forbidden_questions_cannot_be_answered(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    token = await signup_token(client, connection, EMAIL)
    response = await client.put(
        f"/v1/signups/{token}/draft", json={"basic": {"name": "山田 太郎", "honseki": "東京都"}}
    )
    assert_problem(response, 422, "validation-failed")


async def test_a_postal_code_outside_every_jurisdiction_falls_back_to_the_prefecture(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    # 八王子市 (13201) is not in the demo offices' jurisdictions: the first Tokyo office.
    profile = make_profile(basic=make_basic(postal_code="192-0082", address=...))
    registered = await sign_up_online(client, connection, EMAIL, profile)
    assert registered["office"] == {"code": "13010", "name": "ハローワーク飯田橋"}


async def test_a_prefecture_without_any_office_is_a_problem(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    token = await signup_token(client, connection, EMAIL)
    # 980-0811 is 仙台市青葉区 (Miyagi): no demo office there.
    profile = make_profile(basic=make_basic(postal_code="980-0811", address=...))
    await client.put(f"/v1/signups/{token}/draft", json=profile)
    assert_problem(await submit(client, token), 422, "no-office-for-address")
