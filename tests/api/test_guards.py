"""What every request and answer passes through: answers with personal data are never
stored by a shared browser or proxy, nothing is content-sniffed, and what a client sends
is bounded (body, headers, the problem that lists its errors)."""

import json
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asyncpg import exceptions as asyncpg_errors  # type: ignore[import-untyped]
from fastapi import APIRouter, FastAPI
from sqlalchemy.exc import DBAPIError, OperationalError

from mypage_api.config import Settings
from mypage_api.errors import MAX_FIELD_ERRORS
from mypage_api.outages import DatabaseBusy
from tests.api.test_problems import assert_problem
from tests.factories import (
    every_role,
)

CONTRACT = Path(__file__).parents[2] / "openapi" / "openapi.json"
SEEKER = "hanako.suzuki@example.jp"
# Operations that end the session the walk goes on with: walked last.
LAST = {("delete", "/v1/me"), ("put", "/v1/me/password"), ("post", "/v1/auth/logout")}


def assert_not_stored(response: httpx.Response) -> None:
    where = f"{response.request.method} {response.request.url.path} {response.status_code}"
    assert "no-store" in response.headers.get("cache-control", ""), where
    assert response.headers.get("x-content-type-options") == "nosniff", where


@pytest.fixture
async def world(client: httpx.AsyncClient, connection: Any, clock: Any) -> dict[str, Any]:
    """A signed-in caller of every role, and a seeker the staff's office registered."""
    callers, seeker_number = await every_role(client, connection, clock.now(), SEEKER)
    return {
        "seeker_number": seeker_number,
        "/v1/me": callers["seeker"],
        "/v1/staff": callers["staff"],
        "/v1/employer": callers["employer"],
        "/v1/partner": callers["partner"],
    }


def operations() -> list[tuple[str, str]]:
    paths = json.loads(CONTRACT.read_text())["paths"]
    found = [(method, path) for path, item in paths.items() for method in item]
    return sorted(found, key=lambda operation: (operation in LAST, operation[0] != "get"))


async def test_every_operation_answers_not_to_be_stored(
    client: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    """The whole contract, each operation called by its own role (with an empty body where
    it takes one): whatever it answers, a browser or proxy keeps no copy."""
    answered_ok = set()
    for method, path in operations():
        role = next((prefix for prefix in world if path.startswith(prefix)), None)
        headers = world[role] if role else {}
        url = path.replace("{seeker_number}", world["seeker_number"])
        url = url.replace("{", "").replace("}", "")  # other ids: names, found nowhere (404)
        body = {} if method in ("post", "put", "patch") else None
        response = await client.request(method, url, headers=headers, json=body)
        assert_not_stored(response)
        assert response.status_code < 500, (method, path, response.text)
        if response.status_code == 200:
            answered_ok.add(f"{method.upper()} {path}")
    # The walk reached the personal data, not only refusals.
    assert {
        "GET /v1/me",
        "GET /v1/me/profile",
        "GET /v1/me/export",
        "GET /v1/me/registration",
        "GET /v1/me/home",
        "GET /v1/me/applications",
        "GET /v1/me/qr-code",
        "GET /v1/me/reception-slip",
        "GET /v1/staff/seekers/{seeker_number}",
        "GET /v1/partner/seekers",
        "GET /v1/employer/jobs",
    } <= answered_ok


async def test_token_answers_say_no_store_and_no_cache(
    client: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    response = await client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": SEEKER, "password": "correct horse battery"},
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"  # RFC 6749 §5.1
    assert response.headers["pragma"] == "no-cache"
    refreshed = await client.post(
        "/v1/auth/refresh", json={"refresh_token": response.json()["refresh_token"]}
    )
    assert refreshed.status_code == 200
    assert refreshed.headers["cache-control"] == "no-store"
    assert refreshed.headers["pragma"] == "no-cache"


async def test_a_printout_keeps_its_own_private_no_store(
    client: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    response = await client.get("/v1/me/qr-code", params={"format": "png"}, headers=world["/v1/me"])
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-store"
    assert response.headers["x-content-type-options"] == "nosniff"


# Bounded input ---------------------------------------------------------------------------
async def test_a_body_over_the_limit_is_refused_by_its_length(
    client: httpx.AsyncClient, world: dict[str, Any], settings: Settings
) -> None:
    flood = {f"unknown_{n}": 1 for n in range(50_000)}  # about 900 KB
    response = await client.patch("/v1/me/profile", json=flood, headers=world["/v1/me"])
    body = assert_problem(response, 413, "payload-too-large")
    assert body["max_bytes"] == settings.max_body_bytes
    assert_not_stored(response)


async def test_a_body_over_the_limit_without_a_length_is_refused_as_it_arrives(
    client: httpx.AsyncClient, world: dict[str, Any], settings: Settings
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"desired_conditions": {"max_commute_minutes": 30}, "padding": "'
        for _ in range(settings.max_body_bytes // 1024 + 1):
            yield b"a" * 1024
        yield b'"}'

    response = await client.patch(
        "/v1/me/profile",
        content=chunks(),
        headers={**world["/v1/me"], "content-type": "application/json"},
    )
    assert_problem(response, 413, "payload-too-large")
    profile = await client.get("/v1/me/profile", headers=world["/v1/me"])
    assert profile.json()["profile"]["desired_conditions"]["max_commute_minutes"] == 60


async def test_a_body_just_under_the_limit_is_read(
    client: httpx.AsyncClient, world: dict[str, Any], settings: Settings
) -> None:
    padding = " " * (settings.max_body_bytes - 100)
    content = b'{"unknown": 1' + padding.encode() + b"}"
    response = await client.patch(
        "/v1/me/profile",
        content=content,
        headers={**world["/v1/me"], "content-type": "application/json"},
    )
    assert_problem(response, 422, "validation-failed")


async def test_a_problem_lists_at_most_its_cap_of_field_errors(
    client: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    many = {f"unknown_{n}": 1 for n in range(500)}
    response = await client.patch("/v1/me/profile", json=many, headers=world["/v1/me"])
    body = assert_problem(response, 422, "validation-failed")
    assert len(body["errors"]) == MAX_FIELD_ERRORS  # type: ignore[arg-type]
    assert len(response.content) < 10_000


async def test_headers_over_the_limit_are_refused(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    response = await client.get(
        "/v1/offices", headers={"x-padding": "a" * settings.max_header_bytes}
    )
    body = assert_problem(response, 431, "headers-too-large")
    assert body["max_bytes"] == settings.max_header_bytes
    under = await client.get("/v1/offices", headers={"x-padding": "a" * 4000})
    assert under.status_code == 200


# The database away -----------------------------------------------------------------------
class ServerSaid(Exception):
    """An error of the database server, with its SQLSTATE (as asyncpg raises them)."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def invalidated() -> DBAPIError:
    error = DBAPIError("SELECT 1", {}, Exception("the connection is closed"))
    error.connection_invalidated = True
    return error


async def answer_to(app: FastAPI, error: Exception, *, outermost: bool = False) -> httpx.Response:
    """The answer to a request that fails with ``error``; unless ``outermost``, an error
    that escaped its handler (crashing the request in the server) fails the test."""
    router = APIRouter()

    @router.get("/away")
    async def away() -> None:
        raise error

    app.include_router(router)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=not outermost)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        return await client.get("/away")


@pytest.mark.parametrize(
    "error",
    [
        DatabaseBusy(),
        ConnectionRefusedError(111, "Connect call failed"),
        invalidated(),
        DBAPIError("SELECT 1", {}, ServerSaid("57P01")),  # terminating: admin shutdown
        DBAPIError("SELECT 1", {}, ServerSaid("57P03")),  # the database is starting up
        DBAPIError("SELECT 1", {}, ServerSaid("53300")),  # too many connections
        OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked")),
        asyncpg_errors.ConnectionDoesNotExistError("closed in the middle of operation"),
        asyncpg_errors.AdminShutdownError("terminating connection"),
        asyncpg_errors.InternalClientError("another operation is in progress"),
    ],
    ids=[
        "sqlite-busy",
        "refused",
        "invalidated",
        "shutdown",
        "starting",
        "full",
        "locked",
        "asyncpg-closed",
        "asyncpg-shutdown",
        "asyncpg-mid-operation",
    ],
)
async def test_a_database_away_is_a_503_problem_with_retry_after(
    app: FastAPI, error: Exception
) -> None:
    response = await answer_to(app, error)
    assert_problem(response, 503, "service-unavailable")
    assert response.headers["retry-after"] == "2"


@pytest.mark.parametrize(
    "error",
    [
        DBAPIError("SELECT * FROM nowhere", {}, ServerSaid("42P01")),  # a table missing
        OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: nowhere")),
    ],
    ids=["postgresql", "sqlite"],
)
async def test_a_fault_in_the_code_is_still_a_500(app: FastAPI, error: Exception) -> None:
    assert_problem(await answer_to(app, error, outermost=True), 500, "internal-error")


async def test_an_unexpected_error_answers_not_to_be_stored(app: FastAPI) -> None:
    """A 500 is answered outside every middleware, by the handler of ``Exception``: it
    carries the same headers as every other answer."""
    response = await answer_to(app, RuntimeError("a bug"), outermost=True)
    assert_problem(response, 500, "internal-error")
    assert_not_stored(response)
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    assert response.headers.get_list("x-content-type-options") == ["nosniff"]


# NUL characters -----------------------------------------------------------------------------
async def test_a_nul_in_the_query_is_a_validation_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/jobs", params={"q": "介護\x00"})
    body = assert_problem(response, 422, "validation-failed")
    assert body["errors"] == [
        {
            "location": "query",
            "field": "",
            "message": "NUL 文字（U+0000）は使えません。",
            "code": "nul",
        }
    ]
    response = await client.get(
        "/v1/jobs", params={"q": "介護\x00"}, headers={"Accept-Language": "en"}
    )
    assert assert_problem(response, 422, "validation-failed")["errors"][0]["message"] == (
        "NUL characters are not allowed"
    )
    assert (await client.get("/v1/jobs", params={"q": "介護"})).status_code == 200


async def test_a_nul_in_the_path_is_a_validation_problem(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/offices/13%0010"), 422, "validation-failed")


async def test_a_nul_in_a_json_body_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, world: dict[str, Any]
) -> None:
    response = await client.patch(
        "/v1/me/profile",
        content=b'{"desired_conditions": {"max_commute_minutes": 30}, '
        b'"self_pr": {"text": "a\\u0000"}}',
        headers={**world["/v1/me"], "content-type": "application/json"},
    )
    body = assert_problem(response, 422, "validation-failed")
    assert [(error["location"], error["code"]) for error in body["errors"]] == [("body", "nul")]
    profile = await client.get("/v1/me/profile", headers=world["/v1/me"])
    assert profile.json()["profile"]["desired_conditions"]["max_commute_minutes"] == 60


async def test_a_nul_in_a_form_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/auth/token",
        content=b"grant_type=password&username=a%00b%40example.jp&password=x",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    body = assert_problem(response, 422, "validation-failed")
    assert [(error["location"], error["code"]) for error in body["errors"]] == [("body", "nul")]
    # The token endpoint's answers also carry RFC 6749's members (auth.oauth_errors).
    assert body["error"] == "invalid_request"
