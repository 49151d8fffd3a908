"""R6: who may open a My Page (利用規約 第2条)."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from mypage_api.rules.age import age_on

MINIMUM_AGE_EXCLUSIVE = 15


class SchoolKind(StrEnum):
    """The school a person attends or last attended (R6); secondary is 中等教育学校."""

    none = "none"
    junior_high = "junior_high"
    secondary = "secondary"  # 中等教育学校
    high_school = "high_school"
    other = "other"


class SchoolAttendance(StrEnum):
    """How the school is attended: full time, night (夜間), part time (定時制) or correspondence
    (通信制)."""

    full_time = "full_time"
    night = "night"
    part_time = "part_time"  # 定時制
    correspondence = "correspondence"


class SchoolState(StrEnum):
    """Whether the person is enrolled, due to graduate (卒業予定) or graduated."""

    enrolled = "enrolled"
    graduating = "graduating"
    graduated = "graduated"


@dataclass(frozen=True)
class School:
    kind: SchoolKind
    attendance: SchoolAttendance
    state: SchoolState


class Ineligibility(StrEnum):
    too_young = "too_young"
    school_pupil = "school_pupil"


_SCHOOL_KINDS_SUPPORTED_BY_SCHOOLS = frozenset(
    {SchoolKind.junior_high, SchoolKind.secondary, SchoolKind.high_school}
)
_ATTENDANCE_ALLOWED = frozenset(
    {SchoolAttendance.night, SchoolAttendance.part_time, SchoolAttendance.correspondence}
)


def ineligibility(birth_date: date, today: date, school: School | None) -> Ineligibility | None:
    """Why a person may not open a My Page today, or None when they may.

    Aged 15 or under; or a pupil of junior high, secondary or high school who is
    enrolled or due to graduate, unless attending night, part-time or correspondence
    courses (their schools support the others' job search).
    """
    if age_on(birth_date, today) <= MINIMUM_AGE_EXCLUSIVE:
        return Ineligibility.too_young
    if (
        school is not None
        and school.kind in _SCHOOL_KINDS_SUPPORTED_BY_SCHOOLS
        and school.state in (SchoolState.enrolled, SchoolState.graduating)
        and school.attendance not in _ATTENDANCE_ALLOWED
    ):
        return Ineligibility.school_pupil
    return None
