"""Registration reminders (SPEC §4): on which days the mails about an end of validity are
due.

A reminder is due from ``days`` days before the last valid day (``valid_until``) through
that day; a lapse notice from the day the registration lapses (the day after
``valid_until``) through ``days`` days after that day. Both ends are included, so a pass
that missed a day or two still mails; a lapse older than its window is not mailed about.

A pass asks the other way round: on ``today``, which ``valid_until`` values are due? The
windows answer that, both ends included.
"""

from datetime import date, timedelta


def reminder_window(today: date, days: int) -> tuple[date, date]:
    """The valid_until values whose reminder is due on ``today``: from ``today`` (its last
    valid day) through ``today + days`` (``days`` days before it)."""
    return today, today + timedelta(days=days)


def lapse_notice_window(today: date, days: int) -> tuple[date, date]:
    """The valid_until values whose lapse notice is due on ``today``: from ``today - days -
    1`` (lapsed ``days`` days ago) through ``today - 1`` (lapsed today)."""
    return today - timedelta(days=days + 1), today - timedelta(days=1)
