from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from mypage_api.jobs.schemas import JOB_SUMMARY_EXAMPLE, JobSummary

SEEKER_REF_EXAMPLE = "q3Jx9VbN2kLm8TzR4wYpAg"
REQUEST_MESSAGE_EXAMPLE = (
    "ご経歴を拝見し、当施設の介護職員としてぜひご応募いただきたく、ご連絡いたしました。"
)


class RequestCreate(BaseModel):
    """An employer's direct request (直接リクエスト) to a seeker with a disclosed profile
    (求職公開, R16)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"seeker_ref": SEEKER_REF_EXAMPLE, "message": REQUEST_MESSAGE_EXAMPLE}]
        },
        extra="forbid",
    )

    seeker_ref: str = Field(
        min_length=1,
        max_length=32,
        description="A `seeker_ref` from the list of shared profiles (`/v1/employer/seekers`).",
    )
    message: str = Field(
        min_length=1, max_length=1000, description="Shown to the seeker with the job (R16)."
    )


class RequestRead(BaseModel):
    """A direct request (直接リクエスト) as the seeker received it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 7,
                    "job": JOB_SUMMARY_EXAMPLE,
                    "employer_id": 5,
                    "employer_name": "社会福祉法人ひまわり会",
                    "message": REQUEST_MESSAGE_EXAMPLE,
                    "received_at": "2026-11-19T03:00:00Z",
                    "declined_at": None,
                    "application_id": None,
                }
            ]
        }
    )

    id: int
    job: JobSummary
    employer_id: int
    employer_name: str
    message: str
    received_at: datetime
    declined_at: datetime | None
    application_id: int | None


class RequestSent(BaseModel):
    """A direct request (直接リクエスト) as the employer sent it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 7,
                    "job_number": "13010-12345678",
                    "seeker_ref": SEEKER_REF_EXAMPLE,
                    "sent_at": "2026-11-19T03:00:00Z",
                }
            ]
        }
    )

    id: int
    job_number: str
    seeker_ref: str
    sent_at: datetime


class BlockRead(BaseModel):
    """An employer or partner the seeker blocked (ブロック): exactly one of the two ids is set."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"employer_id": 5, "partner_id": None, "blocked_at": "2026-11-21T08:00:00Z"}
            ]
        }
    )

    employer_id: int | None = Field(description="The blocked employer; null for a partner.")
    partner_id: int | None = Field(description="The blocked partner; null for an employer.")
    blocked_at: datetime
