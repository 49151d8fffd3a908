"""R20: job validity, its one extension, the referral deadline; when a job became invalid."""

from datetime import date

from mypage_api.rules.calendar import month_end_after, next_day


class JobRuleError(ValueError):
    pass


class AlreadyExtended(JobRuleError):
    pass


class ReferralDeadlineAfterValidity(JobRuleError):
    pass


def job_valid_until(accepted_on: date) -> date:
    """A job is valid to the end of the month after next from acceptance (翌々月末)."""
    return month_end_after(accepted_on, 2)


def extended_job_valid_until(valid_until: date, *, already_extended: bool) -> date:
    """The employer may extend a job once, by one month (to the end of the next month)."""
    if already_extended:
        raise AlreadyExtended("a job can be extended only once")
    return month_end_after(valid_until, 1)


def check_referral_deadline(referral_deadline: date, valid_until: date) -> None:
    """The referral deadline (紹介期限日) is on or before the validity end."""
    if referral_deadline > valid_until:
        raise ReferralDeadlineAfterValidity("the referral deadline is after the job's validity")


def job_invalid_on(valid_until: date, closed_on: date | None) -> date:
    """The first day on which a job is invalid: the day it was closed or the day after it lapsed."""
    lapsed_on = next_day(valid_until)
    return lapsed_on if closed_on is None else min(closed_on, lapsed_on)


def job_is_valid(valid_until: date, closed_on: date | None, today: date) -> bool:
    return today < job_invalid_on(valid_until, closed_on)
