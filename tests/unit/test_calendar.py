from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypage_api.rules.calendar import end_of_month, jst_date, month_end_after, start_of_jst_day


def test_an_instant_at_23_30_utc_is_the_next_day_in_tokyo() -> None:
    assert jst_date(datetime(2026, 11, 25, 23, 30, tzinfo=UTC)) == date(2026, 11, 26)


def test_an_instant_at_14_59_utc_is_still_the_same_day_in_tokyo() -> None:
    assert jst_date(datetime(2026, 11, 25, 14, 59, 59, tzinfo=UTC)) == date(2026, 11, 25)
    assert jst_date(datetime(2026, 11, 25, 15, 0, tzinfo=UTC)) == date(2026, 11, 26)


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        jst_date(datetime(2026, 11, 25, 12, 0))  # noqa: DTZ001


def test_a_jst_day_starts_at_15_00_utc_the_day_before() -> None:
    assert start_of_jst_day(date(2026, 11, 26)).astimezone(UTC) == datetime(
        2026, 11, 25, 15, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 25), 1, date(2026, 12, 31)),
        (date(2026, 11, 25), 2, date(2027, 1, 31)),
        (date(2026, 12, 1), 2, date(2027, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),  # leap year
        (date(2026, 10, 31), 3, date(2027, 1, 31)),
        (date(2026, 1, 31), 0, date(2026, 1, 31)),
    ],
)
def test_month_end_after(day: date, months: int, expected: date) -> None:
    assert month_end_after(day, months) == expected


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 1, 1)), st.integers(0, 36))
def test_month_end_after_is_the_last_day_of_the_right_month(day: date, months: int) -> None:
    result = month_end_after(day, months)
    assert (result + timedelta(days=1)).day == 1
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert end_of_month(result) == result
