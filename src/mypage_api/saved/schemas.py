from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from mypage_api.jobs.schemas import JobSummary
from mypage_api.search.schemas import SearchFilters


class SavedSearchCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=50, examples=["千代田区の介護"])
    filters: SearchFilters
    alerts: bool = Field(default=False, description="E-mail new matching jobs, at most once a day.")


class SavedSearchRead(BaseModel):
    id: int
    name: str
    filters: SearchFilters
    alerts: bool
    created_at: datetime


class FavoriteRead(BaseModel):
    job_number: str
    added_at: datetime
    available: bool = Field(description="False once the job is closed or past its validity.")
    job: JobSummary | None = Field(description="The job while it is available (R10).")
