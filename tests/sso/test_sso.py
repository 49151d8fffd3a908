"""Single sign-on from マイナポータル (R23) through the API, against a real OpenID Provider
(npm ``oidc-provider``, tests/sso_provider.py): link, sign in, unlink, and every refusal.

The provider keeps real time, so the app's clock is set to the real instant here."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from mypage_api.config import Environment, Settings, SsoProvider
from mypage_api.models import SsoLink
from tests.factories import PASSWORD, bearer, every_role, register_at_counter, session_on
from tests.sso_provider import OidcProvider, require_provider, start_provider
from tests.unit.profiles.makers import make_profile

REDIRECT_URI = "http://127.0.0.1:5173/sso/callback"  # the front end's page; never requested
START = "/v1/auth/sso/mynaportal/start"
CALLBACK = "/v1/auth/sso/mynaportal/callback"
SEEKER = "sso-seeker@example.jp"


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    require_provider()
    provider = start_provider(REDIRECT_URI)
    yield provider
    provider.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC))


@pytest.fixture
def settings(database_url: str, tmp_path: Path, provider: OidcProvider) -> Settings:
    sso = SsoProvider(
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret=SecretStr(provider.client_secret),
        redirect_uri=provider.redirect_uri,
        name="マイナポータル",
    )
    return Settings(
        env=Environment.test,
        database_url=database_url,
        data_dir=tmp_path,
        sso_providers={"mynaportal": sso},
    )


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
) -> dict[str, str]:
    callers, _ = await every_role(client, connection, clock.now(), SEEKER)
    return callers


async def test_link_sign_in_home_unlink_and_refused(
    client: httpx.AsyncClient, provider: OidcProvider, seeker: dict[str, dict[str, str]]
) -> None:
    headers = seeker["seeker"]
    linked = await link(client, provider, headers, "myna-walk")
    assert linked.status_code == 201, linked.text
    assert linked.json()["provider_name"] == "マイナポータル"
    assert "subject" not in linked.json()
    page = (await client.get("/v1/me/sso-links", headers=headers)).json()
    assert [item["id"] for item in page["items"]] == [linked.json()["id"]]
    assert page["next_cursor"] is None

    signed_in = await sign_in(client, provider, "myna-walk")
    assert signed_in.status_code == 200, signed_in.text
    tokens = signed_in.json()
    assert set(tokens) == {"access_token", "token_type", "expires_in", "refresh_token"}
    sso_headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert (await client.get("/v1/me/home", headers=sso_headers)).status_code == 200
    refreshed = await client.post(
        "/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.status_code == 200

    removed = await client.delete(f"/v1/me/sso-links/{linked.json()['id']}", headers=headers)
    assert removed.status_code == 204
    assert (await client.get("/v1/me/sso-links", headers=headers)).json()["items"] == []
    problem(await sign_in(client, provider, "myna-walk"), 401, "sso-not-linked")


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
