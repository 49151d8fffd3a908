"""When the database cannot answer now: a restart, a lost connection, a full pool, a busy
SQLite file. Such a failure is the service's, not the request's: it is answered with a
503 problem and ``Retry-After``, and the next request finds the database again."""

import sqlite3
from collections.abc import Iterator

from asyncpg import exceptions as asyncpg_errors  # type: ignore[import-untyped]
from sqlalchemy import exc as sa

# Seconds a client is told to wait before trying again.
RETRY_AFTER_SECONDS = 2

# SQLSTATE classes of a database that is away or out of room: 08 connection exception,
# 53 insufficient resources (too many connections), 57 operator intervention (shutting
# down, starting up, crashed).
_UNAVAILABLE_SQLSTATE_CLASSES = ("08", "53", "57")

_UNAVAILABLE_ERRORS = (
    ConnectionError,
    TimeoutError,
    sa.TimeoutError,  # no pooled connection came free in time
    asyncpg_errors.ConnectionDoesNotExistError,  # closed under a statement
    asyncpg_errors.InternalClientError,  # a connection left mid-operation by a lost server
)


class DatabaseBusy(Exception):
    """The embedded database's writer did not free it within the wait allowed."""


# Every kind of error the database layers raise (SQLAlchemy's, and asyncpg's from the
# statements run on it directly, db.fetch): each is looked at by ``database_unavailable``.
DATABASE_ERRORS: tuple[type[Exception], ...] = (
    sa.DBAPIError,
    sa.TimeoutError,
    DatabaseBusy,
    ConnectionError,
    TimeoutError,
    asyncpg_errors.PostgresError,
    asyncpg_errors.InterfaceError,
    asyncpg_errors.InternalClientError,
)


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the database is away or busy (rather than a fault in the
    request or in the code), wherever in its chain of causes the database said so."""
    for link in _causes(error):
        if isinstance(link, (DatabaseBusy, *_UNAVAILABLE_ERRORS)):
            return True
        if isinstance(link, sa.DBAPIError) and link.connection_invalidated:
            return True
        if isinstance(link, sqlite3.OperationalError):  # via aiosqlite
            return "locked" in str(link) or "busy" in str(link)
        sqlstate = getattr(link, "sqlstate", None)
        if isinstance(sqlstate, str) and sqlstate[:2] in _UNAVAILABLE_SQLSTATE_CLASSES:
            return True
    return False


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error, what SQLAlchemy wrapped (``orig``) and its causes, each once."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        link = pending.pop()
        if link is None or id(link) in seen:
            continue
        seen.add(id(link))
        yield link
        pending.extend([getattr(link, "orig", None), link.__cause__, link.__context__])
