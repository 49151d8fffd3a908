"""Saved search conditions and favourite jobs (R19: what signing in adds to search)."""

from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.errors import ProblemError
from mypage_api.jobs import queries
from mypage_api.jobs.schemas import JobSummary, summary_fields
from mypage_api.models import Employer, Favorite, Job, SavedSearch, Seeker
from mypage_api.pagination import (
    Page,
    after_cursor,
    by_id,
    decode_instant_cursor,
    instant_key,
    page_of,
)
from mypage_api.rules.jobs import job_is_valid
from mypage_api.saved.schemas import FavoriteRead, SavedSearchCreate, SavedSearchRead
from mypage_api.search import service as search_service
from mypage_api.search.cache import SearchCache
from mypage_api.search.schemas import SearchFilters
from mypage_api.search.service import AnsweredPage


def _read(saved: SavedSearch) -> SavedSearchRead:
    return SavedSearchRead(
        id=saved.id,
        name=saved.name,
        filters=SearchFilters.model_validate(saved.filters),
        alerts=saved.alerts,
        created_at=saved.created_at,
    )


async def list_saved(
    session: AsyncSession, seeker: Seeker, *, cursor: str | None, limit: int
) -> Page[SavedSearchRead]:
    """The seeker's saved conditions, oldest first (their number is capped when saving)."""
    statement = select(SavedSearch).where(SavedSearch.seeker_id == seeker.account_id)
    statement = by_id(statement, SavedSearch.id, cursor, limit, descending=False)
    page = page_of(list(await session.scalars(statement)), limit, lambda saved: [saved.id])
    return Page(items=[_read(saved) for saved in page.items], next_cursor=page.next_cursor)


async def save(
    session: AsyncSession, seeker: Seeker, body: SavedSearchCreate, *, limit: int, now: datetime
) -> SavedSearchRead:
    search_service.parsed_query(body.filters)  # refuse a query that could never run
    count = await session.scalar(
        select(func.count()).where(SavedSearch.seeker_id == seeker.account_id)
    )
    if (count or 0) >= limit:
        raise ProblemError(problems.SAVED_SEARCH_LIMIT, extensions={"limit": limit})
    saved = SavedSearch(
        seeker_id=seeker.account_id,
        name=body.name,
        filters=body.filters.model_dump(mode="json", exclude_defaults=True),
        alerts=body.alerts,
        last_alert_at=now if body.alerts else None,
        created_at=now,
    )
    session.add(saved)
    await session.flush()
    return _read(saved)


async def own_saved(session: AsyncSession, seeker: Seeker, saved_id: int) -> SavedSearch:
    saved = await session.get(SavedSearch, saved_id)
    if saved is None or saved.seeker_id != seeker.account_id:
        raise ProblemError(problems.SAVED_SEARCH_NOT_FOUND)
    return saved


async def remove(session: AsyncSession, seeker: Seeker, saved_id: int) -> None:
    await session.delete(await own_saved(session, seeker, saved_id))


async def run_saved(
    session: AsyncSession,
    seeker: Seeker,
    saved_id: int,
    *,
    today: date,
    cursor: str | None,
    limit: int,
    cap: int,
    cache: SearchCache,
) -> AnsweredPage:
    """The search page of saved conditions, as answered (``search.service.search``)."""
    saved = await own_saved(session, seeker, saved_id)
    filters = SearchFilters.model_validate(saved.filters)
    return await search_service.search(
        session, filters, today=today, cursor=cursor, limit=limit, cap=cap, cache=cache
    )


async def list_favorites(
    session: AsyncSession, seeker: Seeker, *, today: date, cursor: str | None, limit: int
) -> Page[FavoriteRead]:
    """Newest first (then by job); a job that became invalid stays listed, marked
    unavailable."""
    key = decode_instant_cursor(cursor)
    order = (Favorite.created_at, Favorite.job_id)
    statement = (
        select(*order, *queries.SUMMARY_COLUMNS, Job.closed_on)
        .join(Job, Job.id == Favorite.job_id)
        .join(Employer, Employer.account_id == Job.employer_id)
        .where(Favorite.seeker_id == seeker.account_id)
        .order_by(*(column.desc() for column in order))
        .limit(limit + 1)
    )
    if key is not None:
        statement = statement.where(after_cursor(order, key, descending=True))
    rows = list((await session.execute(statement)).mappings())
    page = page_of(rows, limit, lambda row: instant_key(row["created_at"], row["job_id"]))
    favorites = []
    for row in page.items:
        available = job_is_valid(row["valid_until"], row["closed_on"], today)
        favorites.append(
            FavoriteRead(
                job_number=row["job_number"],
                added_at=row["created_at"],
                available=available,
                job=JobSummary(**summary_fields(row)) if available else None,
            )
        )
    return Page(items=favorites, next_cursor=page.next_cursor)


async def add_favorite(
    session: AsyncSession,
    seeker: Seeker,
    job_number: str,
    *,
    limit: int,
    today: date,
    now: datetime,
) -> None:
    """Idempotent; only a job that is valid today can be added."""
    job = await queries.job_by_number(session, job_number)
    if job is None:
        raise ProblemError(problems.JOB_NOT_FOUND)
    if await session.get(Favorite, (seeker.account_id, job.id)) is not None:
        return
    if not job_is_valid(job.valid_until, job.closed_on, today):
        raise ProblemError(problems.JOB_UNAVAILABLE)
    count = await session.scalar(
        select(func.count()).where(Favorite.seeker_id == seeker.account_id)
    )
    if (count or 0) >= limit:
        raise ProblemError(problems.FAVORITE_LIMIT, extensions={"limit": limit})
    session.add(Favorite(seeker_id=seeker.account_id, job_id=job.id, created_at=now))
    await session.flush()


async def remove_favorite(session: AsyncSession, seeker: Seeker, job_number: str) -> None:
    """Idempotent: removing what is not there is fine."""
    job = await queries.job_by_number(session, job_number)
    if job is not None:
        await session.execute(
            delete(Favorite).where(
                Favorite.seeker_id == seeker.account_id, Favorite.job_id == job.id
            )
        )
