from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from typing_extensions import TypeAliasType

from mypage_api.documents.schemas import DOCUMENT_EXAMPLE, DocumentRead
from mypage_api.jobs.schemas import JOB_SUMMARY_EXAMPLE, JobNumber, JobSummary
from mypage_api.models import SelectionResult
from mypage_api.rules.applications import ApplicationList, Channel
from mypage_api.types import IsoDate

NOT_A_REFERRAL = (
    "オンライン自主応募は、ハローワークによる職業紹介ではありません。"
    "このため、雇用保険の再就職手当等の対象になりません。"
)

MOTIVATION_EXAMPLE = (
    "祖母の介護をした経験から、高齢の方の毎日の暮らしを支える仕事に就きたいと考え、応募しました。"
)
DocumentIds: Any = Field(
    default_factory=list,
    max_length=5,
    description="Ids of the seeker's documents (`/v1/me/documents`) to send, at most 5.",
)
APPLICATION_EXAMPLE: dict[str, Any] = {
    "id": 1024,
    "channel": "self_online",
    "job_number": "13010-12345678",
    "title": "介護職員（正社員）",
    "occupation": "介護職員",
    "employer_name": "社会福祉法人ひまわり会",
    "applied_at": "2026-11-20T01:30:00Z",
    "list": "applying",
    "result": None,
    "cancelled_at": None,
    "cancellable_until": "2026-11-21T01:30:00Z",
    "is_hellowork_referral": False,
    "notice": NOT_A_REFERRAL,
}


class ApplicationCreate(BaseModel):
    """An online self-application (オンライン自主応募) to a job: the seeker's 志望動機 and the
    documents (応募書類) sent with it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "job_number": "13010-12345678",
                    "motivation": MOTIVATION_EXAMPLE,
                    "document_ids": [12, 13],
                }
            ]
        },
    )

    job_number: JobNumber
    motivation: str = Field(min_length=1, max_length=2000, description="志望動機")
    document_ids: list[int] = DocumentIds


class OfferApplication(BaseModel):
    """Applying to an online referral offer (オンラインハローワーク紹介): the seeker's 志望動機
    and the documents (応募書類) sent with it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"motivation": MOTIVATION_EXAMPLE, "document_ids": [12]}]},
    )

    motivation: str = Field(min_length=1, max_length=2000, description="志望動機")
    document_ids: list[int] = DocumentIds


class ApplicationRead(BaseModel):
    """One of the seeker's applications (応募), as the applying and finished lists show it."""

    model_config = ConfigDict(json_schema_extra={"examples": [APPLICATION_EXAMPLE]})

    id: int
    channel: Channel
    job_number: str
    title: str
    occupation: str
    employer_name: str | None = Field(description="Null unless the job publishes it.")
    applied_at: datetime
    list: ApplicationList = Field(description="applying or finished (R8)")
    result: SelectionResult | None = Field(description="選考結果; null until registered.")
    cancelled_at: datetime | None = Field(description="When the seeker cancelled it (R12).")
    cancellable_until: datetime | None = Field(description="R12; null when not cancellable.")
    is_hellowork_referral: bool = Field(
        description="False for online self-applications: they are not Hello Work referrals (R15)."
    )
    notice: str | None = Field(description="For online self-applications: not a referral.")


class ApplicationDetail(ApplicationRead):
    """One of the seeker's applications (応募) with what was sent: the 志望動機 and the documents
    (R11)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                APPLICATION_EXAMPLE
                | {"motivation": MOTIVATION_EXAMPLE, "documents": [DOCUMENT_EXAMPLE]}
            ]
        }
    )

    motivation: str | None = Field(description="R11: for online applications.")
    documents: list[DocumentRead] = Field(
        description="R11: the documents sent, as sent (also those since deleted from the "
        "seeker's list)."
    )


class ReferralLetter(BaseModel):
    """紹介状（本人控え）, with the selection result once registered (R13)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "referral_letter",
                    "application_id": 1025,
                    "seeker_number": "13010-00012345",
                    "seeker_name": "山田 太郎",
                    "job_number": "13010-12345678",
                    "title": "介護職員（正社員）",
                    "occupation": "介護職員",
                    "employer_name": "社会福祉法人ひまわり会",
                    "office_code": "13010",
                    "office_name": "ハローワーク飯田橋",
                    "referred_on": "2026-11-20",
                    "result": None,
                    "result_registered_on": None,
                }
            ]
        }
    )

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
    """Staff offering a job for online referral (オンラインハローワーク紹介) to a Hello Work user
    (利用登録者, R14)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "job_number": "13010-12345678",
                    "apply_by": "2026-12-15",
                    "note": "ご希望の勤務地に近い求人です。ご検討ください。",
                }
            ]
        },
    )

    job_number: JobNumber
    apply_by: IsoDate = Field(
        description="The last day the seeker may apply: from today to the job's referral "
        "deadline (紹介期限日)."
    )
    note: str | None = Field(default=None, max_length=500, description="Shown to the seeker.")


class OfferRead(BaseModel):
    """An online referral offer (オンラインハローワーク紹介の対象求人) the seeker can still apply
    to (R14)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 88,
                    "job": JOB_SUMMARY_EXAMPLE,
                    "apply_by": "2026-12-15",
                    "note": "ご希望の勤務地に近い求人です。ご検討ください。",
                    "offered_at": "2026-11-18T05:00:00Z",
                }
            ]
        }
    )

    id: int
    job: JobSummary
    apply_by: date
    note: str | None
    offered_at: datetime


class CounterReferral(BaseModel):
    """Staff recording a referral at the counter (窓口での紹介) of the seeker to a job."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"job_number": "13010-12345678"}]}
    )

    job_number: JobNumber


class ResultCreate(BaseModel):
    """The selection result (選考結果) an employer registers for an application (R13)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"result": "hired", "note": "12月1日から勤務予定"}]},
    )

    result: SelectionResult
    note: str | None = Field(default=None, max_length=500)


class Applicant(BaseModel):
    """The applicant as the employer sees them: name and reading (フリガナ)."""

    name: str
    name_kana: str


class EmployerApplication(BaseModel):
    """An application (応募) to one of the employer's jobs, as the employer sees it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 1024,
                    "job_number": "13010-12345678",
                    "channel": "self_online",
                    "applied_at": "2026-11-20T01:30:00Z",
                    "applicant": {"name": "山田 太郎", "name_kana": "ヤマダ　タロウ"},
                    "motivation": MOTIVATION_EXAMPLE,
                    "documents": [DOCUMENT_EXAMPLE],
                    "result": None,
                    "cancelled": False,
                }
            ]
        }
    )

    id: int
    job_number: str
    channel: Channel
    applied_at: datetime
    applicant: Applicant
    motivation: str | None = Field(description="志望動機; null for counter referrals.")
    documents: list[DocumentRead] = Field(
        description="The documents the applicant sent, each to download from "
        "`/v1/employer/applications/{id}/documents/{document_id}`."
    )
    result: SelectionResult | None
    cancelled: bool = Field(description="Whether the seeker cancelled it (R12).")


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
                "description": "An application list (R8): `applying` while selection is under "
                "way, `finished` once it ended.",
            }
        ),
    ],
)
