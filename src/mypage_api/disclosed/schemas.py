"""Seekers as employers and partners see them: anonymised."""

from pydantic import BaseModel, Field


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
