from pydantic import BaseModel, EmailStr, Field

from mypage_api.profiles.schemas import Profile


class CounterRegistration(BaseModel):
    """A seeker registered at the counter: their e-mail address (for the activation link)
    and the profile from the application form (求職申込書)."""

    email: EmailStr
    profile: Profile


class Restriction(BaseModel):
    reason: str = Field(min_length=1, max_length=200, examples=["利用規約第5条に基づく利用制限"])


class OfficeTransfer(BaseModel):
    office_code: str = Field(pattern=r"^\d{5}$", examples=["13050"])
