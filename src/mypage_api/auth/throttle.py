"""Sign-in throttling: failures slow an account (and a client address) down, then lock it.

The policy is a pure function of the stored state and the time; ``record_failure`` and
``blocked_for`` read and write it.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.config import Settings
from mypage_api.db import locked_row
from mypage_api.models import LoginThrottle
from mypage_api.security.secrets import keyed_hash


@dataclass(frozen=True)
class ThrottlePolicy:
    slowdown_after: int  # failures answered at once; each further one doubles a wait
    lock_after: int  # failures that lock for ``lock``
    lock: timedelta
    window: timedelta  # failures older than this are forgotten (unless locked)


@dataclass(frozen=True)
class ThrottleState:
    failures: int
    first_failure_at: datetime
    blocked_until: datetime | None


def after_failure(
    state: ThrottleState | None, now: datetime, policy: ThrottlePolicy
) -> ThrottleState:
    """The state after one more failure at ``now``."""
    if state is None or _forgotten(state, now, policy):
        failures, first = 1, now
    else:
        failures, first = state.failures + 1, state.first_failure_at
    if failures >= policy.lock_after:
        blocked: datetime | None = now + policy.lock
    elif failures > policy.slowdown_after:
        blocked = now + timedelta(seconds=2 ** (failures - policy.slowdown_after - 1))
    else:
        blocked = None
    return ThrottleState(failures, first, blocked)


def _forgotten(state: ThrottleState, now: datetime, policy: ThrottlePolicy) -> bool:
    still_blocked = state.blocked_until is not None and now < state.blocked_until
    return not still_blocked and now - state.first_failure_at > policy.window


def wait_seconds(state: ThrottleState | None, now: datetime) -> int:
    """Whole seconds before another attempt is heard; 0 when it is heard now."""
    if state is None or state.blocked_until is None or now >= state.blocked_until:
        return 0
    return max(1, math.ceil((state.blocked_until - now).total_seconds()))


def is_locked(state: ThrottleState | None, now: datetime, policy: ThrottlePolicy) -> bool:
    return (
        wait_seconds(state, now) > 0 and state is not None and state.failures >= policy.lock_after
    )


@dataclass(frozen=True)
class ThrottleKey:
    key: str
    policy: ThrottlePolicy


def keys_for(email: str, client_address: str, settings: Settings) -> list[ThrottleKey]:
    window = timedelta(minutes=settings.login_window_minutes)
    lock = timedelta(minutes=settings.login_lock_minutes)
    account = ThrottlePolicy(settings.login_slowdown_after, settings.login_lock_after, lock, window)
    address = ThrottlePolicy(
        settings.login_address_lock_after // 2, settings.login_address_lock_after, lock, window
    )
    return [
        ThrottleKey("account:" + keyed_hash(email), account),
        ThrottleKey("address:" + keyed_hash(client_address), address),
    ]


def _state(row: LoginThrottle | None) -> ThrottleState | None:
    if row is None:
        return None
    return ThrottleState(row.failures, row.first_failure_at, row.blocked_until)


async def states(session: AsyncSession, keys: list[ThrottleKey]) -> list[ThrottleState | None]:
    rows = await session.scalars(
        select(LoginThrottle).where(LoginThrottle.key.in_([k.key for k in keys]))
    )
    by_key = {row.key: row for row in rows}
    return [_state(by_key.get(k.key)) for k in keys]


async def record_failure(
    session: AsyncSession, keys: list[ThrottleKey], now: datetime
) -> list[ThrottleState | None]:
    """Count one more failure under each key; the states after it."""
    result: list[ThrottleState | None] = []
    for key in keys:
        row = await locked_row(session, LoginThrottle, key.key, failures=0, first_failure_at=now)
        state = after_failure(_state(row) if row.failures else None, now, key.policy)
        row.failures = state.failures
        row.first_failure_at = state.first_failure_at
        row.blocked_until = state.blocked_until
        result.append(state)
    await session.flush()
    return result


async def forget(session: AsyncSession, key: ThrottleKey) -> None:
    await session.execute(delete(LoginThrottle).where(LoginThrottle.key == key.key))
