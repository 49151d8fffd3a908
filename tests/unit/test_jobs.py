"""R20: a job is valid to 翌々月末 of acceptance, extendable once by a month; its referral
deadline lies between today and its validity end; what state the employer sees."""

from datetime import date

from mypage_api.rules.jobs import (
    JobRefusal,
    JobState,
    extended_job_valid_until,
    extension_refusal,
    job_invalid_on,
    job_is_valid,
    job_state,
    job_valid_until,
    referral_deadline_refusal,
)


def test_valid_to_the_end_of_the_month_after_next() -> None:
    assert job_valid_until(date(2026, 11, 25)) == date(2027, 1, 31)
    assert job_valid_until(date(2026, 12, 1)) == date(2027, 2, 28)
    assert job_valid_until(date(2027, 12, 31)) == date(2028, 2, 29)


def test_extended_once_by_one_month() -> None:
    assert extension_refusal(already_extended=False) is None
    assert extended_job_valid_until(date(2027, 1, 31)) == date(2027, 2, 28)
    assert extension_refusal(already_extended=True) is JobRefusal.already_extended


def deadline_refusal(deadline: date, today: date = date(2026, 11, 25)) -> JobRefusal | None:
    return referral_deadline_refusal(deadline, valid_until=date(2027, 1, 31), today=today)


def test_referral_deadline_on_or_before_the_validity_end() -> None:
    assert deadline_refusal(date(2027, 1, 30)) is None
    assert deadline_refusal(date(2027, 1, 31)) is None
    assert deadline_refusal(date(2027, 2, 1)) is JobRefusal.referral_deadline_after_validity


def test_referral_deadline_from_today_on() -> None:
    today = date(2026, 12, 10)
    assert deadline_refusal(today, today) is None
    assert deadline_refusal(date(2026, 12, 9), today) is JobRefusal.referral_deadline_past


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


def test_the_employer_sees_a_job_open_through_its_last_day_then_expired() -> None:
    valid_until = date(2027, 1, 31)
    assert job_state(valid_until, None, date(2027, 1, 31)) is JobState.open
    assert job_state(valid_until, None, date(2027, 2, 1)) is JobState.expired


def test_a_closed_job_stays_closed_even_after_its_validity() -> None:
    valid_until = date(2027, 1, 31)
    assert job_state(valid_until, date(2026, 12, 10), date(2026, 12, 10)) is JobState.closed
    assert job_state(valid_until, date(2026, 12, 10), date(2027, 3, 1)) is JobState.closed
