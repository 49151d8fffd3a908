"""Sending the outbox: one pass claims the mails due, sends them, records each outcome.

Delivery is at least once. A mail is claimed (a lease in ``locked_until``, committed
before sending) so concurrent workers never send it twice while the lease holds; if a
worker dies between sending and recording, the mail is sent again once the lease ends,
with the same Message-ID. Logs name mail ids, kinds and counts, never addresses or texts;
the lines about one mail carry the id of the request that queued it (request_ids).
The loop that runs the passes is the worker's (``mypage_api.worker``).
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import ColumnElement, CursorResult, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.clock import Clock
from mypage_api.config import Settings
from mypage_api.db import Database
from mypage_api.mail.senders import DeliveryError, MailSender, build_message
from mypage_api.models import MailStatus, OutboxMail
from mypage_api.request_ids import request_id_set

logger = logging.getLogger("mypage_api.mail")

BATCH_SIZE = 100
MAX_RETRY_DELAY = timedelta(hours=6)


@dataclass(frozen=True)
class PassResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0  # due, but claimed by another worker first

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.skipped


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Pending, due, and not leased to a worker (or its lease has run out)."""
    return and_(
        OutboxMail.status == MailStatus.pending,
        OutboxMail.next_attempt_at <= now,
        or_(OutboxMail.locked_until.is_(None), OutboxMail.locked_until < now),
    )


async def due_mail_ids(session: AsyncSession, now: datetime, limit: int) -> Sequence[int]:
    statement = (
        select(OutboxMail.id)
        .where(_claimable(now))
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
        .limit(limit)
    )
    return (await session.scalars(statement)).all()


async def claim(
    session: AsyncSession, mail_id: int, *, now: datetime, lease_until: datetime
) -> OutboxMail | None:
    """Take the mail for this worker until ``lease_until``; None when another worker has it.

    The UPDATE comes first in its transaction (on SQLite it then waits for the write lock
    instead of failing), and counts as an attempt, so a mail that crashes its worker every
    time still reaches the last attempt.
    """
    result = await session.execute(
        update(OutboxMail)
        .where(OutboxMail.id == mail_id, _claimable(now))
        .values(locked_until=lease_until, attempts=OutboxMail.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[object], result).rowcount != 1:
        return None
    return await session.get(OutboxMail, mail_id, populate_existing=True)


def retry_delay(settings: Settings, attempts: int) -> timedelta:
    """base, 2 x base, 4 x base, ... after the 1st, 2nd, 3rd failed attempt; at most 6 hours."""
    seconds = settings.mail_retry_base_seconds * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, MAX_RETRY_DELAY.total_seconds()))


async def _record(
    database: Database, mail_id: int, lease_until: datetime, **values: object
) -> None:
    """Write the outcome, unless the lease was lost and another worker has the mail now."""
    async with database.sessions() as session, session.begin():
        await session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == mail_id, OutboxMail.locked_until == lease_until)
            .values(locked_until=None, **values)
            .execution_options(synchronize_session=False)
        )


async def _deliver(
    database: Database, sender: MailSender, clock: Clock, settings: Settings, mail_id: int
) -> str:
    now = clock.now()
    lease_until = now + timedelta(seconds=settings.mail_lease_seconds)
    async with database.sessions() as session, session.begin():
        mail = await claim(session, mail_id, now=now, lease_until=lease_until)
    if mail is None:
        return "skipped"
    with request_id_set(mail.request_id):  # its lines carry the id of the request that queued it
        return await _send(database, sender, clock, settings, mail, lease_until)


async def _send(
    database: Database,
    sender: MailSender,
    clock: Clock,
    settings: Settings,
    mail: OutboxMail,
    lease_until: datetime,
) -> str:
    mail_id = mail.id
    try:
        await sender.send(build_message(mail, settings.mail_from))
    except DeliveryError as exc:
        reason, permanent = exc.reason, exc.permanent
    except ValueError as exc:  # the row cannot become a message; it never will
        reason, permanent = type(exc).__name__, True
    except Exception as exc:
        reason, permanent = type(exc).__name__, False
    else:
        await _record(database, mail_id, lease_until, status=MailStatus.sent, sent_at=clock.now())
        logger.info("mail %d (%s) sent", mail_id, mail.kind)
        return "sent"

    if permanent or mail.attempts >= settings.mail_max_attempts:
        await _record(
            database, mail_id, lease_until, status=MailStatus.failed, last_error=reason[:200]
        )
        logger.warning(
            "mail %d (%s) failed after %d attempts: %s", mail_id, mail.kind, mail.attempts, reason
        )
        return "failed"
    retry_at = clock.now() + retry_delay(settings, mail.attempts)
    await _record(database, mail_id, lease_until, next_attempt_at=retry_at, last_error=reason[:200])
    logger.info(
        "mail %d (%s) attempt %d failed, next at %s: %s",
        mail_id,
        mail.kind,
        mail.attempts,
        retry_at.isoformat(),
        reason,
    )
    return "retried"


async def run_pass(
    database: Database, sender: MailSender, clock: Clock, settings: Settings
) -> PassResult:
    """Send every mail due now (up to a batch), one after the other."""
    async with database.sessions() as session, session.begin():
        mail_ids = await due_mail_ids(session, clock.now(), BATCH_SIZE)
    outcomes = [await _deliver(database, sender, clock, settings, mail_id) for mail_id in mail_ids]
    result = PassResult(
        sent=outcomes.count("sent"),
        retried=outcomes.count("retried"),
        failed=outcomes.count("failed"),
        skipped=outcomes.count("skipped"),
    )
    if mail_ids:
        logger.info(
            "mail pass: %d sent, %d to retry, %d failed, %d taken by another worker",
            result.sent,
            result.retried,
            result.failed,
            result.skipped,
        )
    return result
