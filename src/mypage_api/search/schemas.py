"""What a job search asks (R21's conditions, the page size) and answers (a page of job
summaries and its count)."""

from enum import IntEnum, StrEnum
from typing import Annotated, Self

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from mypage_api.jobs.schemas import (
    JOB_SUMMARY_EXAMPLE,
    JobNumber,
    JobSummary,
    MunicipalityCode,
    PrefectureCode,
    Wage,
)
from mypage_api.models import WorkingStyle
from mypage_api.rules.work import EmploymentType, WageUnit
from mypage_api.types import IsoDate


class JobSort(StrEnum):
    """Order of search results: newest acceptance first, or soonest referral deadline
    (紹介期限日) first."""

    accepted = "accepted"  # newest acceptance first
    deadline = "deadline"  # soonest referral deadline first


class SearchFilters(BaseModel):
    """R21's search conditions; the same in a query string and in a saved search."""

    q: str | None = Field(
        default=None,
        max_length=50,
        description="Free words: AND by default, `OR` between words, `-word` or `NOT word` "
        "to exclude. Matched as exact substrings (NFKC, case-insensitive).",
    )
    prefecture: list[PrefectureCode] = Field(
        default_factory=list,
        max_length=3,
        description="Prefectures of the workplace (JIS X 0401, `01`-`47`), up to 3; any of them.",
    )
    municipality: list[MunicipalityCode] = Field(
        default_factory=list,
        max_length=3,
        description="Municipalities of the workplace (JIS X 0402, 5 digits), up to 3; any of them.",
    )
    occupation: Annotated[str, StringConstraints(pattern=r"^\d{3}(-\d{2})?$")] | None = Field(
        default=None, description="Occupation classification: `055` or `055-01`."
    )
    employment_type: list[EmploymentType] = Field(
        default_factory=list, max_length=5, description="Employment types (雇用形態); any of them."
    )
    working_style: WorkingStyle | None = Field(
        default=None, description="Full time (フルタイム) or part time (パート)."
    )
    wage_unit: WageUnit | None = Field(default=None, description="With min_wage.")
    min_wage: Wage | None = Field(
        default=None, description="Jobs that can pay at least this (their upper bound)."
    )
    online: bool | None = Field(
        default=None, description="true: only jobs accepting online applications."
    )
    posted_since: IsoDate | None = Field(default=None, description="Accepted on or after.")
    job_number: list[JobNumber] = Field(
        default_factory=list,
        max_length=5,
        description="Job numbers (求人番号, `13010-12345678`), up to 5: only these jobs.",
    )
    sort: JobSort = Field(
        default=JobSort.accepted,
        description="`accepted`: newest first; `deadline`: soonest referral deadline first.",
    )

    @model_validator(mode="after")
    def _wage(self) -> Self:
        if (self.min_wage is None) != (self.wage_unit is None):
            raise ValueError("min_wage and wage_unit go together")
        return self


class PageSize(IntEnum):
    """Search pages hold 10, 30 or 50 jobs (R21)."""

    ten = 10
    thirty = 30
    fifty = 50


# The ``limit`` of a search page: one of the sizes R21 allows.
PageSizeQuery = Annotated[PageSize, Query(description="Jobs per page: 10, 30 or 50 (R21).")]


class SearchPage(BaseModel):
    """A page of job search results (求人検索) and how many jobs match."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [JOB_SUMMARY_EXAMPLE],
                    "next_cursor": "WyIyMDI2LTExLTAyIiwxMjM0NV0",
                    "total": 128,
                    "total_exact": True,
                }
            ]
        }
    )

    items: list[JobSummary]
    next_cursor: str | None
    total: int = Field(description="Matching jobs, exact up to the cap.")
    total_exact: bool = Field(description="False when total is the cap, not the count.")
