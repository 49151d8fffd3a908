"""R8 applying/finished lists, R12 cancellation within 24 hours, R14 an offer's apply-by
day and R15 which jobs take online self-applications."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypage_api.rules.applications import (
    ApplicationList,
    ApplicationRefusal,
    Channel,
    OfferRefusal,
    application_list,
    apply_by_refusal,
    cancellable_until,
    finished_after,
    finished_cutoff,
    may_cancel,
    self_application_refusal,
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


TODAY = date(2026, 11, 25)


def self_application(
    *,
    valid_until: date = date(2027, 1, 31),
    closed_on: date | None = None,
    online: bool = True,
    named: bool = True,
    today: date = TODAY,
) -> ApplicationRefusal | None:
    return self_application_refusal(
        valid_until=valid_until,
        closed_on=closed_on,
        accepts_online_applications=online,
        publishes_employer_name=named,
        today=today,
    )


def test_a_valid_job_taking_online_applications_under_its_employers_name() -> None:
    assert self_application() is None
    assert self_application(today=date(2027, 1, 31)) is None


def test_no_self_application_to_an_invalid_job() -> None:
    expired = self_application(today=date(2027, 2, 1))
    closed = self_application(closed_on=TODAY)
    assert expired is closed is ApplicationRefusal.job_unavailable
    # Invalid is said first, whatever else the job would refuse.
    assert self_application(closed_on=TODAY, online=False) is ApplicationRefusal.job_unavailable


@pytest.mark.parametrize(("online", "named"), [(False, True), (True, False), (False, False)])
def test_no_self_application_without_online_applications_or_the_employers_name(
    online: bool, named: bool
) -> None:
    refused = self_application(online=online, named=named)
    assert refused is ApplicationRefusal.online_applications_not_accepted


def test_an_offer_can_be_applied_to_from_today_through_the_referral_deadline() -> None:
    deadline = date(2026, 12, 20)
    for apply_by in (TODAY, date(2026, 12, 10), deadline):
        assert apply_by_refusal(apply_by, referral_deadline=deadline, today=TODAY) is None
    past = apply_by_refusal(date(2026, 11, 24), referral_deadline=deadline, today=TODAY)
    late = apply_by_refusal(date(2026, 12, 21), referral_deadline=deadline, today=TODAY)
    assert past is OfferRefusal.apply_by_past
    assert late is OfferRefusal.apply_by_after_referral_deadline
