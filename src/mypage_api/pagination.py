"""Cursor pagination: the one way lists are paged.

Every list answers a ``Page`` (``items``, ``next_cursor``) in a stable order whose last key
is a unique id, and takes ``cursor`` and ``limit`` (``LimitQuery``: 1 to 100, default 30);
only job search keeps its page sizes of 10, 30 and 50 (R21). A cursor is the sort key of
the last item of a page, opaque to clients (base64url of a JSON array). A cursor that
does not decode is a 422 problem.
"""

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict
from sqlalchemy import ClauseElement, ColumnElement, Select, literal, tuple_

from mypage_api import problems
from mypage_api.errors import FieldIssue, ProblemError, field_errors

T = TypeVar("T")

CursorKey = list[str | int]

CursorQuery = Annotated[
    str | None,
    Query(max_length=500, description="The next_cursor of the previous page; omit for the first."),
]

DEFAULT_LIMIT = 30

LimitQuery = Annotated[
    int,
    Query(ge=1, le=100, description="How many items a page holds at most: 1 to 100 (default 30)."),
]
"""The page size of every list but job search; give it ``= DEFAULT_LIMIT``."""


class Page(BaseModel, Generic[T]):
    """One page of a list: its items in the list's order, and the cursor of the next page."""

    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as cursor to get the next page; null on the last."
    )

    @classmethod
    def model_parametrized_name(cls, params: tuple[Any, ...]) -> str:
        """``Page[JobRead]`` is ``JobReadPage`` in the contract: a name generators can use."""
        return "".join(getattr(param, "__name__", str(param)) for param in params) + cls.__name__

    def __class_getitem__(cls, params: Any) -> Any:
        """A concrete page is a subclass of the parametrized model under its name: pydantic
        names JSON schema definitions after the generic origin (``Page_JobRead_``) and
        uses ``model_parametrized_name`` only for the title (pydantic issue 7376)."""
        parametrized = super().__class_getitem__(params)
        if cls is not Page or not isinstance(parametrized, type):
            return parametrized
        if parametrized.__pydantic_generic_metadata__["parameters"]:
            return parametrized  # still generic, as in Page[T]
        return _named_page(parametrized)


# The next_cursor of page examples (the sort key ``[2, 120]``).
_EXAMPLE_CURSOR = "WzIsMTIwXQ"


@cache
def _named_page(parametrized: type[BaseModel]) -> type[BaseModel]:
    """The page under its own name, with an example made of its items' first example."""
    namespace: dict[str, Any] = {"__module__": __name__, "__doc__": Page.__doc__}
    [item] = parametrized.__pydantic_generic_metadata__["args"]
    is_model = isinstance(item, type) and issubclass(item, BaseModel)
    extra = item.model_config.get("json_schema_extra") if is_model else None
    examples = extra.get("examples") if isinstance(extra, dict) else None
    if isinstance(examples, list) and examples:
        page: JsonDict = {"items": examples[:1], "next_cursor": _EXAMPLE_CURSOR}
        namespace["model_config"] = ConfigDict(json_schema_extra={"examples": [page]})
    return type(parametrized.__name__, (parametrized,), namespace)


def encode_cursor(key: CursorKey) -> str:
    raw = json.dumps(key, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def invalid_cursor() -> ProblemError:
    return ProblemError(
        problems.INVALID_CURSOR,
        extensions=field_errors(
            [FieldIssue.of("query", "cursor", "invalid_cursor", "not a cursor of this list")]
        ),
    )


def decode_cursor(cursor: str | None, *, length: int) -> CursorKey | None:
    """The sort key a cursor holds, checked to have ``length`` scalar parts."""
    if cursor is None:
        return None
    invalid = invalid_cursor()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key: Any = json.loads(raw)
    except (binascii.Error, ValueError):
        raise invalid from None
    if (
        not isinstance(key, list)
        or len(key) != length
        or not all(isinstance(part, str | int) and not isinstance(part, bool) for part in key)
    ):
        raise invalid
    return key


def decode_int_cursor(cursor: str | None, *, length: int) -> list[int] | None:
    """A cursor whose parts are all integers (ids, instants in microseconds)."""
    key = decode_cursor(cursor, length=length)
    if key is None:
        return None
    if not all(isinstance(part, int) for part in key):
        raise invalid_cursor()
    return [int(part) for part in key]


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_MICROS = (datetime(9999, 1, 1, tzinfo=UTC) - EPOCH) // timedelta(microseconds=1)


def instant_key(at: datetime, id_: int) -> CursorKey:
    """The sort key of an item ordered by an instant, then its id: microseconds and id."""
    return [(at - EPOCH) // timedelta(microseconds=1), id_]


def decode_instant_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    """A cursor of ``instant_key`` as the instant and the id."""
    key = decode_int_cursor(cursor, length=2)
    if key is None:
        return None
    micros, last_id = key
    return EPOCH + timedelta(microseconds=min(max(micros, 0), MAX_MICROS)), last_id


def page_of(items: list[T], limit: int, key: Any) -> Page[T]:
    """A page from up to ``limit + 1`` fetched rows; ``key`` gives an item's sort key."""
    if len(items) > limit:
        items = items[:limit]
        return Page(items=items, next_cursor=encode_cursor(key(items[-1])))
    return Page(items=items, next_cursor=None)


ListStatement = TypeVar("ListStatement", bound=Select[*tuple[Any, ...]])


def by_id(
    statement: ListStatement,
    column: Any,
    cursor: str | None,
    limit: int | None,
    *,
    descending: bool,
) -> ListStatement:
    """``statement`` as one page of a list ordered by a unique id ``column``: ordered,
    started after the cursor's id, and ``limit + 1`` rows (``page_of`` tells from the
    extra row whether another page follows). ``limit`` None: every row after the cursor,
    for a list that drops rows after the query (and stops at ``limit + 1`` kept)."""
    key = decode_int_cursor(cursor, length=1)
    statement = statement.order_by(column.desc() if descending else column.asc())
    if limit is not None:
        statement = statement.limit(limit + 1)
    if key is not None:
        statement = statement.where(after_cursor((column,), key, descending=descending))
    return statement


def after_cursor(
    columns: Sequence[Any], key: Sequence[Any], *, descending: bool
) -> ColumnElement[bool]:
    """The rows after a page's last ``key`` in the order of ``columns`` (all descending or
    all ascending, the last one unique): a row comparison, which PostgreSQL reads as one
    index condition. Each value is bound with its column's type (a value that is already
    a statement parameter stays as it is)."""
    values = [
        value if isinstance(value, ClauseElement) else literal(value, column.type)
        for column, value in zip(columns, key, strict=True)
    ]
    row, last = tuple_(*columns), tuple_(*values)
    return row < last if descending else row > last
