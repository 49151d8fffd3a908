"""A job search's statements (R21): its conditions, its page and its capped count, one
builder used by the API, saved searches (and their alerts) and the benchmark."""

import heapq
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.db import fetch
from mypage_api.jobs.queries import SUMMARY_COLUMNS, valid_on
from mypage_api.models import Employer, Job
from mypage_api.pagination import after_cursor
from mypage_api.search.query import ParsedQuery
from mypage_api.search.schemas import JobSort, SearchFilters
from mypage_api.search.sql import text_filter


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
    conditions: list[Any], sort: JobSort, cursor_key: tuple[date, int] | None, limit: int
) -> Select[*tuple[Any, ...]]:
    """One page (and one row more, to tell whether another follows), found by walking the
    order. The jobs are chosen first and joined to their employers afterwards, so only the
    page's rows are joined."""
    job_columns = [column for column in SUMMARY_COLUMNS if column.key != "employer_name"]
    chosen: Select[*tuple[Any, ...]] = select(*job_columns, Job.employer_id).where(*conditions)
    if cursor_key is not None:
        chosen = chosen.where(
            after_cursor(_sort_columns(sort, Job), cursor_key, descending=_descending(sort))
        )
    page = chosen.order_by(*sort_key(sort)).limit(limit + 1).subquery("page")
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


def chosen_page_statement(
    ids: Sequence[int], today: date, sort: JobSort
) -> Select[*tuple[Any, ...]]:
    """The rows of a page whose jobs are already chosen (``page_of_matches``): a few
    primary-key reads. Validity is tested again, on the day of the search: the ids come
    from the count a statement earlier (two statements, two snapshots under READ
    COMMITTED, as the page always was), and a job changed in between is in the change log
    under a generation later than the one the page is kept under, so the next search for
    the page checks it (``search.cache``)."""
    statement: Select[*tuple[Any, ...]] = (
        select(*SUMMARY_COLUMNS)
        .join(Employer, Employer.account_id == Job.employer_id)
        .where(_one_of(Job.id, ids), valid_on(today))
        .order_by(*sort_key(sort))
    )
    return statement


def page_of_matches(
    keys: Sequence[tuple[date, int]],
    sort: JobSort,
    cursor_key: tuple[date, int] | None,
    limit: int,
) -> list[int]:
    """The ids of a page (and of one job more) among every match's place in the order
    (its day and id, from the count): the first ``limit + 1`` after the cursor."""
    descending = _descending(sort)
    if cursor_key is not None:
        keys = [key for key in keys if (key < cursor_key if descending else key > cursor_key)]
    chosen = heapq.nlargest if descending else heapq.nsmallest
    return [job_id for _, job_id in chosen(limit + 1, keys)]


# Matches counted past the cap: a kept page whose count is "more than the cap" stays true
# through that many changes that might each have taken a match away (search.cache).
COUNT_MARGIN = 100


def _first_matches(conditions: list[Any], count: int, *columns: Any) -> Any:
    return select(Job.id, *columns).where(*conditions).limit(count).subquery()


def capped_count_statement(conditions: list[Any], cap: int) -> Select[Any]:
    """Counting stops after ``cap + 1`` matches: exact below the cap, cheap above it."""
    matches = _first_matches(conditions, cap + 1)
    return select(func.count().label("total")).select_from(matches)


def counted_matches_statement(
    conditions: list[Any], cap: int, dialect: str, sort: JobSort
) -> Select[Any]:
    """A search's count: as ``capped_count_statement``, going on to ``cap + 1 +
    COUNT_MARGIN``, and, when it is exact (at most ``cap``), each match's id and day in the
    sort order, read from the rows the count visits anyway: the page is chosen among them
    (``page_of_matches``), and a kept page tells by the ids whether a changed job was one
    of its matches."""
    day, _ = _sort_columns(sort, Job)
    matches = _first_matches(conditions, cap + 1 + COUNT_MARGIN, day.label("day"))
    aggregate = func.array_agg if dialect == "postgresql" else func.group_concat
    total = func.count()
    exact = total <= cap
    statement: Select[Any] = select(
        total.label("total"),
        case((exact, aggregate(matches.c.id))).label("ids"),
        case((exact, aggregate(matches.c.day))).label("days"),
    ).select_from(matches)
    return statement


def match_keys(ids: Any, days: Any) -> list[tuple[date, int]]:
    """Each counted match's place in the order, its day and id, from the count's columns:
    two arrays in the same order, or (SQLite) two lists such as "1,2,3"."""
    if ids is None:
        return []
    if isinstance(ids, str):
        return [
            (date.fromisoformat(day), int(job_id))
            for day, job_id in zip(days.split(","), ids.split(","), strict=True)
        ]
    return list(zip(days, ids, strict=True))


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
    stopping a little further: ``counted_matches_statement``) and the ids it counted,
    sorted.

    The count comes first and chooses the page's plan:
    - at most ``cap`` matches: the count has visited every match and read its place in the
      order, so the page is chosen among them (``page_of_matches``) and its rows read by
      their ids; no match is looked for a second time;
    - more than ``cap`` (1% or more of a million jobs): the page walks the order's index,
      stopping at the page's end, and tests each job's text with the substring test alone
      rather than fetching every job the free-word index names. The plans find the same
      rows: the substring test decides either way (``search.sql.text_filter``)."""
    dialect = session.get_bind().dialect.name
    conditions = search_conditions(filters, parsed, today=today, dialect=dialect)
    counted = await fetch(
        session, counted_matches_statement(conditions, cap, dialect, filters.sort)
    )
    total = int(counted[0]["total"])
    if total == 0:
        return [], 0, []
    if total <= cap:
        keys = match_keys(counted[0]["ids"], counted[0]["days"])
        chosen = page_of_matches(keys, filters.sort, cursor_key, limit)
        rows = (
            await fetch(session, chosen_page_statement(chosen, today, filters.sort))
            if chosen
            else []
        )
        return rows, total, sorted(job_id for _, job_id in keys)
    walk = search_conditions(filters, parsed, today=today, dialect=dialect, use_index=False)
    page = page_statement(walk, filters.sort, cursor_key, limit)
    return await fetch(session, page), total, []
