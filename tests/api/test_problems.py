"""Every error is RFC 9457 problem+json in the client's language, never a stack trace."""

import httpx
import pytest
from fastapi import APIRouter, FastAPI

from mypage_api.errors import PROBLEM_MEDIA_TYPE


def assert_problem(response: httpx.Response, status: int, slug: str) -> dict[str, object]:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body: dict[str, object] = response.json()
    assert body["type"] == f"urn:mypage-api:problem:{slug}"
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


async def test_unknown_routes_are_not_found_problems(client: httpx.AsyncClient) -> None:
    body = assert_problem(await client.get("/v1/nothing-here"), 404, "not-found")
    assert body["instance"] == "/v1/nothing-here"


async def test_wrong_methods_are_problems_naming_the_allowed_ones(
    client: httpx.AsyncClient,
) -> None:
    response = await client.delete("/v1/offices")
    assert_problem(response, 405, "method-not-allowed")
    assert response.headers["allow"] == "GET, HEAD"
    # /v1/me has two routes (GET and DELETE): both are named.
    response = await client.post("/v1/me")
    assert_problem(response, 405, "method-not-allowed")
    assert response.headers["allow"] == "DELETE, GET, HEAD"


async def test_validation_errors_list_the_failing_fields(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/offices", params={"limit": "many", "prefecture_code": "48"})
    body = assert_problem(response, 422, "validation-failed")
    fields = {(error["location"], error["field"]) for error in body["errors"]}  # type: ignore[attr-defined]
    assert fields == {("query", "limit"), ("query", "prefecture_code")}


@pytest.mark.parametrize(
    ("accept_language", "language", "title"),
    [
        (None, "ja", "見つかりません"),
        ("ja", "ja", "見つかりません"),
        ("en", "en", "Not found"),
        ("en-US,en;q=0.9", "en", "Not found"),
        ("fr-FR, en;q=0.5, ja;q=0.8", "ja", "見つかりません"),
        ("de", "ja", "見つかりません"),
        ("en;q=0, ja;q=0.1", "ja", "見つかりません"),
    ],
)
async def test_detail_follows_accept_language(
    client: httpx.AsyncClient, accept_language: str | None, language: str, title: str
) -> None:
    headers = {"accept-language": accept_language} if accept_language else {}
    response = await client.get("/nowhere", headers=headers)
    assert response.json()["title"] == title
    assert response.headers["content-language"] == language


async def test_unexpected_errors_are_500_problems_without_internals(app: FastAPI) -> None:
    router = APIRouter()

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internal state 山田太郎")

    app.include_router(router)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/boom")
    body = assert_problem(response, 500, "internal-error")
    assert "secret" not in response.text
    assert "山田" not in response.text
    assert "Traceback" not in response.text
    assert body["instance"] == "/boom"


async def test_unexpected_errors_are_logged_without_their_message(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    router = APIRouter()

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("山田太郎 090-1234-5678")

    app.include_router(router)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await client.get("/boom")
    assert "RuntimeError" in caplog.text
    assert "山田" not in caplog.text
    assert "090" not in caplog.text
