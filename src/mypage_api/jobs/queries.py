"""Reading jobs: what a job summary selects, which jobs are valid, and the look-ups by job
number. Search's statements are in ``search.statements``."""

from datetime import date
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.jobs.schemas import SUMMARY_KEYS
from mypage_api.models import Employer, Job

# What a job summary reads (``jobs.schemas.summary_fields``), and the id for cursors.
SUMMARY_COLUMNS = (
    Job.id,
    *(getattr(Job, key) for key in SUMMARY_KEYS),
    Employer.name.label("employer_name"),
)


def valid_on(today: date) -> Any:
    """Jobs valid today: not closed and not past their validity (R10, R20)."""
    return and_(Job.closed_on.is_(None), Job.valid_until >= today)


async def job_by_number(session: AsyncSession, job_number: str) -> Job | None:
    return (await session.scalars(select(Job).where(Job.job_number == job_number))).one_or_none()
