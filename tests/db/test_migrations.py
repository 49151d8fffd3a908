"""Migrations are the schema: one head, nothing left for autogenerate, and they go both ways."""

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from mypage_api.db import create_engine
from mypage_api.migrate import alembic_config
from mypage_api.models import Base
from mypage_api.search.sql import is_search_index
from tests.databases import fresh_database


def test_there_is_a_single_head(database_url: str) -> None:
    script = ScriptDirectory.from_config(alembic_config(database_url))
    assert len(script.get_heads()) == 1


def test_revision_files_are_dated(database_url: str) -> None:
    script = ScriptDirectory.from_config(alembic_config(database_url))
    for revision in script.walk_revisions():
        assert revision.path is not None
        name = Path(revision.path).name
        assert name[:8].isdigit(), name
        assert name[8] == "_", name


def _not_search_index(name: str | None, type_: str, parent_names: object) -> bool:
    return not (type_ in {"table", "index"} and is_search_index(name))


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            "compare_server_default": True,
            "include_name": _not_search_index,
        },
    )
    return list(compare_metadata(context, Base.metadata))


async def test_models_and_migrations_agree(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == []


def _tables(connection: Connection) -> set[str]:
    names = set(inspect(connection).get_table_names()) - {"alembic_version"}
    return {name for name in names if not is_search_index(name)}


async def _table_names(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_tables)
    finally:
        await engine.dispose()


def test_downgrade_to_base_and_upgrade_again(tmp_path: Path) -> None:
    import asyncio

    with fresh_database(tmp_path) as url:
        config = alembic_config(url)
        assert asyncio.run(_table_names(url)) == set(Base.metadata.tables)
        command.downgrade(config, "base")
        assert asyncio.run(_table_names(url)) == set()
        command.upgrade(config, "head")
        assert asyncio.run(_table_names(url)) == set(Base.metadata.tables)
