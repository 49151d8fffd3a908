"""R7: age under 年齢計算ニ関スル法律 and 民法143条."""

from datetime import date


def birthday_in(birth_date: date, year: int) -> date:
    """The day in ``year`` from whose start the person counts one more year.

    Someone born on 29 February becomes older on 1 March in common years.
    """
    try:
        return birth_date.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 3, 1)


def age_on(birth_date: date, day: date) -> int:
    """Age in full years on ``day``; a person is a year older from the start of the birthday."""
    if day < birth_date:
        raise ValueError("day is before the birth date")
    years = day.year - birth_date.year
    return years if day >= birthday_in(birth_date, day.year) else years - 1
