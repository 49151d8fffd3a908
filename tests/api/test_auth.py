"""Signing in, tokens, throttling, refresh rotation, passwords — through the API."""

from datetime import timedelta

import httpx
import jwt
import pytest
from passlib.hash import argon2
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.accepted import RESET_ACCEPTED
from mypage_api.clock import FixedClock
from mypage_api.models import Account
from tests.api.test_problems import assert_problem
from tests.factories import (
    PASSWORD,
    Person,
    bearer,
    link_token,
    load_offices,
    mails_to,
    make_employer,
    make_partner,
    make_staff,
    session_on,
    token_pair,
)

NEW_PASSWORD = "a much longer new passphrase"


@pytest.fixture
async def employer(connection: AsyncConnection, clock: FixedClock) -> Person:
    await load_offices(connection)
    return await make_employer(connection, clock.now())


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(
        "/v1/auth/token", data={"grant_type": "password", "username": email, "password": password}
    )


async def change_password(
    client: httpx.AsyncClient, headers: dict[str, str], current: str, new: str
) -> httpx.Response:
    return await client.put(
        "/v1/me/password",
        json={"current_password": current, "new_password": new},
        headers=headers,
    )


# Signing in ------------------------------------------------------------------------------
async def test_sign_in_answers_a_short_lived_pinned_jwt_and_a_refresh_token(
    client: httpx.AsyncClient, employer: Person
) -> None:
    tokens = await token_pair(client, employer.email)
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 15 * 60
    assert tokens["refresh_token"]
    header = jwt.get_unverified_header(tokens["access_token"])
    assert header["alg"] == "HS256"
    assert header["kid"]
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert claims["role"] == "employer"
    assert claims["sub"] == str(employer.id)
    assert claims["aud"] == claims["iss"] == "mypage-api"
    assert claims["exp"] - claims["iat"] == 15 * 60


async def test_the_address_is_matched_whatever_its_case(
    client: httpx.AsyncClient, employer: Person
) -> None:
    await token_pair(client, "  SAIYO@Kaisha.Example.JP ")


async def test_wrong_password_and_unknown_address_answer_alike(
    client: httpx.AsyncClient, employer: Person
) -> None:
    wrong = await sign_in(client, employer.email, "not the password")
    unknown = await sign_in(client, "nobody@example.jp", PASSWORD)
    assert_problem(wrong, 401, "invalid-credentials")
    assert_problem(unknown, 401, "invalid-credentials")
    assert wrong.json()["detail"] == unknown.json()["detail"]
    # RFC 6749 §5.2 beside the problem, so that OAuth2 clients show the reason; the
    # description is ASCII, as the RFC requires.
    assert wrong.json()["error"] == "invalid_grant"
    assert wrong.json()["error_description"] == "Check the e-mail address and the password."
    assert wrong.json() == unknown.json()


async def test_a_missing_grant_type_or_password_is_refused(
    client: httpx.AsyncClient, employer: Person
) -> None:
    response = await client.post("/v1/auth/token", data={"username": employer.email})
    body = assert_problem(response, 422, "validation-failed")
    assert (body["error"], body["error_description"]) == (
        "invalid_request",
        "The request is not valid: grant_type.",
    )
    assert body["errors"] == [
        {
            "location": "body",
            "field": "grant_type",
            "message": "必須の項目です。",
            "code": "missing",
        }
    ]
    response = await client.post(
        "/v1/auth/token", data={"grant_type": "password", "username": employer.email}
    )
    assert assert_problem(response, 401, "invalid-credentials")["error"] == "invalid_grant"
    response = await client.post(
        "/v1/auth/token",
        data={"grant_type": "implicit", "username": employer.email},
        headers={"Accept-Language": "en"},
    )
    body = assert_problem(response, 422, "validation-failed")
    assert body["error"] == "unsupported_grant_type"
    assert body["errors"][0]["message"] == "Input should be 'password' or 'client_credentials'"


async def test_a_form_that_cannot_be_read_is_an_invalid_request(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/v1/auth/token",
        content=b"--x\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--x--\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    body = assert_problem(response, 400, "bad-request")
    assert (body["error"], body["error_description"]) == (
        "invalid_request",
        "The request is malformed.",
    )


async def test_an_outdated_hash_is_upgraded_at_sign_in(
    client: httpx.AsyncClient, connection: AsyncConnection, employer: Person
) -> None:
    weak = argon2.using(memory_cost=8 * 1024, time_cost=1, parallelism=1).hash(PASSWORD)
    async with session_on(connection) as session:
        await session.execute(
            update(Account).where(Account.id == employer.id).values(password_hash=weak)
        )
    await token_pair(client, employer.email)
    async with session_on(connection) as session:
        stored = await session.scalar(
            select(Account.password_hash).where(Account.id == employer.id)
        )
    assert stored is not None
    assert stored != weak
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


# Tokens on protected endpoints -----------------------------------------------------------
PROTECTED = ("/v1/me/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})


async def test_no_token_is_a_401_problem(client: httpx.AsyncClient) -> None:
    response = await client.put(PROTECTED[0], json=PROTECTED[1])
    assert_problem(response, 401, "not-authenticated")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_an_expired_token_is_refused(
    client: httpx.AsyncClient, clock: FixedClock, employer: Person
) -> None:
    headers = await bearer(client, employer.email)
    clock.advance(timedelta(minutes=15, seconds=5))
    response = await client.put(PROTECTED[0], json=PROTECTED[1], headers=headers)
    assert_problem(response, 401, "invalid-token")


async def test_a_token_just_before_expiry_works(
    client: httpx.AsyncClient, clock: FixedClock, employer: Person
) -> None:
    headers = await bearer(client, employer.email)
    clock.advance(timedelta(minutes=14, seconds=59))
    response = await change_password(client, headers, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 204


@pytest.mark.parametrize(
    "forge",
    [
        lambda claims: jwt.encode(claims, key="", algorithm="none"),
        lambda claims: jwt.encode(
            claims, key="x" * 32, algorithm="HS256", headers={"kid": "local"}
        ),
        lambda claims: jwt.encode(
            claims, key="x" * 64, algorithm="HS512", headers={"kid": "local"}
        ),
        lambda claims: "not.a.jwt",
    ],
    ids=["alg-none", "other-key", "other-algorithm", "garbage"],
)
async def test_forged_tokens_are_refused(
    client: httpx.AsyncClient, employer: Person, forge: object
) -> None:
    tokens = await token_pair(client, employer.email)
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    forged = forge(claims)  # type: ignore[operator]
    response = await client.put(
        PROTECTED[0], json=PROTECTED[1], headers={"Authorization": f"Bearer {forged}"}
    )
    assert_problem(response, 401, "invalid-token")


# Throttling ------------------------------------------------------------------------------
async def test_failures_slow_down_then_lock_the_account_until_the_lock_ends(
    client: httpx.AsyncClient, clock: FixedClock, employer: Person
) -> None:
    for _ in range(3):
        assert_problem(
            await sign_in(client, employer.email, "wrong password!"), 401, "invalid-credentials"
        )
    fourth = await sign_in(client, employer.email, "wrong password!")
    assert assert_problem(fourth, 429, "login-throttled")["error"] == "invalid_grant"
    assert fourth.headers["retry-after"] == "1"
    # While slowed down, even the right password is not heard.
    blocked = await sign_in(client, employer.email, PASSWORD)
    assert_problem(blocked, 429, "login-throttled")
    waits = []
    for _ in range(6):  # failures 5..10: the waits double, the tenth locks
        clock.advance(timedelta(seconds=int(blocked.headers["retry-after"])))
        blocked = await sign_in(client, employer.email, "wrong password!")
        waits.append(int(blocked.headers["retry-after"]))
    assert waits == [2, 4, 8, 16, 32, 15 * 60]
    assert_problem(blocked, 429, "login-locked")
    clock.advance(timedelta(minutes=14, seconds=59))
    assert_problem(await sign_in(client, employer.email, PASSWORD), 429, "login-locked")
    clock.advance(timedelta(seconds=1))
    await token_pair(client, employer.email)


async def test_a_success_forgets_earlier_failures(
    client: httpx.AsyncClient, employer: Person
) -> None:
    for _ in range(3):
        await sign_in(client, employer.email, "wrong password!")
    await token_pair(client, employer.email)
    for _ in range(3):
        assert_problem(
            await sign_in(client, employer.email, "wrong password!"), 401, "invalid-credentials"
        )


async def test_failures_are_forgotten_after_the_window(
    client: httpx.AsyncClient, clock: FixedClock, employer: Person
) -> None:
    for _ in range(3):
        await sign_in(client, employer.email, "wrong password!")
    clock.advance(timedelta(minutes=15, seconds=1))
    assert_problem(
        await sign_in(client, employer.email, "wrong password!"), 401, "invalid-credentials"
    )


async def test_one_address_failing_on_many_accounts_is_slowed_down(
    client: httpx.AsyncClient, employer: Person
) -> None:
    for number in range(25):
        response = await sign_in(client, f"guess{number}@example.jp", "wrong password!")
        assert_problem(response, 401, "invalid-credentials")
    response = await sign_in(client, "guess-next@example.jp", "wrong password!")
    assert_problem(response, 429, "login-throttled")
    response = await sign_in(client, employer.email, PASSWORD)
    assert_problem(response, 429, "login-throttled")


# Refresh tokens --------------------------------------------------------------------------
async def refresh(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post("/v1/auth/refresh", json={"refresh_token": token})


async def test_a_refresh_token_rotates(client: httpx.AsyncClient, employer: Person) -> None:
    first = await token_pair(client, employer.email)
    response = await refresh(client, first["refresh_token"])
    assert response.status_code == 200
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert (await refresh(client, second["refresh_token"])).status_code == 200


async def test_reusing_a_spent_refresh_token_revokes_its_family(
    client: httpx.AsyncClient, employer: Person
) -> None:
    first = await token_pair(client, employer.email)
    other_device = await token_pair(client, employer.email)
    second = (await refresh(client, first["refresh_token"])).json()
    assert_problem(await refresh(client, first["refresh_token"]), 401, "invalid-refresh-token")
    assert_problem(await refresh(client, second["refresh_token"]), 401, "invalid-refresh-token")
    assert (await refresh(client, other_device["refresh_token"])).status_code == 200


async def test_a_refresh_token_expires(
    client: httpx.AsyncClient, clock: FixedClock, employer: Person
) -> None:
    tokens = await token_pair(client, employer.email)
    clock.advance(timedelta(days=14))
    assert_problem(await refresh(client, tokens["refresh_token"]), 401, "invalid-refresh-token")


async def test_a_refresh_token_works_the_day_before_it_expires(
    client: httpx.AsyncClient, clock: FixedClock, employer: Person
) -> None:
    tokens = await token_pair(client, employer.email)
    clock.advance(timedelta(days=13, hours=23))
    assert (await refresh(client, tokens["refresh_token"])).status_code == 200


async def test_logout_ends_the_refresh_family(client: httpx.AsyncClient, employer: Person) -> None:
    tokens = await token_pair(client, employer.email)
    response = await client.post("/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 204
    assert_problem(await refresh(client, tokens["refresh_token"]), 401, "invalid-refresh-token")
    unknown = await client.post("/v1/auth/logout", json={"refresh_token": "unknown"})
    assert unknown.status_code == 204


# Passwords -------------------------------------------------------------------------------
async def test_changing_the_password_ends_every_session(
    client: httpx.AsyncClient, employer: Person
) -> None:
    tokens = await token_pair(client, employer.email)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert (await change_password(client, headers, PASSWORD, NEW_PASSWORD)).status_code == 204
    assert_problem(
        await change_password(client, headers, NEW_PASSWORD, PASSWORD), 401, "invalid-token"
    )
    assert_problem(await refresh(client, tokens["refresh_token"]), 401, "invalid-refresh-token")
    assert_problem(await sign_in(client, employer.email, PASSWORD), 401, "invalid-credentials")
    await token_pair(client, employer.email, NEW_PASSWORD)


async def test_changing_the_password_needs_the_current_one(
    client: httpx.AsyncClient, employer: Person
) -> None:
    headers = await bearer(client, employer.email)
    response = await change_password(client, headers, "not the password", NEW_PASSWORD)
    assert_problem(response, 403, "wrong-password")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short pw1", "too_short"),
        ("password123", "too_common"),
        ("aaaaaaaaaaaaaa", "too_common"),
        ("saiyo@kaisha.example.jp", "like_email"),
        ("x" * 129, None),
    ],
)
async def test_weak_passwords_are_refused(
    client: httpx.AsyncClient, employer: Person, password: str, reason: str | None
) -> None:
    headers = await bearer(client, employer.email)
    response = await change_password(client, headers, PASSWORD, password)
    if reason is None:  # longer than any password: refused by the schema
        assert_problem(response, 422, "validation-failed")
    else:
        assert_problem(response, 422, "weak-password")
        assert response.json()["reason"] == reason
    await token_pair(client, employer.email)  # the old password still works


async def test_ten_characters_is_long_enough(client: httpx.AsyncClient, employer: Person) -> None:
    headers = await bearer(client, employer.email)
    assert (await change_password(client, headers, PASSWORD, "kt8#Lm2!qz")).status_code == 204


async def test_password_reset_by_mail(
    client: httpx.AsyncClient, connection: AsyncConnection, employer: Person
) -> None:
    old = await token_pair(client, employer.email)
    response = await client.post("/v1/auth/password-reset", json={"email": employer.email})
    assert response.status_code == 202
    [mail] = await mails_to(connection, employer.email)
    assert "パスワード再設定" in mail.subject
    token = link_token(mail)
    confirm = await client.post(
        "/v1/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert confirm.status_code == 204
    assert_problem(await refresh(client, old["refresh_token"]), 401, "invalid-refresh-token")
    await token_pair(client, employer.email, NEW_PASSWORD)
    again = await client.post(
        "/v1/auth/password-reset/confirm", json={"token": token, "new_password": PASSWORD + "!"}
    )
    assert_problem(again, 404, "invalid-link")


async def test_password_reset_for_an_unknown_address_answers_the_same_and_mails_nobody(
    client: httpx.AsyncClient, connection: AsyncConnection, employer: Person
) -> None:
    response = await client.post("/v1/auth/password-reset", json={"email": "nobody@example.jp"})
    assert response.status_code == 202
    assert await mails_to(connection, "nobody@example.jp") == []
    known = await client.post("/v1/auth/password-reset", json={"email": employer.email})
    assert (known.status_code, known.json()) == (202, response.json())
    assert response.json() == {"message": RESET_ACCEPTED}


async def test_a_reset_link_expires_after_an_hour(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, employer: Person
) -> None:
    await client.post("/v1/auth/password-reset", json={"email": employer.email})
    token = link_token((await mails_to(connection, employer.email))[0])
    clock.advance(timedelta(minutes=60))
    confirm = await client.post(
        "/v1/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert_problem(confirm, 404, "invalid-link")


async def test_a_reset_link_works_until_its_last_minute(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, employer: Person
) -> None:
    await client.post("/v1/auth/password-reset", json={"email": employer.email})
    token = link_token((await mails_to(connection, employer.email))[0])
    clock.advance(timedelta(minutes=59, seconds=59))
    confirm = await client.post(
        "/v1/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert confirm.status_code == 204


async def test_a_newer_reset_link_replaces_the_older(
    client: httpx.AsyncClient, connection: AsyncConnection, employer: Person
) -> None:
    await client.post("/v1/auth/password-reset", json={"email": employer.email})
    await client.post("/v1/auth/password-reset", json={"email": employer.email})
    first, second = await mails_to(connection, employer.email)
    stale = await client.post(
        "/v1/auth/password-reset/confirm",
        json={"token": link_token(first), "new_password": NEW_PASSWORD},
    )
    assert_problem(stale, 404, "invalid-link")
    fresh = await client.post(
        "/v1/auth/password-reset/confirm",
        json={"token": link_token(second), "new_password": NEW_PASSWORD},
    )
    assert fresh.status_code == 204


async def test_a_reset_ends_a_lock(
    client: httpx.AsyncClient, connection: AsyncConnection, employer: Person, clock: FixedClock
) -> None:
    for _ in range(10):
        response = await sign_in(client, employer.email, "wrong password!")
        clock.advance(timedelta(seconds=int(response.headers.get("retry-after", "0"))))
    clock.advance(timedelta(seconds=-900))
    assert_problem(await sign_in(client, employer.email, PASSWORD), 429, "login-locked")
    await client.post("/v1/auth/password-reset", json={"email": employer.email})
    token = link_token((await mails_to(connection, employer.email))[-1])
    await client.post(
        "/v1/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    await token_pair(client, employer.email, NEW_PASSWORD)


# Partner clients -------------------------------------------------------------------------
async def test_partner_clients_sign_in_with_client_credentials(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock
) -> None:
    credentials = await make_partner(connection, clock.now())
    form = await client.post(
        "/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
        },
    )
    assert form.status_code == 200
    assert form.json()["refresh_token"] is None
    claims = jwt.decode(form.json()["access_token"], options={"verify_signature": False})
    assert claims["role"] == "partner"
    basic = await client.post(
        "/v1/auth/token",
        data={"grant_type": "client_credentials"},
        auth=(credentials.client_id, credentials.client_secret),
    )
    assert basic.status_code == 200
    wrong = await client.post(
        "/v1/auth/token",
        data={"grant_type": "client_credentials"},
        auth=(credentials.client_id, "not the secret"),
    )
    assert assert_problem(wrong, 401, "invalid-client")["error"] == "invalid_client"
    # A partner has no password to change.
    headers = {"Authorization": f"Bearer {form.json()['access_token']}"}
    response = await client.put(PROTECTED[0], json=PROTECTED[1], headers=headers)
    assert_problem(response, 403, "wrong-role")


async def test_staff_sign_in_too(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock
) -> None:
    await load_offices(connection)
    staff = await make_staff(connection, clock.now())
    tokens = await token_pair(client, staff.email)
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert claims["role"] == "staff"
