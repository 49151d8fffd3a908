"""Hello Work referrals: online referral offers (R14) and referrals at the counter (R13)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import audit, problems
from mypage_api.applications import service
from mypage_api.applications.schemas import ApplicationRead, OfferCreate, OfferRead
from mypage_api.errors import ProblemError
from mypage_api.jobs import queries
from mypage_api.jobs.schemas import JobSummary, summary_fields
from mypage_api.jobs.service import public_job
from mypage_api.models import (
    AccessAction,
    ActivityKind,
    Application,
    Employer,
    Job,
    ReferralOffer,
    RegistrantType,
    Seeker,
    StaffMember,
)
from mypage_api.pagination import Page, by_id, page_of
from mypage_api.registrations.service import add_activity
from mypage_api.rules.applications import Channel, apply_by_refusal
from mypage_api.seekers.service import seeker_of_office


async def offer(
    session: AsyncSession,
    staff: StaffMember,
    seeker_number: str,
    body: OfferCreate,
    *,
    today: date,
    now: datetime,
) -> OfferRead:
    """Staff offer a Hello Work user of their office a job to apply to online, until
    ``apply_by`` (R14); the offer is in the seeker's access log."""
    seeker = await seeker_of_office(session, staff, seeker_number)
    if seeker.registrant_type is not RegistrantType.hellowork_user:
        raise ProblemError(problems.HELLOWORK_USERS_ONLY)
    job = await service.applicable_job(session, body.job_number, today=today)
    refusal = apply_by_refusal(body.apply_by, referral_deadline=job.referral_deadline, today=today)
    if refusal is not None:
        raise ProblemError(problems.APPLY_BY_INVALID)
    offer = ReferralOffer(
        seeker_id=seeker.account_id,
        job_id=job.id,
        office_code=staff.office_code,
        staff_id=staff.account_id,
        apply_by=body.apply_by,
        note=body.note,
        created_at=now,
    )
    session.add(offer)
    audit.record(session, staff, seeker, AccessAction.change, "referral_offer", now)
    await session.flush()
    posting = await public_job(session, job.job_number, today=today)
    return OfferRead(
        id=offer.id,
        job=JobSummary.model_validate(posting.model_dump()),
        apply_by=offer.apply_by,
        note=offer.note,
        offered_at=now,
    )


def open_offer_conditions(seeker: Seeker, today: date) -> list[Any]:
    """Unapplied, within their deadline, on a job still valid (R14)."""
    return [
        ReferralOffer.seeker_id == seeker.account_id,
        ReferralOffer.application_id.is_(None),
        ReferralOffer.apply_by >= today,
        queries.valid_on(today),
    ]


async def open_offers(
    session: AsyncSession, seeker: Seeker, *, today: date, cursor: str | None, limit: int
) -> Page[OfferRead]:
    """The open offers (R14), newest first."""
    statement = (
        select(
            ReferralOffer.id.label("offer_id"),
            ReferralOffer.apply_by,
            ReferralOffer.note.label("offer_note"),
            ReferralOffer.created_at.label("offered_at"),
            *queries.SUMMARY_COLUMNS,
        )
        .join(Job, Job.id == ReferralOffer.job_id)
        .join(Employer, Employer.account_id == Job.employer_id)
        .where(*open_offer_conditions(seeker, today))
    )
    statement = by_id(statement, ReferralOffer.id, cursor, limit, descending=True)
    rows = list((await session.execute(statement)).mappings())
    page = page_of(rows, limit, lambda row: [row["offer_id"]])
    return Page(
        items=[
            OfferRead(
                id=row["offer_id"],
                job=JobSummary(**summary_fields(row)),
                apply_by=row["apply_by"],
                note=row["offer_note"],
                offered_at=row["offered_at"],
            )
            for row in page.items
        ],
        next_cursor=page.next_cursor,
    )


async def apply_to_offer(
    session: AsyncSession,
    seeker: Seeker,
    offer_id: int,
    *,
    motivation: str,
    today: date,
    now: datetime,
    document_ids: list[int] | None = None,
) -> Application:
    """オンラインハローワーク紹介: a referral; the letter is issued; counts for R2."""
    if seeker.registrant_type is not RegistrantType.hellowork_user:
        raise ProblemError(problems.HELLOWORK_USERS_ONLY)
    row = (
        await session.execute(
            select(ReferralOffer, Job)
            .join(Job, Job.id == ReferralOffer.job_id)
            .where(ReferralOffer.id == offer_id, *open_offer_conditions(seeker, today))
            .with_for_update(of=ReferralOffer)
        )
    ).one_or_none()
    if row is None:
        raise ProblemError(problems.OFFER_NOT_FOUND)
    offer, job = row
    staff = await session.get(StaffMember, offer.staff_id) if offer.staff_id else None
    application = await service.create(
        session,
        seeker,
        job,
        Channel.referral_online,
        motivation=motivation,
        today=today,
        now=now,
        staff=staff,
        document_ids=document_ids,
    )
    application.referral_office_code = offer.office_code
    offer.application_id = application.id
    await session.flush()
    return application


async def refer_at_counter(
    session: AsyncSession,
    staff: StaffMember,
    seeker_number: str,
    job_number: str,
    *,
    today: date,
    now: datetime,
) -> ApplicationRead:
    """窓口での紹介 of a seeker of the staff member's office: an application with a referral
    letter, recorded as a referral activity (which extends the validity, R2) and in the
    seeker's access log."""
    seeker = await seeker_of_office(session, staff, seeker_number)
    job = await service.applicable_job(session, job_number, today=today)
    application = await service.create(
        session,
        seeker,
        job,
        Channel.referral_counter,
        motivation=None,
        today=today,
        now=now,
        staff=staff,
    )
    add_activity(session, staff, seeker, ActivityKind.referral, today=today, now=now)
    audit.record(session, staff, seeker, AccessAction.change, "activity:referral", now)
    await session.flush()
    return service.read(*await service.own_application(session, seeker, application.id), today)
