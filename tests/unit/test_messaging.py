"""R9: messaging ends a week after the result or after 翌々々月末日 of an invalid job."""

from datetime import UTC, date, datetime, timedelta

from mypage_api.rules.calendar import JST
from mypage_api.rules.messaging import (
    MessagingRefusal,
    message_expires_at,
    messaging_closes_at,
    messaging_refusal,
    seconds_until_next_jst_day,
)

RESULT_AT = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


def refusal(now: datetime, closes_at: datetime | None, **kwargs: bool) -> MessagingRefusal | None:
    return messaging_refusal(
        employer_has_mypage=kwargs.get("has_mypage", True),
        blocked=kwargs.get("blocked", False),
        closes_at=closes_at,
        now=now,
    )


def test_open_while_selection_runs_and_the_job_is_valid() -> None:
    closes = messaging_closes_at(result_registered_at=None, job_invalid_on=None)
    assert closes is None
    assert refusal(RESULT_AT, closes) is None


def test_closes_exactly_one_week_after_the_result() -> None:
    closes = messaging_closes_at(result_registered_at=RESULT_AT, job_invalid_on=None)
    assert closes == RESULT_AT + timedelta(days=7)
    assert refusal(RESULT_AT + timedelta(days=7) - timedelta(seconds=1), closes) is None
    assert refusal(RESULT_AT + timedelta(days=7), closes) is MessagingRefusal.closed


def test_closes_at_the_end_of_the_third_month_after_the_job_became_invalid() -> None:
    closes = messaging_closes_at(result_registered_at=None, job_invalid_on=date(2026, 11, 10))
    assert closes == datetime(2027, 3, 1, 0, 0, tzinfo=JST)
    last_day_evening = datetime(2027, 2, 28, 23, 59, tzinfo=JST)
    assert refusal(last_day_evening, closes) is None
    assert refusal(datetime(2027, 3, 1, 0, 0, tzinfo=JST), closes) is MessagingRefusal.closed


def test_whichever_comes_first() -> None:
    closes = messaging_closes_at(result_registered_at=RESULT_AT, job_invalid_on=date(2026, 11, 10))
    assert closes == RESULT_AT + timedelta(days=7)
    late_result = datetime(2027, 2, 27, 0, 0, tzinfo=UTC)
    closes = messaging_closes_at(
        result_registered_at=late_result, job_invalid_on=date(2026, 11, 10)
    )
    assert closes == datetime(2027, 3, 1, 0, 0, tzinfo=JST)


def test_no_messaging_without_an_employer_my_page_or_when_blocked() -> None:
    assert refusal(RESULT_AT, None, has_mypage=False) is MessagingRefusal.no_employer_mypage
    assert refusal(RESULT_AT, None, blocked=True) is MessagingRefusal.blocked


def test_a_message_expires_a_year_later_at_the_same_jst_time() -> None:
    sent = datetime(2026, 11, 25, 9, 30, tzinfo=JST)
    assert message_expires_at(sent) == datetime(2027, 11, 25, 9, 30, tzinfo=JST)
    # 23:30 UTC is already the next day in Tokyo: the JST date counts.
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert message_expires_at(late) == datetime(2028, 1, 1, 8, 30, tzinfo=JST)


def test_a_message_of_29_february_expires_on_1_march() -> None:
    sent = datetime(2028, 2, 29, 12, 0, tzinfo=JST)
    assert message_expires_at(sent) == datetime(2029, 3, 1, 12, 0, tzinfo=JST)
    assert message_expires_at(datetime(2027, 2, 28, 12, 0, tzinfo=JST)) == datetime(
        2028, 2, 28, 12, 0, tzinfo=JST
    )


def test_the_daily_allowance_returns_at_jst_midnight() -> None:
    assert seconds_until_next_jst_day(datetime(2026, 11, 25, 23, 59, 30, tzinfo=JST)) == 30
    assert seconds_until_next_jst_day(datetime(2026, 11, 25, 0, 0, tzinfo=JST)) == 86400
    # 15:00 UTC is midnight in Tokyo.
    assert seconds_until_next_jst_day(datetime(2026, 11, 25, 14, 59, 59, tzinfo=UTC)) == 1
