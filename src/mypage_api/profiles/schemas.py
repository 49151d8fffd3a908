"""The registration profile (R22): the sections of the counter form (求職申込書) as one JSON
object, in two shapes.

- ``ProfileDraft``: what an applicant has typed so far. Every field may be missing, so a
  draft can be saved part-way, and values that are wrong but well-typed (a postal code that
  does not exist, kana typed in kanji, a career that ends before it starts) are kept as
  typed so that they can be corrected; ``validation.check_profile`` reports them. Only
  type-level garbage is refused (422): a wrong JSON type, an unknown enum value, a
  malformed date or year-month, a text over its limit, a list over its length, an
  unknown key.
- ``Profile``: the complete shape kept after submission. Required fields are present and
  formats hold (katakana, ``NNN-NNNN``, a Japanese phone number); facts that need the
  date or the postal database are checked by ``check_profile``, which submission runs.

Both shapes have the same JSON keys: a stored ``Profile`` reads back as a ``ProfileDraft``.

Every model forbids unknown keys. The Employment Security Act's guideline (職業安定法第5条の5,
平成11年労働省告示第141号) forbids collecting family-register domicile (本籍) and birthplace,
beliefs and religion, political affiliation, union membership and the like; a key for
them can never be stored, because no model has such a field and no model takes extras.

Text is normalised as it is read (``normalise``); limits apply to what was sent.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    field_validator,
    model_validator,
)

from mypage_api.profiles.normalise import (
    is_blank,
    is_katakana,
    is_postal_code,
    normalise_kana,
    normalise_multiline,
    normalise_phone,
    normalise_postal_code,
    normalise_text,
    phone_kind,
)
from mypage_api.rules.eligibility import SchoolAttendance, SchoolKind, SchoolState
from mypage_api.rules.work import EmploymentType, WageUnit

# Limits -----------------------------------------------------------------------------------

NAME_MAX = 100  # 氏名 / フリガナ (room for long foreign names)
ADDRESS_MAX = 200
POSTAL_CODE_INPUT_MAX = 20  # '〒１００－０００１' and the like
PHONE_INPUT_MAX = 30  # '+81 (0)90-1234-5678' and the like
TITLE_MAX = 100  # school, department, qualification and employer names
OCCUPATION_NAME_MAX = 50
GRADE_MAX = 20
LONG_TEXT_MAX = 1000  # job content, considerations
SELF_PR_MAX = 2000
OCCUPATIONS_MAX = 3
LOCATIONS_MAX = 3
SCHOOLS_MAX = 10
QUALIFICATIONS_MAX = 20
CAREER_ENTRIES_MAX = 20
CERTIFICATES_MAX = 3
WAGE_MAX = 99_999_999  # yen
COMMUTE_MINUTES_MAX = 600

# Guideline items, for documentation and tests: none of these is a field of any model.
FORBIDDEN_TOPICS = (
    "honseki",  # 本籍 (family-register domicile)
    "birthplace",  # 出生地
    "family",  # 家族 (occupations, income, health...)
    "housing",  # 住宅状況
    "religion",  # 宗教
    "beliefs",  # 思想・信条, 人生観
    "political_party",  # 支持政党
    "respected_person",  # 尊敬する人物
    "newspapers",  # 購読新聞・雑誌・愛読書
    "union_membership",  # 労働組合・学生運動などへの加入・活動歴
)


# Normalised text types --------------------------------------------------------------------

_T = TypeVar("_T")


def _unique(values: list[_T]) -> list[_T]:
    return list(dict.fromkeys(values))


def _katakana(value: str) -> str:
    if not is_katakana(value):
        raise ValueError("must be full-width katakana")
    return value


def _postal_code(value: str) -> str:
    if not is_postal_code(value):
        raise ValueError("must be a postal code NNN-NNNN")
    return value


def _japanese_phone(value: str) -> str:
    if phone_kind(value) is None:
        raise ValueError("must be a Japanese phone number")
    return value


def _text(max_length: int) -> Any:
    return StringConstraints(max_length=max_length)


Name = Annotated[str, _text(NAME_MAX), AfterValidator(normalise_text)]
Kana = Annotated[str, _text(NAME_MAX), AfterValidator(normalise_kana)]
Address = Annotated[str, _text(ADDRESS_MAX), AfterValidator(normalise_text)]
PostalCodeInput = Annotated[
    str, _text(POSTAL_CODE_INPUT_MAX), AfterValidator(normalise_postal_code)
]
PhoneInput = Annotated[str, _text(PHONE_INPUT_MAX), AfterValidator(normalise_phone)]
Title = Annotated[str, _text(TITLE_MAX), AfterValidator(normalise_text)]
OccupationName = Annotated[str, _text(OCCUPATION_NAME_MAX), AfterValidator(normalise_text)]
Grade = Annotated[str, _text(GRADE_MAX), AfterValidator(normalise_text)]
LongText = Annotated[str, _text(LONG_TEXT_MAX), AfterValidator(normalise_multiline)]
SelfPrText = Annotated[str, _text(SELF_PR_MAX), AfterValidator(normalise_multiline)]

KatakanaName = Annotated[Kana, AfterValidator(_katakana)]
PostalCode = Annotated[PostalCodeInput, AfterValidator(_postal_code)]
Phone = Annotated[PhoneInput, AfterValidator(_japanese_phone)]

YearMonth = Annotated[
    str,
    StringConstraints(pattern=r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$"),
    Field(description="Year and month, `YYYY-MM`.", examples=["2020-03"]),
]
ClockTime = Annotated[
    str,
    StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$"),
    Field(description="Time of day, `HH:MM` (24-hour clock).", examples=["09:00"]),
]
PrefectureCode = Annotated[
    str,
    StringConstraints(pattern=r"^(0[1-9]|[1-3][0-9]|4[0-7])$"),
    Field(description="Prefecture, JIS X 0401 (01-47).", examples=["13"]),
]
MunicipalityCode = Annotated[
    str,
    StringConstraints(pattern=r"^(0[1-9]|[1-3][0-9]|4[0-7])[0-9]{3}$"),
    Field(description="Municipality, JIS X 0402 (5 digits).", examples=["13101"]),
]
OccupationCode = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{2}([0-9](-[0-9]{2})?)?$"),
    Field(
        description="Occupation classification (職業分類): middle `NN`, minor `NNN` or "
        "detailed `NNN-NN`.",
        examples=["051-01"],
    ),
]
Wage = Annotated[int, Field(ge=1, le=WAGE_MAX, description="Yen.")]


# Enumerations -----------------------------------------------------------------------------


class Disclosure(StrEnum):
    """求職公開: whether employers may see the profile (without name or contact details)."""

    public = "public"
    private = "private"


class PartnerSharing(StrEnum):
    """求職情報提供: whether partners (自治体・民間人材ビジネス) may see and contact the seeker."""

    opted_in = "opted_in"
    opted_out = "opted_out"


class DayOff(StrEnum):
    """A desired day off (希望休日): a day of the week, or public holidays (祝日)."""

    monday = "monday"
    tuesday = "tuesday"
    wednesday = "wednesday"
    thursday = "thursday"
    friday = "friday"
    saturday = "saturday"
    sunday = "sunday"
    public_holidays = "public_holidays"  # 祝日


class GraduationStatus(StrEnum):
    """How a school ended: graduated (卒業), left (中退) or expected to graduate (卒業見込)."""

    graduated = "graduated"  # 卒業
    left = "left"  # 中退
    expected = "expected"  # 卒業見込


class LeavingReason(StrEnum):
    """離職理由, as categories: a free text here would invite what need not be told."""

    company = "company"  # 会社都合 (解雇・倒産など)
    personal = "personal"  # 自己都合
    contract_end = "contract_end"  # 契約期間満了
    retirement_age = "retirement_age"  # 定年
    other = "other"


class CertificateKind(StrEnum):
    """A disability certificate: 身体障害者手帳, 療育手帳 or 精神障害者保健福祉手帳."""

    physical = "physical"  # 身体障害者手帳
    intellectual = "intellectual"  # 療育手帳
    mental = "mental"  # 精神障害者保健福祉手帳


# Examples shown in the contract (Swagger UI) ----------------------------------------------

PROFILE_EXAMPLE: dict[str, Any] = {
    "basic": {
        "name": "山田 太郎",
        "name_kana": "ヤマダ　タロウ",
        "birth_date": "1990-04-15",
        "postal_code": "160-0023",
        "address": "東京都新宿区西新宿1-2-3 西新宿ハイツ101",
        "phone": "090-1234-5678",
        "school": {"kind": "high_school", "attendance": "full_time", "state": "graduated"},
    },
    "sharing": {"employers": "public", "partners": "opted_out"},
    "desired_work": {
        "occupations": [{"name": "介護職員", "classification_code": "055-01"}],
        "employment_types": ["regular"],
        "working_hours": {"start": "09:00", "end": "18:00"},
        "days_per_week": 5,
        "days_off": ["saturday", "sunday"],
    },
    "desired_conditions": {
        "locations": [{"prefecture_code": "13", "municipality_code": "13104"}],
        "wage": {"amount": 220000, "unit": "monthly"},
        "max_commute_minutes": 60,
        "car_commute": False,
        "relocation_possible": False,
    },
    "education": {
        "schools": [
            {"name": "東京都立新宿高等学校", "status": "graduated", "year_month": "2009-03"}
        ],
        "qualifications": [{"name": "介護職員初任者研修", "acquired": "2025-08"}],
    },
    "career": {
        "entries": [
            {
                "employer_name": "株式会社しんじゅく商事",
                "start_month": "2009-04",
                "end_month": "2026-09",
                "job_content": "店舗での接客・販売、在庫管理",
                "employment_type": "regular",
                "leaving_reason": "personal",
            }
        ]
    },
    "disability": {"has_disability": False},
    "self_pr": {
        "text": "接客の経験を活かし、利用者様一人ひとりに寄り添った介護をしたいと考えています。"
    },
}
PROFILE_DRAFT_EXAMPLE: dict[str, Any] = {
    "basic": {"name": "山田 太郎", "name_kana": "やまだ たろう", "postal_code": "1600023"},
    "desired_work": {"occupations": [{"name": "介護職員"}], "employment_types": ["regular"]},
}


# Base -------------------------------------------------------------------------------------


class _Model(BaseModel):
    """Unknown keys are refused; text that is blank once cleaned counts as not given."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: Any) -> Any:
        if isinstance(value, str) and is_blank(value):
            return None
        return value


def _items(limit: int) -> Any:
    return Field(default_factory=list, max_length=limit)


# Sections shared by both shapes ---------------------------------------------------------


class Sharing(_Model):
    """Information-sharing choices; both default to not sharing."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"employers": "public", "partners": "opted_in"}]}
    )

    employers: Disclosure = Field(
        default=Disclosure.private, description="求職公開: disclosure to employers."
    )
    partners: PartnerSharing = Field(
        default=PartnerSharing.opted_out, description="求職情報提供: sharing with partners."
    )


class SelfPr(_Model):
    """Self-PR (自己PR): what the seeker tells employers about themselves."""

    text: SelfPrText | None = Field(default=None, description="自己PR.")


# Draft shape ------------------------------------------------------------------------------


class BasicSchoolDraft(_Model):
    """The school the applicant attends or last attended (R6)."""

    kind: SchoolKind | None = None
    attendance: SchoolAttendance | None = None
    state: SchoolState | None = None


class BasicDraft(_Model):
    """Basic information (基本情報) as typed so far: every field may be missing."""

    name: Name | None = Field(default=None, description="氏名.")
    name_kana: Kana | None = Field(
        default=None, description="フリガナ: normalised to full-width katakana."
    )
    birth_date: date | None = None
    postal_code: PostalCodeInput | None = Field(
        default=None, description="`NNN-NNNN` or 7 digits; stored as `NNN-NNNN`."
    )
    address: Address | None = Field(
        default=None, description="Filled from the postal code when omitted."
    )
    phone: PhoneInput | None = Field(default=None, description="A Japanese phone number.")
    school: BasicSchoolDraft | None = None


class OccupationDraft(_Model):
    """A desired occupation (希望職種) as typed so far."""

    name: OccupationName | None = None
    classification_code: OccupationCode | None = None


class WorkingHoursDraft(_Model):
    """An end before the start is an overnight shift."""

    start: ClockTime | None = None
    end: ClockTime | None = None


class DesiredWorkDraft(_Model):
    """Desired work as typed so far: occupations, employment types, hours and days."""

    occupations: list[OccupationDraft] = _items(OCCUPATIONS_MAX)
    employment_types: Annotated[list[EmploymentType], AfterValidator(_unique)] = _items(
        len(EmploymentType)
    )
    working_hours: WorkingHoursDraft | None = None
    days_per_week: Annotated[int, Field(ge=1, le=7)] | None = None
    days_off: Annotated[list[DayOff], AfterValidator(_unique)] = _items(len(DayOff))


class _LocationFill(_Model):
    @model_validator(mode="before")
    @classmethod
    def _prefecture_from_municipality(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("prefecture_code"):
            municipality = data.get("municipality_code")
            if isinstance(municipality, str) and len(municipality) == 5:
                return {**data, "prefecture_code": municipality[:2]}
        return data


class LocationDraft(_LocationFill):
    """The prefecture is taken from the municipality code when only that is given."""

    prefecture_code: PrefectureCode | None = None
    municipality_code: MunicipalityCode | None = None


class WageDraft(_Model):
    """The desired wage (希望賃金) as typed so far: a lower limit and its unit."""

    amount: Wage | None = None
    unit: WageUnit | None = None


class DesiredConditionsDraft(_Model):
    """Desired conditions as typed so far: places of work, wage and commute."""

    locations: list[LocationDraft] = _items(LOCATIONS_MAX)
    wage: WageDraft | None = Field(default=None, description="希望賃金 (lower limit).")
    max_commute_minutes: Annotated[int, Field(ge=1, le=COMMUTE_MINUTES_MAX)] | None = None
    car_commute: StrictBool | None = Field(default=None, description="マイカー通勤希望.")
    relocation_possible: StrictBool | None = Field(default=None, description="転居可.")


class SchoolRecordDraft(_Model):
    """A school of the education history (学歴) as typed so far."""

    name: Title | None = None
    department: Title | None = None
    status: GraduationStatus | None = None
    year_month: YearMonth | None = Field(
        default=None, description="Month of graduation, of leaving, or expected graduation."
    )


class QualificationDraft(_Model):
    """A qualification or licence (資格・免許) as typed so far."""

    name: Title | None = None
    acquired: YearMonth | None = None


class EducationDraft(_Model):
    """Education history (学歴) and qualifications (資格・免許) as typed so far."""

    schools: list[SchoolRecordDraft] = _items(SCHOOLS_MAX)
    qualifications: list[QualificationDraft] = _items(QUALIFICATIONS_MAX)


class CareerEntryDraft(_Model):
    """A job of the work history (職歴) as typed so far."""

    employer_name: Title | None = None
    start_month: YearMonth | None = None
    end_month: YearMonth | None = Field(
        default=None, description="Omitted while still employed there; may be a planned month."
    )
    job_content: LongText | None = None
    employment_type: EmploymentType | None = None
    leaving_reason: LeavingReason | None = None


class CareerDraft(_Model):
    """The work history (職歴) as typed so far."""

    entries: list[CareerEntryDraft] = _items(CAREER_ENTRIES_MAX)


class CertificateDraft(_Model):
    """A disability certificate (障害者手帳) as typed so far."""

    kind: CertificateKind | None = None
    grade: Grade | None = Field(default=None, description="等級・程度, as on the certificate.")


class DisabilityDraft(_Model):
    """Optional and sensitive: nothing here is ever required."""

    has_disability: StrictBool | None = None
    certificates: list[CertificateDraft] = _items(CERTIFICATES_MAX)
    considerations: LongText | None = Field(default=None, description="配慮事項.")


class ProfileDraft(_Model):
    """A profile being written: every section and field may be missing."""

    model_config = ConfigDict(json_schema_extra={"examples": [PROFILE_DRAFT_EXAMPLE]})

    basic: BasicDraft = Field(default_factory=BasicDraft)
    sharing: Sharing = Field(default_factory=Sharing)
    desired_work: DesiredWorkDraft = Field(default_factory=DesiredWorkDraft)
    desired_conditions: DesiredConditionsDraft = Field(default_factory=DesiredConditionsDraft)
    education: EducationDraft = Field(default_factory=EducationDraft)
    career: CareerDraft = Field(default_factory=CareerDraft)
    disability: DisabilityDraft = Field(default_factory=DisabilityDraft)
    self_pr: SelfPr = Field(default_factory=SelfPr)


# Complete shape ---------------------------------------------------------------------------


class BasicSchool(_Model):
    """Attendance and state may be left out only when there is no school (``kind=none``)."""

    kind: SchoolKind
    attendance: SchoolAttendance | None = None
    state: SchoolState | None = None

    @model_validator(mode="after")
    def _details_unless_no_school(self) -> Self:
        if self.kind is not SchoolKind.none and (self.attendance is None or self.state is None):
            raise ValueError("attendance and state are required unless kind is none")
        return self


class Basic(_Model):
    """Basic information (基本情報): name, reading, birth date, address, phone and school (R6)."""

    name: Name
    name_kana: KatakanaName
    birth_date: date
    postal_code: PostalCode
    address: Address
    phone: Phone
    school: BasicSchool


class DesiredOccupation(_Model):
    """An occupation the seeker wants: its name, and its classification code when known."""

    name: OccupationName
    classification_code: OccupationCode | None = None


class WorkingHours(_Model):
    """Desired working hours (希望就業時間); an end before the start is an overnight shift."""

    start: ClockTime
    end: ClockTime


class DesiredWork(_Model):
    """Desired work: occupations (希望職種), employment types, hours and days."""

    occupations: list[DesiredOccupation] = _items(OCCUPATIONS_MAX)
    employment_types: Annotated[list[EmploymentType], AfterValidator(_unique)] = _items(
        len(EmploymentType)
    )
    working_hours: WorkingHours | None = None
    days_per_week: Annotated[int, Field(ge=1, le=7)] | None = None
    days_off: Annotated[list[DayOff], AfterValidator(_unique)] = _items(len(DayOff))


class Location(_LocationFill):
    """A desired place of work (希望就業場所): a prefecture, and a municipality when given."""

    prefecture_code: PrefectureCode
    municipality_code: MunicipalityCode | None = None


class DesiredWage(_Model):
    """The desired wage (希望賃金): a lower limit in yen, per unit."""

    amount: Wage
    unit: WageUnit


class DesiredConditions(_Model):
    """Desired conditions: places of work, wage and commute."""

    locations: list[Location] = _items(LOCATIONS_MAX)
    wage: DesiredWage | None = Field(default=None, description="希望賃金 (lower limit).")
    max_commute_minutes: Annotated[int, Field(ge=1, le=COMMUTE_MINUTES_MAX)] | None = Field(
        default=None, description="Longest acceptable commute, in minutes."
    )
    car_commute: StrictBool | None = Field(default=None, description="マイカー通勤希望.")
    relocation_possible: StrictBool | None = Field(default=None, description="転居可.")


class SchoolRecord(_Model):
    """A school of the education history (学歴)."""

    name: Title
    department: Title | None = None
    status: GraduationStatus
    year_month: YearMonth


class Qualification(_Model):
    """A qualification or licence (資格・免許), with the month it was acquired when given."""

    name: Title
    acquired: YearMonth | None = None


class Education(_Model):
    """Education history (学歴) and qualifications (資格・免許)."""

    schools: list[SchoolRecord] = _items(SCHOOLS_MAX)
    qualifications: list[Qualification] = _items(QUALIFICATIONS_MAX)


class CareerEntry(_Model):
    """A past or current job of the work history (職歴)."""

    employer_name: Title
    start_month: YearMonth
    end_month: YearMonth | None = Field(
        default=None, description="Omitted while still employed there; may be a planned month."
    )
    job_content: LongText | None = None
    employment_type: EmploymentType | None = None
    leaving_reason: LeavingReason | None = None


class Career(_Model):
    """The work history (職歴)."""

    entries: list[CareerEntry] = _items(CAREER_ENTRIES_MAX)


class Certificate(_Model):
    """A disability certificate (障害者手帳) and its grade."""

    kind: CertificateKind
    grade: Grade | None = Field(default=None, description="等級・程度, as on the certificate.")


class Disability(_Model):
    """Disability information: optional and sensitive; nothing here is ever required."""

    has_disability: StrictBool | None = None
    certificates: list[Certificate] = _items(CERTIFICATES_MAX)
    considerations: LongText | None = Field(default=None, description="配慮事項.")


class Profile(_Model):
    """A submitted profile: basic information complete, every entry whole."""

    model_config = ConfigDict(json_schema_extra={"examples": [PROFILE_EXAMPLE]})

    basic: Basic
    sharing: Sharing = Field(default_factory=Sharing)
    desired_work: DesiredWork = Field(default_factory=DesiredWork)
    desired_conditions: DesiredConditions = Field(default_factory=DesiredConditions)
    education: Education = Field(default_factory=Education)
    career: Career = Field(default_factory=Career)
    disability: Disability = Field(default_factory=Disability)
    self_pr: SelfPr = Field(default_factory=SelfPr)


# Changing a profile -----------------------------------------------------------------------


def _merge(target: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    merged = dict(target)
    for key, value in patch.items():
        current = merged.get(key)
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(current, dict):
            merged[key] = _merge(current, value)
        else:
            merged[key] = value
    return merged


def as_draft(profile: Profile | ProfileDraft) -> ProfileDraft:
    """A profile in the draft shape (the JSON keys are the same)."""
    if isinstance(profile, ProfileDraft):
        return profile
    return ProfileDraft.model_validate(profile.model_dump(mode="json"))


def apply_patch(current: Profile | ProfileDraft, patch: ProfileDraft) -> ProfileDraft:
    """``current`` changed by the keys ``patch`` was given, as JSON Merge Patch (RFC 7396):
    objects merge key by key, lists and other values replace, ``null`` clears a field
    (back to its default).

    ``patch`` must be parsed from the request body, so that only the keys sent are set.
    """
    changes = patch.model_dump(mode="json", exclude_unset=True)
    return ProfileDraft.model_validate(_merge(as_draft(current).model_dump(mode="json"), changes))
