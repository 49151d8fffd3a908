from pydantic import BaseModel, ConfigDict, EmailStr, Field

from mypage_api.profiles.schemas import PROFILE_EXAMPLE, Profile


class CounterRegistration(BaseModel):
    """A seeker registered at the counter: their e-mail address (for the activation link)
    and the profile from the application form (求職申込書)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"email": "taro.yamada@example.jp", "profile": PROFILE_EXAMPLE}]
        }
    )

    email: EmailStr
    profile: Profile


class Restriction(BaseModel):
    """Staff restricting an account (利用制限, R6), with the reason."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"reason": "利用規約第5条に基づく利用制限"}]}
    )

    reason: str = Field(min_length=1, max_length=200, examples=["利用規約第5条に基づく利用制限"])


class OfficeTransfer(BaseModel):
    """Staff moving a seeker to another office (利用安定所)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"office_code": "13050"}]})

    office_code: str = Field(pattern=r"^\d{5}$", examples=["13050"])
