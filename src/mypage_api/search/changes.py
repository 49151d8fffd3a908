"""The log of changed jobs behind kept search pages (``search.cache``): the search
generation and the jobs changed since a page was read, and the daily pruning.

Triggers add a row per changed job (migration ``7a41c2e9d5b3``); a kept page needs the
changes since it was read, and no page is kept for long, so the newest ``KEPT_CHANGES``
are plenty (at one change a second, more than a day). Pruning also raises
``pruned_through``, so a page read before the forgotten changes is read afresh, never
checked against an incomplete log.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, column, delete, select, update
from sqlalchemy import table as table_clause
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.config import Settings
from mypage_api.db import Database, fetch
from mypage_api.models import Job

# Kept by triggers with every change a search page could show (search.cache, migration
# 7a41c2e9d5b3): the generation, and the jobs each generation changed.
GENERATION = table_clause("job_search_generation", column("generation"), column("pruned_through"))
CHANGES = table_clause("job_search_changes", column("generation"), column("job_id"))


@dataclass(frozen=True)
class SearchGeneration:
    generation: int
    pruned_through: int  # the changes up to it are not logged

    def logs_changes_since(self, generation: int) -> bool:
        """Whether every change after ``generation`` is in the log."""
        return generation >= self.pruned_through


@dataclass(frozen=True)
class Changes:
    """The jobs changed after a generation, as of the generation ``now``."""

    now: SearchGeneration
    job_ids: frozenset[int]
    matching_now: frozenset[int]  # those of them the search accepts as of ``now``
    complete: bool  # every change is logged, and there are no more than asked for


async def search_generation(session: AsyncSession) -> SearchGeneration:
    """The search generation now: pages read at another one may differ from a fresh read."""
    row = (await fetch(session, select(GENERATION.c.generation, GENERATION.c.pruned_through)))[0]
    return SearchGeneration(int(row["generation"]), int(row["pruned_through"]))


async def changes_since(
    session: AsyncSession, since: int, conditions: list[Any], *, at_most: int
) -> Changes:
    """The jobs changed after generation ``since`` and which of them a search's
    ``conditions`` accept, in one statement: one snapshot, so the jobs are as of the
    generation read with them (writers commit in the generation's order), and a pruning
    that commits meanwhile cannot hide a change."""
    matching = and_(Job.id == CHANGES.c.job_id, *conditions)
    statement = (
        select(
            GENERATION.c.generation,
            GENERATION.c.pruned_through,
            CHANGES.c.job_id,
            Job.id.label("matching"),
        )
        .select_from(
            GENERATION.outerjoin(CHANGES, CHANGES.c.generation > since).outerjoin(Job, matching)
        )
        .limit(at_most + 1)
    )
    rows = await fetch(session, statement)
    now = SearchGeneration(int(rows[0]["generation"]), int(rows[0]["pruned_through"]))
    return Changes(
        now=now,
        job_ids=frozenset(int(row["job_id"]) for row in rows if row["job_id"] is not None),
        matching_now=frozenset(int(row["matching"]) for row in rows if row["matching"] is not None),
        complete=now.logs_changes_since(since) and len(rows) <= at_most,
    )


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
