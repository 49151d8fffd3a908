"""Job search (R21): one page and its count, kept in memory while it is the page a fresh
read would give (``search.cache``). The public search and saved searches both run
``search``."""

import json
from array import array
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.errors import FieldIssue, ProblemError, field_errors
from mypage_api.jobs.schemas import JobSummary, summary_fields
from mypage_api.pagination import decode_cursor, encode_cursor, invalid_cursor
from mypage_api.search.cache import KeptPage, SearchCache, after_changes
from mypage_api.search.changes import changes_since, search_generation
from mypage_api.search.query import QUERY_REFUSALS, InvalidQuery, ParsedQuery, parse
from mypage_api.search.schemas import JobSort, SearchFilters, SearchPage
from mypage_api.search.statements import search_conditions, search_rows


def parsed_query(filters: SearchFilters) -> ParsedQuery | None:
    if not filters.q or not filters.q.strip():
        return None
    try:
        return parse(filters.q)
    except InvalidQuery as refusal:
        raise ProblemError(
            problems.INVALID_QUERY,
            extensions=field_errors(
                [FieldIssue("query", "q", refusal.code, QUERY_REFUSALS[refusal.code])]
            ),
        ) from None


def decode_search_cursor(cursor: str | None) -> tuple[date, int] | None:
    """A search page's cursor: the last row's day in the sort order, and its id."""
    key = decode_cursor(cursor, length=2)
    if key is None:
        return None
    day, job_id = key
    if not isinstance(day, str) or not isinstance(job_id, int):
        raise invalid_cursor()
    try:
        return date.fromisoformat(day), job_id
    except ValueError:
        raise invalid_cursor() from None


class PageSource(StrEnum):
    """Where an answered page came from (the ``X-Search-Page`` header)."""

    kept = "kept"  # kept, and nothing changed since it was read
    checked = "checked"  # kept, and checked against the jobs changed since
    read = "read"  # read from the database now


@dataclass(frozen=True)
class AnsweredPage:
    body: bytes  # the JSON of a ``SearchPage``
    source: PageSource


async def search(
    session: AsyncSession,
    filters: SearchFilters,
    *,
    today: date,
    cursor: str | None,
    limit: int,
    cap: int,
    cache: SearchCache,
) -> AnsweredPage:
    """One page of a search (R21) and its count, exact up to ``cap``, as the JSON answered
    (a ``SearchPage``): kept in ``cache`` and answered from there while it is the page a
    fresh read would give (``search.cache``)."""
    cursor_key = decode_search_cursor(cursor)
    search = PageSearch(filters, today, cursor_key, limit, cap)
    if not cache.enabled:
        return AnsweredPage((await read_page(session, search, generation=0)).body, PageSource.read)
    generation = await search_generation(session)
    key = page_key(search)
    kept = await cache.get(key, generation=generation.generation)
    source = PageSource.kept
    if kept is not None and not generation.logs_changes_since(kept.generation):
        kept = None  # it cannot be checked against the changes since it was read
    if kept is not None and kept.generation < generation.generation:
        kept = await still_kept(session, search, kept)  # as of the generation now, or None
        source = PageSource.checked
        if kept is not None:
            await cache.put(key, kept)
    if kept is None:
        kept = await cache.read_once(
            (key, generation.generation),
            lambda: read_page(session, search, generation=generation.generation),
        )
        source = PageSource.read
        await cache.put(key, kept)
    return AnsweredPage(kept.body, source)


@dataclass(frozen=True)
class PageSearch:
    filters: SearchFilters
    today: date
    cursor_key: tuple[date, int] | None
    limit: int
    cap: int


def page_key(search: PageSearch) -> str:
    """The key a page is kept under, here and in the shared store: the same search, day,
    cap and page size, and the same place in the results."""
    cursor = search.cursor_key
    return json.dumps(
        [
            search.today.isoformat(),
            search.cap,
            search.limit,
            None if cursor is None else [cursor[0].isoformat(), cursor[1]],
            search.filters.model_dump_json(),
        ],
        separators=(",", ":"),
    )


# A kept page is read afresh rather than checked against more changed jobs than this.
CHECKED_AT_MOST = 200


async def still_kept(session: AsyncSession, search: PageSearch, kept: KeptPage) -> KeptPage | None:
    """``kept`` as of the generation now, if no job changed since could change it."""
    conditions = search_conditions(
        search.filters,
        parsed_query(search.filters),
        today=search.today,
        dialect=session.get_bind().dialect.name,
        use_index=False,  # a few jobs by their ids: the plain test, no index
    )
    changes = await changes_since(session, kept.generation, conditions, at_most=CHECKED_AT_MOST)
    if not changes.complete:
        return None
    return after_changes(
        kept,
        cap=search.cap,
        generation=changes.now.generation,
        changed=changes.job_ids,
        matching_now=changes.matching_now,
    )


async def read_page(session: AsyncSession, search: PageSearch, *, generation: int) -> KeptPage:
    """The page read from the database, as of ``generation`` (read before it)."""
    filters, limit, cap = search.filters, search.limit, search.cap
    rows, total, ids = await search_rows(
        session,
        filters,
        parsed_query(filters),
        today=search.today,
        cursor_key=search.cursor_key,
        limit=limit,
        cap=cap,
    )
    page_ids = frozenset(int(row["id"]) for row in rows)
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        day = last["accepted_on"] if filters.sort is JobSort.accepted else last["referral_deadline"]
        next_cursor = encode_cursor([day.isoformat(), last["id"]])
    page = SearchPage(
        items=[JobSummary(**summary_fields(row)) for row in rows],
        next_cursor=next_cursor,
        total=min(total, cap),
        total_exact=total <= cap,
    )
    return KeptPage(
        generation=generation,
        body=page.model_dump_json().encode(),
        page_ids=page_ids,
        counted=total,
        matched=array("i", ids) if total <= cap else None,
    )
