from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

from mypage_api.models import AccountStatus, RegistrantType
from mypage_api.profiles.schemas import PROFILE_EXAMPLE, Profile
from mypage_api.profiles.validation import ProfileCheck
from mypage_api.security.passwords import MAX_LENGTH

OFFICE_REF_EXAMPLE: dict[str, Any] = {"code": "13010", "name": "ハローワーク飯田橋"}
CONSENTS_EXAMPLE: dict[str, Any] = {"terms_version": "2026-04-01", "privacy_version": "2026-04-01"}


class OfficeRef(BaseModel):
    """The seeker's office (利用安定所): its code and name."""

    code: str = Field(examples=["13010"])
    name: str = Field(examples=["ハローワーク飯田橋"])


class SeekerSummary(BaseModel):
    """A seeker as staff see them at the counter."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "seeker_number": "13010-00012345",
                    "registrant_type": "hellowork_user",
                    "account_status": "active",
                    "office": OFFICE_REF_EXAMPLE,
                    "name": "山田 太郎",
                    "name_kana": "ヤマダ　タロウ",
                    "registered_on": "2026-11-05",
                    "valid_until": "2027-01-31",
                }
            ]
        }
    )

    seeker_number: str = Field(examples=["13010-00000001"])
    registrant_type: RegistrantType
    account_status: AccountStatus
    office: OfficeRef
    name: str
    name_kana: str
    registered_on: date
    valid_until: date


class Registered(BaseModel):
    """A seeker just registered (求職登録): their seeker number (求職番号) and validity (R1)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "seeker_number": "13010-00012345",
                    "registrant_type": "online_only",
                    "office": OFFICE_REF_EXAMPLE,
                    "registered_on": "2026-11-05",
                    "valid_until": "2027-01-31",
                }
            ]
        }
    )

    seeker_number: str = Field(examples=["13010-00000001"])
    registrant_type: RegistrantType
    office: OfficeRef
    registered_on: date
    valid_until: date = Field(description="The last day of the registration (JST, R1).")


class Me(BaseModel):
    """The signed-in seeker's account: seeker number (求職番号), e-mail, registrant type and
    office."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "seeker_number": "13010-00012345",
                    "email": "taro.yamada@example.jp",
                    "registrant_type": "hellowork_user",
                    "office": OFFICE_REF_EXAMPLE,
                }
            ]
        }
    )

    seeker_number: str
    email: str | None
    registrant_type: RegistrantType
    office: OfficeRef


class Consents(BaseModel):
    """The versions of the terms of use and the privacy policy the person agreed to."""

    model_config = ConfigDict(json_schema_extra={"examples": [CONSENTS_EXAMPLE]})

    terms_version: str = Field(max_length=32, examples=["2026-04-01"])
    privacy_version: str = Field(max_length=32, examples=["2026-04-01"])


class Withdrawal(BaseModel):
    """Withdrawal (退会) from My Page, confirmed with the password; the personal data is erased."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"password": "Sakura-kaigo-2026"}]})

    password: str = Field(min_length=1, max_length=MAX_LENGTH)


class ProfileRead(BaseModel):
    """The seeker's registration profile (求職登録内容, R22) and the warnings it raises."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "profile": PROFILE_EXAMPLE | {"self_pr": {}},
                    "check": {
                        "ready_to_submit": True,
                        "self_pr": {
                            "warnings": [
                                {
                                    "section": "self_pr",
                                    "field": "self_pr.text",
                                    "code": "self_pr_empty",
                                    "message_ja": "自己PRを入力するとアピールになります。",
                                    "message_en": "A self-PR helps employers know you.",
                                }
                            ]
                        },
                    },
                }
            ]
        }
    )

    profile: Profile
    check: ProfileCheck = Field(description="Warnings to show (a stored profile has no errors).")


class MyData(BaseModel):
    """Everything held about the seeker, in one document."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "exported_at": "2026-11-20T03:00:00Z",
                    "account": {
                        "email": "taro.yamada@example.jp",
                        "status": "active",
                        "created_at": "2026-11-05T01:30:00Z",
                    },
                    "seeker": {
                        "seeker_number": "13010-00012345",
                        "registrant_type": "hellowork_user",
                        "office_code": "13010",
                        "consented_at": "2026-11-05T01:32:00Z",
                    }
                    | CONSENTS_EXAMPLE,
                    "registration": {
                        "registered_on": "2026-11-05",
                        "valid_until": "2027-01-31",
                        "ended_on": None,
                        "ended_by": None,
                    },
                    "profile": PROFILE_EXAMPLE,
                    "activities": [
                        {"kind": "counselling", "occurred_on": "2026-11-12", "office_code": "13010"}
                    ],
                    "access_log": [
                        {
                            "at": "2026-11-12T01:05:00Z",
                            "office_code": "13010",
                            "action": "read",
                            "what": "summary",
                        }
                    ],
                    "sessions": [
                        {
                            "signed_in_at": "2026-11-20T02:45:00Z",
                            "expires_at": "2026-12-04T02:45:00Z",
                        }
                    ],
                    "mails": [
                        {
                            "kind": "password_reset",
                            "subject": "【ハローワーク】パスワード再設定のご案内",
                            "queued_at": "2026-11-18T10:20:00Z",
                            "status": "sent",
                        }
                    ],
                }
            ]
        }
    )

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
