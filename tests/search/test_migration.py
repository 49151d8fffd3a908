"""The search index migration indexes the jobs already there, and goes both ways."""

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import select, text

from mypage_api.db import create_engine
from mypage_api.migrate import alembic_config
from mypage_api.models import Job
from mypage_api.search.query import parse
from mypage_api.search.sql import index_condition
from tests.databases import fresh_database
from tests.factories import load_offices, make_employer
from tests.search.conftest import insert_jobs

INDEX_REVISION = "c8a15195b92c"


async def _write_jobs(url: str) -> list[int]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.begin()
            await load_offices(connection)
            employer = await make_employer(connection, datetime(2026, 11, 25, tzinfo=UTC))
            ids = await insert_jobs(connection, employer.id, [["介護職員"], ["看護師"]])
            await connection.commit()
            return ids
    finally:
        await engine.dispose()


async def _indexed(url: str, query: str) -> set[int]:
    """What the index alone answers."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            condition = index_condition(parse(query), connection.dialect.name)
            assert condition is not None
            return set((await connection.scalars(select(Job.id).where(condition))).all())
    finally:
        await engine.dispose()


_SEARCH_OBJECTS = {
    "sqlite": "SELECT name FROM sqlite_master WHERE name LIKE 'job\\_search%' ESCAPE '\\'",
    "postgresql": "SELECT relname FROM pg_class WHERE relname LIKE 'job\\_search%' "
    "UNION ALL SELECT proname FROM pg_proc WHERE proname LIKE 'job\\_search%'",
}


async def _search_objects(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            statement = text(_SEARCH_OBJECTS[connection.dialect.name])
            return set((await connection.scalars(statement)).all())
    finally:
        await engine.dispose()


def test_jobs_written_before_the_index_are_indexed(tmp_path: Path) -> None:
    with fresh_database(tmp_path, migrate=False) as url:
        config = alembic_config(url)
        command.upgrade(config, f"{INDEX_REVISION}-1")
        kaigo, _ = asyncio.run(_write_jobs(url))
        command.upgrade(config, INDEX_REVISION)
        assert asyncio.run(_indexed(url, "介護")) == {kaigo}
        assert asyncio.run(_search_objects(url))


def test_the_downgrade_removes_the_index_and_the_upgrade_rebuilds_it(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url:
        config = alembic_config(url)
        kaigo, _ = asyncio.run(_write_jobs(url))
        command.downgrade(config, f"{INDEX_REVISION}-1")
        assert asyncio.run(_search_objects(url)) == set()
        command.upgrade(config, "head")
        assert asyncio.run(_indexed(url, "介護")) == {kaigo}
