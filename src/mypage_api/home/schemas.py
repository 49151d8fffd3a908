"""The My Page home (R18): the office, the registration, unread messages, disclosure, and
the newest of the seeker's applications, referral offers, requests and saved searches."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from mypage_api.profiles.schemas import Sharing
from mypage_api.registrations.schemas import REGISTRATION_EXAMPLE, RegistrationRead
from mypage_api.seekers.schemas import OfficeRef


class ApplyingJob(BaseModel):
    """An application still in the applying list, as home shows it."""

    application_id: int
    job_number: str
    occupation: str
    applied_at: datetime


class ReferralOfferSummary(BaseModel):
    """An online referral offer (オンラインハローワーク紹介), as home shows it."""

    id: int
    job_number: str
    occupation: str
    apply_by: date


class RequestSummary(BaseModel):
    """An open direct request (直接リクエスト), as home shows it."""

    id: int
    job_number: str
    occupation: str
    employer_name: str
    received_at: datetime


class SavedSearchSummary(BaseModel):
    """A saved job search (保存した求人検索条件), as home shows it."""

    id: int
    name: str


class Applying(BaseModel):
    """The seeker's applications still applying (R8): the newest two and how many there are."""

    items: list[ApplyingJob] = Field(description="At most two, newest first.")
    total: int


class Requests(BaseModel):
    """The seeker's open direct requests (直接リクエスト): the newest five and how many there
    are."""

    items: list[RequestSummary] = Field(description="The newest, at most five.")
    total: int


class Home(BaseModel):
    """The My Page home (R18): what the seeker's first screen shows, in one response."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "office": {"code": "13010", "name": "ハローワーク飯田橋"},
                    "seeker_number": "13010-00012345",
                    "registrant_type": "hellowork_user",
                    "registration": REGISTRATION_EXAMPLE,
                    "unread_messages": 2,
                    "disclosure": {"employers": "public", "partners": "opted_out"},
                    "applying": {
                        "items": [
                            {
                                "application_id": 1024,
                                "job_number": "13010-12345678",
                                "occupation": "介護職員",
                                "applied_at": "2026-11-20T01:30:00Z",
                            }
                        ],
                        "total": 1,
                    },
                    "qr_code_url": "/v1/me/qr-code?format=svg",
                    "reception_slip_url": "/v1/me/reception-slip",
                    "latest_referral_offer": {
                        "id": 88,
                        "job_number": "13010-12345679",
                        "occupation": "介護職員",
                        "apply_by": "2026-12-15",
                    },
                    "requests": {
                        "items": [
                            {
                                "id": 7,
                                "job_number": "13010-12345680",
                                "occupation": "調理補助",
                                "employer_name": "株式会社さくら給食",
                                "received_at": "2026-11-19T03:00:00Z",
                            }
                        ],
                        "total": 1,
                    },
                    "saved_searches": [{"id": 3, "name": "新宿区の介護（正社員）"}],
                }
            ]
        }
    )

    office: OfficeRef = Field(description="利用安定所: the office the seeker mainly uses.")
    seeker_number: str
    registrant_type: str
    registration: RegistrationRead
    unread_messages: int = Field(description="Unread messages, exactly (R17).")
    disclosure: Sharing
    applying: Applying
    qr_code_url: str = Field(description="The seeker number as a QR code (2次元バーコード).")
    reception_slip_url: str | None = Field(
        description="ハローワーク受付票; Hello Work users (利用登録者) only."
    )
    latest_referral_offer: ReferralOfferSummary | None = Field(
        description="The newest online referral offer; Hello Work users only."
    )
    requests: Requests
    saved_searches: list[SavedSearchSummary]
