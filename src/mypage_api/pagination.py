"""Cursor pagination: the one way lists are paged.

A cursor is the sort key of the last item of a page, opaque to clients
(base64url of a JSON array). A cursor that does not decode is a 422 problem.
"""

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, literal, tuple_

from mypage_api import problems
from mypage_api.errors import FieldError, ProblemError, field_errors

T = TypeVar("T")

CursorKey = list[str | int]

CursorQuery = Annotated[
    str | None,
    Query(max_length=500, description="The next_cursor of the previous page; omit for the first."),
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as cursor to get the next page; null on the last."
    )


def encode_cursor(key: CursorKey) -> str:
    raw = json.dumps(key, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def invalid_cursor() -> ProblemError:
    return ProblemError(
        problems.INVALID_CURSOR,
        extensions=field_errors(
            [
                FieldError(
                    location="query",
                    field="cursor",
                    message="not a cursor of this list",
                    code="invalid_cursor",
                )
            ]
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


def page_of(items: list[T], limit: int, key: Any) -> Page[T]:
    """A page from up to ``limit + 1`` fetched rows; ``key`` gives an item's sort key."""
    if len(items) > limit:
        items = items[:limit]
        return Page(items=items, next_cursor=encode_cursor(key(items[-1])))
    return Page(items=items, next_cursor=None)


def after_cursor(
    columns: Sequence[Any], key: Sequence[Any], *, descending: bool
) -> ColumnElement[bool]:
    """The rows after a page's last ``key`` in the order of ``columns`` (all descending or
    all ascending, the last one unique): a row comparison, which PostgreSQL reads as one
    index condition. Each value is bound with its column's type."""
    values = [literal(value, column.type) for column, value in zip(columns, key, strict=True)]
    row, last = tuple_(*columns), tuple_(*values)
    return row < last if descending else row > last
