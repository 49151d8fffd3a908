"""Trying SSO from Swagger UI (README): the provider sends the browser back to
``/docs/sso-callback``, a page of the API that shows the callback's body; pasted into the
callback, it links My Page. The page loads nothing and runs nothing (its policy allows
nothing), escapes what came back, and sends no referrer; it exists only while a
provider's redirect URI names it."""

import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.app import create_app
from mypage_api.clock import FixedClock
from mypage_api.config import Environment, Settings, SsoProvider
from tests.factories import every_role
from tests.sso.test_sso import CALLBACK, START, problem
from tests.sso_provider import OidcProvider, running_provider

PAGE = "/docs/sso-callback"
SEEKER = "sso-page@example.jp"


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    with running_provider(f"http://testserver{PAGE}") as provider:
        yield provider


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime.now(UTC))  # the provider keeps real time


def shown_body(page: httpx.Response) -> dict[str, str]:
    assert page.status_code == 200, page.text
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    found = re.search(r'<pre id="callback-body">(.*?)</pre>', page.text, re.DOTALL)
    assert found is not None, page.text
    body: dict[str, str] = json.loads(html.unescape(found.group(1)))
    return body


async def test_the_page_shows_the_body_that_links_my_page(
    client: httpx.AsyncClient,
    provider: OidcProvider,
    connection: AsyncConnection,
    clock: FixedClock,
) -> None:
    callers, _ = await every_role(client, connection, clock.now(), SEEKER)
    seeker = callers["seeker"]
    started = await client.post(START, json={"purpose": "link"}, headers=seeker)
    assert started.status_code == 200, started.text
    sent_back = provider.sign_in(started.json()["authorization_url"], "myna-page")

    page = await client.get(f"{PAGE}?{urlencode(sent_back)}")

    body = shown_body(page)
    assert body == {"state": sent_back["state"], "code": sent_back["code"]}
    assert "POST /v1/auth/sso/mynaportal/callback" in page.text
    for loads in ("<script", "<link", "<img", "<style", "<form", "//"):
        assert loads not in page.text, loads
    linked = await client.post(CALLBACK, json=body, headers=seeker)
    assert linked.status_code == 201, linked.text


async def test_what_came_back_is_escaped(client: httpx.AsyncClient) -> None:
    query = {
        "state": "s</pre><script>alert(1)</script>",
        "error": "access_denied",
        "error_description": '"><img src=x onerror=alert(1)>',
        "iss": "http://127.0.0.1:9000",
    }
    page = await client.get(PAGE, params=query)

    assert shown_body(page) == {
        name: query[name] for name in ("state", "error", "error_description")
    }
    assert "<script" not in page.text
    assert "<img" not in page.text


async def test_the_page_is_404_unless_a_redirect_uri_names_it(tmp_path: Path) -> None:
    elsewhere = SsoProvider(
        issuer="http://127.0.0.1:9000",
        client_id="mypage-api",
        client_secret=SecretStr("s3cret"),
        redirect_uri="https://mypage.example/sso/callback",
    )
    for providers in ({}, {"mynaportal": elsewhere}):
        settings = Settings(env=Environment.test, data_dir=tmp_path, sso_providers=providers)
        transport = httpx.ASGITransport(app=create_app(settings))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            problem(await client.get(PAGE, params={"state": "s", "code": "c"}), 404, "not-found")
