"""While the API waits for a sign-on provider (discovery, the token endpoint, its keys), it
holds no database connection and, on SQLite, not the write turn: other requests go on.

The app runs on a database of its own with its sessions as served (not inside a test's
transaction, where the turns are off), and the stand-in provider (tests/sso/issuer.py)
keeps each request waiting until the test has looked."""

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mypage_api.app import create_app
from mypage_api.clock import FixedClock
from mypage_api.db import Database, create_engine
from tests.databases import fresh_database
from tests.sso.conftest import sso_settings
from tests.sso.issuer import (
    CLIENT_ID,
    CLIENT_SECRET,
    Gate,
    Issuer,
    id_token_claims,
    rsa_key,
    signed,
)
from tests.sso.test_sso import CALLBACK, START, problem

WAIT_SECONDS = 3
# Longer than the provider is kept waiting (tests/sso/issuer.py), so it never times out.
PROVIDER_TIMEOUT_SECONDS = 20


@pytest.fixture
def own_database_url(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path) as url:
        yield url


async def meanwhile(gate: Gate, database: Database, client: httpx.AsyncClient) -> None:
    """Once the provider has the request: no connection is checked out, and a request
    that needs the database is answered at once; then the provider answers."""
    try:
        assert await asyncio.to_thread(gate.reached.wait, WAIT_SECONDS), "never asked"
        assert database.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        ready = await asyncio.wait_for(client.get("/readyz"), WAIT_SECONDS)
        assert ready.status_code == 200, ready.text
    finally:
        gate.release()


async def test_no_connection_is_held_while_the_provider_answers(
    own_database_url: str, tmp_path: Path, clock: FixedClock, issuer: Issuer
) -> None:
    key = rsa_key("k1")
    issuer.publish(key)
    issuer.mint = lambda nonce: signed(
        key, id_token_claims(issuer.url, now=clock.now(), nonce=nonce, sub="myna-nobody")
    )
    settings = sso_settings(
        own_database_url,
        tmp_path,
        issuer=issuer.url,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uri="http://127.0.0.1:5173/sso/callback",
        sso_http_timeout_seconds=PROVIDER_TIMEOUT_SECONDS,
    )
    database = Database(create_engine(own_database_url))
    app = create_app(settings, clock=clock, database=database)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            discovery = issuer.hold("/.well-known/openid-configuration")
            start = asyncio.create_task(client.post(START, json={"purpose": "sign_in"}))
            await meanwhile(discovery, database, client)
            started = await start
            assert started.status_code == 200, started.text
            answer = issuer.authorize(started.json()["authorization_url"])

            token, keys = issuer.hold("/token"), issuer.hold("/jwks")
            finish = asyncio.create_task(client.post(CALLBACK, json=answer))
            await meanwhile(token, database, client)  # the code's exchange
            await meanwhile(keys, database, client)  # the provider's keys, read once
            # the subject is linked to nobody: refused once the provider has answered
            problem(await finish, 401, "sso-not-linked")
    finally:
        await database.dispose()
