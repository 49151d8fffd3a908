"""The async engine and the request's session: the one place a transaction ends; and
``fetch``, the hot path's read-only statements run on asyncpg directly."""

import asyncio
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Hashable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import Select, bindparam, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Compiled, Connection
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.sql.compiler import SQLCompiler

from mypage_api.config import Settings
from mypage_api.errors import ProblemError
from mypage_api.outages import DatabaseBusy, database_unavailable

# How long a transaction on the embedded database waits for the one before it (in this
# process, then for another process's writer), before the request is answered 503.
SQLITE_WAIT_SECONDS = 30


M = TypeVar("M")


def insert_for(session: AsyncSession, model: type[Any]) -> postgresql.Insert | sqlite.Insert:
    """An INSERT with ON CONFLICT clauses, in the dialect of the session's database."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


async def locked_row(session: AsyncSession, model: type[M], key: str, **empty: Any) -> M:
    """The row of ``model`` with primary key ``key``, locked until the transaction ends;
    created with the ``empty`` values first when missing (concurrent creators agree)."""
    await session.execute(
        insert_for(session, model).values(key=key, **empty).on_conflict_do_nothing()
    )
    row = await session.get(model, key, with_for_update=True, populate_existing=True)
    if row is None:  # pragma: no cover - the row was just ensured
        raise RuntimeError(f"{model.__name__} row {key!r} vanished")
    return row


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
    else:
        _drop_closed_connections(engine)
    return engine


def _drop_closed_connections(engine: AsyncEngine) -> None:
    """A pooled connection that the server closed (a restart, an administrator) is replaced
    when it is checked out, before a request uses it. asyncpg notices the closing as it
    happens, so this costs no round trip (a pre-ping costs three); a connection that broke
    silently still fails its first statement, answered 503 (outages)."""

    @event.listens_for(engine.sync_engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        driver_connection = getattr(dbapi_connection, "driver_connection", None)
        is_closed = getattr(driver_connection, "is_closed", None)
        if is_closed is not None and is_closed():
            raise DisconnectionError("the server closed this connection")


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
    DDL work; switch foreign keys on and use WAL.

    Every transaction takes the write lock when it begins (BEGIN IMMEDIATE). A transaction
    that reads and then writes inside a deferred BEGIN cannot wait for the lock: SQLite
    refuses it at once when another connection wrote meanwhile (its snapshot is stale),
    whatever the busy timeout. Taken up front, the lock is waited for instead."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_WAIT_SECONDS * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")  # readers never block the writer
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """The engine and the factory of sessions of one running app.

    On SQLite the sessions of one process take turns (an asyncio lock, first come first
    served): the file has one writer at a time, and waiting here costs nothing, where
    waiting in SQLite's busy handler polls and holds a thread. Other processes (the worker,
    the command line) are waited for by the busy timeout. A session that cannot start
    within ``SQLITE_WAIT_SECONDS`` raises ``DatabaseBusy`` (answered 503)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._factory = async_sessionmaker(engine, expire_on_commit=False)
        self._turns: asyncio.Lock | None = (
            asyncio.Lock() if engine.dialect.name == "sqlite" else None
        )

    @asynccontextmanager
    async def sessions(self) -> AsyncIterator[AsyncSession]:
        """A new session; on SQLite, once the sessions before it in this process ended."""
        if self._turns is None:
            async with self._factory() as session:
                yield session
            return
        try:
            await asyncio.wait_for(self._turns.acquire(), SQLITE_WAIT_SECONDS)
        except TimeoutError:
            raise DatabaseBusy from None
        try:
            async with self._factory() as session:
                yield session
        finally:
            self._turns.release()

    def bind_to(self, connection: AsyncConnection) -> None:
        """Open every session on ``connection`` inside savepoints (tests roll it all back)."""
        self._factory = async_sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        self._turns = None

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


# The hot path's statements, compiled once per shape (PostgreSQL; the least recently
# used shape goes first).
_COMPILED: OrderedDict[Any, SQLCompiler] = OrderedDict()
_COMPILED_SIZE = 500
# Statements of named parameters, built once per shape (``fetch_prepared``): on PostgreSQL
# compiled, elsewhere as built.
_PREPARED: OrderedDict[Hashable, SQLCompiler | Select[Any]] = OrderedDict()


def _kept(cache: OrderedDict[Any, M], key: Any, value: M) -> M:
    cache[key] = value
    if len(cache) > _COMPILED_SIZE:
        cache.popitem(last=False)
    return value


def named(name: str, values: Mapping[str, Any] | None = None, type_: Any = None) -> Any:
    """The statement parameter ``name``: bound to its value in ``values``, or, without
    values, left to be given when the statement runs (``fetch_prepared``)."""
    if values is None:
        return bindparam(name, type_=type_)
    return bindparam(name, values[name], type_=type_)


async def fetch(session: AsyncSession, statement: Select[Any]) -> Sequence[Mapping[str, Any]]:
    """The rows of a read-only Core select, as mappings by column name.

    On PostgreSQL the statement goes straight to the session's asyncpg connection: its SQL
    compiled once per shape (SQLAlchemy's cache key), its parameters bound through the
    dialect's bind processors. That skips the BEGIN and COMMIT the session's transaction
    would cost (two round trips for two reads that need no transaction: each statement
    has its own snapshot under READ COMMITTED either way) and SQLAlchemy's result
    processing: values come as asyncpg decodes them (the enum columns hold their members'
    names, which equal their values, so pydantic reads them as the ORM would). Elsewhere
    (SQLite) the session executes it."""
    bind = session.get_bind()
    key = statement._generate_cache_key() if bind.dialect.name == "postgresql" else None
    if key is None:
        rows: Sequence[Mapping[str, Any]] = (await session.execute(statement)).mappings().all()
        return rows
    compiled = _COMPILED.get(key.key)
    if compiled is not None:
        _COMPILED.move_to_end(key.key)
    else:
        compiled = cast_compiler(statement.compile(dialect=bind.dialect, cache_key=key))
        if "POSTCOMPILE" in compiled.string:  # an expanding IN: not cacheable as it is
            rows = (await session.execute(statement)).mappings().all()
            return rows  # noqa: RET504 (typed)
        _kept(_COMPILED, key.key, compiled)
    params = compiled.construct_params(extracted_parameters=key.bindparams)
    return await _run_compiled(session, compiled, params)


async def fetch_prepared(
    session: AsyncSession,
    shape: Hashable,
    build: Callable[[], Select[Any]],
    values: Mapping[str, Any],
) -> Sequence[Mapping[str, Any]]:
    """As ``fetch``, for a statement of named parameters (``named``) that ``build`` makes,
    and the parameters' ``values``: built (and on PostgreSQL compiled) once per ``shape``,
    which names everything its SQL depends on but the values. A hot statement is then
    neither built nor keyed again on each request."""
    bind = session.get_bind()
    key = (bind.dialect.name, shape)
    prepared = _PREPARED.get(key)
    if prepared is not None:
        _PREPARED.move_to_end(key)
    else:
        statement = build()
        if bind.dialect.name == "postgresql":
            compiled = cast_compiler(statement.compile(dialect=bind.dialect))
            if "POSTCOMPILE" in compiled.string:  # pragma: no cover (named parameters only)
                raise ValueError("a prepared statement cannot hold an expanding parameter")
            prepared = _kept(_PREPARED, key, compiled)
        else:
            prepared = _kept(_PREPARED, key, statement)
    if isinstance(prepared, SQLCompiler):
        return await _run_compiled(session, prepared, prepared.construct_params(values))
    rows: Sequence[Mapping[str, Any]] = (
        (await session.execute(prepared, dict(values))).mappings().all()
    )
    return rows


async def _run_compiled(
    session: AsyncSession, compiled: SQLCompiler, params: Mapping[str, Any]
) -> Sequence[Mapping[str, Any]]:
    """A compiled PostgreSQL statement run on the session's asyncpg connection."""
    processors: Mapping[str, Any] = compiled._bind_processors
    arguments = [
        processors[name](params[name]) if name in processors else params[name]
        for name in compiled.positiontup or ()
    ]
    connection = await session.connection()
    driver: Any = (await connection.get_raw_connection()).driver_connection
    try:
        records: Sequence[Mapping[str, Any]] = await driver.fetch(compiled.string, *arguments)
    except BaseException as error:
        # Dropped by the database, or left mid-operation by it: the pool must not hand it
        # out again (the session's rollback cannot notice: this ran outside SQLAlchemy).
        if driver.is_closed() or database_unavailable(error):
            await connection.invalidate()
        raise
    return records


def cast_compiler(compiled: Compiled) -> SQLCompiler:
    if not isinstance(compiled, SQLCompiler):  # pragma: no cover (a select compiles so)
        raise TypeError(type(compiled))
    return compiled
