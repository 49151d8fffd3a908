"""R8 applying/finished lists, R12 cancellation window, R14 offers' deadline and R15
online self-applications."""

from datetime import date, datetime, timedelta
from enum import StrEnum

from mypage_api.rules.calendar import month_end_after
from mypage_api.rules.jobs import job_is_valid

CANCELLATION_WINDOW = timedelta(hours=24)


class Channel(StrEnum):
    """How the seeker applied: オンライン自主応募, オンラインハローワーク紹介, or 窓口での紹介."""

    self_online = "self_online"  # オンライン自主応募
    referral_online = "referral_online"  # オンラインハローワーク紹介
    referral_counter = "referral_counter"  # 窓口での紹介


class ApplicationList(StrEnum):
    """The application lists (R8): applying (selection under way) or finished."""

    applying = "applying"
    finished = "finished"


def finished_after(job_invalid_on: date) -> date:
    """The last day an application stays "applying" once its job became invalid (翌々々月末日)."""
    return month_end_after(job_invalid_on, 3)


def finished_cutoff(today: date) -> date:
    """The first day of the month three months before today's: an application whose job
    became invalid before this day is past 翌々々月末日 (equivalent to ``finished_after``,
    in a form a database can compare with a column)."""
    index = today.year * 12 + (today.month - 1) - 3
    return date(index // 12, index % 12 + 1, 1)


def application_list(
    *, selection_ended: bool, job_invalid_on: date | None, today: date
) -> ApplicationList:
    """R8: applying until the selection ends, or until today is past 翌々々月末日 of the
    month in which the job became invalid."""
    if selection_ended:
        return ApplicationList.finished
    if job_invalid_on is not None and today > finished_after(job_invalid_on):
        return ApplicationList.finished
    return ApplicationList.applying


def cancellable_until(channel: Channel, applied_at: datetime) -> datetime | None:
    """R12: online applications may be cancelled within 24 hours; counter referrals never."""
    if channel is Channel.referral_counter:
        return None
    return applied_at + CANCELLATION_WINDOW


def may_cancel(channel: Channel, applied_at: datetime, now: datetime) -> bool:
    until = cancellable_until(channel, applied_at)
    return until is not None and now <= until


class ApplicationRefusal(StrEnum):
    job_unavailable = "job_unavailable"
    online_applications_not_accepted = "online_applications_not_accepted"


def self_application_refusal(
    *,
    valid_until: date,
    closed_on: date | None,
    accepts_online_applications: bool,
    publishes_employer_name: bool,
    today: date,
) -> ApplicationRefusal | None:
    """R15: why a job cannot take an online self-application (オンライン自主応募) today, or
    None when it can: it is valid, accepts online applications and publishes the employer's
    name. (The seeker's active registration is R5's, checked for all of My Page; one live
    application per seeker and job is the database's.)"""
    if not job_is_valid(valid_until, closed_on, today):
        return ApplicationRefusal.job_unavailable
    if not (accepts_online_applications and publishes_employer_name):
        return ApplicationRefusal.online_applications_not_accepted
    return None


class OfferRefusal(StrEnum):
    apply_by_past = "apply_by_past"
    apply_by_after_referral_deadline = "apply_by_after_referral_deadline"


def apply_by_refusal(
    apply_by: date, *, referral_deadline: date, today: date
) -> OfferRefusal | None:
    """R14: why an online referral offer cannot be open to apply to through ``apply_by``,
    or None when it can: from today through the job's referral deadline (紹介期限日)."""
    if apply_by < today:
        return OfferRefusal.apply_by_past
    if apply_by > referral_deadline:
        return OfferRefusal.apply_by_after_referral_deadline
    return None
