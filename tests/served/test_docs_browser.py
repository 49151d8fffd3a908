"""Swagger UI and ReDoc in a real browser (the system's Chromium) against ``serve``, with
every request to another host refused: what a developer at an office on the closed
network sees."""

import json
import re
import shutil
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Route,
    async_playwright,
    expect,
)

from mypage_api import problems
from mypage_api.demo.data import DEMO_PASSWORD
from tests.databases import once_per_suite
from tests.served.conftest import Served

# The docs pages do not depend on the database; the in-process tests call GET /v1/me/home
# on both.
pytestmark = once_per_suite

SEEKER = "demo-seeker@example.jp"
CHROMIUM = shutil.which("chromium")  # Debian's package: /usr/bin/chromium
TIMEOUT_MS = 30_000
# ReDoc's sidebar shows "API docs by Redocly" with a logo from Redocly's CDN, whatever its
# options; the page's Content-Security-Policy has the browser refuse it before any network.
REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
# Each page reports what its Content-Security-Policy refused on the console.
REPORT_REFUSALS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.warn("refused by policy: " + event.blockedURI);
});
"""
REFUSED_BY_POLICY = re.compile(r"^refused by policy: (.*)$")


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    if CHROMIUM is None:
        pytest.fail(
            "no chromium on the PATH: install the system package "
            "(apt-get install chromium; .ci/run does) to run the browser tests"
        )
    expect.set_options(timeout=TIMEOUT_MS)  # ReDoc lays out the whole contract first
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        await browser.close()


class Offline:
    """A browser context that reaches the served origin only; it records what else the
    pages tried to load, and what the pages' own policy had the browser refuse."""

    def __init__(self, context: BrowserContext, origin: str) -> None:
        self.context = context
        self.origin = origin
        self.refused: list[str] = []
        self.refused_by_policy: list[str] = []

    def read_console(self, message: ConsoleMessage) -> None:
        refusal = REFUSED_BY_POLICY.match(message.text)
        if refusal:
            self.refused_by_policy.append(refusal.group(1))

    async def only_the_server(self, route: Route) -> None:
        url = route.request.url
        if url == self.origin or url.startswith(f"{self.origin}/"):
            await route.continue_()
        else:
            self.refused.append(url)
            await route.abort("internetdisconnected")


@pytest.fixture
async def offline(browser: Browser, served: Served) -> AsyncIterator[Offline]:
    context = await browser.new_context(base_url=served.base_url, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    offline = Offline(context, served.base_url)
    await context.route("**/*", offline.only_the_server)
    await context.add_init_script(REPORT_REFUSALS)
    context.on("console", offline.read_console)
    yield offline
    await context.close()


def people_scheme(page: Page) -> Locator:
    """The people's scheme (password flow) in the Authorize dialog."""
    return page.locator(".auth-container").filter(
        has=page.locator("h4", has_text="PeoplePassword (OAuth2, password)")
    )


async def sign_in_with_swagger_ui(offline: Offline, page: Page, password: str) -> None:
    """From the root to Swagger UI, Authorize, then the people's password form."""
    await page.goto("/")
    await expect(page).to_have_url(f"{offline.origin}/docs")
    await page.locator("button.authorize").first.click()
    scheme = people_scheme(page)
    await scheme.locator("input#oauth_username").fill(SEEKER)
    await scheme.locator("input#oauth_password").fill(password)
    await scheme.locator("button.authorize").click()


async def test_a_seeker_signs_in_and_reads_their_home(offline: Offline) -> None:
    page = await offline.context.new_page()

    await sign_in_with_swagger_ui(offline, page, DEMO_PASSWORD)
    await expect(people_scheme(page).locator("h6", has_text="Authorized")).to_be_visible()
    await page.locator(".modal-ux button.close-modal").click()

    operation = page.locator(".opblock-get").filter(has=page.locator('[data-path="/v1/me/home"]'))
    await operation.locator(".opblock-summary-control").click()
    await operation.locator("button.try-out__btn").click()
    await operation.locator("button.execute").click()

    answer = operation.locator(".live-responses-table .response").first
    await expect(answer.locator(".response-col_status")).to_have_text("200")
    body = answer.locator(".response-col_description pre.microlight").first
    await expect(body).to_contain_text('"seeker_number"')
    home = json.loads(await body.inner_text())
    assert home["seeker_number"]
    assert home["office"]["name"]
    assert offline.refused == offline.refused_by_policy == []


async def test_a_wrong_password_shows_why(offline: Offline) -> None:
    page = await offline.context.new_page()

    await sign_in_with_swagger_ui(offline, page, "not-the-password")

    scheme = people_scheme(page)
    errors = scheme.locator(".errors")
    await expect(errors).to_contain_text(problems.INVALID_CREDENTIALS.detail.en)
    await expect(errors).to_contain_text("invalid_grant")
    await expect(scheme.locator("h6", has_text="Authorized")).to_have_count(0)
    assert offline.refused == offline.refused_by_policy == []


async def test_redoc_renders_the_contract(offline: Offline) -> None:
    page = await offline.context.new_page()

    await page.goto("/redoc")

    await expect(page.locator("h1").first).to_contain_text("mypage-api")
    await expect(page.get_by_text("/v1/me/home").first).to_be_attached()
    await expect(page.get_by_text("API docs by Redocly")).to_be_visible()
    assert offline.refused == []
    assert offline.refused_by_policy == [REDOCLY_LOGO]
