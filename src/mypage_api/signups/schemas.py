from pydantic import BaseModel, EmailStr, Field

from mypage_api.profiles.schemas import ProfileDraft
from mypage_api.profiles.validation import ProfileCheck
from mypage_api.security.passwords import MAX_LENGTH
from mypage_api.seekers.schemas import Consents


class SignupStart(BaseModel):
    email: EmailStr


class SignupDraft(BaseModel):
    """The sign-up as saved so far, and what still blocks it."""

    email: str
    profile: ProfileDraft
    check: ProfileCheck


class SignupSubmit(BaseModel):
    password: str = Field(min_length=1, max_length=MAX_LENGTH)
    consents: Consents


class Activation(BaseModel):
    token: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=MAX_LENGTH)
    consents: Consents


class ConsentVersions(BaseModel):
    terms_version: str
    privacy_version: str
