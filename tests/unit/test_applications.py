"""R8 applying/finished lists and R12 cancellation within 24 hours."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypage_api.rules.applications import (
    ApplicationList,
    Channel,
    application_list,
    cancellable_until,
    finished_after,
    finished_cutoff,
    may_cancel,
)


def test_applying_until_the_selection_ends() -> None:
    today = date(2026, 11, 25)
    assert application_list(selection_ended=False, job_invalid_on=None, today=today) is (
        ApplicationList.applying
    )
    assert application_list(selection_ended=True, job_invalid_on=None, today=today) is (
        ApplicationList.finished
    )


def test_finished_the_day_after_the_last_day_of_the_third_month_after_invalidity() -> None:
    invalid_on = date(2026, 11, 10)
    assert finished_after(invalid_on) == date(2027, 2, 28)
    for today, expected in [
        (date(2027, 2, 27), ApplicationList.applying),
        (date(2027, 2, 28), ApplicationList.applying),
        (date(2027, 3, 1), ApplicationList.finished),
    ]:
        got = application_list(selection_ended=False, job_invalid_on=invalid_on, today=today)
        assert got is expected, today


def test_a_job_invalid_from_the_first_of_a_month_counts_from_that_month() -> None:
    # valid through 2027-01-31, invalid from 2027-02-01: applying through 2027-05-31
    assert finished_after(date(2027, 2, 1)) == date(2027, 5, 31)


APPLIED = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize("channel", [Channel.self_online, Channel.referral_online])
def test_online_applications_can_be_cancelled_within_24_hours(channel: Channel) -> None:
    assert may_cancel(channel, APPLIED, APPLIED)
    assert may_cancel(channel, APPLIED, APPLIED + timedelta(hours=23, minutes=59, seconds=59))
    assert may_cancel(channel, APPLIED, APPLIED + timedelta(hours=24))
    assert not may_cancel(channel, APPLIED, APPLIED + timedelta(hours=24, microseconds=1))
    assert cancellable_until(channel, APPLIED) == APPLIED + timedelta(hours=24)


def test_counter_referrals_cannot_be_cancelled_from_my_page() -> None:
    assert cancellable_until(Channel.referral_counter, APPLIED) is None
    assert not may_cancel(Channel.referral_counter, APPLIED, APPLIED)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
)
def test_the_cutoff_agrees_with_the_third_month_end(invalid_on: date, today: date) -> None:
    assert (today > finished_after(invalid_on)) == (invalid_on < finished_cutoff(today))


def test_the_cutoff_on_known_days() -> None:
    assert finished_cutoff(date(2027, 3, 1)) == date(2026, 12, 1)
    assert finished_cutoff(date(2027, 2, 28)) == date(2026, 11, 1)
