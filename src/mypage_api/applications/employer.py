"""Employers see their jobs' applicants and register selection results (R8, R9, R13)."""

from collections.abc import AsyncIterator
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.application_mails import notify
from mypage_api.applications.schemas import Applicant, EmployerApplication, ResultCreate
from mypage_api.config import Settings
from mypage_api.documents.schemas import DocumentRead
from mypage_api.documents.service import attached_documents, documents_sent, open_attached
from mypage_api.errors import ProblemError
from mypage_api.jobs.service import own_job
from mypage_api.mail.templates import ResultRegistered
from mypage_api.models import Application, Document, Employer, Job, Seeker
from mypage_api.pagination import Page, by_id, page_of
from mypage_api.storage import DocumentStore


def _view(
    application: Application, job: Job, seeker: Seeker, documents: list[DocumentRead]
) -> EmployerApplication:
    basic = seeker.profile.get("basic", {})
    return EmployerApplication(
        id=application.id,
        job_number=job.job_number,
        channel=application.channel,
        applied_at=application.applied_at,
        applicant=Applicant(name=basic.get("name", ""), name_kana=basic.get("name_kana", "")),
        motivation=application.motivation,
        documents=documents,
        result=application.result,
        cancelled=application.cancelled_at is not None,
    )


async def for_job(
    session: AsyncSession, employer: Employer, job_number: str, *, cursor: str | None, limit: int
) -> Page[EmployerApplication]:
    """The applicants of the employer's own job (anyone else's is not found), newest first."""
    job = await own_job(session, employer, job_number)
    statement = (
        select(Application, Seeker)
        .join(Seeker, Seeker.account_id == Application.seeker_id)
        .where(Application.job_id == job.id)
    )
    statement = by_id(statement, Application.id, cursor, limit, descending=True)
    rows = list((await session.execute(statement)).all())
    page = page_of(rows, limit, lambda row: [row[0].id])
    sent = await documents_sent(session, [application.id for application, _ in page.items])
    return Page(
        items=[
            _view(application, job, seeker, sent.get(application.id, []))
            for application, seeker in page.items
        ],
        next_cursor=page.next_cursor,
    )


async def _own(
    session: AsyncSession, employer: Employer, application_id: int
) -> tuple[Application, Job, Seeker]:
    row = (
        await session.execute(
            select(Application, Job, Seeker)
            .join(Job, Job.id == Application.job_id)
            .join(Seeker, Seeker.account_id == Application.seeker_id)
            .where(Application.id == application_id, Job.employer_id == employer.account_id)
        )
    ).one_or_none()
    if row is None:
        raise ProblemError(problems.APPLICATION_NOT_FOUND)
    return row[0], row[1], row[2]


async def one(
    session: AsyncSession, employer: Employer, application_id: int
) -> EmployerApplication:
    application, job, seeker = await _own(session, employer, application_id)
    return _view(application, job, seeker, await attached_documents(session, application.id))


async def open_document(
    session: AsyncSession,
    store: DocumentStore,
    employer: Employer,
    application_id: int,
    document_id: int,
) -> tuple[Document, AsyncIterator[bytes]]:
    """A document sent with an application to one of the employer's jobs."""
    application, _, _ = await _own(session, employer, application_id)
    return await open_attached(session, store, application.id, document_id)


async def register_result(
    session: AsyncSession,
    employer: Employer,
    application_id: int,
    body: ResultCreate,
    *,
    settings: Settings,
    now: datetime,
) -> EmployerApplication:
    """Finishes the application (R8), completes the referral letter (R13) and starts the
    one-week messaging cutoff (R9)."""
    application, job, seeker = await _own(session, employer, application_id)
    if application.result is not None or application.cancelled_at is not None:
        raise ProblemError(problems.RESULT_ALREADY_REGISTERED)
    application.result = body.result
    application.result_note = body.note
    application.result_registered_at = now
    await notify(
        session, application, job, ResultRegistered(body.result), settings=settings, now=now
    )
    await session.flush()
    return _view(application, job, seeker, await attached_documents(session, application.id))
