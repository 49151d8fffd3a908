"""The seeker's personal data export: everything held about them, as one JSON document."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.errors import ProblemError
from mypage_api.models import (
    AccessLogEntry,
    Account,
    Activity,
    OutboxMail,
    RefreshToken,
    Registration,
    Seeker,
)
from mypage_api.seekers.schemas import MyData


async def export(session: AsyncSession, seeker: Seeker, *, now: datetime) -> MyData:
    account = await session.get(Account, seeker.account_id)
    registration = await session.get(Registration, seeker.account_id)
    if account is None or registration is None:  # pragma: no cover - one aggregate
        raise ProblemError(problems.SEEKER_NOT_FOUND)
    activities = await session.scalars(
        select(Activity).where(Activity.seeker_id == seeker.account_id).order_by(Activity.id)
    )
    access = await session.scalars(
        select(AccessLogEntry)
        .where(AccessLogEntry.seeker_id == seeker.account_id)
        .order_by(AccessLogEntry.id)
    )
    sessions = await session.scalars(
        select(RefreshToken)
        .where(RefreshToken.account_id == account.id, RefreshToken.revoked_at.is_(None))
        .where(RefreshToken.used_at.is_(None), RefreshToken.expires_at > now)
        .order_by(RefreshToken.id)
    )
    mails = await session.scalars(
        select(OutboxMail).where(OutboxMail.to_address == account.email).order_by(OutboxMail.id)
    )
    return MyData(
        exported_at=now,
        account={
            "email": account.email,
            "status": account.status,
            "created_at": account.created_at,
        },
        seeker={
            "seeker_number": seeker.seeker_number,
            "registrant_type": seeker.registrant_type,
            "office_code": seeker.office_code,
            "terms_version": seeker.terms_version,
            "privacy_version": seeker.privacy_version,
            "consented_at": seeker.consented_at,
        },
        registration={
            "registered_on": registration.registered_on,
            "valid_until": registration.valid_until,
            "ended_on": registration.ended_on,
            "ended_by": registration.ended_by,
        },
        profile=seeker.profile,
        activities=[
            {"kind": a.kind, "occurred_on": a.occurred_on, "office_code": a.office_code}
            for a in activities
        ],
        access_log=[
            {"at": e.at, "office_code": e.office_code, "action": e.action, "what": e.what}
            for e in access
        ],
        sessions=[{"signed_in_at": t.created_at, "expires_at": t.expires_at} for t in sessions],
        # Mail texts hold single-use links; the export lists what was sent, not the texts.
        mails=[
            {"kind": m.kind, "subject": m.subject, "queued_at": m.created_at, "status": m.status}
            for m in mails
        ],
    )
