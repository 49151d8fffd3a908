"""Threads: opened with each application and direct request, with a partner's first
message, with a seeker's first notice; and whether a message may be sent in one now (R9,
R17)."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from mypage_api import problems
from mypage_api.db import insert_for
from mypage_api.errors import ProblemError
from mypage_api.messages.schemas import Direction
from mypage_api.models import (
    Application,
    Block,
    DirectRequest,
    Employer,
    Job,
    Message,
    PartnerClient,
    Sender,
    Thread,
    ThreadKind,
)
from mypage_api.pagination import after_cursor, decode_instant_cursor
from mypage_api.problems import ProblemType
from mypage_api.rules.jobs import job_invalid_on
from mypage_api.rules.messaging import (
    MessagingRefusal,
    message_expires_at,
    messaging_closes_at,
    messaging_refusal,
)

NOTICE_COUNTERPART = "ハローワーク"
NOTICE_SUBJECT = "ハローワークからのお知らせ"


def open_with_employer(
    session: AsyncSession,
    job: Job,
    employer: Employer,
    now: datetime,
    *,
    application: Application | None = None,
    request: DirectRequest | None = None,
) -> None:
    """The thread of an application or of a direct request (exactly one is given)."""
    about = application or request
    if about is None:  # pragma: no cover - a programming error
        raise ValueError("an application or a request")
    session.add(
        Thread(
            seeker_id=about.seeker_id,
            kind=ThreadKind.application if application else ThreadKind.request,
            application_id=application.id if application else None,
            request_id=request.id if request else None,
            employer_id=employer.account_id,
            counterpart_name=employer.name,
            subject=f"{job.title}（{job.job_number}）",
            created_at=now,
            active_at=now,
        )
    )


async def with_partner(
    session: AsyncSession, seeker_id: int, partner: PartnerClient, now: datetime
) -> Thread:
    """The seeker's one thread with the partner, opened by its first message."""
    await session.execute(
        insert_for(session, Thread)
        .values(
            seeker_id=seeker_id,
            kind=ThreadKind.partner,
            partner_id=partner.id,
            counterpart_name=partner.name,
            subject=partner.name,
            created_at=now,
            active_at=now,
        )
        .on_conflict_do_nothing()
    )
    thread = await session.scalar(
        select(Thread).where(Thread.seeker_id == seeker_id, Thread.partner_id == partner.id)
    )
    if thread is None:  # pragma: no cover - inserted above or before
        raise ProblemError(problems.THREAD_NOT_FOUND)
    return thread


def notice_thread_values(now: datetime) -> dict[str, object]:
    return {
        "kind": ThreadKind.notice,
        "counterpart_name": NOTICE_COUNTERPART,
        "subject": NOTICE_SUBJECT,
        "created_at": now,
        "active_at": now,
    }


# Whether a message may be sent -------------------------------------------------------------

_Answer = aliased(Application)


@dataclass(frozen=True)
class ThreadState:
    thread: Thread
    has_mypage: bool | None
    blocked: bool
    closes_at: datetime | None

    def refuse(self, sender: Sender, now: datetime) -> None:
        """Raises the problem that keeps ``sender`` from writing now, if any; a closed
        conversation says when it closed."""
        refusal = self.refusal(sender, now)
        if refusal is None:
            return
        extensions: dict[str, str] = {}
        if refusal is problems.MESSAGING_CLOSED and self.closes_at is not None:
            extensions["closed_at"] = self.closes_at.isoformat()
        raise ProblemError(refusal, extensions=extensions)

    def refusal(self, sender: Sender, now: datetime) -> ProblemType | None:
        """Why ``sender`` cannot write in the thread now, or None."""
        kind = self.thread.kind
        if kind is ThreadKind.notice:
            return problems.NOTICE_RECEIVE_ONLY
        blocked = problems.SENDER_BLOCKED if sender is Sender.seeker else problems.BLOCKED
        if kind is ThreadKind.partner:
            return blocked if self.blocked else None
        refused = messaging_refusal(
            employer_has_mypage=bool(self.has_mypage),
            blocked=self.blocked,
            closes_at=self.closes_at,
            now=now,
        )
        return {
            None: None,
            MessagingRefusal.no_employer_mypage: problems.NO_EMPLOYER_MYPAGE,
            MessagingRefusal.blocked: blocked,
            MessagingRefusal.closed: problems.MESSAGING_CLOSED,
        }[refused]


def message_fields(message: Message, viewer: Sender) -> dict[str, Any]:
    """What both sides' message views show alike; ``viewer`` is the seeker or their
    counterpart (any other sender)."""
    mine = (message.sender is Sender.seeker) == (viewer is Sender.seeker)
    return {
        "id": message.id,
        "thread_id": message.thread_id,
        "direction": Direction.sent if mine else Direction.received,
        "sender_name": message.sender_name,
        "subject": message.subject,
        "body": message.body,
        "sent_at": message.sent_at,
        "expires_at": message.expires_at,
    }


def view_fields(state: ThreadState, sender: Sender, unread: int, now: datetime) -> dict[str, Any]:
    """What both sides' thread views show alike."""
    thread = state.thread
    refusal = state.refusal(sender, now)
    return {
        "id": thread.id,
        "kind": thread.kind,
        "subject": thread.subject,
        "application_id": thread.application_id,
        "request_id": thread.request_id,
        "active_at": thread.active_at,
        "unread": unread,
        "can_send": refusal is None,
        "refusal": refusal.slug if refusal else None,
        "closes_at": state.closes_at,
    }


def state_select() -> Select[Thread, bool, bool, datetime, date, date | None]:
    """Threads with what decides whether messages may be sent (to filter and order)."""
    blocked = exists().where(
        Block.seeker_id == Thread.seeker_id,
        or_(Block.employer_id == Thread.employer_id, Block.partner_id == Thread.partner_id),
    )
    return (
        select(
            Thread,
            Employer.has_mypage,
            blocked,
            func.coalesce(Application.result_registered_at, _Answer.result_registered_at),
            Job.valid_until,
            Job.closed_on,
        )
        .outerjoin(Application, Application.id == Thread.application_id)
        .outerjoin(DirectRequest, DirectRequest.id == Thread.request_id)
        .outerjoin(_Answer, _Answer.id == DirectRequest.application_id)
        .outerjoin(Job, Job.id == func.coalesce(Application.job_id, DirectRequest.job_id))
        .outerjoin(Employer, Employer.account_id == Thread.employer_id)
    )


def state_of(row: Any) -> ThreadState:
    """A row of ``state_select`` (and any columns after those)."""
    thread, has_mypage, blocked, result_at, valid_until, closed_on = tuple(row)[:6]
    closes_at = None
    if valid_until is not None:
        closes_at = messaging_closes_at(
            result_registered_at=result_at, job_invalid_on=job_invalid_on(valid_until, closed_on)
        )
    return ThreadState(
        thread=thread, has_mypage=has_mypage, blocked=bool(blocked), closes_at=closes_at
    )


def add_message(
    session: AsyncSession,
    thread: Thread,
    *,
    sender: Sender,
    sender_name: str | None,
    subject: str | None,
    body: str,
    now: datetime,
) -> Message:
    by_seeker = sender is Sender.seeker
    message = Message(
        thread_id=thread.id,
        seeker_id=thread.seeker_id,
        sender=sender,
        sender_name=sender_name,
        subject=subject,
        body=body,
        sent_at=now,
        expires_at=message_expires_at(now),
        read_at=now if by_seeker else None,
        favorite=False,
        counterpart_read_at=None if by_seeker else now,
    )
    session.add(message)
    thread.active_at = now
    return message


# Pages of threads ---------------------------------------------------------------------------


def thread_page(
    whose: ColumnElement[bool],
    unread: list[ColumnElement[bool]],
    *,
    cursor: str | None,
    limit: int,
) -> Select[Thread, bool, bool, datetime, date, date | None, int]:
    """A page of threads, the most recently active first, each with its state and its
    count of messages matching ``unread`` (column 6)."""
    unread_count = (
        select(func.count()).where(Message.thread_id == Thread.id, *unread).scalar_subquery()
    )
    statement = (
        state_select()
        .add_columns(unread_count)
        .where(whose)
        .order_by(Thread.active_at.desc(), Thread.id.desc())
        .limit(limit + 1)
    )
    key = decode_instant_cursor(cursor)
    if key is None:
        return statement
    return statement.where(after_cursor((Thread.active_at, Thread.id), key, descending=True))
