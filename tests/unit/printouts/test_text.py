"""Dates as Japanese printouts write them."""

from datetime import date

import pytest

from mypage_api.printouts.text import japanese_date


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 11, 25), "2026年11月25日"),
        (date(2027, 1, 5), "2027年1月5日"),  # no zero padding
        (date(2028, 2, 29), "2028年2月29日"),
    ],
)
def test_dates_are_written_year_month_day_with_kanji(day: date, text: str) -> None:
    assert japanese_date(day) == text
