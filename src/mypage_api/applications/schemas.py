from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from typing_extensions import TypeAliasType

from mypage_api.documents.schemas import DocumentRead
from mypage_api.jobs.schemas import JobNumber, JobSummary
from mypage_api.models import SelectionResult
from mypage_api.rules.applications import ApplicationList, Channel
from mypage_api.types import IsoDate

NOT_A_REFERRAL = (
    "オンライン自主応募は、ハローワークによる職業紹介ではありません。"
    "このため、雇用保険の再就職手当等の対象になりません。"
)


class ApplicationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    job_number: JobNumber
    motivation: str = Field(min_length=1, max_length=2000, description="志望動機")
    document_ids: list[int] = Field(default_factory=list, max_length=5)


class OfferApplication(BaseModel):
    model_config = ConfigDict(extra="forbid")

    motivation: str = Field(min_length=1, max_length=2000)
    document_ids: list[int] = Field(default_factory=list, max_length=5)


class ApplicationRead(BaseModel):
    id: int
    channel: Channel
    job_number: str
    title: str
    occupation: str
    employer_name: str | None
    applied_at: datetime
    list: ApplicationList = Field(description="applying or finished (R8)")
    result: SelectionResult | None
    cancelled_at: datetime | None
    cancellable_until: datetime | None = Field(description="R12; null when not cancellable.")
    is_hellowork_referral: bool
    notice: str | None = Field(description="For online self-applications: not a referral.")


class ApplicationDetail(ApplicationRead):
    motivation: str | None = Field(description="R11: for online applications.")
    documents: list[DocumentRead] = Field(
        description="R11: the documents sent, as sent (also those since deleted from the "
        "seeker's list)."
    )


class ReferralLetter(BaseModel):
    """紹介状（本人控え）, with the selection result once registered (R13)."""

    kind: str = Field(examples=["referral_letter", "referral_letter_with_result"])
    application_id: int
    seeker_number: str
    seeker_name: str
    job_number: str
    title: str
    occupation: str
    employer_name: str
    office_code: str
    office_name: str
    referred_on: date
    result: SelectionResult | None
    result_registered_on: date | None


class OfferCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    job_number: JobNumber
    apply_by: IsoDate
    note: str | None = Field(default=None, max_length=500)


class OfferRead(BaseModel):
    id: int
    job: JobSummary
    apply_by: date
    note: str | None
    offered_at: datetime


class CounterReferral(BaseModel):
    model_config = ConfigDict(extra="forbid")

    job_number: JobNumber


class ResultCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    result: SelectionResult
    note: str | None = Field(default=None, max_length=500)


class Applicant(BaseModel):
    name: str
    name_kana: str


class EmployerApplication(BaseModel):
    id: int
    job_number: str
    channel: Channel
    applied_at: datetime
    applicant: Applicant
    motivation: str | None
    documents: list[DocumentRead] = Field(
        description="The documents the applicant sent, each to download from "
        "`/v1/employer/applications/{id}/documents/{document_id}`."
    )
    result: SelectionResult | None
    cancelled: bool


# The name the contract gives the list a seeker asks for (``?list=``): the same words as
# ``ApplicationList``, under its own schema name.
ListName = TypeAliasType(
    "ListName",
    Annotated[
        ApplicationList,
        WithJsonSchema(
            {
                "type": "string",
                "enum": [item.value for item in ApplicationList],
                "title": "ListName",
            }
        ),
    ],
)
