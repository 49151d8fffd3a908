"""R9: when messaging about an application or a direct request is possible."""

import math
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from mypage_api.rules.applications import finished_after
from mypage_api.rules.calendar import JST, jst_date, next_day, start_of_jst_day

AFTER_RESULT = timedelta(weeks=1)


class MessagingRefusal(StrEnum):
    no_employer_mypage = "no_employer_mypage"
    blocked = "blocked"
    closed = "closed"


def messaging_closes_at(
    *, result_registered_at: datetime | None, job_invalid_on: date | None
) -> datetime | None:
    """The instant messaging ends: one week after the selection result, or the end of
    翌々々月末日 after the job became invalid, whichever comes first; None while neither."""
    candidates: list[datetime] = []
    if result_registered_at is not None:
        candidates.append(result_registered_at + AFTER_RESULT)
    if job_invalid_on is not None:
        candidates.append(start_of_jst_day(next_day(finished_after(job_invalid_on))))
    return min(candidates) if candidates else None


def messaging_refusal(
    *,
    employer_has_mypage: bool,
    blocked: bool,
    closes_at: datetime | None,
    now: datetime,
) -> MessagingRefusal | None:
    """Why a message cannot be exchanged now, or None when it can."""
    if not employer_has_mypage:
        return MessagingRefusal.no_employer_mypage
    if blocked:
        return MessagingRefusal.blocked
    if closes_at is not None and now >= closes_at:
        return MessagingRefusal.closed
    return None


def message_expires_at(sent_at: datetime) -> datetime:
    """When a message is erased (R17): one year after it was sent, on the JST calendar — the
    same date and time a year later; a message of 29 February goes at that time on 1 March,
    as a 29 February birthday counts in a common year (R7)."""
    local = sent_at.astimezone(JST)
    try:
        later = local.replace(year=local.year + 1)
    except ValueError:  # 29 February, and next year is a common year
        later = local.replace(year=local.year + 1, month=3, day=1)
    return later.astimezone(UTC)


def seconds_until_next_jst_day(now: datetime) -> int:
    """How long a daily allowance stays spent: up to the next JST midnight, at least 1 s."""
    remaining = start_of_jst_day(next_day(jst_date(now))) - now
    return max(1, math.ceil(remaining.total_seconds()))
