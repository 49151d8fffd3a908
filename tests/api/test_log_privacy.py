"""No personal data in any log line: a whole walk of a seeker, an employer and the mail
worker, logged at DEBUG and written out in both formats, holds none of the seeker's name,
e-mail address, phone number, password or any token."""

import logging
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from mypage_api.config import Settings
from mypage_api.logs import TEXT_FORMAT, JsonFormatter
from mypage_api.mail.delivery import run_pass
from mypage_api.mail.senders import sender_from
from mypage_api.request_ids import RequestIdFilter
from tests.factories import (
    link_token,
    load_offices,
    mails_to,
    make_employer,
    post_job,
    sign_up_online,
    token_pair,
)
from tests.unit.profiles.makers import make_basic, make_profile

NAME = "鈴木 花子"
NAME_KANA = "スズキ　ハナコ"
EMAIL = "hanako.suzuki.walk@example.jp"
PHONE = "090-2468-1357"
NEW_PHONE = "080-1357-2468"
PASSWORD = "walk-password-2026!"


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Everything the service's loggers and a server's would write, at DEBUG."""
    caplog.handler.addFilter(RequestIdFilter())
    for name in ("mypage_api", "uvicorn", "uvicorn.access", "uvicorn.error"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Each record as serve would write it, in the text format and in JSON."""
    text, json_lines = logging.Formatter(TEXT_FORMAT), JsonFormatter()
    return [
        line
        for record in caplog.records
        for line in (text.format(record), json_lines.format(record), repr(record.args))
    ]


async def test_a_whole_walk_logs_no_personal_data(
    client: httpx.AsyncClient,
    app: FastAPI,
    connection: AsyncConnection,
    clock: FixedClock,
    settings: Settings,
    logged: pytest.LogCaptureFixture,
) -> None:
    secrets = [NAME, NAME_KANA, EMAIL, PHONE, PHONE.replace("-", ""), NEW_PHONE, PASSWORD]
    secrets += [NEW_PHONE.replace("-", ""), "suzuki.walk"]
    await load_offices(connection)
    employer = await make_employer(connection, clock.now())

    # Sign up online (the link's token is a secret too), sign in, edit the profile.
    profile = make_profile(basic=make_basic(name=NAME, name_kana=NAME_KANA, phone=PHONE))
    await sign_up_online(client, connection, EMAIL, profile, password=PASSWORD)
    secrets += [link_token(mail) for mail in await mails_to(connection, EMAIL)]
    refused = await client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": EMAIL, "password": PASSWORD + "x"},
    )
    assert refused.status_code in (400, 401), refused.text
    tokens = await token_pair(client, EMAIL, PASSWORD)
    secrets += [tokens["access_token"], tokens["refresh_token"]]
    me = {"Authorization": f"Bearer {tokens['access_token']}"}
    edited = await client.patch(
        "/v1/me/profile",
        json={"basic": {"phone": NEW_PHONE}, "self_pr": {"text": f"{NAME}です。"}},
        headers=me,
    )
    assert edited.status_code == 200, edited.text
    refreshed = await client.post(
        "/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.status_code == 200, refreshed.text
    secrets += [refreshed.json()["access_token"], refreshed.json()["refresh_token"]]

    # Search, look at a job, apply; a path and a query holding personal data too.
    boss_tokens = await token_pair(client, employer.email)
    secrets += [boss_tokens["access_token"], boss_tokens["refresh_token"]]
    boss = {"Authorization": f"Bearer {boss_tokens['access_token']}"}
    job = str((await post_job(client, boss))["job_number"])
    for _ in range(2):
        found = await client.get("/v1/jobs", params={"q": "介護"}, headers=me)
        assert found.status_code == 200, found.text
    assert (await client.get(f"/v1/jobs/{job}", headers=me)).status_code == 200
    await client.get(f"/v1/nowhere/{EMAIL}", params={"phone": PHONE})
    await client.get("/v1/jobs", params={"q": NAME, "limit": "7"})
    applied = await client.post(
        "/v1/me/applications",
        json={"job_number": job, "motivation": f"{NAME}と申します。{NEW_PHONE}"},
        headers=me,
    )
    assert applied.status_code == 201, applied.text

    # The employer reads the applicant and answers; the worker sends the mails.
    applicants = await client.get(f"/v1/employer/jobs/{job}/applications", headers=boss)
    assert applicants.json()["items"][0]["applicant"]["name"] == NAME
    result = await client.post(
        f"/v1/employer/applications/{applied.json()['id']}/selection-result",
        json={"result": "hired"},
        headers=boss,
    )
    assert result.status_code == 200, result.text
    sent = await run_pass(app.state.database, sender_from(settings), clock, settings)
    assert sent.sent >= 2

    written = lines(logged)
    assert any("POST /v1/me/applications 201" in line for line in written)
    assert any(" sent" in line and "mail " in line for line in written)
    for secret in secrets:
        leaking = [line for line in written if secret in line]
        assert not leaking, f"{secret!r} logged: {leaking[:3]}"
