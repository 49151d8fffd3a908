"""R20: job validity, its one extension, the referral deadline; when a job became invalid,
and the state an employer sees."""

from datetime import date
from enum import StrEnum

from mypage_api.rules.calendar import month_end_after, next_day


class JobState(StrEnum):
    """A job's state: open, closed by the employer, or expired (past its validity)."""

    open = "open"
    closed = "closed"
    expired = "expired"


class JobRefusal(StrEnum):
    already_extended = "already_extended"
    referral_deadline_after_validity = "referral_deadline_after_validity"
    referral_deadline_past = "referral_deadline_past"


def job_valid_until(accepted_on: date) -> date:
    """A job is valid to the end of the month after next from acceptance (翌々月末)."""
    return month_end_after(accepted_on, 2)


def extension_refusal(*, already_extended: bool) -> JobRefusal | None:
    """Why a job cannot be extended, or None when it can: the employer may extend once."""
    return JobRefusal.already_extended if already_extended else None


def extended_job_valid_until(valid_until: date) -> date:
    """The one extension moves the validity by one month (to the end of the next month)."""
    return month_end_after(valid_until, 1)


def referral_deadline_refusal(
    referral_deadline: date, *, valid_until: date, today: date
) -> JobRefusal | None:
    """Why a referral deadline (紹介期限日) cannot be set today, or None when it can: it is
    on or before the validity end, and not already past."""
    if referral_deadline > valid_until:
        return JobRefusal.referral_deadline_after_validity
    if referral_deadline < today:
        return JobRefusal.referral_deadline_past
    return None


def job_invalid_on(valid_until: date, closed_on: date | None) -> date:
    """The first day on which a job is invalid: the day it was closed or the day after it lapsed."""
    lapsed_on = next_day(valid_until)
    return lapsed_on if closed_on is None else min(closed_on, lapsed_on)


def job_is_valid(valid_until: date, closed_on: date | None, today: date) -> bool:
    return today < job_invalid_on(valid_until, closed_on)


def job_state(valid_until: date, closed_on: date | None, today: date) -> JobState:
    """What the employer sees: closed once closed (募集終了), else open through its last
    valid day and expired after it."""
    if closed_on is not None:
        return JobState.closed
    return JobState.open if valid_until >= today else JobState.expired
