from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Self

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from mypage_api.models import Employer, Job, WorkingStyle
from mypage_api.rules.jobs import JobState
from mypage_api.rules.work import EmploymentType, WageUnit
from mypage_api.types import IsoDate

PrefectureCode = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|[1-3]\d|4[0-7])$")]
MunicipalityCode = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|[1-3]\d|4[0-7])\d{3}$")]
JobNumber = Annotated[str, StringConstraints(pattern=r"^\d{5}-\d{8}$")]
OccupationCode = Annotated[str, StringConstraints(pattern=r"^\d{3}-\d{2}$")]
Wage = Annotated[int, Field(ge=1, le=99_999_999)]

# Examples shown in the contract (Swagger UI), each valid for its model.
JOB_SUMMARY_EXAMPLE: dict[str, Any] = {
    "job_number": "13010-12345678",
    "title": "介護職員（正社員）",
    "occupation": {"code": "055-01", "name": "介護職員"},
    "employment_type": "regular",
    "working_style": "full_time",
    "wage": {"unit": "monthly", "min": 220000, "max": 280000},
    "prefecture_code": "13",
    "municipality_code": "13104",
    "employer_name": "社会福祉法人ひまわり会",
    "accepts_online_applications": True,
    "accepted_on": "2026-11-02",
    "referral_deadline": "2027-01-31",
    "valid_until": "2027-01-31",
}
JOB_READ_EXAMPLE: dict[str, Any] = JOB_SUMMARY_EXAMPLE | {
    "description": "特別養護老人ホームでの入居者様の生活支援（食事・入浴・排せつの介助など）。"
    "未経験の方も歓迎します。",
    "working_hours": "9:00〜18:00（休憩60分）",
}


class JobFields(BaseModel):
    """What an employer writes in a posting."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=100, examples=["介護職員（日勤のみ）"])
    occupation_code: OccupationCode = Field(examples=["055-01"])
    occupation_name: str = Field(min_length=1, max_length=50, examples=["介護職員"])
    description: str = Field(min_length=1, max_length=2000)
    employment_type: EmploymentType
    working_style: WorkingStyle
    wage_unit: WageUnit
    wage_min: Wage
    wage_max: Wage
    working_hours: str = Field(min_length=1, max_length=200, examples=["9:00〜18:00（休憩60分）"])
    prefecture_code: PrefectureCode
    municipality_code: MunicipalityCode
    accepts_online_applications: bool
    publishes_employer_name: bool

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.wage_max < self.wage_min:
            raise ValueError("wage_max is below wage_min")
        if not self.municipality_code.startswith(self.prefecture_code):
            raise ValueError("the municipality is not in the prefecture")
        return self


class JobCreate(JobFields):
    """A job posting (求人) an employer submits; valid to the end of the month after next
    (翌々月末, R20)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "介護職員（正社員）",
                    "occupation_code": "055-01",
                    "occupation_name": "介護職員",
                    "description": JOB_READ_EXAMPLE["description"],
                    "employment_type": "regular",
                    "working_style": "full_time",
                    "wage_unit": "monthly",
                    "wage_min": 220000,
                    "wage_max": 280000,
                    "working_hours": "9:00〜18:00（休憩60分）",
                    "prefecture_code": "13",
                    "municipality_code": "13104",
                    "accepts_online_applications": True,
                    "publishes_employer_name": True,
                    "referral_deadline": "2027-01-31",
                }
            ]
        }
    )

    referral_deadline: IsoDate | None = Field(
        default=None, description="紹介期限日; the last valid day when omitted (R20)."
    )


class JobUpdate(BaseModel):
    """Only the fields sent change; the result must still be a whole posting."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"wage_min": 230000, "wage_max": 290000, "referral_deadline": "2027-01-15"}
            ]
        },
    )

    title: str | None = Field(default=None, min_length=1, max_length=100)
    occupation_code: OccupationCode | None = None
    occupation_name: str | None = Field(default=None, min_length=1, max_length=50)
    description: str | None = Field(default=None, min_length=1, max_length=2000)
    employment_type: EmploymentType | None = None
    working_style: WorkingStyle | None = None
    wage_unit: WageUnit | None = None
    wage_min: Wage | None = None
    wage_max: Wage | None = None
    working_hours: str | None = Field(default=None, min_length=1, max_length=200)
    prefecture_code: PrefectureCode | None = None
    municipality_code: MunicipalityCode | None = None
    accepts_online_applications: bool | None = None
    publishes_employer_name: bool | None = None
    referral_deadline: IsoDate | None = None


class JobOccupation(BaseModel):
    """A job's occupation: its classification code and name."""

    code: str
    name: str


class WageRange(BaseModel):
    """A job's wage (賃金): the lowest and highest amount in yen, per unit."""

    unit: WageUnit
    min: int
    max: int


class JobSummary(BaseModel):
    """A job as search lists it."""

    model_config = ConfigDict(json_schema_extra={"examples": [JOB_SUMMARY_EXAMPLE]})

    job_number: str
    title: str
    occupation: JobOccupation
    employment_type: EmploymentType
    working_style: WorkingStyle
    wage: WageRange
    prefecture_code: str
    municipality_code: str
    employer_name: str | None = Field(description="Null unless the job publishes it.")
    accepts_online_applications: bool
    accepted_on: date
    referral_deadline: date
    valid_until: date


# A summary's values as a job's columns hold them, the employer's name aside: the one list
# that job queries select (``jobs.queries.SUMMARY_COLUMNS``) and ``summary_fields`` reads.
SUMMARY_KEYS = (
    "job_number",
    "title",
    "occupation_code",
    "occupation_name",
    "employment_type",
    "working_style",
    "wage_unit",
    "wage_min",
    "wage_max",
    "prefecture_code",
    "municipality_code",
    "publishes_employer_name",
    "accepts_online_applications",
    "accepted_on",
    "referral_deadline",
    "valid_until",
)


def summary_fields(values: Mapping[Any, Any]) -> dict[str, Any]:
    """A ``JobSummary``'s fields from ``SUMMARY_KEYS`` and ``employer_name`` (a result row,
    or a job's values): the columns as they are, but the occupation and the wage grouped,
    and the employer's name only when the job publishes it."""
    fields = {key: values[key] for key in SUMMARY_KEYS}
    fields["occupation"] = JobOccupation(
        code=fields.pop("occupation_code"), name=fields.pop("occupation_name")
    )
    fields["wage"] = WageRange(
        unit=fields.pop("wage_unit"), min=fields.pop("wage_min"), max=fields.pop("wage_max")
    )
    published = fields.pop("publishes_employer_name")
    fields["employer_name"] = values["employer_name"] if published else None
    return fields


def job_values(job: Job, employer: Employer) -> dict[str, Any]:
    """The values ``summary_fields`` reads, from a job and its employer."""
    return {key: getattr(job, key) for key in SUMMARY_KEYS} | {"employer_name": employer.name}


class JobRead(JobSummary):
    """A job's details (valid jobs only: R10)."""

    model_config = ConfigDict(json_schema_extra={"examples": [JOB_READ_EXAMPLE]})

    description: str
    working_hours: str


class EmployerJobRead(JobRead):
    """One of the employer's own jobs (求人), with its state and validity."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                JOB_READ_EXAMPLE
                | {
                    "state": "open",
                    "publishes_employer_name": True,
                    "extended": False,
                    "closed_on": None,
                }
            ]
        }
    )

    state: JobState
    publishes_employer_name: bool
    extended: bool = Field(description="Whether the validity was extended by a month (R20).")
    closed_on: date | None = Field(description="The day the employer closed it; null if open.")


JobNumberPath = Annotated[
    str, Path(pattern=r"^\d{5}-\d{8}$", description="求人番号", examples=["13010-00000001"])
]
