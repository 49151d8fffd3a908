"""Direct requests (R16): employers find disclosed seekers and ask them to apply."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.applications import service as applications
from mypage_api.config import Settings
from mypage_api.direct_requests.schemas import BlockRead, RequestRead, RequestSent
from mypage_api.disclosed.service import Viewer, is_blocked, seeker_by_ref
from mypage_api.errors import ProblemError
from mypage_api.jobs.schemas import JobSummary, job_values, summary_fields
from mypage_api.jobs.service import own_job
from mypage_api.mail import templates
from mypage_api.mail.outbox import enqueue
from mypage_api.messages import threads
from mypage_api.models import (
    Application,
    Block,
    DirectRequest,
    Employer,
    Job,
    PartnerClient,
    Seeker,
)
from mypage_api.pagination import Page, by_id, page_of
from mypage_api.rules.jobs import job_is_valid

MAX_SEEKERS_PER_JOB = 10


async def send(
    session: AsyncSession,
    employer: Employer,
    job_number: str,
    *,
    seeker_ref: str,
    message: str,
    settings: Settings,
    today: date,
    now: datetime,
) -> RequestSent:
    job = await own_job(session, employer, job_number)
    if not job_is_valid(job.valid_until, job.closed_on, today):
        raise ProblemError(problems.JOB_CLOSED)
    if not job.accepts_online_applications:
        raise ProblemError(problems.ONLINE_APPLICATIONS_NOT_ACCEPTED)
    seeker, account = await seeker_by_ref(session, Viewer.of(employer), seeker_ref, today)
    await session.get(Job, job.id, with_for_update=True)  # one sender at a time per job
    existing = (
        (
            await session.execute(
                select(DirectRequest.seeker_id).where(DirectRequest.job_id == job.id)
            )
        )
        .scalars()
        .all()
    )
    if seeker.account_id in existing:
        raise ProblemError(problems.ALREADY_REQUESTED)
    if len(existing) >= MAX_SEEKERS_PER_JOB:
        raise ProblemError(problems.REQUEST_LIMIT)
    request = DirectRequest(
        job_id=job.id,
        employer_id=employer.account_id,
        seeker_id=seeker.account_id,
        message=message,
        created_at=now,
    )
    session.add(request)
    await session.flush()
    threads.open_with_employer(session, job, employer, now, request=request)
    if account.email is not None:
        subject, body = templates.direct_request(
            base_url=settings.public_base_url, employer_name=employer.name, title=job.title
        )
        enqueue(
            session,
            to=account.email,
            kind=templates.MailKind.direct_request,
            subject=subject,
            body=body,
            now=now,
        )
    return RequestSent(id=request.id, job_number=job.job_number, seeker_ref=seeker_ref, sent_at=now)


def _view(request: DirectRequest, job: Job, employer: Employer) -> RequestRead:
    values = job_values(job, employer)
    return RequestRead(
        id=request.id,
        job=JobSummary(**summary_fields(values)),
        employer_id=employer.account_id,
        employer_name=employer.name,
        message=request.message,
        received_at=request.created_at,
        declined_at=request.declined_at,
        application_id=request.application_id,
    )


async def _read(session: AsyncSession, request: DirectRequest, today: date) -> RequestRead:
    job = await session.get(Job, request.job_id)
    employer = await session.get(Employer, request.employer_id)
    if job is None or employer is None:  # pragma: no cover - foreign keys
        raise ProblemError(problems.REQUEST_NOT_FOUND)
    return _view(request, job, employer)


async def received(
    session: AsyncSession, seeker: Seeker, *, cursor: str | None, limit: int
) -> Page[RequestRead]:
    """The requests the seeker received, newest first, answered ones too."""
    statement = (
        select(DirectRequest, Job, Employer)
        .join(Job, Job.id == DirectRequest.job_id)
        .join(Employer, Employer.account_id == DirectRequest.employer_id)
        .where(DirectRequest.seeker_id == seeker.account_id)
    )
    statement = by_id(statement, DirectRequest.id, cursor, limit, descending=True)
    rows = list((await session.execute(statement)).all())
    page = page_of(rows, limit, lambda row: [row[0].id])
    return Page(items=[_view(*row) for row in page.items], next_cursor=page.next_cursor)


async def _own(session: AsyncSession, seeker: Seeker, request_id: int) -> DirectRequest:
    request = await session.get(DirectRequest, request_id, with_for_update=True)
    if request is None or request.seeker_id != seeker.account_id:
        raise ProblemError(problems.REQUEST_NOT_FOUND)
    return request


async def one(
    session: AsyncSession, seeker: Seeker, request_id: int, *, today: date
) -> RequestRead:
    return await _read(session, await _own(session, seeker, request_id), today)


async def decline(
    session: AsyncSession, seeker: Seeker, request_id: int, *, today: date, now: datetime
) -> RequestRead:
    request = await _own(session, seeker, request_id)
    if request.declined_at is not None or request.application_id is not None:
        raise ProblemError(problems.REQUEST_ANSWERED)
    request.declined_at = now
    await session.flush()
    return await _read(session, request, today)


async def apply(
    session: AsyncSession,
    seeker: Seeker,
    request_id: int,
    *,
    motivation: str,
    document_ids: list[int],
    today: date,
    now: datetime,
) -> Application:
    """Apply to the requested job: an online self-application (R15, R16)."""
    request = await _own(session, seeker, request_id)
    if request.declined_at is not None or request.application_id is not None:
        raise ProblemError(problems.REQUEST_ANSWERED)
    job = await session.get(Job, request.job_id)
    if job is None:  # pragma: no cover - foreign key
        raise ProblemError(problems.REQUEST_NOT_FOUND)
    application = await applications.apply_online(
        session,
        seeker,
        job.job_number,
        motivation=motivation,
        idempotency_key=None,
        today=today,
        now=now,
        document_ids=document_ids,
    )
    request.application_id = application.id
    await session.flush()
    return application


async def block(session: AsyncSession, seeker: Seeker, viewer: Viewer, *, now: datetime) -> None:
    """Idempotent: an employer or partner the seeker blocks can no longer find them, send
    requests or messages (R16, R17)."""
    if viewer.employer_id is not None:
        if await session.get(Employer, viewer.employer_id) is None:
            raise ProblemError(problems.EMPLOYER_NOT_FOUND)
    elif await session.get(PartnerClient, viewer.partner_id) is None:
        raise ProblemError(problems.PARTNER_NOT_FOUND)
    if not await is_blocked(session, viewer, seeker.account_id):
        session.add(
            Block(
                seeker_id=seeker.account_id,
                employer_id=viewer.employer_id,
                partner_id=viewer.partner_id,
                created_at=now,
            )
        )
        await session.flush()


async def unblock(session: AsyncSession, seeker: Seeker, viewer: Viewer) -> None:
    await session.execute(delete(Block).where(Block.seeker_id == seeker.account_id, viewer.block()))


async def blocks(
    session: AsyncSession, seeker: Seeker, *, cursor: str | None, limit: int
) -> Page[BlockRead]:
    """The employers and partners the seeker blocks, in the order they were blocked."""
    statement = select(Block).where(Block.seeker_id == seeker.account_id)
    statement = by_id(statement, Block.id, cursor, limit, descending=False)
    page = page_of(list(await session.scalars(statement)), limit, lambda block: [block.id])
    return Page(
        items=[
            BlockRead(employer_id=b.employer_id, partner_id=b.partner_id, blocked_at=b.created_at)
            for b in page.items
        ],
        next_cursor=page.next_cursor,
    )


async def home_requests(session: AsyncSession, seeker: Seeker) -> tuple[list[Any], int]:
    """The five newest open requests and their count, for home: one statement."""
    rows = (
        await session.execute(
            select(
                DirectRequest.id,
                Job.job_number,
                Job.occupation_name,
                Employer.name,
                DirectRequest.created_at,
                func.count().over().label("total"),
            )
            .join(Job, Job.id == DirectRequest.job_id)
            .join(Employer, Employer.account_id == DirectRequest.employer_id)
            .where(
                DirectRequest.seeker_id == seeker.account_id,
                DirectRequest.declined_at.is_(None),
                DirectRequest.application_id.is_(None),
            )
            .order_by(DirectRequest.id.desc())
            .limit(5)
        )
    ).all()
    return list(rows), rows[0].total if rows else 0
