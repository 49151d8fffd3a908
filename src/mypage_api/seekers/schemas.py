from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, Field

from mypage_api.models import AccountStatus, RegistrantType
from mypage_api.profiles.schemas import Profile
from mypage_api.profiles.validation import ProfileCheck
from mypage_api.security.passwords import MAX_LENGTH


class OfficeRef(BaseModel):
    code: str = Field(examples=["13010"])
    name: str = Field(examples=["ハローワーク飯田橋"])


class SeekerSummary(BaseModel):
    seeker_number: str = Field(examples=["13010-00000001"])
    registrant_type: RegistrantType
    account_status: AccountStatus
    office: OfficeRef
    name: str
    name_kana: str
    registered_on: date
    valid_until: date


class Registered(BaseModel):
    seeker_number: str = Field(examples=["13010-00000001"])
    registrant_type: RegistrantType
    office: OfficeRef
    registered_on: date
    valid_until: date = Field(description="The last day of the registration (JST, R1).")


class Me(BaseModel):
    seeker_number: str
    email: str | None
    registrant_type: RegistrantType
    office: OfficeRef


class Consents(BaseModel):
    """The versions of the terms of use and the privacy policy the person agreed to."""

    terms_version: str = Field(max_length=32, examples=["2026-04-01"])
    privacy_version: str = Field(max_length=32, examples=["2026-04-01"])


class Withdrawal(BaseModel):
    password: str = Field(min_length=1, max_length=MAX_LENGTH)


class ProfileRead(BaseModel):
    profile: Profile
    check: ProfileCheck = Field(description="Warnings to show (a stored profile has no errors).")


class MyData(BaseModel):
    """Everything held about the seeker, in one document."""

    exported_at: datetime
    account: dict[str, Any]
    seeker: dict[str, Any]
    registration: dict[str, Any]
    profile: dict[str, Any]
    activities: list[dict[str, Any]]
    access_log: list[dict[str, Any]]
    sessions: list[dict[str, Any]]
    mails: list[dict[str, Any]]


SeekerNumber = Annotated[
    str, Path(pattern=r"^\d{5}-\d{8}$", description="求職番号", examples=["13010-00000001"])
]
