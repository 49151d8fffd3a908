"""Direct requests (R16): employers find disclosed seekers and ask them to apply."""

import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.applications import service as applications
from mypage_api.config import Settings
from mypage_api.errors import ProblemError
from mypage_api.jobs.schemas import JobSummary
from mypage_api.jobs.service import SUMMARY_KEYS, own_job, summary_fields
from mypage_api.mail import templates
from mypage_api.mail.outbox import enqueue
from mypage_api.models import (
    Account,
    AccountStatus,
    Application,
    Block,
    DirectRequest,
    Employer,
    Job,
    Registration,
    Seeker,
    SeekerRef,
)
from mypage_api.pagination import Page, decode_cursor, page_of
from mypage_api.profiles.postal import lookup
from mypage_api.requests.schemas import BlockRead, DisclosedSeeker, RequestRead, RequestSent
from mypage_api.rules.age import age_on
from mypage_api.rules.jobs import job_is_valid

MAX_SEEKERS_PER_JOB = 10


def _disclosed(today: date) -> list[Any]:
    """Seekers an employer may see: public, active registration, account in use."""
    return [
        Seeker.profile["sharing"]["employers"].as_string() == "public",
        Seeker.withdrawn_at.is_(None),
        Registration.ended_on.is_(None),
        Registration.valid_until >= today,
        Account.status == AccountStatus.active,
    ]


def _not_blocking(employer: Employer) -> Any:
    blocked = select(Block.seeker_id).where(Block.employer_id == employer.account_id)
    return Seeker.account_id.not_in(blocked)


def _anonymised(ref: str, profile: dict[str, Any], today: date) -> DisclosedSeeker:
    basic = profile.get("basic", {})
    area = lookup(basic.get("postal_code", "")) if basic.get("postal_code") else None
    birth = basic.get("birth_date")
    age = age_on(date.fromisoformat(birth), today) if birth else 0
    career = profile.get("career", {}).get("entries", [])
    years = 0
    for entry in career:
        start, end = entry.get("start_month"), entry.get("end_month") or today.isoformat()[:7]
        if start:
            years += max(0, (int(end[:4]) - int(start[:4])))
    return DisclosedSeeker(
        seeker_ref=ref,
        age_band=f"{age // 10 * 10}代",
        prefecture_code=area.prefecture_code if area else None,
        municipality_code=area.municipality_code if area else None,
        desired_occupations=[
            o.get("name", "") for o in profile.get("desired_work", {}).get("occupations", [])
        ],
        employment_types=list(profile.get("desired_work", {}).get("employment_types", [])),
        qualifications=[
            q.get("name", "") for q in profile.get("education", {}).get("qualifications", [])
        ],
        years_of_experience=years,
        self_pr=profile.get("self_pr", {}).get("text"),
    )


async def _ref_for(session: AsyncSession, employer: Employer, seeker_id: int) -> str:
    ref = await session.scalar(
        select(SeekerRef.ref).where(
            SeekerRef.employer_id == employer.account_id, SeekerRef.seeker_id == seeker_id
        )
    )
    if ref is None:
        ref = secrets.token_urlsafe(16)
        session.add(SeekerRef(ref=ref, employer_id=employer.account_id, seeker_id=seeker_id))
        await session.flush()
    return ref


async def browse(
    session: AsyncSession,
    employer: Employer,
    *,
    prefecture: str | None,
    occupation: str | None,
    experienced: bool | None,
    today: date,
    cursor: str | None,
    limit: int,
) -> Page[DisclosedSeeker]:
    """Disclosed seekers, newest first; the filters read the desired conditions."""
    key = decode_cursor(cursor, length=1)
    statement = (
        select(Seeker.account_id, Seeker.profile)
        .join(Registration, Registration.seeker_id == Seeker.account_id)
        .join(Account, Account.id == Seeker.account_id)
        .where(*_disclosed(today), _not_blocking(employer))
        .order_by(Seeker.account_id.desc())
    )
    if key is not None:
        statement = statement.where(Seeker.account_id < int(key[0]))
    found: list[tuple[int, DisclosedSeeker]] = []
    for seeker_id, profile in (await session.execute(statement)).all():
        view = _anonymised("", profile, today)
        locations = profile.get("desired_conditions", {}).get("locations", [])
        if prefecture and prefecture not in {loc.get("prefecture_code") for loc in locations} | {
            view.prefecture_code
        }:
            continue
        if occupation and not any(occupation in name for name in view.desired_occupations):
            continue
        if experienced is not None and (view.years_of_experience > 0) != experienced:
            continue
        found.append((seeker_id, view))
        if len(found) > limit:
            break
    items = [
        (
            seeker_id,
            view.model_copy(update={"seeker_ref": await _ref_for(session, employer, seeker_id)}),
        )
        for seeker_id, view in found
    ]
    page = page_of(items, limit, lambda item: [item[0]])
    return Page(items=[view for _, view in page.items], next_cursor=page.next_cursor)


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
    row = (
        await session.execute(
            select(Seeker, Account)
            .join(SeekerRef, SeekerRef.seeker_id == Seeker.account_id)
            .join(Registration, Registration.seeker_id == Seeker.account_id)
            .join(Account, Account.id == Seeker.account_id)
            .where(SeekerRef.ref == seeker_ref, SeekerRef.employer_id == employer.account_id)
            .where(*_disclosed(today))
        )
    ).one_or_none()
    if row is None:
        raise ProblemError(problems.SEEKER_REF_NOT_FOUND)
    seeker, account = row
    blocked = await session.scalar(
        select(Block.id).where(
            Block.seeker_id == seeker.account_id, Block.employer_id == employer.account_id
        )
    )
    if blocked is not None:
        raise ProblemError(problems.BLOCKED)
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


async def _read(session: AsyncSession, request: DirectRequest, today: date) -> RequestRead:
    job = await session.get(Job, request.job_id)
    employer = await session.get(Employer, request.employer_id)
    if job is None or employer is None:  # pragma: no cover - foreign keys
        raise ProblemError(problems.REQUEST_NOT_FOUND)
    values = {key: getattr(job, key) for key in SUMMARY_KEYS} | {"employer_name": employer.name}
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


async def received(session: AsyncSession, seeker: Seeker, *, today: date) -> list[RequestRead]:
    requests = await session.scalars(
        select(DirectRequest)
        .where(DirectRequest.seeker_id == seeker.account_id)
        .order_by(DirectRequest.id.desc())
    )
    return [await _read(session, request, today) for request in requests]


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


async def block_employer(
    session: AsyncSession, seeker: Seeker, employer_id: int, *, now: datetime
) -> None:
    if await session.get(Employer, employer_id) is None:
        raise ProblemError(problems.EMPLOYER_NOT_FOUND)
    exists = await session.scalar(
        select(Block.id).where(
            Block.seeker_id == seeker.account_id, Block.employer_id == employer_id
        )
    )
    if exists is None:
        session.add(Block(seeker_id=seeker.account_id, employer_id=employer_id, created_at=now))
        await session.flush()


async def unblock_employer(session: AsyncSession, seeker: Seeker, employer_id: int) -> None:
    block = await session.scalar(
        select(Block).where(Block.seeker_id == seeker.account_id, Block.employer_id == employer_id)
    )
    if block is not None:
        await session.delete(block)


async def blocks(session: AsyncSession, seeker: Seeker) -> list[BlockRead]:
    rows = await session.scalars(
        select(Block).where(Block.seeker_id == seeker.account_id).order_by(Block.id)
    )
    return [
        BlockRead(employer_id=b.employer_id, partner_id=b.partner_id, blocked_at=b.created_at)
        for b in rows
    ]


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
