"""Saved-search alerts: once a day, a mail with only the jobs new since the last one.

Each saved search is alerted in a savepoint of its own: one that fails (a stored condition
that no longer validates, say) is rolled back, logged by id and left due, and the others
are still alerted. Only the database being away fails the whole pass.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.config import Settings
from mypage_api.db import Database
from mypage_api.mail import templates
from mypage_api.mail.outbox import enqueue
from mypage_api.models import Account, AccountStatus, Job, Registration, SavedSearch
from mypage_api.outages import database_unavailable
from mypage_api.registrations.service import status_of
from mypage_api.rules.registration import RegistrationStatus
from mypage_api.search.schemas import SearchFilters
from mypage_api.search.service import parsed_query
from mypage_api.search.statements import capped_count_statement, search_conditions

logger = logging.getLogger("mypage_api.alerts")

LISTED = 20  # jobs named in one mail; the rest are counted
INTERVAL = timedelta(days=1)


@dataclass(frozen=True)
class AlertResult:
    checked: int = 0
    mailed: int = 0


async def _new_jobs(
    session: AsyncSession, saved: SavedSearch, *, since: datetime, today: date, cap: int
) -> tuple[list[tuple[str, str]], int]:
    filters = SearchFilters.model_validate(saved.filters)
    conditions = search_conditions(
        filters,
        parsed_query(filters),
        today=today,
        dialect=session.get_bind().dialect.name,
    )
    conditions.append(Job.created_at > since)
    rows = (
        await session.execute(
            select(Job.job_number, Job.title)
            .where(*conditions)
            .order_by(Job.created_at.desc(), Job.id.desc())
            .limit(LISTED)
        )
    ).all()
    total = len(rows)
    if total == LISTED:  # as a search page counts: exact up to the cap, then the cap
        counted = await session.execute(capped_count_statement(conditions, cap))
        total = min(int(counted.scalar_one()), cap)
    return [(number, title) for number, title in rows], total


async def _alert(
    session: AsyncSession,
    saved: SavedSearch,
    account: Account,
    settings: Settings,
    today: date,
    now: datetime,
) -> int:
    """Mail the jobs created since the last alert (none: no mail), and start counting again
    from now; the mails queued (0 or 1)."""
    since = saved.last_alert_at or now
    saved.last_alert_at = now
    jobs, total = await _new_jobs(
        session, saved, since=since, today=today, cap=settings.search_count_cap
    )
    if not jobs or account.email is None:
        return 0
    subject, body = templates.saved_search_alert(
        base_url=settings.public_base_url, search_name=saved.name, jobs=jobs, total=total
    )
    enqueue(
        session,
        to=account.email,
        kind=templates.MailKind.saved_search_alert,
        subject=subject,
        body=body,
        now=now,
    )
    return 1


async def run_alert_pass(
    session: AsyncSession, *, settings: Settings, today: date, now: datetime
) -> AlertResult:
    """Every saved search with alerts on whose last alert is a day old or more: mail the
    jobs created since then (none: no mail), and start counting again from now. Seekers
    whose registration is inactive (R5) or who cannot be reached get nothing."""
    due = (
        await session.execute(
            select(SavedSearch, Account, Registration)
            .join(Account, Account.id == SavedSearch.seeker_id)
            .join(Registration, Registration.seeker_id == SavedSearch.seeker_id)
            .where(
                SavedSearch.alerts.is_(True),
                SavedSearch.last_alert_at <= now - INTERVAL,
                Account.status == AccountStatus.active,
                Account.email.is_not(None),
            )
            .order_by(SavedSearch.id)
            .with_for_update(of=SavedSearch, skip_locked=True)
        )
    ).all()
    mailed = 0
    for saved, account, registration in due:
        if status_of(registration, today).status is not RegistrationStatus.active:
            saved.last_alert_at = now
            continue
        saved_id = saved.id  # still readable once a failed savepoint has expired the row
        try:
            # Each saved search on its own: one that no longer validates is left as it was
            # (tried again tomorrow), the others are still alerted.
            async with session.begin_nested():
                mailed += await _alert(session, saved, account, settings, today, now)
        except Exception as exc:
            if database_unavailable(exc):
                raise  # the whole pass, tried again at the worker's next loop
            logger.warning("saved search %d skipped: %s", saved_id, type(exc).__name__)
    await session.flush()
    return AlertResult(checked=len(due), mailed=mailed)


async def run_alerts(
    database: Database, *, settings: Settings, today: date, now: datetime
) -> AlertResult:
    async with database.sessions() as session, session.begin():
        result = await run_alert_pass(session, settings=settings, today=today, now=now)
    logger.info("saved-search alerts: %d checked, %d mailed", result.checked, result.mailed)
    return result
