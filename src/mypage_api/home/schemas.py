"""The My Page home (R18): the office, the registration, unread messages, disclosure, and
the newest of the seeker's applications, referral offers, requests and saved searches."""

from datetime import date, datetime

from pydantic import BaseModel, Field

from mypage_api.profiles.schemas import Sharing
from mypage_api.registrations.schemas import RegistrationRead
from mypage_api.seekers.schemas import OfficeRef


class ApplyingJob(BaseModel):
    application_id: int
    job_number: str
    occupation: str
    applied_at: datetime


class ReferralOfferSummary(BaseModel):
    id: int
    job_number: str
    occupation: str
    apply_by: date


class RequestSummary(BaseModel):
    id: int
    job_number: str
    occupation: str
    employer_name: str
    received_at: datetime


class SavedSearchSummary(BaseModel):
    id: int
    name: str


class Applying(BaseModel):
    items: list[ApplyingJob] = Field(description="At most two, newest first.")
    total: int


class Requests(BaseModel):
    items: list[RequestSummary] = Field(description="The newest, at most five.")
    total: int


class Home(BaseModel):
    office: OfficeRef = Field(description="利用安定所: the office the seeker mainly uses.")
    seeker_number: str
    registrant_type: str
    registration: RegistrationRead
    unread_messages: int
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
