"""Applications through the three channels (R2, R8, R10-R15)."""

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.application_mails import notify
from mypage_api.applications.schemas import (
    NOT_A_REFERRAL,
    ApplicationDetail,
    ApplicationRead,
    ReferralLetter,
)
from mypage_api.config import Settings
from mypage_api.documents.service import attached_documents
from mypage_api.errors import ProblemError
from mypage_api.jobs import queries
from mypage_api.jobs.service import public_job
from mypage_api.mail.templates import ApplicationEnded
from mypage_api.messages import threads
from mypage_api.models import (
    Application,
    ApplicationDocument,
    Document,
    Employer,
    Job,
    Office,
    Seeker,
    StaffMember,
)
from mypage_api.pagination import Page, by_id, page_of
from mypage_api.problems import ProblemType
from mypage_api.registrations.service import count_for_validity
from mypage_api.rules.applications import (
    ApplicationList,
    ApplicationRefusal,
    Channel,
    application_list,
    cancellable_until,
    finished_cutoff,
    may_cancel,
    self_application_refusal,
)
from mypage_api.rules.calendar import jst_date
from mypage_api.rules.jobs import job_invalid_on, job_is_valid

ONLINE = (Channel.self_online, Channel.referral_online)
REFERRALS = (Channel.referral_online, Channel.referral_counter)
SELF_APPLICATION_REFUSED: dict[ApplicationRefusal, ProblemType] = {
    ApplicationRefusal.job_unavailable: problems.JOB_UNAVAILABLE,
    ApplicationRefusal.online_applications_not_accepted: problems.ONLINE_APPLICATIONS_NOT_ACCEPTED,
}


def _list_of(application: Application, job: Job, today: date) -> ApplicationList:
    invalid_on = job_invalid_on(job.valid_until, job.closed_on)
    return application_list(
        selection_ended=application.result is not None or application.cancelled_at is not None,
        job_invalid_on=invalid_on if invalid_on <= today else None,
        today=today,
    )


def read(application: Application, job: Job, employer: Employer, today: date) -> ApplicationRead:
    return ApplicationRead(
        id=application.id,
        channel=application.channel,
        job_number=job.job_number,
        title=job.title,
        occupation=job.occupation_name,
        employer_name=employer.name if job.publishes_employer_name else None,
        applied_at=application.applied_at,
        list=_list_of(application, job, today),
        result=application.result,
        cancelled_at=application.cancelled_at,
        cancellable_until=(
            cancellable_until(application.channel, application.applied_at)
            if application.cancelled_at is None and application.result is None
            else None
        ),
        is_hellowork_referral=application.channel in REFERRALS,
        notice=NOT_A_REFERRAL if application.channel is Channel.self_online else None,
    )


async def detail(
    session: AsyncSession, seeker: Seeker, application_id: int, today: date
) -> ApplicationDetail:
    """The seeker's own application with what was sent (R11)."""
    application, job, employer = await own_application(session, seeker, application_id)
    online = application.channel in ONLINE
    return ApplicationDetail(
        **read(application, job, employer, today).model_dump(),
        motivation=application.motivation if online else None,
        documents=await attached_documents(session, application.id) if online else [],
    )


async def create(
    session: AsyncSession,
    seeker: Seeker,
    job: Job,
    channel: Channel,
    *,
    motivation: str | None,
    today: date,
    now: datetime,
    idempotency_key: str | None = None,
    staff: StaffMember | None = None,
    document_ids: list[int] | None = None,
) -> Application:
    """One live application per seeker and job; a replayed idempotency key answers the
    first application; the posting is kept as it stood (R10)."""
    if idempotency_key is not None:
        earlier = await _by_key(session, seeker, idempotency_key)
        if earlier is not None:
            return earlier
    posting = (await public_job(session, job.job_number, today=today)).model_dump(mode="json")
    application = Application(
        seeker_id=seeker.account_id,
        job_id=job.id,
        channel=channel,
        motivation=motivation,
        applied_at=now,
        posting=posting,
        referral_office_code=staff.office_code if staff else None,
        referral_staff_id=staff.account_id if staff else None,
        idempotency_key=idempotency_key,
    )
    try:
        async with session.begin_nested():
            session.add(application)
            await session.flush()
    except IntegrityError:
        if idempotency_key is not None:
            earlier = await _by_key(session, seeker, idempotency_key)
            if earlier is not None:
                return earlier
        raise ProblemError(problems.ALREADY_APPLIED) from None
    await attach(session, seeker, application, document_ids or [])
    await count_for_validity(session, seeker, today=today)  # R2
    employer = await session.get(Employer, job.employer_id)
    if employer is not None:  # always: a foreign key
        threads.open_with_employer(session, job, employer, now, application=application)
        await session.flush()
    return application


async def attach(
    session: AsyncSession, seeker: Seeker, application: Application, document_ids: list[int]
) -> None:
    """The seeker's own, undeleted documents only; anything else is not found."""
    for document_id in dict.fromkeys(document_ids):
        document = await session.get(Document, document_id)
        if document is None or document.seeker_id != seeker.account_id or document.deleted_at:
            raise ProblemError(problems.DOCUMENT_NOT_FOUND)
        session.add(ApplicationDocument(application_id=application.id, document_id=document_id))
    await session.flush()


async def _by_key(session: AsyncSession, seeker: Seeker, key: str) -> Application | None:
    statement = select(Application).where(
        Application.seeker_id == seeker.account_id, Application.idempotency_key == key
    )
    return (await session.scalars(statement)).one_or_none()


async def applicable_job(session: AsyncSession, job_number: str, *, today: date) -> Job:
    job = await queries.job_by_number(session, job_number)
    if job is None:
        raise ProblemError(problems.JOB_NOT_FOUND)
    if not job_is_valid(job.valid_until, job.closed_on, today):
        raise ProblemError(problems.JOB_UNAVAILABLE)
    return job


async def apply_online(
    session: AsyncSession,
    seeker: Seeker,
    job_number: str,
    *,
    motivation: str,
    idempotency_key: str | None,
    today: date,
    now: datetime,
    document_ids: list[int] | None = None,
) -> Application:
    """オンライン自主応募 (R15): a valid job that accepts online applications and publishes
    the employer's name."""
    if idempotency_key is not None:
        earlier = await _by_key(session, seeker, idempotency_key)
        if earlier is not None:
            return earlier
    job = await queries.job_by_number(session, job_number)
    if job is None:
        raise ProblemError(problems.JOB_NOT_FOUND)
    refusal = self_application_refusal(
        valid_until=job.valid_until,
        closed_on=job.closed_on,
        accepts_online_applications=job.accepts_online_applications,
        publishes_employer_name=job.publishes_employer_name,
        today=today,
    )
    if refusal is not None:
        raise ProblemError(SELF_APPLICATION_REFUSED[refusal])
    return await create(
        session,
        seeker,
        job,
        Channel.self_online,
        motivation=motivation,
        today=today,
        now=now,
        idempotency_key=idempotency_key,
        document_ids=document_ids,
    )


def _own(seeker: Seeker) -> Any:
    return Application.seeker_id == seeker.account_id


def _with_job() -> Select[Application, Job, Employer]:
    return (
        select(Application, Job, Employer)
        .join(Job, Job.id == Application.job_id)
        .join(Employer, Employer.account_id == Job.employer_id)
    )


def finished_condition(today: date) -> Any:
    """R8 in SQL: the selection ended, or the job became invalid before the cutoff."""
    cutoff = finished_cutoff(today)
    return or_(
        Application.cancelled_at.is_not(None),
        Application.result.is_not(None),
        and_(Job.closed_on.is_not(None), Job.closed_on < cutoff),  # no NULL in NOT (...)
        Job.valid_until < cutoff - timedelta(days=1),
    )


async def list_own(
    session: AsyncSession,
    seeker: Seeker,
    which: ApplicationList,
    *,
    today: date,
    cursor: str | None,
    limit: int,
) -> Page[ApplicationRead]:
    finished = finished_condition(today)
    statement = _with_job().where(
        _own(seeker), finished if which is ApplicationList.finished else ~finished
    )
    statement = by_id(statement, Application.id, cursor, limit, descending=True)
    rows = (await session.execute(statement)).all()
    items = [read(application, job, employer, today) for application, job, employer in rows]
    return page_of(items, limit, lambda item: [item.id])


async def own_application(
    session: AsyncSession, seeker: Seeker, application_id: int
) -> tuple[Application, Job, Employer]:
    row = (
        await session.execute(_with_job().where(_own(seeker), Application.id == application_id))
    ).one_or_none()
    if row is None:
        raise ProblemError(problems.APPLICATION_NOT_FOUND)
    return row[0], row[1], row[2]


async def cancel(
    session: AsyncSession,
    seeker: Seeker,
    application_id: int,
    *,
    settings: Settings,
    today: date,
    now: datetime,
) -> ApplicationRead:
    """R12: online applications within 24 hours; counter referrals never from My Page. The
    seeker is mailed that it is cancelled."""
    application, job, employer = await own_application(session, seeker, application_id)
    if application.cancelled_at is not None or application.result is not None:
        raise ProblemError(problems.APPLICATION_FINISHED)
    if application.channel is Channel.referral_counter:
        raise ProblemError(problems.COUNTER_REFERRAL_NOT_CANCELLABLE)
    if not may_cancel(application.channel, application.applied_at, now):
        raise ProblemError(problems.CANCELLATION_WINDOW_CLOSED)
    application.cancelled_at = now
    await session.flush()
    await notify(session, application, job, ApplicationEnded.cancelled, settings=settings, now=now)
    return read(application, job, employer, today)


async def referral_letter(
    session: AsyncSession, seeker: Seeker, application_id: int
) -> ReferralLetter:
    """R13: for counter and online referrals; with the result once the employer registers it."""
    application, job, employer = await own_application(session, seeker, application_id)
    if application.channel not in REFERRALS or application.referral_office_code is None:
        raise ProblemError(problems.NO_REFERRAL_LETTER)
    office = await session.get(Office, application.referral_office_code)
    posting = application.posting
    return ReferralLetter(
        kind="referral_letter_with_result" if application.result else "referral_letter",
        application_id=application.id,
        seeker_number=seeker.seeker_number,
        seeker_name=seeker.profile.get("basic", {}).get("name", ""),
        job_number=job.job_number,
        title=posting.get("title", job.title),
        occupation=posting.get("occupation", {}).get("name", job.occupation_name),
        employer_name=employer.name,
        office_code=application.referral_office_code,
        office_name=office.name if office else "",
        referred_on=jst_date(application.applied_at),
        result=application.result,
        result_registered_on=(
            jst_date(application.result_registered_at) if application.result_registered_at else None
        ),
    )
