from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mypage_api.jobs.schemas import JOB_SUMMARY_EXAMPLE, JobSummary
from mypage_api.search.schemas import SearchFilters

SAVED_FILTERS_EXAMPLE: dict[str, Any] = {
    "q": "介護",
    "municipality": ["13104"],
    "employment_type": ["regular"],
    "online": True,
}


class SavedSearchCreate(BaseModel):
    """A job search the seeker saves (保存した求人検索条件), with optional e-mail alerts."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"name": "新宿区の介護（正社員）", "filters": SAVED_FILTERS_EXAMPLE, "alerts": True}
            ]
        },
        extra="forbid",
    )

    name: str = Field(min_length=1, max_length=50, examples=["千代田区の介護"])
    filters: SearchFilters
    alerts: bool = Field(default=False, description="E-mail new matching jobs, at most once a day.")


class SavedSearchRead(BaseModel):
    """A saved job search (保存した求人検索条件)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "name": "新宿区の介護（正社員）",
                    "filters": SAVED_FILTERS_EXAMPLE,
                    "alerts": True,
                    "created_at": "2026-11-10T09:00:00Z",
                }
            ]
        }
    )

    id: int
    name: str
    filters: SearchFilters
    alerts: bool
    created_at: datetime


class FavoriteRead(BaseModel):
    """A favourite job (お気に入り求人), with the job while it is still available."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "job_number": "13010-12345678",
                    "added_at": "2026-11-15T10:20:00Z",
                    "available": True,
                    "job": JOB_SUMMARY_EXAMPLE,
                }
            ]
        }
    )

    job_number: str
    added_at: datetime
    available: bool = Field(description="False once the job is closed or past its validity.")
    job: JobSummary | None = Field(description="The job while it is available (R10).")
