"""R20: a job is valid to 翌々月末 of acceptance, extendable once by a month."""

from datetime import date

import pytest

from mypage_api.rules.jobs import (
    AlreadyExtended,
    ReferralDeadlineAfterValidity,
    check_referral_deadline,
    extended_job_valid_until,
    job_invalid_on,
    job_is_valid,
    job_valid_until,
)


def test_valid_to_the_end_of_the_month_after_next() -> None:
    assert job_valid_until(date(2026, 11, 25)) == date(2027, 1, 31)
    assert job_valid_until(date(2026, 12, 1)) == date(2027, 2, 28)
    assert job_valid_until(date(2027, 12, 31)) == date(2028, 2, 29)


def test_extended_once_by_one_month() -> None:
    assert extended_job_valid_until(date(2027, 1, 31), already_extended=False) == date(2027, 2, 28)
    with pytest.raises(AlreadyExtended):
        extended_job_valid_until(date(2027, 2, 28), already_extended=True)


def test_referral_deadline_on_or_before_the_validity_end() -> None:
    check_referral_deadline(date(2027, 1, 30), date(2027, 1, 31))
    check_referral_deadline(date(2027, 1, 31), date(2027, 1, 31))
    with pytest.raises(ReferralDeadlineAfterValidity):
        check_referral_deadline(date(2027, 2, 1), date(2027, 1, 31))


def test_valid_through_its_last_day_and_invalid_the_day_after() -> None:
    valid_until = date(2027, 1, 31)
    assert job_is_valid(valid_until, None, date(2027, 1, 30))
    assert job_is_valid(valid_until, None, date(2027, 1, 31))
    assert not job_is_valid(valid_until, None, date(2027, 2, 1))
    assert job_invalid_on(valid_until, None) == date(2027, 2, 1)


def test_closed_jobs_are_invalid_from_the_day_they_were_closed() -> None:
    valid_until = date(2027, 1, 31)
    closed_on = date(2026, 12, 10)
    assert job_is_valid(valid_until, closed_on, date(2026, 12, 9))
    assert not job_is_valid(valid_until, closed_on, date(2026, 12, 10))
    assert job_invalid_on(valid_until, closed_on) == closed_on
    assert job_invalid_on(valid_until, date(2027, 3, 1)) == date(2027, 2, 1)
