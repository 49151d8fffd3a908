"""Text as Japanese printouts write it."""

from datetime import date


def japanese_date(day: date) -> str:
    """A date as Japanese forms write it, Gregorian year, no zero padding: 2026年11月25日."""
    return f"{day.year}年{day.month}月{day.day}日"
