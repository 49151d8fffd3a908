"""Erasing messages: a year after they were sent (R17), and all of a seeker's at
withdrawal. Reading never shows an expired message, so the pass only frees the space."""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.config import Settings
from mypage_api.db import Database
from mypage_api.models import Message, Thread

logger = logging.getLogger("mypage_api.messages")

BATCH = 1000


@dataclass(frozen=True)
class ErasureResult:
    erased: int


async def erase_expired(session: AsyncSession, now: datetime, *, batch: int = BATCH) -> int:
    """One batch of messages whose year has passed, oldest first (on the expiry index)."""
    due = select(Message.id).where(Message.expires_at <= now).order_by(Message.expires_at)
    ids = list(await session.scalars(due.limit(batch)))
    if ids:
        await session.execute(delete(Message).where(Message.id.in_(ids)))
    return len(ids)


async def run_erasure(
    database: Database, *, settings: Settings, today: date, now: datetime
) -> ErasureResult:
    """The daily pass: batches in short transactions until none is due."""
    erased = 0
    while True:
        async with database.sessions() as session, session.begin():
            count = await erase_expired(session, now)
        erased += count
        if count < BATCH:
            break
    logger.info("message erasure: %d erased", erased)
    return ErasureResult(erased=erased)


async def erase_for_seeker(session: AsyncSession, seeker_id: int) -> None:
    """Withdrawal: every message and thread of the seeker."""
    await session.execute(delete(Message).where(Message.seeker_id == seeker_id))
    await session.execute(delete(Thread).where(Thread.seeker_id == seeker_id))
