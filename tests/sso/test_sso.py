"""Single sign-on from マイナポータル (R23) through the API, against a real OpenID Provider
(npm ``oidc-provider``, tests/sso_provider.py): link, sign in, unlink, and every refusal.

The provider keeps real time, so the app's clock is set to the real instant here."""

import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from mypage_api.models import SsoFlow, SsoLink
from tests.factories import (
    PASSWORD,
    bearer,
    every_role,
    register_at_counter,
    session_on,
    token_pair,
)
from tests.sso_provider import OidcProvider, running_provider
from tests.unit.profiles.makers import make_profile

REDIRECT_URI = "http://127.0.0.1:5173/sso/callback"  # the front end's page; never requested
START = "/v1/auth/sso/mynaportal/start"
CALLBACK = "/v1/auth/sso/mynaportal/callback"
SEEKER = "sso-seeker@example.jp"


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    with running_provider(REDIRECT_URI) as provider:
        yield provider


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC))


def problem(response: httpx.Response, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["type"] == f"urn:mypage-api:problem:{slug}", body
    return body


async def start(
    client: httpx.AsyncClient, purpose: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    response = await client.post(START, json={"purpose": purpose}, headers=headers or {})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def provider_answer(
    client: httpx.AsyncClient,
    provider: OidcProvider,
    purpose: str,
    subject: str,
    headers: dict[str, str] | None = None,
    *,
    consent: bool = True,
) -> dict[str, str]:
    """Start a flow, and sign in at the provider as ``subject``: what comes back."""
    flow = await start(client, purpose, headers)
    answer = provider.sign_in(flow["authorization_url"], subject, consent=consent)
    assert answer["state"] == flow["state"]
    return answer


def callback_body(answer: dict[str, str]) -> dict[str, str]:
    return {name: answer[name] for name in ("state", "code", "error") if name in answer}


async def link(
    client: httpx.AsyncClient, provider: OidcProvider, headers: dict[str, str], subject: str
) -> httpx.Response:
    answer = await provider_answer(client, provider, "link", subject, headers)
    return await client.post(CALLBACK, json=callback_body(answer), headers=headers)


async def sign_in(
    client: httpx.AsyncClient, provider: OidcProvider, subject: str
) -> httpx.Response:
    answer = await provider_answer(client, provider, "sign_in", subject)
    return await client.post(CALLBACK, json=callback_body(answer))


@pytest.fixture
async def seeker(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock
) -> dict[str, dict[str, str]]:
    callers, _ = await every_role(client, connection, clock.now(), SEEKER)
    return callers


async def test_link_sign_out_sign_in_home_unlink_and_refused(
    client: httpx.AsyncClient, provider: OidcProvider, seeker: dict[str, dict[str, str]]
) -> None:
    password = await token_pair(client, SEEKER)
    headers = {"Authorization": f"Bearer {password['access_token']}"}
    linked = await link(client, provider, headers, "myna-walk")
    assert linked.status_code == 201, linked.text
    assert linked.json()["provider_name"] == "マイナポータル"
    assert "subject" not in linked.json()
    page = (await client.get("/v1/me/sso-links", headers=headers)).json()
    assert [item["id"] for item in page["items"]] == [linked.json()["id"]]
    assert page["next_cursor"] is None

    signed_out = await client.post(
        "/v1/auth/logout", json={"refresh_token": password["refresh_token"]}
    )
    assert signed_out.status_code == 204, signed_out.text
    problem(
        await client.post("/v1/auth/refresh", json={"refresh_token": password["refresh_token"]}),
        401,
        "invalid-refresh-token",
    )

    signed_in = await sign_in(client, provider, "myna-walk")
    assert signed_in.status_code == 200, signed_in.text
    tokens = signed_in.json()
    assert set(tokens) == {"access_token", "token_type", "expires_in", "refresh_token"}
    sso_headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    home = await client.get("/v1/me/home", headers=sso_headers)
    assert home.status_code == 200, home.text
    me = (await client.get("/v1/me", headers=sso_headers)).json()
    assert me["email"] == SEEKER
    refreshed = await client.post(
        "/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.status_code == 200

    removed = await client.delete(f"/v1/me/sso-links/{linked.json()['id']}", headers=sso_headers)
    assert removed.status_code == 204
    assert (await client.get("/v1/me/sso-links", headers=sso_headers)).json()["items"] == []
    problem(await sign_in(client, provider, "myna-walk"), 401, "sso-not-linked")


async def test_an_inactive_registration_signs_in_as_with_a_password(
    client: httpx.AsyncClient, provider: OidcProvider, seeker: dict[str, dict[str, str]]
) -> None:
    """R5: an inactive seeker signs in and finds what R5 keeps open, and no more; the same
    through the provider as with the password."""
    assert (await link(client, provider, seeker["seeker"], "myna-inactive")).status_code == 201
    switched = await client.put(
        "/v1/me/registration/status", json={"status": "inactive"}, headers=seeker["seeker"]
    )
    assert switched.status_code == 200, switched.text
    assert switched.json()["status"] == "inactive"

    with_password = await bearer(client, SEEKER)
    signed_in = await sign_in(client, provider, "myna-inactive")
    assert signed_in.status_code == 200, signed_in.text
    through_provider = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}

    home = await client.get("/v1/me/home", headers=through_provider)
    assert home.status_code == 200, home.text
    assert home.json()["registration"]["status"] == "inactive"
    problem(
        await client.get("/v1/me/threads", headers=through_provider), 403, "registration-inactive"
    )
    for path in ("/v1/me", "/v1/me/home", "/v1/me/registration", "/v1/me/export", "/v1/me/threads"):
        answers = [
            (await client.get(path, headers=headers)).status_code
            for headers in (with_password, through_provider)
        ]
        assert answers[0] == answers[1], (path, answers)


async def test_a_state_is_used_once_and_expires(
    client: httpx.AsyncClient,
    provider: OidcProvider,
    seeker: dict[str, dict[str, str]],
    clock: FixedClock,
) -> None:
    assert (await link(client, provider, seeker["seeker"], "myna-state")).status_code == 201
    answer = await provider_answer(client, provider, "sign_in", "myna-state")
    assert (await client.post(CALLBACK, json=callback_body(answer))).status_code == 200
    problem(await client.post(CALLBACK, json=callback_body(answer)), 400, "sso-state-invalid")
    problem(
        await client.post(CALLBACK, json={"state": "never-issued", "code": "x"}),
        400,
        "sso-state-invalid",
    )

    late = await provider_answer(client, provider, "sign_in", "myna-state")
    clock.advance(timedelta(minutes=11))
    problem(await client.post(CALLBACK, json=callback_body(late)), 400, "sso-state-invalid")


async def test_a_code_is_used_once(
    client: httpx.AsyncClient, provider: OidcProvider, seeker: dict[str, dict[str, str]]
) -> None:
    assert (await link(client, provider, seeker["seeker"], "myna-code")).status_code == 201
    first = await provider_answer(client, provider, "sign_in", "myna-code")
    assert (await client.post(CALLBACK, json=callback_body(first))).status_code == 200
    second = await start(client, "sign_in")  # a new state, the old code
    replayed = {"state": second["state"], "code": first["code"]}
    refused = problem(await client.post(CALLBACK, json=replayed), 400, "sso-code-refused")
    assert refused["error"] == "invalid_grant"
    # the refusal spent the flow
    problem(await client.post(CALLBACK, json=replayed), 400, "sso-state-invalid")


async def test_consent_refused_carries_the_providers_error(
    client: httpx.AsyncClient, provider: OidcProvider
) -> None:
    answer = await provider_answer(client, provider, "sign_in", "myna-no", consent=False)
    refused = problem(
        await client.post(CALLBACK, json=callback_body(answer)), 400, "sso-provider-error"
    )
    assert refused["error"] == "access_denied"


async def test_a_restricted_account_is_refused(
    client: httpx.AsyncClient, provider: OidcProvider, seeker: dict[str, dict[str, str]]
) -> None:
    assert (await link(client, provider, seeker["seeker"], "myna-restricted")).status_code == 201
    me = (await client.get("/v1/me", headers=seeker["seeker"])).json()
    restricted = await client.post(
        f"/v1/staff/seekers/{me['seeker_number']}/restrict",
        json={"reason": "不正利用の疑い"},
        headers=seeker["staff"],
    )
    assert restricted.status_code == 200, restricted.text
    problem(await sign_in(client, provider, "myna-restricted"), 403, "account-restricted")


async def test_links_conflict_and_belong_to_their_seeker(
    client: httpx.AsyncClient,
    provider: OidcProvider,
    seeker: dict[str, dict[str, str]],
    connection: AsyncConnection,
    clock: FixedClock,
) -> None:
    first = seeker["seeker"]
    staff = seeker["staff"]
    await register_at_counter(client, connection, staff, "sso-other@example.jp", make_profile())
    other = await bearer(client, "sso-other@example.jp")
    linked = await link(client, provider, first, "myna-shared")
    assert linked.status_code == 201
    problem(await link(client, provider, other, "myna-shared"), 409, "sso-subject-linked-elsewhere")
    problem(
        await client.post(START, json={"purpose": "link"}, headers=first), 409, "sso-already-linked"
    )
    problem(
        await client.delete(f"/v1/me/sso-links/{linked.json()['id']}", headers=other),
        404,
        "sso-link-not-found",
    )
    assert (await client.get("/v1/me/sso-links", headers=other)).json()["items"] == []
    # a link flow finishes only for the seeker who started it
    answer = await provider_answer(client, provider, "link", "myna-mine", other)
    problem(
        await client.post(CALLBACK, json=callback_body(answer), headers=first),
        400,
        "sso-state-invalid",
    )
    problem(await client.post(CALLBACK, json=callback_body(answer)), 401, "not-authenticated")


async def test_an_employer_cannot_use_sso(
    client: httpx.AsyncClient, seeker: dict[str, dict[str, str]]
) -> None:
    employer = seeker["employer"]
    problem(await client.post(START, json={"purpose": "link"}, headers=employer), 403, "wrong-role")
    problem(await client.get("/v1/me/sso-links", headers=employer), 403, "wrong-role")
    problem(await client.post(START, json={"purpose": "link"}), 401, "not-authenticated")


async def test_an_unreachable_provider_is_503_then_works_again(
    client: httpx.AsyncClient, provider: OidcProvider, seeker: dict[str, dict[str, str]]
) -> None:
    assert (await link(client, provider, seeker["seeker"], "myna-outage")).status_code == 201
    answer = await provider_answer(client, provider, "sign_in", "myna-outage")
    provider.stop()
    try:
        down = await client.post(CALLBACK, json=callback_body(answer))
        problem(down, 503, "sso-provider-unavailable")
        assert int(down.headers["Retry-After"]) > 0
    finally:
        provider.start()
    assert (await sign_in(client, provider, "myna-outage")).status_code == 200


async def test_unreachable_at_discovery_is_503(
    client: httpx.AsyncClient, provider: OidcProvider
) -> None:
    provider.stop()
    try:
        down = await client.post(START, json={"purpose": "sign_in"})
        problem(down, 503, "sso-provider-unavailable")
        assert down.headers["Retry-After"]
    finally:
        provider.start()
    assert (await client.post(START, json={"purpose": "sign_in"})).status_code == 200


async def test_sign_ins_either_side_of_a_key_rotation(
    client: httpx.AsyncClient, provider: OidcProvider, seeker: dict[str, dict[str, str]]
) -> None:
    assert (await link(client, provider, seeker["seeker"], "myna-rotation")).status_code == 201
    assert (await sign_in(client, provider, "myna-rotation")).status_code == 200
    provider.rotate_keys()
    assert (await sign_in(client, provider, "myna-rotation")).status_code == 200


async def test_withdrawal_removes_links(
    client: httpx.AsyncClient,
    provider: OidcProvider,
    seeker: dict[str, dict[str, str]],
    connection: AsyncConnection,
) -> None:
    assert (await link(client, provider, seeker["seeker"], "myna-gone")).status_code == 201
    withdrawn = await client.request(
        "DELETE", "/v1/me", json={"password": PASSWORD}, headers=seeker["seeker"]
    )
    assert withdrawn.status_code == 204, withdrawn.text
    async with session_on(connection) as session:
        assert await session.scalar(select(func.count()).select_from(SsoLink)) == 0
    problem(await sign_in(client, provider, "myna-gone"), 401, "sso-not-linked")


async def test_an_unknown_provider_is_404(client: httpx.AsyncClient) -> None:
    problem(
        await client.post("/v1/auth/sso/gbizid/start", json={"purpose": "sign_in"}),
        404,
        "sso-provider-unknown",
    )


# A JWS in compact form (ID tokens, access tokens): two base64url JSON parts and a dot.
JWS = re.compile(r"eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.")


async def test_no_code_state_verifier_or_token_reaches_a_log(
    app: FastAPI,
    provider: OidcProvider,
    connection: AsyncConnection,
    clock: FixedClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Every log record the app writes while a sign-on is walked, refused and cut off,
    at the service's level (INFO) and at DEBUG for the app and its HTTP client."""
    caplog.set_level(logging.INFO)
    for name in ("mypage_api", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    records: list[logging.LogRecord] = []
    marks: list[int] = []

    async def before(_: httpx.Request) -> None:
        marks.append(len(caplog.records))

    async def after(_: httpx.Response) -> None:
        records.extend(caplog.records[marks.pop() :])  # the app's, not the browser's

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport,
        base_url="http://testserver",
        event_hooks={"request": [before], "response": [after]},
    ) as client:
        callers, _ = await every_role(client, connection, clock.now(), SEEKER)
        headers = callers["seeker"]
        answers: list[dict[str, str]] = []
        tokens: list[str] = []

        async def walk(purpose: str, subject: str, **extra: Any) -> httpx.Response:
            answer = await provider_answer(
                client, provider, purpose, subject, headers if purpose == "link" else None, **extra
            )
            answers.append(answer)
            return await client.post(CALLBACK, json=callback_body(answer), headers=headers)

        assert (await walk("link", "myna-logs")).status_code == 201
        signed_in = await walk("sign_in", "myna-logs")
        assert signed_in.status_code == 200
        tokens += [signed_in.json()["access_token"], signed_in.json()["refresh_token"]]
        refreshed = await client.post(
            "/v1/auth/refresh", json={"refresh_token": signed_in.json()["refresh_token"]}
        )
        tokens += [refreshed.json()["access_token"], refreshed.json()["refresh_token"]]
        replayed = {"state": (await start(client, "sign_in"))["state"], "code": answers[-1]["code"]}
        problem(await client.post(CALLBACK, json=replayed), 400, "sso-code-refused")
        problem(await walk("sign_in", "myna-logs", consent=False), 400, "sso-provider-error")
        problem(await walk("sign_in", "myna-nobody"), 401, "sso-not-linked")
        cut_off = await provider_answer(client, provider, "sign_in", "myna-logs")
        answers.append(cut_off)
        provider.stop()
        try:
            down = await client.post(CALLBACK, json=callback_body(cut_off))
            problem(down, 503, "sso-provider-unavailable")
        finally:
            provider.start()

    async with session_on(connection) as session:
        flows = (await session.execute(select(SsoFlow.code_verifier, SsoFlow.nonce))).all()
    secrets = [
        *(answer[name] for answer in answers for name in ("code", "state") if name in answer),
        *(value for flow in flows for value in flow),
        *tokens,
        provider.client_secret,
    ]
    assert len(flows) >= 6
    assert {record.name for record in records} >= {"mypage_api.requests", "mypage_api.sso.oidc"}
    for record in records:
        text = f"{record.getMessage()} {vars(record)!r}"
        leaked = [secret for secret in secrets if secret in text]
        assert not leaked, f"{record.name}: {record.getMessage()}"
        assert not JWS.search(text), f"{record.name}: {record.getMessage()}"
