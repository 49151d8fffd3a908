"""Seekers as employers and partners see them: anonymised."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, Field

from mypage_api.pagination import CursorQuery


class DisclosedSeeker(BaseModel):
    """A shared profile as employers (R16) and partners (R17) see it: no name, contact,
    address below the municipality, birth date or disability information."""

    seeker_ref: str = Field(description="Opaque; means something only to this employer or partner.")
    age_band: str = Field(examples=["30代"])
    prefecture_code: str | None
    municipality_code: str | None
    desired_occupations: list[str]
    employment_types: list[str]
    qualifications: list[str]
    years_of_experience: int
    self_pr: str | None


@dataclass(frozen=True)
class SeekerFilters:
    """What employers and partners filter shared profiles by (query parameters)."""

    prefecture: Annotated[str | None, Query(pattern=r"^(0[1-9]|[1-3]\d|4[0-7])$")] = None
    occupation: Annotated[str | None, Query(max_length=50)] = None
    experienced: bool | None = None
    cursor: CursorQuery = None
    limit: Annotated[int, Query(ge=1, le=50)] = 20
