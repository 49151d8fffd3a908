from pydantic import BaseModel, ConfigDict, EmailStr, Field

from mypage_api.profiles.schemas import PROFILE_DRAFT_EXAMPLE, ProfileDraft
from mypage_api.profiles.validation import ProfileCheck
from mypage_api.security.passwords import MAX_LENGTH
from mypage_api.seekers.schemas import CONSENTS_EXAMPLE, Consents


class SignupStart(BaseModel):
    """Starting an online sign-up: the e-mail address the sign-up link is mailed to."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"email": "taro.yamada@example.jp"}]})

    email: EmailStr


class SignupDraft(BaseModel):
    """The sign-up as saved so far, and what still blocks it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "email": "taro.yamada@example.jp",
                    "profile": PROFILE_DRAFT_EXAMPLE,
                    "check": {
                        "ready_to_submit": False,
                        "basic": {
                            "errors": [
                                {
                                    "section": "basic",
                                    "field": "basic.birth_date",
                                    "code": "required",
                                    "message_ja": "入力してください。",
                                    "message_en": "This is required.",
                                }
                            ]
                        },
                    },
                }
            ]
        }
    )

    email: str
    profile: ProfileDraft
    check: ProfileCheck


class SignupSubmit(BaseModel):
    """Finishing an online sign-up: a password and the consents to the terms and privacy policy
    (R6)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"password": "Sakura-kaigo-2026", "consents": CONSENTS_EXAMPLE}]
        }
    )

    password: str = Field(min_length=1, max_length=MAX_LENGTH)
    consents: Consents


class Activation(BaseModel):
    """Activating an account registered at the counter: the mailed token, a password and the
    consents."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "token": "Yq6rWm0cK1vX8pLs3NdT5uHa",
                    "password": "Sakura-kaigo-2026",
                    "consents": CONSENTS_EXAMPLE,
                }
            ]
        }
    )

    token: str = Field(
        min_length=1, max_length=200, description="The token of the mailed activation link."
    )
    password: str = Field(min_length=1, max_length=MAX_LENGTH)
    consents: Consents


class ConsentVersions(BaseModel):
    """The current versions of the terms of use (利用規約) and the privacy policy, to consent to."""

    model_config = ConfigDict(json_schema_extra={"examples": [CONSENTS_EXAMPLE]})

    terms_version: str
    privacy_version: str
