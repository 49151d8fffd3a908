"""Swagger UI and ReDoc come from the API itself: every file their pages load is answered
by the app, with its media type, and nothing is fetched from another host."""

import logging
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

BASE = "http://testserver"
MEDIA_TYPES = {
    "script": "text/javascript",
    "stylesheet": "text/css",
    "icon": "image/png",
    "spec": "application/json",
}


class References(HTMLParser):
    """Every URL a page loads: scripts, style sheets, icons, and ReDoc's spec."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and values.get("src"):
            self.found.append(("script", values["src"]))
        elif tag == "link" and "stylesheet" in values.get("rel", ""):
            self.found.append(("stylesheet", values["href"]))
        elif tag == "link" and "icon" in values.get("rel", ""):
            self.found.append(("icon", values["href"]))
        elif tag == "redoc":
            self.found.append(("spec", values["spec-url"]))


def references(html: str) -> list[tuple[str, str]]:
    parser = References()
    parser.feed(html)
    found = parser.found
    # Swagger UI is told its spec inside the page's script.
    found += [("spec", url) for url in re.findall(r"url: '([^']*)'", html)]
    return found


def assert_same_origin(html: str) -> None:
    assert "//" not in re.sub(r"<!--.*?-->", "", html, flags=re.DOTALL).replace(
        "window.location.origin", ""
    ), "a URL with a host in the page"
    for _, url in references(html):
        assert urlsplit(urljoin(f"{BASE}/docs", url)).netloc == "testserver", url


@pytest.mark.parametrize(
    ("page", "kinds"),
    [
        ("/docs", {"script", "stylesheet", "icon", "spec"}),
        ("/redoc", {"script", "icon", "spec"}),
    ],
)
async def test_the_pages_and_all_they_load_come_from_the_api(
    client: httpx.AsyncClient, page: str, kinds: set[str]
) -> None:
    answer = await client.get(page)

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert_same_origin(answer.text)
    found = references(answer.text)
    assert {kind for kind, _ in found} == kinds
    for kind, url in found:
        loaded = await client.get(urljoin(f"{BASE}{page}", url))
        assert loaded.status_code == 200, url
        assert loaded.headers["content-type"].split(";")[0] == MEDIA_TYPES[kind], url
        assert loaded.headers["x-content-type-options"] == "nosniff"
        assert loaded.content, url


async def test_swagger_ui_is_version_5_and_keeps_no_authorization(
    client: httpx.AsyncClient,
) -> None:
    page = (await client.get("/docs")).text
    bundle = await client.get("/docs/assets/swagger-ui-bundle.js")

    assert re.search(r'PACKAGE_VERSION:"5\.\d+\.\d+"', bundle.text)
    assert '"persistAuthorization": false' in page
    assert "oauth2RedirectUrl: window.location.origin + '/docs/oauth2-redirect'" in page


async def test_redoc_is_version_2(client: httpx.AsyncClient) -> None:
    bundle = await client.get("/docs/assets/redoc.standalone.js")

    assert re.search(r'" ReDoc Version: ","2\.\d+\.\d+"', bundle.text)


async def test_the_oauth2_redirect_page_hands_the_answer_back_to_swagger_ui(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.get("/docs/oauth2-redirect")

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert "window.opener.swaggerUIRedirectOauth2" in answer.text
    assert_same_origin(answer.text)


async def test_the_root_leads_to_swagger_ui(client: httpx.AsyncClient) -> None:
    answer = await client.get("/")

    assert answer.is_redirect
    assert answer.headers["location"] == "/docs"


async def test_assets_may_be_kept_and_are_revalidated(client: httpx.AsyncClient) -> None:
    first = await client.get("/docs/assets/swagger-ui.css")
    again = await client.get(
        "/docs/assets/swagger-ui.css", headers={"If-None-Match": first.headers["etag"]}
    )

    assert first.headers["cache-control"] == "public, no-cache"
    assert again.status_code == 304
    assert again.content == b""


async def test_an_unknown_asset_is_a_not_found_problem(client: httpx.AsyncClient) -> None:
    answer = await client.get("/docs/assets/..%2Fcore.py")
    other = await client.get("/docs/assets/index.html")

    assert answer.status_code == other.status_code == 404
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json()["type"] == "urn:mypage-api:problem:not-found"


async def test_the_docs_stay_out_of_the_contract(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]

    assert not [path for path in paths if path == "/" or path.startswith(("/docs", "/redoc"))]


async def test_the_request_log_names_the_docs_routes(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="mypage_api.requests"):
        for path in ("/", "/docs", "/docs/oauth2-redirect", "/redoc", "/docs/assets/favicon.png"):
            await client.get(path)

    lines = [record.getMessage().rsplit(" ", 1)[0] for record in caplog.records]
    assert lines == [
        "GET / 307",
        "GET /docs 200",
        "GET /docs/oauth2-redirect 200",
        "GET /redoc 200",
        "GET /docs/assets/{name} 200",
    ]
