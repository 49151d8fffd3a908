"""The audit log of staff access to seekers' personal data, which the seeker can read."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.models import AccessAction, AccessLogEntry, Office, Seeker, StaffMember
from mypage_api.pagination import Page, by_id, page_of


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
    """An access log entry: a staff member's read or change of the seeker's personal data."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 501,
                    "at": "2026-11-12T01:05:00Z",
                    "office_code": "13010",
                    "office_name": "ハローワーク飯田橋",
                    "staff_id": 31,
                    "action": "read",
                    "what": "summary",
                }
            ]
        }
    )

    id: int
    at: datetime
    office_code: str
    office_name: str
    staff_id: int | None = Field(description="The staff member; null once their account is gone.")
    action: AccessAction
    what: str = Field(
        description="What was read or changed: summary, registration, registrant_type, "
        "restriction, office, or activity:<kind>."
    )


async def entries(
    session: AsyncSession, seeker: Seeker, *, cursor: str | None, limit: int
) -> Page[AccessLogRead]:
    """Newest first."""
    statement = (
        select(AccessLogEntry, Office.name)
        .join(Office, Office.office_code == AccessLogEntry.office_code)
        .where(AccessLogEntry.seeker_id == seeker.account_id)
    )
    statement = by_id(statement, AccessLogEntry.id, cursor, limit, descending=True)
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
