"""The audit log of staff access to seekers' personal data, which the seeker can read."""

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.models import AccessAction, AccessLogEntry, Office, Seeker, StaffMember
from mypage_api.pagination import Page, decode_int_cursor, page_of


def record(
    session: AsyncSession,
    staff: StaffMember,
    seeker: Seeker,
    action: AccessAction,
    what: str,
    now: datetime,
) -> None:
    session.add(
        AccessLogEntry(
            seeker_id=seeker.account_id,
            staff_id=staff.account_id,
            office_code=staff.office_code,
            action=action,
            what=what,
            at=now,
        )
    )


class AccessLogRead(BaseModel):
    id: int
    at: datetime
    office_code: str
    office_name: str
    staff_id: int | None
    action: AccessAction
    what: str


async def entries(
    session: AsyncSession, seeker: Seeker, *, cursor: str | None, limit: int
) -> Page[AccessLogRead]:
    """Newest first."""
    key = decode_int_cursor(cursor, length=1)
    statement = (
        select(AccessLogEntry, Office.name)
        .join(Office, Office.office_code == AccessLogEntry.office_code)
        .where(AccessLogEntry.seeker_id == seeker.account_id)
        .order_by(AccessLogEntry.id.desc())
        .limit(limit + 1)
    )
    if key is not None:
        statement = statement.where(AccessLogEntry.id < key[0])
    rows = (await session.execute(statement)).all()
    items = [
        AccessLogRead(
            id=entry.id,
            at=entry.at,
            office_code=entry.office_code,
            office_name=office_name,
            staff_id=entry.staff_id,
            action=entry.action,
            what=entry.what,
        )
        for entry, office_name in rows
    ]
    return page_of(items, limit, lambda item: [item.id])
