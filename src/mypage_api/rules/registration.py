"""Registration validity and status: R1 validity, R2 extension, R3 status, R4 reactivation."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from mypage_api.rules.calendar import month_end_after, next_day, same_month


class RegistrationStatus(StrEnum):
    """The registration's status (求職状態): active (有効) or inactive (無効), derived on read
    (R3)."""

    active = "active"
    inactive = "inactive"


class InactiveReason(StrEnum):
    """Why a registration is inactive (R3): the seeker's choice, employment (就職), or expiry."""

    self = "self"
    employed = "employed"
    expired = "expired"


def initial_valid_until(registered_on: date) -> date:
    """R1: valid through the last day of the month two months after registration (翌々月末)."""
    return month_end_after(registered_on, 2)


def extended_valid_until(valid_until: date, event_on: date, *, active: bool) -> date:
    """R2: an event in the end month (終了月) moves the end to the last day of the next month.

    One month per end month: once moved, the event's month is no longer the end month,
    so a second event in it extends nothing. Events on an inactive registration
    (set inactive, employed, or expired) extend nothing.
    """
    if not active or event_on > valid_until or not same_month(event_on, valid_until):
        return valid_until
    return month_end_after(valid_until, 1)


@dataclass(frozen=True)
class RegistrationState:
    """What is stored about a registration's life; the status is derived from it."""

    valid_until: date
    ended_on: date | None = None
    ended_by: InactiveReason | None = None


@dataclass(frozen=True)
class EffectiveStatus:
    status: RegistrationStatus
    reason: InactiveReason | None
    inactive_since: date | None


def effective_status(state: RegistrationState, today: date) -> EffectiveStatus:
    """R3: inactive when the seeker set it so, when staff recorded employment, or when
    today is past the validity; derived on every read."""
    lapsed_on = next_day(state.valid_until)
    if state.ended_on is not None:
        if state.ended_by not in (InactiveReason.self, InactiveReason.employed):
            raise ValueError("a registration is ended by the seeker or by employment")
        return EffectiveStatus(
            RegistrationStatus.inactive, state.ended_by, min(state.ended_on, lapsed_on)
        )
    if today >= lapsed_on:
        return EffectiveStatus(RegistrationStatus.inactive, InactiveReason.expired, lapsed_on)
    return EffectiveStatus(RegistrationStatus.active, None, None)


def reactivation_deadline(inactive_since: date, window_days: int) -> date:
    """R4: the last day on which the seeker may switch back to active from My Page."""
    return inactive_since + timedelta(days=window_days)


def may_reactivate_online(inactive_since: date, today: date, window_days: int) -> bool:
    """R4: inside the window the seeker may reactivate; after it only staff can."""
    return today <= reactivation_deadline(inactive_since, window_days)
