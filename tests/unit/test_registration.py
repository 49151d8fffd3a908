"""R1-R4: registration validity, extension, status and reactivation."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypage_api.rules.calendar import month_end_after, same_month
from mypage_api.rules.registration import (
    InactiveReason,
    RegistrationState,
    RegistrationStatus,
    effective_status,
    extended_valid_until,
    initial_valid_until,
    may_reactivate_online,
    reactivation_deadline,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


# R1 -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("registered_on", "valid_until"),
    [
        (date(2026, 11, 25), date(2027, 1, 31)),  # the spec's first example
        (date(2026, 12, 1), date(2027, 2, 28)),  # the spec's second example
        (date(2026, 11, 30), date(2027, 1, 31)),  # last day of a month
        (date(2026, 11, 1), date(2027, 1, 31)),  # first day of a month
        (date(2027, 12, 15), date(2028, 2, 29)),  # into a leap February
        (date(2026, 10, 31), date(2026, 12, 31)),
    ],
)
def test_a_registration_is_valid_to_the_end_of_the_month_after_next(
    registered_on: date, valid_until: date
) -> None:
    assert initial_valid_until(registered_on) == valid_until


@given(days)
def test_validity_lasts_between_two_and_three_months(registered_on: date) -> None:
    valid_until = initial_valid_until(registered_on)
    assert 59 <= (valid_until - registered_on).days <= 92
    assert (valid_until + timedelta(days=1)).day == 1


# R2 -------------------------------------------------------------------------------------
END = date(2027, 1, 31)


def test_an_event_in_the_end_month_extends_to_the_end_of_the_next_month() -> None:
    assert extended_valid_until(END, date(2027, 1, 1), active=True) == date(2027, 2, 28)
    assert extended_valid_until(END, date(2027, 1, 31), active=True) == date(2027, 2, 28)


def test_an_event_the_day_before_the_end_month_extends_nothing() -> None:
    assert extended_valid_until(END, date(2026, 12, 31), active=True) == END


def test_an_event_after_the_validity_ended_extends_nothing() -> None:
    assert extended_valid_until(END, date(2027, 2, 1), active=True) == END


def test_a_second_event_in_the_same_month_extends_nothing() -> None:
    once = extended_valid_until(END, date(2027, 1, 10), active=True)
    assert extended_valid_until(once, date(2027, 1, 20), active=True) == once == date(2027, 2, 28)


def test_an_event_in_the_new_end_month_extends_again() -> None:
    once = extended_valid_until(END, date(2027, 1, 10), active=True)
    assert extended_valid_until(once, date(2027, 2, 3), active=True) == date(2027, 3, 31)


def test_an_event_on_an_inactive_registration_extends_nothing() -> None:
    assert extended_valid_until(END, date(2027, 1, 10), active=False) == END


@given(days, days)
def test_extension_is_at_most_one_month_and_never_shortens(valid_from: date, event: date) -> None:
    valid_until = initial_valid_until(valid_from)
    extended = extended_valid_until(valid_until, event, active=True)
    assert extended in (valid_until, month_end_after(valid_until, 1))
    assert (extended != valid_until) == same_month(event, valid_until)
    assert extended_valid_until(extended, event, active=True) == extended


# R3 -------------------------------------------------------------------------------------
def test_active_through_the_last_valid_day_and_expired_the_day_after() -> None:
    state = RegistrationState(valid_until=END)
    assert effective_status(state, date(2027, 1, 30)).status is RegistrationStatus.active
    assert effective_status(state, END).status is RegistrationStatus.active
    expired = effective_status(state, date(2027, 2, 1))
    assert expired.status is RegistrationStatus.inactive
    assert expired.reason is InactiveReason.expired
    assert expired.inactive_since == date(2027, 2, 1)


@pytest.mark.parametrize("reason", [InactiveReason.self, InactiveReason.employed])
def test_set_inactive_or_employed_is_inactive_from_that_day(reason: InactiveReason) -> None:
    state = RegistrationState(valid_until=END, ended_on=date(2026, 12, 10), ended_by=reason)
    status = effective_status(state, date(2026, 12, 10))
    assert (status.status, status.reason, status.inactive_since) == (
        RegistrationStatus.inactive,
        reason,
        date(2026, 12, 10),
    )


def test_ending_after_expiry_keeps_the_day_it_lapsed() -> None:
    state = RegistrationState(
        valid_until=END, ended_on=date(2027, 3, 1), ended_by=InactiveReason.employed
    )
    status = effective_status(state, date(2027, 3, 1))
    assert status.reason is InactiveReason.employed
    assert status.inactive_since == date(2027, 2, 1)


def test_a_registration_cannot_be_ended_as_expired() -> None:
    state = RegistrationState(
        valid_until=END, ended_on=date(2027, 1, 1), ended_by=InactiveReason.expired
    )
    with pytest.raises(ValueError, match="ended by"):
        effective_status(state, date(2027, 1, 1))


# R4 -------------------------------------------------------------------------------------
def test_reactivation_is_possible_through_the_last_day_of_the_window() -> None:
    since = date(2027, 2, 1)
    assert reactivation_deadline(since, 60) == date(2027, 4, 2)
    assert may_reactivate_online(since, date(2027, 4, 1), 60)
    assert may_reactivate_online(since, date(2027, 4, 2), 60)
    assert not may_reactivate_online(since, date(2027, 4, 3), 60)


def test_reactivation_is_possible_on_the_day_of_becoming_inactive() -> None:
    assert may_reactivate_online(date(2027, 2, 1), date(2027, 2, 1), 60)
