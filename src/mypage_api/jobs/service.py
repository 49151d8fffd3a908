"""Employers post and maintain jobs (R20); anyone reads a valid job (R10). Search (R21) is
``search.service``."""

from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.application_mails import notify_job_closed
from mypage_api.config import Settings
from mypage_api.errors import ProblemError, validation_problem
from mypage_api.jobs import queries
from mypage_api.jobs.schemas import (
    EmployerJobRead,
    JobCreate,
    JobFields,
    JobRead,
    JobUpdate,
    job_values,
    summary_fields,
)
from mypage_api.jobs.searchable import search_columns
from mypage_api.models import Employer, Job, NumberKind
from mypage_api.numbers import next_number
from mypage_api.pagination import Page, by_id, page_of
from mypage_api.rules.jobs import (
    extended_job_valid_until,
    extension_refusal,
    job_is_valid,
    job_state,
    job_valid_until,
    referral_deadline_refusal,
)


def _read(job: Job, employer: Employer) -> dict[str, Any]:
    return {
        **summary_fields(job_values(job, employer)),
        "description": job.description,
        "working_hours": job.working_hours,
    }


def employer_view(job: Job, employer: Employer, today: date) -> EmployerJobRead:
    return EmployerJobRead(
        **_read(job, employer),
        state=job_state(job.valid_until, job.closed_on, today),
        publishes_employer_name=job.publishes_employer_name,
        extended=job.extended,
        closed_on=job.closed_on,
    )


def _check_deadline(deadline: date, valid_until: date, today: date) -> None:
    if referral_deadline_refusal(deadline, valid_until=valid_until, today=today) is not None:
        raise ProblemError(problems.INVALID_REFERRAL_DEADLINE)


def _searchable(job: Job, employer: Employer) -> None:
    for column, value in search_columns(
        title=job.title,
        occupation_name=job.occupation_name,
        description=job.description,
        employer_name=employer.name if job.publishes_employer_name else None,
    ).items():
        setattr(job, column, value)


async def create_job(
    session: AsyncSession, employer: Employer, body: JobCreate, *, today: date, now: datetime
) -> EmployerJobRead:
    """Accepted today; valid to the end of the month after next (R20)."""
    valid_until = job_valid_until(today)
    deadline = body.referral_deadline or valid_until
    _check_deadline(deadline, valid_until, today)
    job = Job(
        job_number=await next_number(session, employer.office_code, NumberKind.job),
        employer_id=employer.account_id,
        **body.model_dump(exclude={"referral_deadline"}),
        accepted_on=today,
        referral_deadline=deadline,
        valid_until=valid_until,
        extended=False,
        created_at=now,
        updated_at=now,
    )
    _searchable(job, employer)
    session.add(job)
    await session.flush()
    return employer_view(job, employer, today)


async def own_job(session: AsyncSession, employer: Employer, job_number: str) -> Job:
    """The employer's own job; anyone else's is not found."""
    job = await queries.job_by_number(session, job_number)
    if job is None or job.employer_id != employer.account_id:
        raise ProblemError(problems.JOB_NOT_FOUND)
    return job


def _open(job: Job, today: date) -> None:
    if not job_is_valid(job.valid_until, job.closed_on, today):
        raise ProblemError(problems.JOB_CLOSED)


async def list_own_jobs(
    session: AsyncSession, employer: Employer, *, today: date, cursor: str | None, limit: int
) -> Page[EmployerJobRead]:
    statement = select(Job).where(Job.employer_id == employer.account_id)
    statement = by_id(statement, Job.id, cursor, limit, descending=True)
    jobs = list(await session.scalars(statement))
    page = page_of(jobs, limit, lambda job: [job.id])
    return Page(
        items=[employer_view(job, employer, today) for job in page.items],
        next_cursor=page.next_cursor,
    )


async def update_job(
    session: AsyncSession,
    employer: Employer,
    job_number: str,
    body: JobUpdate,
    *,
    today: date,
    now: datetime,
) -> EmployerJobRead:
    job = await own_job(session, employer, job_number)
    _open(job, today)
    changes = body.model_dump(exclude_unset=True)
    deadline = changes.pop("referral_deadline", None)
    current = {field: getattr(job, field) for field in JobFields.model_fields}
    try:  # the whole posting, checked as a new one is
        merged = JobFields.model_validate({**current, **changes})
    except ValidationError as invalid:
        raise validation_problem(invalid) from None
    if deadline is not None:
        _check_deadline(deadline, job.valid_until, today)
        job.referral_deadline = deadline
    for field, value in merged.model_dump().items():
        setattr(job, field, value)
    job.updated_at = now
    _searchable(job, employer)
    await session.flush()
    return employer_view(job, employer, today)


async def close_job(
    session: AsyncSession,
    employer: Employer,
    job_number: str,
    *,
    settings: Settings,
    today: date,
    now: datetime,
) -> EmployerJobRead:
    """募集終了: the job leaves search and its details at once; every seeker still waiting
    on it hears so."""
    job = await own_job(session, employer, job_number)
    _open(job, today)
    job.closed_on = today
    job.updated_at = now
    await session.flush()
    await notify_job_closed(session, job, settings=settings, now=now)
    return employer_view(job, employer, today)


async def extend_job(
    session: AsyncSession, employer: Employer, job_number: str, *, today: date, now: datetime
) -> EmployerJobRead:
    """Once, by one month (R20)."""
    job = await own_job(session, employer, job_number)
    _open(job, today)
    if extension_refusal(already_extended=job.extended) is not None:
        raise ProblemError(problems.JOB_ALREADY_EXTENDED)
    job.valid_until = extended_job_valid_until(job.valid_until)
    job.extended = True
    job.updated_at = now
    await session.flush()
    return employer_view(job, employer, today)


async def public_job(session: AsyncSession, job_number: str, *, today: date) -> JobRead:
    """A valid job's details; an invalid one is gone (410, R10)."""
    row = (
        await session.execute(
            select(Job, Employer)
            .join(Employer, Employer.account_id == Job.employer_id)
            .where(Job.job_number == job_number)
        )
    ).one_or_none()
    if row is None:
        raise ProblemError(problems.JOB_NOT_FOUND)
    job, employer = row
    if not job_is_valid(job.valid_until, job.closed_on, today):
        raise ProblemError(problems.JOB_UNAVAILABLE)
    return JobRead(**_read(job, employer))
