"""Employers and partners: their threads with seekers, under the same rules as the
seeker's side (R9 cutoffs, blocks), and the partners' outreach with its daily cap (R17)."""

from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.db import insert_for
from mypage_api.disclosed.service import Viewer, seeker_by_ref
from mypage_api.errors import ProblemError
from mypage_api.messages.schemas import (
    CounterpartMessage,
    CounterpartThread,
    PartnerMessageCreate,
)
from mypage_api.messages.threads import (
    ThreadState,
    add_message,
    message_fields,
    state_of,
    state_select,
    thread_page,
    view_fields,
    with_partner,
)
from mypage_api.models import (
    Employer,
    Message,
    PartnerClient,
    PartnerSendingDay,
    SeekerRef,
    Sender,
    Thread,
)
from mypage_api.pagination import Page, by_id, instant_key, page_of
from mypage_api.rules.calendar import jst_date
from mypage_api.rules.messaging import seconds_until_next_jst_day


def _theirs(viewer: Viewer) -> ColumnElement[bool]:
    if viewer.employer_id is not None:
        return Thread.employer_id == viewer.employer_id
    return Thread.partner_id == viewer.partner_id


def _sender(viewer: Viewer) -> Sender:
    return Sender.employer if viewer.employer_id is not None else Sender.partner


def _unread(now: datetime) -> list[ColumnElement[bool]]:
    return [
        Message.sender == Sender.seeker,
        Message.counterpart_read_at.is_(None),
        Message.expires_at > now,
    ]


def _view(
    state: ThreadState, viewer: Viewer, ref: str | None, unread: int, now: datetime
) -> CounterpartThread:
    return CounterpartThread(**view_fields(state, _sender(viewer), unread, now), seeker_ref=ref)


def _message_view(message: Message) -> CounterpartMessage:
    return CounterpartMessage(**message_fields(message, Sender.employer))


async def threads(
    session: AsyncSession, viewer: Viewer, *, now: datetime, cursor: str | None, limit: int
) -> Page[CounterpartThread]:
    """The viewer's threads with seekers, the most recently active first."""
    statement = (
        thread_page(_theirs(viewer), _unread(now), cursor=cursor, limit=limit)
        .add_columns(SeekerRef.ref)
        .outerjoin(
            SeekerRef,
            and_(
                SeekerRef.seeker_id == Thread.seeker_id,
                SeekerRef.partner_id == Thread.partner_id,
            ),
        )
    )
    rows = (await session.execute(statement)).all()
    views = [_view(state_of(row), viewer, row[7], row[6], now) for row in rows]
    return page_of(views, limit, lambda view: instant_key(view.active_at, view.id))


async def _their_thread(
    session: AsyncSession, viewer: Viewer, thread_id: int, *, lock: bool = False
) -> ThreadState:
    row = (
        await session.execute(state_select().where(Thread.id == thread_id, _theirs(viewer)))
    ).one_or_none()
    if row is None:
        raise ProblemError(problems.THREAD_NOT_FOUND)
    if lock:
        await session.execute(select(Thread.id).where(Thread.id == thread_id).with_for_update())
    return state_of(row)


async def thread_messages(
    session: AsyncSession,
    viewer: Viewer,
    thread_id: int,
    *,
    now: datetime,
    cursor: str | None,
    limit: int,
) -> Page[CounterpartMessage]:
    """The thread's messages, newest first; the seeker's among them are read from then on.
    A message the seeker deleted stays here; none past its year."""
    thread = (await _their_thread(session, viewer, thread_id)).thread
    statement = select(Message).where(Message.thread_id == thread.id, Message.expires_at > now)
    statement = by_id(statement, Message.id, cursor, limit, descending=True)
    page = page_of(list(await session.scalars(statement)), limit, lambda m: [m.id])
    ids = [message.id for message in page.items if message.sender is Sender.seeker]
    if ids:
        await session.execute(
            update(Message)
            .where(Message.id.in_(ids), Message.counterpart_read_at.is_(None))
            .values(counterpart_read_at=now)
        )
    return Page(items=[_message_view(m) for m in page.items], next_cursor=page.next_cursor)


async def send(
    session: AsyncSession, employer: Employer, thread_id: int, body: str, *, now: datetime
) -> CounterpartMessage:
    """An employer's message in one of its threads, under the same rules as the seeker's.
    (Partners write through ``partner_outreach``, which checks the seeker's opt-in.)"""
    state = await _their_thread(session, Viewer.of(employer), thread_id, lock=True)
    state.refuse(Sender.employer, now)
    message = add_message(
        session,
        state.thread,
        sender=Sender.employer,
        sender_name=employer.name,
        subject=None,
        body=body,
        now=now,
    )
    await session.flush()
    return _message_view(message)


async def _count_partner_message(
    session: AsyncSession, partner: PartnerClient, *, now: datetime, cap: int
) -> None:
    """Counts a message against the partner's JST day; beyond the cap the message is
    refused with Retry-After up to the next day. The day's row is locked while counting,
    so parallel sends cannot pass the cap together."""
    day: date = jst_date(now)
    await session.execute(
        insert_for(session, PartnerSendingDay)
        .values(partner_id=partner.id, day=day, sent=0)
        .on_conflict_do_nothing()
    )
    counted = await session.scalar(
        select(PartnerSendingDay)
        .where(PartnerSendingDay.partner_id == partner.id, PartnerSendingDay.day == day)
        .with_for_update()
    )
    if counted is None:  # pragma: no cover - inserted above
        raise ProblemError(problems.PARTNER_DAILY_LIMIT)
    if counted.sent >= cap:
        wait = seconds_until_next_jst_day(now)
        raise ProblemError(
            problems.PARTNER_DAILY_LIMIT,
            headers={"Retry-After": str(wait)},
            extensions={"limit": cap, "retry_after": wait},
        )
    counted.sent += 1


async def partner_outreach(
    session: AsyncSession,
    partner: PartnerClient,
    body: PartnerMessageCreate,
    *,
    today: date,
    now: datetime,
    daily_cap: int,
) -> CounterpartMessage:
    """A partner writes to a seeker who opted in to 求職情報提供 and does not block it; the
    conversation continues in the seeker's one thread with the partner."""
    seeker, _ = await seeker_by_ref(session, Viewer.of(partner), body.seeker_ref, today)
    await _count_partner_message(session, partner, now=now, cap=daily_cap)
    thread = await with_partner(session, seeker.account_id, partner, now)
    message = add_message(
        session,
        thread,
        sender=Sender.partner,
        sender_name=partner.name,
        subject=body.subject,
        body=body.body,
        now=now,
    )
    await session.flush()
    return _message_view(message)
