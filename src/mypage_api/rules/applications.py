"""R8 applying/finished lists and R12 cancellation window."""

from datetime import date, datetime, timedelta
from enum import StrEnum

from mypage_api.rules.calendar import month_end_after

CANCELLATION_WINDOW = timedelta(hours=24)


class Channel(StrEnum):
    self_online = "self_online"  # オンライン自主応募
    referral_online = "referral_online"  # オンラインハローワーク紹介
    referral_counter = "referral_counter"  # 窓口での紹介


class ApplicationList(StrEnum):
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
