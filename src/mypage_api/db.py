"""The async engine and the request's session: the one place a transaction ends."""

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from mypage_api.config import Settings
from mypage_api.errors import ProblemError


def insert_for(session: AsyncSession, model: type[Any]) -> postgresql.Insert | sqlite.Insert:
    """An INSERT with ON CONFLICT clauses, in the dialect of the session's database."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_engine(
    url: str,
    *,
    echo: bool = False,
    pool_size: int = 10,
    max_overflow: int = 5,
    pool_timeout: float = 30,
    pre_ping: bool = False,
    session_settings: dict[str, str] | None = None,
) -> AsyncEngine:
    """The engine; for PostgreSQL with a pool of ``pool_size`` (+ ``max_overflow``)
    connections, each opened with ``session_settings`` (e.g. ``{"jit": "off"}``)."""
    if is_sqlite(url):
        engine = create_async_engine(url, echo=echo)
    else:
        engine = create_async_engine(
            url,
            echo=echo,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=pool_timeout,
            pool_pre_ping=pre_ping,
            connect_args={"server_settings": dict(session_settings or {})},
        )
    if engine.dialect.name == "sqlite":
        _make_sqlite_transactional(engine)
    return engine


def engine_from(settings: Settings) -> AsyncEngine:
    """The service's engine, as the settings describe it."""
    return create_engine(
        settings.effective_database_url,
        echo=settings.database_echo,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        pool_timeout=settings.database_pool_timeout_seconds,
        pre_ping=settings.database_pool_pre_ping,
        session_settings=settings.database_session_settings,
    )


def _make_sqlite_transactional(engine: AsyncEngine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, emit BEGIN, so SAVEPOINTs and transactional
    DDL work; switch foreign keys on, let readers and one writer work side by side (WAL),
    and wait for another writer instead of failing at once."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute("PRAGMA journal_mode = WAL")  # readers never block the writer
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")


class Database:
    """The engine and the factory of sessions of one running app."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)

    def bind_to(self, connection: AsyncConnection) -> None:
        """Open every session on ``connection`` inside savepoints (tests roll it all back)."""
        self.sessions = async_sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )

    async def dispose(self) -> None:
        await self.engine.dispose()


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request: committed when the endpoint succeeds, rolled back when it
    raises (unless the error says its changes are to be kept)."""
    async with get_database(request).sessions() as session:
        try:
            yield session
        except ProblemError as exc:
            await (session.commit() if exc.keep_changes else session.rollback())
            raise
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()


# scope="function": the commit runs before the response is sent, so a client never sees
# success for a change that failed to commit.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
DatabaseDep = Annotated[Database, Depends(get_database)]
