"""Seekers as employers and partners see them: anonymised."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from mypage_api.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery


class DisclosedSeeker(BaseModel):
    """A shared profile as employers (R16) and partners (R17) see it: no name, contact,
    address below the municipality, birth date or disability information."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "seeker_ref": "q3Jx9VbN2kLm8TzR4wYpAg",
                    "age_band": "30代",
                    "prefecture_code": "13",
                    "municipality_code": "13104",
                    "desired_occupations": ["介護職員"],
                    "employment_types": ["regular"],
                    "qualifications": ["介護職員初任者研修"],
                    "years_of_experience": 17,
                    "self_pr": "接客の経験を活かし、利用者様に寄り添った介護をしたいです。",
                }
            ]
        }
    )

    seeker_ref: str = Field(description="Opaque; means something only to this employer or partner.")
    age_band: str = Field(description="Age by decade (R7).", examples=["30代"])
    prefecture_code: str | None
    municipality_code: str | None
    desired_occupations: list[str]
    employment_types: list[str]
    qualifications: list[str]
    years_of_experience: int = Field(description="Years of work history (職歴), summed by entry.")
    self_pr: str | None


@dataclass(frozen=True)
class SeekerFilters:
    """What employers and partners filter shared profiles by (query parameters)."""

    prefecture: Annotated[
        str | None,
        Query(
            pattern=r"^(0[1-9]|[1-3]\d|4[0-7])$",
            description="Prefecture (JIS X 0401, 01-47) the seeker lives in or wants to work in.",
            examples=["13"],
        ),
    ] = None
    occupation: Annotated[
        str | None,
        Query(
            max_length=50,
            description="Text found in one of the seeker's desired occupations (希望職種).",
            examples=["介護"],
        ),
    ] = None
    experienced: Annotated[
        bool | None,
        Query(
            description="true: only seekers with a year or more of work history (職歴); "
            "false: only those with less."
        ),
    ] = None
    cursor: CursorQuery = None
    limit: LimitQuery = DEFAULT_LIMIT
