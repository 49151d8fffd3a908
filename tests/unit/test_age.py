"""R7: a person is a year older from the start of the birthday; 29 February births age on
1 March in common years."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypage_api.rules.age import age_on


def test_older_from_the_birthday_itself() -> None:
    born = date(2010, 11, 25)
    assert age_on(born, date(2026, 11, 24)) == 15
    assert age_on(born, date(2026, 11, 25)) == 16
    assert age_on(born, date(2026, 11, 26)) == 16


def test_born_on_29_february_ages_on_1_march_in_common_years() -> None:
    born = date(2008, 2, 29)
    assert age_on(born, date(2025, 2, 28)) == 16
    assert age_on(born, date(2025, 3, 1)) == 17
    assert age_on(born, date(2028, 2, 28)) == 19
    assert age_on(born, date(2028, 2, 29)) == 20  # a leap year has the day itself


def test_age_on_the_day_of_birth_is_zero() -> None:
    assert age_on(date(2026, 1, 1), date(2026, 1, 1)) == 0


def test_a_day_before_birth_is_refused() -> None:
    with pytest.raises(ValueError, match="before the birth"):
        age_on(date(2026, 1, 2), date(2026, 1, 1))


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(0, 40_000),
)
def test_age_never_decreases_and_grows_by_at_most_one_a_day(born: date, offset: int) -> None:
    day = born + timedelta(days=offset)
    assert 0 <= age_on(born, day + timedelta(days=1)) - age_on(born, day) <= 1


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2050, 1, 1)), st.integers(1, 100))
def test_one_year_older_at_each_anniversary(born: date, years: int) -> None:
    year = born.year + years
    anniversary = date(year, 3, 1) if (born.month, born.day) == (2, 29) else born.replace(year=year)
    if (born.month, born.day) == (2, 29) and (year % 4 == 0 and (year % 100 or year % 400 == 0)):
        anniversary = date(year, 2, 29)
    assert age_on(born, anniversary - timedelta(days=1)) == years - 1
    assert age_on(born, anniversary) == years
