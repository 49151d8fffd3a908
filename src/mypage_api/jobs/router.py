from fastapi import APIRouter, status

from mypage_api import problems
from mypage_api.auth.dependencies import AUTH_PROBLEMS, CurrentEmployer
from mypage_api.clock import today
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep, SettingsDep
from mypage_api.errors import problem_responses
from mypage_api.jobs import service
from mypage_api.jobs.schemas import (
    EmployerJobRead,
    JobCreate,
    JobNumberPath,
    JobRead,
    JobUpdate,
)
from mypage_api.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page

employer_router = APIRouter(prefix="/v1/employer/jobs", tags=["employer"])
public_router = APIRouter(prefix="/v1/jobs", tags=["jobs"])

OWN_JOB = (*AUTH_PROBLEMS, problems.JOB_NOT_FOUND, problems.VALIDATION_FAILED)


@employer_router.post(
    "",
    operation_id="createJob",
    summary="Post a job: accepted today, valid to the end of the month after next (R20)",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        *AUTH_PROBLEMS, problems.INVALID_REFERRAL_DEADLINE, problems.VALIDATION_FAILED
    ),
)
async def create_job(
    body: JobCreate, employer: CurrentEmployer, session: SessionDep, clock: ClockDep
) -> EmployerJobRead:
    return await service.create_job(session, employer, body, today=today(clock), now=clock.now())


@employer_router.get(
    "",
    operation_id="listOwnJobs",
    summary="The employer's jobs, newest first",
    responses=problem_responses(
        *AUTH_PROBLEMS, problems.INVALID_CURSOR, problems.VALIDATION_FAILED
    ),
)
async def list_own_jobs(
    employer: CurrentEmployer,
    session: SessionDep,
    clock: ClockDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[EmployerJobRead]:
    return await service.list_own_jobs(
        session, employer, today=today(clock), cursor=cursor, limit=limit
    )


@employer_router.patch(
    "/{job_number}",
    operation_id="updateJob",
    summary="Change a posting (only the fields sent)",
    responses=problem_responses(*OWN_JOB, problems.JOB_CLOSED, problems.INVALID_REFERRAL_DEADLINE),
)
async def update_job(
    job_number: JobNumberPath,
    body: JobUpdate,
    employer: CurrentEmployer,
    session: SessionDep,
    clock: ClockDep,
) -> EmployerJobRead:
    return await service.update_job(
        session, employer, job_number, body, today=today(clock), now=clock.now()
    )


@employer_router.post(
    "/{job_number}/close",
    operation_id="closeJob",
    summary="End recruitment (募集終了): the job leaves search at once",
    responses=problem_responses(*OWN_JOB, problems.JOB_CLOSED),
)
async def close_job(
    job_number: JobNumberPath,
    employer: CurrentEmployer,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> EmployerJobRead:
    return await service.close_job(
        session, employer, job_number, settings=settings, today=today(clock), now=clock.now()
    )


@employer_router.post(
    "/{job_number}/extend",
    operation_id="extendJob",
    summary="Extend the validity once, to the end of the next month (R20)",
    responses=problem_responses(*OWN_JOB, problems.JOB_CLOSED, problems.JOB_ALREADY_EXTENDED),
)
async def extend_job(
    job_number: JobNumberPath, employer: CurrentEmployer, session: SessionDep, clock: ClockDep
) -> EmployerJobRead:
    return await service.extend_job(
        session, employer, job_number, today=today(clock), now=clock.now()
    )


@public_router.get(
    "/{job_number}",
    operation_id="getJob",
    summary="A valid job's details; an invalid one answers 410 (R10)",
    responses=problem_responses(
        problems.JOB_NOT_FOUND, problems.JOB_UNAVAILABLE, problems.VALIDATION_FAILED
    ),
)
async def get_job(job_number: JobNumberPath, session: SessionDep, clock: ClockDep) -> JobRead:
    return await service.public_job(session, job_number, today=today(clock))
