"""R6: who may open a My Page."""

from datetime import date

import pytest

from mypage_api.rules.eligibility import (
    Ineligibility,
    School,
    SchoolAttendance,
    SchoolKind,
    SchoolState,
    ineligibility,
)

TODAY = date(2026, 11, 25)
ADULT = date(1990, 4, 1)


def test_aged_15_is_refused_and_16_from_the_birthday_is_allowed() -> None:
    assert ineligibility(date(2010, 11, 26), TODAY, None) is Ineligibility.too_young  # 15 today
    assert ineligibility(date(2010, 11, 25), TODAY, None) is None  # 16 from today
    assert ineligibility(date(2010, 11, 24), TODAY, None) is None


def test_born_29_february_turns_16_on_1_march_in_a_common_year() -> None:
    born = date(2008, 2, 29)
    assert ineligibility(born, date(2024, 2, 28), None) is Ineligibility.too_young
    assert ineligibility(born, date(2024, 2, 29), None) is None  # 2024 is a leap year
    born = date(2012, 2, 29)
    assert ineligibility(born, date(2028, 2, 28), None) is Ineligibility.too_young
    assert ineligibility(born, date(2028, 2, 29), None) is None
    born = date(2004, 2, 29)
    assert ineligibility(born, date(2020, 2, 28), None) is Ineligibility.too_young


@pytest.mark.parametrize(
    "kind", [SchoolKind.junior_high, SchoolKind.secondary, SchoolKind.high_school]
)
@pytest.mark.parametrize("state", [SchoolState.enrolled, SchoolState.graduating])
def test_full_time_pupils_are_refused(kind: SchoolKind, state: SchoolState) -> None:
    school = School(kind, SchoolAttendance.full_time, state)
    assert ineligibility(ADULT, TODAY, school) is Ineligibility.school_pupil


@pytest.mark.parametrize(
    "attendance",
    [SchoolAttendance.night, SchoolAttendance.part_time, SchoolAttendance.correspondence],
)
def test_night_part_time_and_correspondence_pupils_are_allowed(
    attendance: SchoolAttendance,
) -> None:
    school = School(SchoolKind.high_school, attendance, SchoolState.enrolled)
    assert ineligibility(date(2009, 5, 1), TODAY, school) is None


@pytest.mark.parametrize(
    "school",
    [
        School(SchoolKind.high_school, SchoolAttendance.full_time, SchoolState.graduated),
        School(SchoolKind.other, SchoolAttendance.full_time, SchoolState.enrolled),
        School(SchoolKind.none, SchoolAttendance.full_time, SchoolState.graduated),
    ],
)
def test_graduates_and_other_schools_are_allowed(school: School) -> None:
    assert ineligibility(date(2009, 5, 1), TODAY, school) is None


def test_age_is_checked_before_school() -> None:
    school = School(SchoolKind.junior_high, SchoolAttendance.full_time, SchoolState.enrolled)
    assert ineligibility(date(2012, 1, 1), TODAY, school) is Ineligibility.too_young
