"""Keyset pages: the rows after a page's last key, in either direction, as one row
comparison whose values are bound with their columns' types."""

from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.dialects import sqlite

from mypage_api.models import Job, Thread
from mypage_api.pagination import after_cursor


def sql(condition: ColumnElement[bool]) -> str:
    return str(condition.compile(dialect=sqlite.dialect()))


def bound(condition: ColumnElement[bool]) -> list[Any]:
    """The values as the driver receives them (after each type's bind processing)."""
    compiled = condition.compile(dialect=sqlite.dialect())
    processors = compiled._bind_processors
    return [
        processors[name](value) if name in processors else value
        for name, value in compiled.params.items()
    ]


def test_descending_rows_come_before_the_key_and_ascending_ones_after() -> None:
    key = (date(2026, 11, 25), 7)
    newest_first = after_cursor((Job.accepted_on, Job.id), key, descending=True)
    soonest_first = after_cursor((Job.referral_deadline, Job.id), key, descending=False)
    assert sql(newest_first) == "(jobs.accepted_on, jobs.id) < (?, ?)"
    assert sql(soonest_first) == "(jobs.referral_deadline, jobs.id) > (?, ?)"
    assert bound(newest_first) == ["2026-11-25", 7]


def test_an_instant_is_bound_as_its_column_stores_it() -> None:
    tokyo = timezone(timedelta(hours=9))
    moment = datetime(2026, 11, 25, 9, 0, tzinfo=tokyo)
    condition = after_cursor((Thread.active_at, Thread.id), (moment, 3), descending=True)
    assert sql(condition) == "(message_threads.active_at, message_threads.id) < (?, ?)"
    assert bound(condition) == ["2026-11-25 00:00:00.000000", 3]  # in UTC, as stored
