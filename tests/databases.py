"""Test databases: a fresh, migrated database per test run, on SQLite or PostgreSQL.

``MYPAGE_TEST_DATABASE_URL`` picks the server (a PostgreSQL URL); without it the run
uses SQLite files. On PostgreSQL each database is created from template0 with UTF-8
and ``LC_CTYPE 'C.UTF-8'`` (Japanese text depends on it) and dropped afterwards.
"""

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from mypage_api.migrate import upgrade

SERVER_URL = os.environ.get("MYPAGE_TEST_DATABASE_URL", "")


def backend() -> str:
    return "postgresql" if SERVER_URL else "sqlite"


# For tests that do not depend on the database (the contract's lint, the settings check,
# the Dockerfile, the image's install): the suite's first run (SQLite) covers them, and
# the PostgreSQL run leaves them out.
once_per_suite = pytest.mark.skipif(
    bool(SERVER_URL), reason="does not depend on the database: run with the SQLite run"
)


def _asyncpg_url(url: str) -> str:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


async def _admin(statement: str) -> None:
    engine = create_async_engine(_asyncpg_url(SERVER_URL), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


@contextmanager
def fresh_database(folder: Path, *, migrate: bool = True) -> Iterator[str]:
    """A new empty database (migrated to head unless told otherwise); yields its URL.

    Synchronous on purpose: Alembic runs its own event loop.
    """
    name = f"mypage_test_{uuid.uuid4().hex[:12]}"
    if SERVER_URL:
        asyncio.run(
            _admin(
                f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
                "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            )
        )
        url = (
            make_url(_asyncpg_url(SERVER_URL))
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    else:
        url = f"sqlite+aiosqlite:///{folder / (name + '.sqlite3')}"
    try:
        if migrate:
            upgrade(url)
        yield url
    finally:
        if SERVER_URL:
            asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
