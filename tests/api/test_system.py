from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from mypage_api.app import create_app
from mypage_api.config import Environment, Settings
from mypage_api.errors import PROBLEM_MEDIA_TYPE
from mypage_api.outages import RETRY_AFTER_SECONDS


async def test_healthz_tells_the_server_day_in_tokyo(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["today"] == "2026-11-25"
    assert body["now"].startswith("2026-11-25T01:00:00")


async def test_readyz_answers_when_the_database_does(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


async def test_readyz_is_a_503_problem_when_the_database_is_unreachable(tmp_path: Path) -> None:
    settings = Settings(
        env=Environment.test,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'folder' / 'db.sqlite3'}",
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/readyz", headers={"accept-language": "en"})
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert response.json()["type"] == "urn:mypage-api:problem:service-unavailable"
    assert "Traceback" not in response.text


async def test_fixed_now_freezes_the_whole_server(tmp_path: Path, database_url: str) -> None:
    # 23:30 UTC on the 25th is already the 26th in Tokyo.
    settings = Settings(
        env=Environment.development,
        database_url=database_url,
        fixed_now=datetime(2026, 11, 25, 23, 30, tzinfo=UTC),
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        body = (await client.get("/healthz")).json()
    assert body["today"] == "2026-11-26"
    assert body["now"].startswith("2026-11-25T23:30:00")


def test_production_refuses_a_fixed_clock() -> None:
    with pytest.raises(ValidationError, match="MYPAGE_FIXED_NOW"):
        Settings(
            env=Environment.production,
            jwt_keys={"2026-11": "k" * 32},
            public_base_url="https://mypage.example.jp",
            fixed_now=datetime(2026, 11, 25, tzinfo=UTC),
        )


def test_production_needs_its_own_signing_keys() -> None:
    with pytest.raises(ValidationError, match="MYPAGE_JWT_KEYS"):
        Settings(env=Environment.production)


def test_a_fixed_clock_needs_an_offset() -> None:
    with pytest.raises(ValidationError, match="offset"):
        Settings(fixed_now=datetime(2026, 11, 25))  # noqa: DTZ001


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MYPAGE_ENV", "test")
    monkeypatch.setenv("MYPAGE_FIXED_NOW", "2027-01-31T23:59:59+09:00")
    monkeypatch.setenv("MYPAGE_DATA_DIR", "/srv/mypage")
    settings = Settings()
    assert settings.env is Environment.test
    assert settings.fixed_now == datetime(2027, 1, 31, 14, 59, 59, tzinfo=UTC)
    assert settings.effective_database_url == "sqlite+aiosqlite:////srv/mypage/mypage.sqlite3"
