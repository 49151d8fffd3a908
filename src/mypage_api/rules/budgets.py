"""Sending budgets: at most ``limit`` uses per ``window``, counted from the first use of
the window (a fixed window per key). Pure: the caller reads and stores the spending."""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Budget:
    limit: int
    window: timedelta


@dataclass(frozen=True)
class Spending:
    count: int
    window_started_at: datetime


def spend(spending: Spending | None, now: datetime, budget: Budget) -> Spending | None:
    """The spending after one more use at ``now``; None when the budget is spent."""
    if spending is None or now - spending.window_started_at >= budget.window:
        return Spending(1, now)
    if spending.count < budget.limit:
        return Spending(spending.count + 1, spending.window_started_at)
    return None
