from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from mypage_api.jobs.schemas import JobSummary


class RequestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seeker_ref: str = Field(min_length=1, max_length=32)
    message: str = Field(min_length=1, max_length=1000)


class RequestRead(BaseModel):
    id: int
    job: JobSummary
    employer_id: int
    employer_name: str
    message: str
    received_at: datetime
    declined_at: datetime | None
    application_id: int | None


class RequestSent(BaseModel):
    id: int
    job_number: str
    seeker_ref: str
    sent_at: datetime


class BlockRead(BaseModel):
    employer_id: int | None
    partner_id: int | None
    blocked_at: datetime
