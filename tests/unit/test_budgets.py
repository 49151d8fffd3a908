"""Sending budgets: a fixed window per key, counted from its first use."""

from datetime import UTC, datetime, timedelta

from mypage_api.rules.budgets import Budget, Spending, spend

START = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
HOURLY_THREE = Budget(limit=3, window=timedelta(hours=1))


def test_the_first_use_opens_a_window() -> None:
    assert spend(None, START, HOURLY_THREE) == Spending(1, START)


def test_uses_are_counted_up_to_the_limit_then_refused() -> None:
    spending: Spending | None = None
    for count in (1, 2, 3):
        spending = spend(spending, START + timedelta(minutes=count), HOURLY_THREE)
        assert spending == Spending(count, START + timedelta(minutes=1))
    assert spend(spending, START + timedelta(minutes=59), HOURLY_THREE) is None


def test_the_window_ends_exactly_one_window_after_its_first_use() -> None:
    spent = Spending(3, START)
    assert spend(spent, START + timedelta(hours=1, microseconds=-1), HOURLY_THREE) is None
    at_the_end = START + timedelta(hours=1)
    assert spend(spent, at_the_end, HOURLY_THREE) == Spending(1, at_the_end)
