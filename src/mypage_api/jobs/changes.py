"""The log of changed jobs behind kept search pages (``jobs.cache``): pruned once a day.

Triggers add a row per changed job (migration ``7a41c2e9d5b3``); a kept page needs the
changes since it was read, and no page is kept for long, so the newest ``KEPT_CHANGES``
are plenty (at one change a second, more than a day). Pruning also raises
``pruned_through``, so a page read before the forgotten changes is read afresh, never
checked against an incomplete log.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.config import Settings
from mypage_api.db import Database
from mypage_api.jobs.queries import CHANGES, GENERATION

logger = logging.getLogger("mypage_api.jobs")

KEPT_CHANGES = 100_000


@dataclass(frozen=True)
class PruningResult:
    pruned_through: int | None  # None: nothing to prune


async def prune_changes(session: AsyncSession, *, keep: int = KEPT_CHANGES) -> int | None:
    """Forget all changes but the newest ``keep``; the generation pruned through."""
    cutoff = await session.scalar(
        select(CHANGES.c.generation).order_by(CHANGES.c.generation.desc()).offset(keep).limit(1)
    )
    if cutoff is None:
        return None
    await session.execute(delete(CHANGES).where(CHANGES.c.generation <= cutoff))
    await session.execute(
        update(GENERATION).where(GENERATION.c.pruned_through < cutoff).values(pruned_through=cutoff)
    )
    return int(cutoff)


async def run_change_pruning(
    database: Database, *, settings: Settings, today: date, now: datetime
) -> PruningResult:
    """The daily pass, in one short transaction."""
    async with database.sessions() as session, session.begin():
        pruned_through = await prune_changes(session)
    logger.info("search change pruning: through generation %s", pruned_through)
    return PruningResult(pruned_through)
