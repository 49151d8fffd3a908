"""Fixtures shared by the whole suite.

Each test talks to the app through ``httpx.AsyncClient`` over ASGI; the app's sessions
run inside one outer transaction per test that is rolled back afterwards, so tests
never see each other's rows.
"""

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from mypage_api.app import create_app
from mypage_api.clock import FixedClock
from mypage_api.config import Environment, Settings
from mypage_api.db import Database, create_engine
from mypage_api.rules.calendar import JST
from tests.databases import backend, fresh_database

# 2026-11-25 10:00 in Tokyo.
# Fixtures kept beside what they set up: the stand-in OpenID issuer (tests/sso/issuer.py).
pytest_plugins = ["tests.sso.issuer"]

DEFAULT_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=JST)


def pytest_report_header() -> str:
    return f"mypage-api test database: {backend()}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        await transaction.rollback()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(DEFAULT_NOW)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(env=Environment.test, database_url=database_url, data_dir=tmp_path)


@pytest.fixture
def app(
    settings: Settings, clock: FixedClock, engine: AsyncEngine, connection: AsyncConnection
) -> FastAPI:
    database = Database(engine)
    database.bind_to(connection)
    return create_app(settings, clock=clock, database=database)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
