"""The one source of "now" for the whole server.

Rules never read the clock: services ask the request's clock and pass instants or
JST dates down to ``mypage_api.rules``.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from mypage_api.config import Settings
from mypage_api.rules.calendar import jst_date


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


def today(clock: Clock) -> date:
    """The current date on the Asia/Tokyo calendar."""
    return jst_date(clock.now())


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved; used by MYPAGE_FIXED_NOW and by tests."""

    def __init__(self, instant: datetime) -> None:
        self._instant = _as_utc(instant)

    def now(self) -> datetime:
        return self._instant

    def set(self, instant: datetime) -> None:
        self._instant = _as_utc(instant)

    def advance(self, delta: timedelta) -> None:
        self._instant += delta


def clock_from(settings: Settings) -> Clock:
    """The server's clock: frozen at MYPAGE_FIXED_NOW when set (never in production)."""
    return FixedClock(settings.fixed_now) if settings.fixed_now else SystemClock()


def _as_utc(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("a clock needs a timezone-aware instant")
    return instant.astimezone(UTC)
