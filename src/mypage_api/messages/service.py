"""The seeker's messages: threads, folders, reading, answering, favourites, deleting (R9,
R17). A message is never shown once its year has passed, even before the erasure pass has
removed it; the seeker's deleted messages are gone from their views (the other side keeps
its copy until the year ends)."""

from datetime import datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.errors import ProblemError
from mypage_api.messages.schemas import Folder, MessageRead, ThreadRead
from mypage_api.messages.threads import (
    ThreadState,
    add_message,
    message_fields,
    state_of,
    state_select,
    thread_page,
    view_fields,
)
from mypage_api.models import Message, Seeker, Sender, Thread
from mypage_api.pagination import Page, by_id, instant_key, page_of


def _visible(seeker_id: int, now: datetime) -> list[ColumnElement[bool]]:
    return [
        Message.seeker_id == seeker_id,
        Message.deleted_at.is_(None),
        Message.expires_at > now,
    ]


def _unread(now: datetime) -> list[ColumnElement[bool]]:
    return [Message.read_at.is_(None), Message.deleted_at.is_(None), Message.expires_at > now]


async def unread_count(session: AsyncSession, seeker_id: int, now: datetime) -> int:
    """Exact: received, unread, not deleted, not expired (one indexed count, for home)."""
    count = await session.scalar(
        select(func.count())
        .select_from(Message)
        .where(Message.seeker_id == seeker_id, *_unread(now))
    )
    return int(count or 0)


def message_view(message: Message, thread: Thread) -> MessageRead:
    return MessageRead(
        **message_fields(message, Sender.seeker),
        thread_kind=thread.kind,
        sender=message.sender,
        read=message.read_at is not None,
        favorite=message.favorite,
    )


def _thread_view(state: ThreadState, unread: int, now: datetime) -> ThreadRead:
    thread = state.thread
    return ThreadRead(
        **view_fields(state, Sender.seeker, unread, now),
        counterpart_name=thread.counterpart_name,
        partner_id=thread.partner_id,
        employer_id=thread.employer_id,
    )


async def threads(
    session: AsyncSession, seeker: Seeker, *, now: datetime, cursor: str | None, limit: int
) -> Page[ThreadRead]:
    """The seeker's threads, the most recently active first."""
    statement = thread_page(
        Thread.seeker_id == seeker.account_id, _unread(now), cursor=cursor, limit=limit
    )
    rows = (await session.execute(statement)).all()
    views = [_thread_view(state_of(row), row[6], now) for row in rows]
    return page_of(views, limit, lambda view: instant_key(view.active_at, view.id))


async def _own_thread(
    session: AsyncSession, seeker: Seeker, thread_id: int, *, lock: bool = False
) -> ThreadState:
    statement = state_select().where(Thread.id == thread_id, Thread.seeker_id == seeker.account_id)
    row = (await session.execute(statement)).one_or_none()
    if row is None:
        raise ProblemError(problems.THREAD_NOT_FOUND)
    if lock:  # one writer at a time per thread (orders active_at with the message)
        await session.execute(select(Thread.id).where(Thread.id == thread_id).with_for_update())
    return state_of(row)


async def _mark_read(session: AsyncSession, ids: list[int], now: datetime) -> None:
    if ids:
        await session.execute(
            update(Message)
            .where(Message.id.in_(ids), Message.read_at.is_(None))
            .values(read_at=now)
        )


async def thread_messages(
    session: AsyncSession,
    seeker: Seeker,
    thread_id: int,
    *,
    now: datetime,
    cursor: str | None,
    limit: int,
) -> Page[MessageRead]:
    """The thread's messages, newest first; those shown are read from then on."""
    thread = (await _own_thread(session, seeker, thread_id)).thread
    statement = select(Message).where(
        Message.thread_id == thread.id, *_visible(seeker.account_id, now)
    )
    statement = by_id(statement, Message.id, cursor, limit, descending=True)
    messages = list(await session.scalars(statement))
    page = page_of(messages, limit, lambda message: [message.id])
    views = [message_view(message, thread) for message in page.items]
    await _mark_read(session, [message.id for message in page.items], now)
    return Page(items=views, next_cursor=page.next_cursor)


async def send(
    session: AsyncSession, seeker: Seeker, thread_id: int, body: str, *, now: datetime
) -> MessageRead:
    state = await _own_thread(session, seeker, thread_id, lock=True)
    state.refuse(Sender.seeker, now)
    message = add_message(
        session,
        state.thread,
        sender=Sender.seeker,
        sender_name=None,
        subject=None,
        body=body,
        now=now,
    )
    await session.flush()
    return message_view(message, state.thread)


_FOLDERS: dict[Folder, ColumnElement[bool]] = {
    Folder.inbox: Message.sender != Sender.seeker,
    Folder.sent: Message.sender == Sender.seeker,
    Folder.favorites: Message.favorite.is_(True),
}


async def folder(
    session: AsyncSession,
    seeker: Seeker,
    which: Folder,
    *,
    now: datetime,
    cursor: str | None,
    limit: int,
) -> Page[MessageRead]:
    """Messages across threads, newest first (listing does not mark them read)."""
    statement = (
        select(Message, Thread)
        .join(Thread, Thread.id == Message.thread_id)
        .where(*_visible(seeker.account_id, now), _FOLDERS[which])
    )
    statement = by_id(statement, Message.id, cursor, limit, descending=True)
    rows = (await session.execute(statement)).all()
    page = page_of(list(rows), limit, lambda row: [row[0].id])
    return Page(
        items=[message_view(message, thread) for message, thread in page.items],
        next_cursor=page.next_cursor,
    )


async def _own_message(
    session: AsyncSession, seeker: Seeker, message_id: int, now: datetime
) -> tuple[Message, Thread]:
    row = (
        await session.execute(
            select(Message, Thread)
            .join(Thread, Thread.id == Message.thread_id)
            .where(Message.id == message_id, *_visible(seeker.account_id, now))
        )
    ).one_or_none()
    if row is None:
        raise ProblemError(problems.MESSAGE_NOT_FOUND)
    return row[0], row[1]


async def read(
    session: AsyncSession, seeker: Seeker, message_id: int, *, now: datetime
) -> MessageRead:
    """One message; reading it marks it read."""
    message, thread = await _own_message(session, seeker, message_id, now)
    if message.read_at is None:
        message.read_at = now
        await session.flush()
    return message_view(message, thread)


async def set_favorite(
    session: AsyncSession, seeker: Seeker, message_id: int, favorite: bool, *, now: datetime
) -> MessageRead:
    message, thread = await _own_message(session, seeker, message_id, now)
    message.favorite = favorite
    await session.flush()
    return message_view(message, thread)


async def delete(session: AsyncSession, seeker: Seeker, message_id: int, *, now: datetime) -> None:
    """Gone from the seeker's views (and from the unread count); the sender's copy stays
    until its year ends."""
    message, _ = await _own_message(session, seeker, message_id, now)
    message.deleted_at = now
    await session.flush()
