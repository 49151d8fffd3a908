from datetime import date

from pydantic import BaseModel, Field

from mypage_api.models import AccountStatus, RegistrantType
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
