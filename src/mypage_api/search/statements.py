"""A job search's statements (R21): its conditions, its page and its capped count, one
builder used by the API, saved searches (and their alerts) and the benchmark."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Integer, Select, any_, case, func, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.db import fetch
from mypage_api.jobs.queries import SUMMARY_COLUMNS, valid_on
from mypage_api.models import Employer, Job
from mypage_api.pagination import after_cursor
from mypage_api.search.query import ParsedQuery
from mypage_api.search.schemas import JobSort, SearchFilters
from mypage_api.search.sql import index_condition, text_filter


def _one_of(column: Any, values: Sequence[Any]) -> Any:
    """``column IN (:a, :b)``, one parameter per value: the statement's shape then follows
    the number of values, so its compiled form can be cached (an "expanding" IN is
    rendered anew for each execution), and ``IN (:a)`` reads as ``= :a`` to PostgreSQL's
    planner (an index in the page's order after that column can serve it)."""
    return column.in_([literal(value, column.type) for value in values])


def search_conditions(
    filters: SearchFilters,
    parsed: ParsedQuery | None,
    *,
    today: date,
    dialect: str,
    use_index: bool = True,
) -> list[Any]:
    """The conditions of a search; ``use_index=False`` leaves the free-word index out (the
    substring test alone: see ``search.sql.text_filter``)."""
    conditions: list[Any] = [valid_on(today)]
    if parsed is not None:
        conditions.append(text_filter(parsed, dialect, use_index=use_index))
    if filters.prefecture:
        conditions.append(_one_of(Job.prefecture_code, filters.prefecture))
    if filters.municipality:
        conditions.append(_one_of(Job.municipality_code, filters.municipality))
    if filters.occupation:
        conditions.append(Job.occupation_code.startswith(filters.occupation, autoescape=True))
    if filters.employment_type:
        conditions.append(_one_of(Job.employment_type, filters.employment_type))
    if filters.working_style is not None:
        conditions.append(Job.working_style == filters.working_style)
    if filters.min_wage is not None and filters.wage_unit is not None:
        conditions.append(Job.wage_unit == filters.wage_unit)
        conditions.append(Job.wage_max >= filters.min_wage)
    if filters.online:
        conditions.append(Job.accepts_online_applications.is_(True))
    if filters.posted_since is not None:
        conditions.append(Job.accepted_on >= filters.posted_since)
    if filters.job_number:
        conditions.append(_one_of(Job.job_number, filters.job_number))
    return conditions


def _sort_columns(sort: JobSort, source: Any) -> tuple[Any, Any]:
    day = source.accepted_on if sort is JobSort.accepted else source.referral_deadline
    return day, source.id


def _descending(sort: JobSort) -> bool:
    return sort is JobSort.accepted  # newest acceptance first; soonest deadline first


def sort_key(sort: JobSort, source: Any = Job) -> tuple[Any, ...]:
    """The order of a sort over ``source``: the jobs, or a subquery's columns of them."""
    columns = _sort_columns(sort, source)
    if _descending(sort):
        return tuple(column.desc() for column in columns)
    return tuple(column.asc() for column in columns)


def page_statement(
    conditions: list[Any],
    sort: JobSort,
    cursor_key: tuple[date, int] | None,
    limit: int,
    *,
    candidates_first: bool = False,
) -> Select[*tuple[Any, ...]]:
    """One page (and one row more, to tell whether another follows). The jobs are chosen
    first and joined to their employers afterwards, so only the page's rows are joined.

    ``candidates_first``: every match is fetched (a materialised CTE, planned without the
    order), then sorted; for free words that few jobs hold, where the planner would
    otherwise walk the order's index and build each job's index keys to test them."""
    job_columns = [column for column in SUMMARY_COLUMNS if column.key != "employer_name"]
    chosen: Select[*tuple[Any, ...]] = select(*job_columns, Job.employer_id).where(*conditions)
    if cursor_key is not None:
        chosen = chosen.where(
            after_cursor(_sort_columns(sort, Job), cursor_key, descending=_descending(sort))
        )
    if candidates_first:
        matches = chosen.cte("matches").prefix_with("MATERIALIZED", dialect="postgresql")
        chosen = select(*matches.c)
        source: Any = matches.c
    else:
        source = Job
    page = chosen.order_by(*sort_key(sort, source)).limit(limit + 1).subquery("page")
    columns = [
        Employer.name.label("employer_name")
        if column.key == "employer_name"
        else page.c[column.key]
        for column in SUMMARY_COLUMNS
    ]
    statement: Select[*tuple[Any, ...]] = (
        select(*columns)
        .join(Employer, Employer.account_id == page.c.employer_id)
        .order_by(*sort_key(sort, page.c))
    )
    return statement


def matches_page_statement(
    ids: Sequence[int], today: date, sort: JobSort, cursor_key: tuple[date, int] | None, limit: int
) -> Select[*tuple[Any, ...]]:
    """PostgreSQL: a page chosen among the matches the count has just found (``ids``, at
    most the cap), instead of finding them again. The order's index is walked (index-only:
    it holds the day, the id and the validity) and each entry tested against the ids (a
    hashed ``= ANY``), stopping after the page; only the page's rows are then read.

    The ids come from the count a statement earlier, as the page always did (two
    statements, two snapshots under READ COMMITTED): a job changed in between is in the
    change log under a generation later than the one the page is kept under, so the next
    search for the page checks it (``search.cache``). Validity is tested again here, on
    the day of the search."""
    day, job_id = _sort_columns(sort, Job)
    chosen = select(Job.id.label("id"), day.label("day")).where(
        Job.id == any_(literal(list(ids), ARRAY(Integer))), valid_on(today)
    )
    if cursor_key is not None:
        chosen = chosen.where(after_cursor((day, job_id), cursor_key, descending=_descending(sort)))
    page = chosen.order_by(*sort_key(sort)).limit(limit + 1).subquery("page")
    statement: Select[*tuple[Any, ...]] = (
        select(*SUMMARY_COLUMNS)
        .select_from(page)
        .join(Job, Job.id == page.c.id)
        .join(Employer, Employer.account_id == Job.employer_id)
        .order_by(*sort_key(sort))
    )
    return statement


# Matches counted past the cap: a kept page whose count is "more than the cap" stays true
# through that many changes that might each have taken a match away (search.cache).
COUNT_MARGIN = 100


def _first_matches(conditions: list[Any], count: int) -> Any:
    return select(Job.id).where(*conditions).limit(count).subquery()


def capped_count_statement(conditions: list[Any], cap: int) -> Select[Any]:
    """Counting stops after ``cap + 1`` matches: exact below the cap, cheap above it."""
    matches = _first_matches(conditions, cap + 1)
    return select(func.count().label("total")).select_from(matches)


def counted_matches_statement(conditions: list[Any], cap: int, dialect: str) -> Select[Any]:
    """A search's count: as ``capped_count_statement``, going on to ``cap + 1 +
    COUNT_MARGIN``, and, when it is exact (at most ``cap``), the ids it counted, for a kept
    page to tell whether a changed job was one of its matches."""
    matches = _first_matches(conditions, cap + 1 + COUNT_MARGIN)
    ids: Any = (
        func.array_agg(matches.c.id) if dialect == "postgresql" else func.group_concat(matches.c.id)
    )
    total = func.count()
    statement: Select[Any] = select(
        total.label("total"), case((total <= cap, ids)).label("ids")
    ).select_from(matches)
    return statement


def match_ids(value: Any) -> list[int]:
    """The ids of a count statement's matches, sorted: an array, or (SQLite) "1,2,3"."""
    if value is None:
        return []
    if isinstance(value, str):
        return sorted(int(part) for part in value.split(","))
    return sorted(value)


async def search_rows(
    session: AsyncSession,
    filters: SearchFilters,
    parsed: ParsedQuery | None,
    *,
    today: date,
    cursor_key: tuple[date, int] | None,
    limit: int,
    cap: int,
) -> tuple[Sequence[Mapping[str, Any]], int, list[int]]:
    """A search page's rows (``limit + 1`` at most), its count (exact up to ``cap``, then
    stopping a little further: ``counted_matches_statement``) and the ids it counted.

    The count comes first and chooses the page's plan when the free words use the index:
    - more than ``cap`` matches (1% or more of a million jobs): the page walks the order's
      index and tests each job's text with the substring test alone, stopping at the
      page's end, instead of fetching every job the free-word index names;
    - at most ``cap``, on PostgreSQL: the page is chosen among the ids the count found
      (``matches_page_statement``), which finds them no second time;
    - at most ``cap``, on SQLite: the index's candidates are fetched and sorted
      (``candidates_first``).
    The plans find the same rows: the substring test decides either way
    (``search.sql.text_filter``). Without free words the planner has the order indexes."""
    dialect = session.get_bind().dialect.name
    conditions = search_conditions(filters, parsed, today=today, dialect=dialect)
    counted = (await fetch(session, counted_matches_statement(conditions, cap, dialect)))[0]
    total, ids = int(counted["total"]), match_ids(counted["ids"])
    if total == 0:
        return [], 0, ids
    indexed = parsed is not None and index_condition(parsed, dialect) is not None
    if total <= cap and dialect == "postgresql":
        page = matches_page_statement(ids, today, filters.sort, cursor_key, limit)
    elif indexed and total > cap:
        walk = search_conditions(filters, parsed, today=today, dialect=dialect, use_index=False)
        page = page_statement(walk, filters.sort, cursor_key, limit)
    else:
        page = page_statement(conditions, filters.sort, cursor_key, limit, candidates_first=indexed)
    return await fetch(session, page), total, ids
