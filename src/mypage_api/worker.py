"""The worker: sends the outbox and runs each feature's daily pass.

One loop, inside ``serve`` (``in_process_worker``) or as ``mypage-api worker``
(``run_forever``): the daily passes listed in ``DAILY_PASSES`` at start and at the first
loop of each day on the Tokyo calendar, and a sending pass of the outbox
(``mail.delivery.run_pass``) on every loop. Nightly work of a new feature is a function
``run(database, *, settings, today, now)`` in the feature, added to ``DAILY_PASSES``;
features never import this module. Logs name passes, exception types and counts only.
"""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import date, datetime
from typing import Protocol

from mypage_api.clock import Clock
from mypage_api.config import Environment, Settings
from mypage_api.db import Database
from mypage_api.mail.delivery import BATCH_SIZE, PassResult, run_pass
from mypage_api.mail.senders import MailSender, sender_from
from mypage_api.messages.erasure import run_erasure
from mypage_api.registrations.reminders import run_reminders
from mypage_api.rules.calendar import jst_date
from mypage_api.saved.alerts import run_alerts
from mypage_api.search.changes import run_change_pruning

logger = logging.getLogger("mypage_api.worker")

SHUTDOWN_GRACE_SECONDS = 10


class DailyRun(Protocol):
    """A feature's daily pass: its own transactions, its own log line of counts."""

    async def __call__(
        self, database: Database, *, settings: Settings, today: date, now: datetime
    ) -> object: ...


# Each feature's daily pass (its name in the logs, its run), in the order they run.
DAILY_PASSES: tuple[tuple[str, DailyRun], ...] = (
    ("registration reminder", run_reminders),
    ("saved-search alert", run_alerts),
    ("message erasure", run_erasure),
    ("search change pruning", run_change_pruning),
)


class DailyPass:
    """A daily pass inside a long-running process (the worker's loop): at the first call,
    then at the first call of each later day on the Tokyo calendar. A pass that fails is
    logged (the exception's type only) and tried again at the next call."""

    def __init__(self, run: DailyRun, name: str) -> None:
        self.run, self.name = run, name
        self.last_day: date | None = None

    async def maybe_run(self, database: Database, clock: Clock, settings: Settings) -> object:
        """The pass's result when it ran, None when it had run today already or failed."""
        now = clock.now()
        day = jst_date(now)
        if day == self.last_day:
            return None
        try:
            result = await self.run(database, settings=settings, today=day, now=now)
        except Exception as exc:  # the database may be away for a while: next loop
            logger.warning("%s pass failed: %s", self.name, type(exc).__name__)
            return None
        self.last_day = day
        return result


async def run_forever(
    database: Database, sender: MailSender, clock: Clock, settings: Settings, stop: asyncio.Event
) -> None:
    """Run the daily passes when due and a sending pass, until ``stop`` is set; a full
    batch of mail is followed at once by the next loop."""
    logger.info("mail worker started")
    daily = [DailyPass(run, name) for name, run in DAILY_PASSES]
    while not stop.is_set():
        for daily_pass in daily:
            await daily_pass.maybe_run(database, clock, settings)
        try:
            result = await run_pass(database, sender, clock, settings)
        except Exception as exc:  # the database may be away for a while: keep going
            logger.warning("mail pass failed: %s", type(exc).__name__)
            result = PassResult()
        if result.handled < BATCH_SIZE:
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), settings.mail_poll_seconds)
    logger.info("mail worker stopped")


@asynccontextmanager
async def in_process_worker(
    database: Database, clock: Clock, settings: Settings
) -> AsyncIterator[None]:
    """The worker as a background task of the server (``mail_worker_in_process``; never in
    tests), stopped when the block ends: the mail being sent is finished first."""
    if not settings.mail_worker_in_process or settings.env is Environment.test:
        yield
        return
    stop = asyncio.Event()
    task = asyncio.create_task(run_forever(database, sender_from(settings), clock, settings, stop))
    try:
        yield
    finally:
        stop.set()
        with suppress(TimeoutError):
            await asyncio.wait_for(task, SHUTDOWN_GRACE_SECONDS)
