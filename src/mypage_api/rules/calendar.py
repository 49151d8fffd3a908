"""The Asia/Tokyo calendar: instants to JST dates, month arithmetic."""

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")


def jst_date(instant: datetime) -> date:
    """The JST calendar day of an instant (23:30 UTC is already the next day in Tokyo)."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(JST).date()


def start_of_jst_day(day: date) -> datetime:
    """The first instant of a JST calendar day."""
    return datetime.combine(day, time.min, tzinfo=JST)


def end_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_end_after(day: date, months: int) -> date:
    """The last day of the month ``months`` months after ``day``'s month.

    ``months=1`` is 翌月末, ``2`` 翌々月末, ``3`` 翌々々月末.
    """
    index = day.year * 12 + (day.month - 1) + months
    first = date(index // 12, index % 12 + 1, 1)
    return end_of_month(first)


def same_month(a: date, b: date) -> bool:
    return (a.year, a.month) == (b.year, b.month)


def next_day(day: date) -> date:
    return day + timedelta(days=1)
