"""ID tokens a certified provider never issues (R23), refused through the callback: signed
with another key, ``alg: none``, a wrong ``iss`` or ``aud``, expired, a wrong ``nonce``.

A stand-in provider (tests/sso/issuer.py) answers them over real HTTP from its token
endpoint after a real code exchange (client authentication, PKCE). Each refusal answers
``sso-id-token-invalid`` and changes nothing but the flow, which it spends (sso/service.py):
no link, no refresh token, and the same state is refused afterwards without the provider
being asked again. The same seeker then links and signs in with a valid token."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from mypage_api.config import Settings
from mypage_api.models import RefreshToken, SsoFlow, SsoLink
from tests.factories import every_role, session_on
from tests.sso.conftest import sso_settings
from tests.sso.issuer import (
    CLIENT_ID,
    CLIENT_SECRET,
    Issuer,
    id_token_claims,
    rsa_key,
    signed,
    unsigned,
)
from tests.sso.test_sso import CALLBACK, START, problem

SEEKER = "sso-tokens@example.jp"
SUBJECT = "myna-subject-0001"


@pytest.fixture
def settings(database_url: str, tmp_path: Path, issuer: Issuer) -> Settings:
    return sso_settings(
        database_url,
        tmp_path,
        issuer=issuer.url,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uri="http://127.0.0.1:5173/sso/callback",
    )


@dataclass(frozen=True)
class Rows:
    """What a sign-on can change: links, refresh tokens, flows (spent or not, by id)."""

    links: list[tuple[int, str]]
    refresh_tokens: int
    flows: dict[int, bool]


async def rows(connection: AsyncConnection) -> Rows:
    async with session_on(connection) as session:
        links = await session.execute(select(SsoLink.seeker_id, SsoLink.subject))
        refresh = await session.scalar(select(func.count()).select_from(RefreshToken))
        flows = await session.execute(select(SsoFlow.id, SsoFlow.used_at))
        return Rows(
            links=sorted((seeker_id, subject) for seeker_id, subject in links),
            refresh_tokens=refresh or 0,
            flows={flow_id: used_at is not None for flow_id, used_at in flows},
        )


def only_a_flow_spent(before: Rows, after: Rows) -> None:
    assert after.links == before.links
    assert after.refresh_tokens == before.refresh_tokens
    spent = [flow for flow, used in after.flows.items() if used and not before.flows[flow]]
    assert len(spent) == 1, (before, after)
    assert {flow: used for flow, used in after.flows.items() if flow not in spent} == {
        flow: used for flow, used in before.flows.items() if flow not in spent
    }


Mint = Callable[[Issuer, Any, FixedClock, str], str]


def claims(issuer: Issuer, clock: FixedClock, nonce: str, **changes: Any) -> dict[str, Any]:
    return id_token_claims(issuer.url, now=clock.now(), **{"nonce": nonce, **changes})


REFUSED: dict[str, Mint] = {
    # the provider's kid, another key: the signature does not verify
    "wrong-key": lambda issuer, key, clock, nonce: signed(
        rsa_key(key.kid), claims(issuer, clock, nonce)
    ),
    "alg-none": lambda issuer, key, clock, nonce: unsigned(claims(issuer, clock, nonce), key.kid),
    "iss": lambda issuer, key, clock, nonce: signed(
        key, claims(issuer, clock, nonce, iss="https://evil.example")
    ),
    "aud": lambda issuer, key, clock, nonce: signed(
        key, claims(issuer, clock, nonce, aud="another-client")
    ),
    "expired": lambda issuer, key, clock, nonce: signed(
        key,
        claims(
            issuer,
            clock,
            nonce,
            iat=int((clock.now() - timedelta(minutes=10)).timestamp()),
            exp=int((clock.now() - timedelta(seconds=60)).timestamp()),
        ),
    ),
    "nonce": lambda issuer, key, clock, nonce: signed(key, claims(issuer, clock, "another-nonce")),
}


async def refused(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    issuer: Issuer,
    purpose: str,
    headers: dict[str, str],
) -> None:
    """A flow finished with the token ``issuer.mint`` makes: refused, only the flow spent,
    and its state refused afterwards without asking the provider."""
    started = await client.post(START, json={"purpose": purpose}, headers=headers)
    assert started.status_code == 200, started.text
    answer = issuer.authorize(started.json()["authorization_url"])
    before = await rows(connection)
    exchanges = issuer.token_requests

    response = await client.post(CALLBACK, json=answer, headers=headers)

    body = problem(response, 401, "sso-id-token-invalid")
    assert "access_token" not in body
    assert "refresh_token" not in body
    assert issuer.token_requests == exchanges + 1  # a real exchange answered the token
    only_a_flow_spent(before, await rows(connection))
    again = await client.post(CALLBACK, json=answer, headers=headers)
    problem(again, 400, "sso-state-invalid")
    assert issuer.token_requests == exchanges + 1


@pytest.mark.parametrize("mint", REFUSED.values(), ids=REFUSED.keys())
async def test_a_bad_id_token_is_refused_and_changes_nothing(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: FixedClock,
    issuer: Issuer,
    mint: Mint,
) -> None:
    key = rsa_key("k1")
    issuer.publish(key)
    callers, _ = await every_role(client, connection, clock.now(), SEEKER)
    seeker = callers["seeker"]

    def valid(nonce: str) -> str:
        return signed(key, claims(issuer, clock, nonce))

    def bad(nonce: str) -> str:
        return mint(issuer, key, clock, nonce)

    # Linking: no link made.
    issuer.mint = bad
    await refused(client, connection, issuer, "link", seeker)
    assert (await client.get("/v1/me/sso-links", headers=seeker)).json()["items"] == []

    issuer.mint = valid
    started = await client.post(START, json={"purpose": "link"}, headers=seeker)
    answer = issuer.authorize(started.json()["authorization_url"])
    linked = await client.post(CALLBACK, json=answer, headers=seeker)
    assert linked.status_code == 201, linked.text

    # Signing in with the linked subject: no tokens.
    issuer.mint = bad
    await refused(client, connection, issuer, "sign_in", {})

    issuer.mint = valid
    started = await client.post(START, json={"purpose": "sign_in"})
    signed_in = await client.post(
        CALLBACK, json=issuer.authorize(started.json()["authorization_url"])
    )
    assert signed_in.status_code == 200, signed_in.text
    assert set(signed_in.json()) >= {"access_token", "refresh_token"}
