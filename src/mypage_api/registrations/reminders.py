"""Reminder e-mails about a registration's validity (SPEC §4): a reminder before the last
valid day, and a notice on the day the registration lapses. The days each is due on are
``rules.reminders``. The worker runs ``run_reminders`` once a day; ``mypage-api
reminders`` runs one pass (for cron).

A registration gets one of each per ``valid_until``: ``reminder_sent_for`` and
``lapse_notice_sent_for`` hold the ``valid_until`` a mail was queued for, so a registration
whose validity is extended (R2) or started anew (R4) is reminded again for its new end.
Only registrations nobody ended, of accounts that can still be mailed (active, or opened at
the counter and not yet activated), are mailed; never withdrawn or restricted ones.

Marking a registration and queueing its mail happen in one transaction, and the marking is
one guarded ``UPDATE`` (``… WHERE sent_for IS DISTINCT FROM valid_until``), so passes running
side by side (several workers, a worker and the cron command) queue each mail once: on
PostgreSQL the batch's rows are taken ``FOR UPDATE SKIP LOCKED``, so passes share the work;
SQLite lets one writer in at a time. The status stays derived on read (R3): nothing here
decides whether a registration is valid, a missed pass only means a missed mail.

The pass walks the window in (valid_until, seeker_id) order a batch at a time, remembering
where the last batch stopped, so a month's end (every validity ends on one) never loads or
rescans the whole table. Logs hold counts and days only.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from mypage_api.config import Settings
from mypage_api.db import Database
from mypage_api.mail import templates
from mypage_api.mail.outbox import enqueue
from mypage_api.models import Account, AccountStatus, OutboxMail, Registration
from mypage_api.rules.calendar import next_day
from mypage_api.rules.registration import extended_valid_until, reactivation_deadline
from mypage_api.rules.reminders import lapse_notice_window, reminder_window

logger = logging.getLogger("mypage_api.registrations")

BATCH_SIZE = 500
# Accounts that can still be mailed: a restricted account is left alone, a withdrawn one
# has no address any more.
REACHABLE = (AccountStatus.active, AccountStatus.pending_activation)

# Where a batch stopped: the last (valid_until, seeker_id) it took.
Cursor = tuple[date, int]


@dataclass(frozen=True)
class ReminderResult:
    """How many mails a pass queued."""

    reminders: int = 0
    lapse_notices: int = 0

    def __add__(self, other: "ReminderResult") -> "ReminderResult":
        return ReminderResult(
            self.reminders + other.reminders, self.lapse_notices + other.lapse_notices
        )


@dataclass(frozen=True, eq=False)
class _Notice:
    kind: templates.MailKind
    sent_for: InstrumentedAttribute[date | None]
    window: Callable[[date, Settings], tuple[date, date]]
    text: Callable[[date, Settings], tuple[str, str]]  # (valid_until, settings) -> mail


def _reminder_text(valid_until: date, settings: Settings) -> tuple[str, str]:
    return templates.registration_reminder(
        base_url=settings.public_base_url,
        valid_until=valid_until,
        # What an event in the end month would extend it to (R2).
        extended_until=extended_valid_until(valid_until, valid_until, active=True),
    )


def _lapse_text(valid_until: date, settings: Settings) -> tuple[str, str]:
    lapsed_on = next_day(valid_until)
    return templates.registration_lapsed(
        base_url=settings.public_base_url,
        lapsed_on=lapsed_on,
        reactivate_by=reactivation_deadline(lapsed_on, settings.reactivation_window_days),
    )


REMINDER = _Notice(
    templates.MailKind.registration_reminder,
    Registration.reminder_sent_for,
    lambda today, settings: reminder_window(today, settings.registration_reminder_days),
    _reminder_text,
)
LAPSE_NOTICE = _Notice(
    templates.MailKind.registration_lapsed,
    Registration.lapse_notice_sent_for,
    lambda today, settings: lapse_notice_window(today, settings.registration_lapse_notice_days),
    _lapse_text,
)


async def _claim(
    session: AsyncSession,
    notice: _Notice,
    window: tuple[date, date],
    after: Cursor | None,
    size: int,
) -> list[Cursor]:
    """Mark up to ``size`` registrations due for ``notice`` as mailed for their valid_until;
    the (valid_until, seeker_id) of each, in that order.

    The UPDATE is the batch's first statement, so on SQLite it waits for the write lock and
    then reads the latest rows, and its guard leaves out what another pass marked meanwhile.
    """
    first, last = window
    due = (
        select(Registration.seeker_id)
        # A seeker's id is their account's id.
        .join(Account, Account.id == Registration.seeker_id)
        .where(
            Registration.valid_until.between(first, last),
            Registration.ended_on.is_(None),
            notice.sent_for.is_distinct_from(Registration.valid_until),
            Account.status.in_(REACHABLE),
            Account.email.is_not(None),
        )
        .order_by(Registration.valid_until, Registration.seeker_id)
        .limit(size)
        # PostgreSQL: rows another pass holds are left to it. SQLite has no row locks.
        .with_for_update(of=Registration, skip_locked=True)
        .correlate(None)
    )
    if after is not None:
        due = due.where(tuple_(Registration.valid_until, Registration.seeker_id) > tuple_(*after))
    result = await session.execute(
        update(Registration)
        .where(
            Registration.seeker_id.in_(due),
            Registration.ended_on.is_(None),
            notice.sent_for.is_distinct_from(Registration.valid_until),
        )
        .values({notice.sent_for: Registration.valid_until})
        .returning(Registration.valid_until, Registration.seeker_id)
        .execution_options(synchronize_session=False)
    )
    return sorted((valid_until, seeker_id) for valid_until, seeker_id in result)


async def _addresses(session: AsyncSession, seeker_ids: list[int]) -> dict[int, str]:
    """The addresses of those still reachable (one may have withdrawn since the claim)."""
    rows = await session.execute(
        select(Account.id, Account.email).where(
            Account.id.in_(seeker_ids), Account.status.in_(REACHABLE), Account.email.is_not(None)
        )
    )
    return {account_id: email for account_id, email in rows if email is not None}


@dataclass
class ReminderPass:
    """One day's reminders and lapse notices, taken a batch at a time.

    Each ``run_batch`` queues at most ``batch_size`` mails of each kind in the caller's
    transaction and remembers where it stopped, so the batches may share one transaction
    (``run_reminder_pass``) or each have their own (``run_reminders``, the command), which
    holds the row locks of one batch only.
    """

    settings: Settings
    today: date
    now: datetime
    batch_size: int = BATCH_SIZE
    # The kinds with rows left, and where their last batch stopped.
    _after: dict[_Notice, Cursor | None] = field(
        default_factory=lambda: {REMINDER: None, LAPSE_NOTICE: None}, init=False, repr=False
    )

    @property
    def done(self) -> bool:
        return not self._after

    async def run_batch(self, session: AsyncSession) -> ReminderResult:
        queued = {REMINDER: 0, LAPSE_NOTICE: 0}
        for notice, after in list(self._after.items()):
            claimed = await _claim(
                session, notice, notice.window(self.today, self.settings), after, self.batch_size
            )
            if len(claimed) < self.batch_size:
                del self._after[notice]  # nothing left after this batch
            else:
                self._after[notice] = claimed[-1]
            queued[notice] = await self._queue(session, notice, claimed)
        return ReminderResult(reminders=queued[REMINDER], lapse_notices=queued[LAPSE_NOTICE])

    async def _queue(self, session: AsyncSession, notice: _Notice, claimed: list[Cursor]) -> int:
        if not claimed:
            return 0
        addresses = await _addresses(session, [seeker_id for _, seeker_id in claimed])
        mails: list[OutboxMail] = []
        for valid_until, seeker_id in claimed:
            address = addresses.get(seeker_id)
            if address is None:
                continue
            subject, body = notice.text(valid_until, self.settings)
            mails.append(
                enqueue(
                    session,
                    to=address,
                    kind=notice.kind,
                    subject=subject,
                    body=body,
                    now=self.now,
                )
            )
        # Written now and let go of, so a month's end does not pile up in the session.
        await session.flush()
        for mail in mails:
            session.expunge(mail)
        return len(mails)


async def run_reminder_pass(
    session: AsyncSession, *, settings: Settings, today: date, now: datetime
) -> ReminderResult:
    """Queue every reminder and lapse notice due on ``today`` (a JST day), in batches, in
    the caller's transaction."""
    reminder_pass = ReminderPass(settings=settings, today=today, now=now)
    result = ReminderResult()
    while not reminder_pass.done:
        result += await reminder_pass.run_batch(session)
    return result


async def run_reminders(
    database: Database, *, settings: Settings, today: date, now: datetime
) -> ReminderResult:
    """The same pass with one committed transaction per batch."""
    reminder_pass = ReminderPass(settings=settings, today=today, now=now)
    result = ReminderResult()
    while not reminder_pass.done:
        async with database.sessions() as session, session.begin():
            result += await reminder_pass.run_batch(session)
    logger.info(
        "registration reminders for %s: %d reminders, %d lapse notices queued",
        today.isoformat(),
        result.reminders,
        result.lapse_notices,
    )
    return result
