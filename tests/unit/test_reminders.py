"""SPEC §4 reminders: a reminder from 7 days before the last valid day through that day, a
lapse notice from the day the registration lapses through 7 days after it."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypage_api.rules.reminders import lapse_notice_window, reminder_window

END = date(2027, 1, 31)  # valid through 31 January; lapses on 1 February
DAYS = 7

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
windows = st.integers(min_value=0, max_value=60)


def reminded_on(today: date, valid_until: date = END, days: int = DAYS) -> bool:
    first, last = reminder_window(today, days)
    return first <= valid_until <= last


def lapse_noticed_on(today: date, valid_until: date = END, days: int = DAYS) -> bool:
    first, last = lapse_notice_window(today, days)
    return first <= valid_until <= last


@pytest.mark.parametrize(
    ("today", "reminder", "lapse_notice"),
    [
        (date(2027, 1, 23), False, False),  # 8 days before the last valid day
        (date(2027, 1, 24), True, False),  # 7 days before
        (date(2027, 1, 31), True, False),  # the last valid day
        (date(2027, 2, 1), False, True),  # the day it lapses
        (date(2027, 2, 8), False, True),  # 7 days after the lapse
        (date(2027, 2, 9), False, False),  # 8 days after: an old lapse is not mailed
    ],
)
def test_valid_through_31_january_the_mails_are_due_on_these_days(
    today: date, reminder: bool, lapse_notice: bool
) -> None:
    assert reminded_on(today) is reminder
    assert lapse_noticed_on(today) is lapse_notice


def test_the_reminder_is_due_from_days_before_the_last_valid_day_through_it() -> None:
    assert reminder_window(date(2027, 1, 24), 7) == (date(2027, 1, 24), date(2027, 1, 31))


def test_the_lapse_notice_is_due_from_the_lapse_through_days_after_it() -> None:
    # On 1 February: registrations that lapsed that day (valid through 31 January) back to
    # those that lapsed 7 days before (on 25 January, valid through the 24th).
    assert lapse_notice_window(date(2027, 2, 1), 7) == (date(2027, 1, 24), date(2027, 1, 31))


def test_with_no_days_each_mail_is_due_on_one_day_only() -> None:
    assert reminder_window(END, 0) == (END, END)  # on the last valid day
    assert lapse_notice_window(date(2027, 2, 1), 0) == (END, END)  # on the day it lapses


@given(days, days, windows)
def test_a_reminder_is_due_exactly_from_days_before_the_end_through_the_end(
    today: date, valid_until: date, window: int
) -> None:
    expected = valid_until - timedelta(days=window) <= today <= valid_until
    assert reminded_on(today, valid_until, window) is expected


@given(days, days, windows)
def test_a_lapse_notice_is_due_exactly_from_the_lapse_through_days_after_it(
    today: date, valid_until: date, window: int
) -> None:
    lapsed_on = valid_until + timedelta(days=1)
    expected = lapsed_on <= today <= lapsed_on + timedelta(days=window)
    assert lapse_noticed_on(today, valid_until, window) is expected


@given(days, days, windows)
def test_the_two_mails_are_never_due_on_the_same_day(
    today: date, valid_until: date, window: int
) -> None:
    assert not (
        reminded_on(today, valid_until, window) and lapse_noticed_on(today, valid_until, window)
    )
