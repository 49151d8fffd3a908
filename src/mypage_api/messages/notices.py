"""Hello Work notices (お知らせ): staff write to one seeker of their office or to all of
them; seekers receive them in their one notice thread and cannot answer (R17)."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.errors import ProblemError
from mypage_api.messages.schemas import NoticeCreate, NoticeSent
from mypage_api.messages.threads import notice_thread_values
from mypage_api.models import Base, Message, Office, Seeker, Sender, StaffMember, Thread, ThreadKind
from mypage_api.rules.messaging import message_expires_at


def _constants(model: type[Base], values: Mapping[str, object]) -> list[ColumnElement[Any]]:
    """Values as typed SQL constants, for an INSERT … SELECT."""
    columns = model.__table__.c
    return [literal(value, columns[key].type) for key, value in values.items()]


async def send(
    session: AsyncSession, staff: StaffMember, notice: NoticeCreate, *, now: datetime
) -> NoticeSent:
    """Set-based, so that a notice to a whole office is a few statements, not a few per
    seeker: open the missing notice threads, add the messages, mark the threads active.
    The recipients are the office's seekers, or the one of them named; a seeker number of
    another office is not found, as an unknown one is."""
    recipients = Seeker.office_code == staff.office_code
    if notice.seeker_number is not None:
        recipients &= Seeker.seeker_number == notice.seeker_number
        named = exists().where(recipients, Seeker.withdrawn_at.is_(None))
        if not await session.scalar(select(named)):
            raise ProblemError(problems.SEEKER_NOT_FOUND)
    office_name = await session.scalar(
        select(Office.name).where(Office.office_code == staff.office_code)
    )
    values = notice_thread_values(now)
    has_thread = exists().where(
        Thread.seeker_id == Seeker.account_id, Thread.kind == ThreadKind.notice
    )
    await session.execute(
        insert(Thread).from_select(
            ["seeker_id", *values],
            select(Seeker.account_id, *_constants(Thread, values)).where(
                recipients, Seeker.withdrawn_at.is_(None), ~has_thread
            ),
        )
    )
    threads = (
        select(Thread.id, Thread.seeker_id)
        .join(Seeker, Seeker.account_id == Thread.seeker_id)
        .where(recipients, Seeker.withdrawn_at.is_(None), Thread.kind == ThreadKind.notice)
    ).subquery()
    message = {
        "sender": Sender.hellowork,
        "sender_name": office_name,
        "subject": notice.subject,
        "body": notice.body,
        "sent_at": now,
        "expires_at": message_expires_at(now),
        "favorite": False,
    }
    count = await session.scalar(select(func.count()).select_from(threads))
    await session.execute(
        insert(Message).from_select(
            ["thread_id", "seeker_id", *message],
            select(threads.c.id, threads.c.seeker_id, *_constants(Message, message)),
        )
    )
    await session.execute(
        update(Thread)
        .where(Thread.id.in_(select(threads.c.id)))
        .values(active_at=now)
        .execution_options(synchronize_session=False)
    )
    return NoticeSent(recipients=int(count or 0), sent_at=now)
