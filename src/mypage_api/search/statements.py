"""A job search's statements (R21): its conditions, its page and its capped count, one
builder used by the API, saved searches (and their alerts) and the benchmark."""

import heapq
import operator
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ClauseElement, Select, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.db import fetch_prepared, named
from mypage_api.jobs.queries import SUMMARY_COLUMNS, valid_on
from mypage_api.models import Employer, Job
from mypage_api.pagination import after_cursor
from mypage_api.search.query import ParsedQuery
from mypage_api.search.schemas import JobSort, SearchFilters
from mypage_api.search.sql import TextShape, text_condition, text_parameters


def _one_of(column: Any, values: Sequence[Any]) -> Any:
    """``column IN (:a, :b)``, one parameter per value (values, or statement parameters):
    the statement's shape then follows the number of values, so its compiled form can be
    kept (an "expanding" IN is rendered anew for each execution), and ``IN (:a)`` reads as
    ``= :a`` to PostgreSQL's planner (an index in the page's order after that column can
    serve it)."""
    return column.in_(
        [
            value if isinstance(value, ClauseElement) else literal(value, column.type)
            for value in values
        ]
    )


# The filters that list values, each value a parameter ``<name>_<n>``.
_LISTED: dict[str, Any] = {
    "prefecture": Job.prefecture_code,
    "municipality": Job.municipality_code,
    "employment_type": Job.employment_type,
    "job_number": Job.job_number,
}
# The filters of one value each: the column, and how it is compared with the value. The
# occupation is a prefix (validated as digits and a hyphen, so nothing in it is a LIKE
# wildcard).
_SINGLE: dict[str, tuple[Any, Callable[[Any, Any], Any]]] = {
    "occupation_prefix": (Job.occupation_code, lambda column, value: column.like(value)),
    "working_style": (Job.working_style, operator.eq),
    "wage_unit": (Job.wage_unit, operator.eq),
    "min_wage": (Job.wage_max, operator.ge),
    "posted_since": (Job.accepted_on, operator.ge),
}


@dataclass(frozen=True)
class SearchParameters:
    """A search's conditions as named statement parameters: ``shape`` is everything their
    SQL depends on (searches of one shape share one statement, built and compiled once:
    ``db.fetch_prepared``), ``values`` the parameters' values by name."""

    shape: tuple[Hashable, ...]
    values: dict[str, Any]


def search_parameters(
    filters: SearchFilters,
    parsed: ParsedQuery | None,
    *,
    today: date,
    dialect: str,
    use_index: bool = True,
) -> SearchParameters:
    """The parameters of a search's conditions (``conditions_of``); ``use_index=False``
    leaves the free-word index out (the substring test alone: ``search.sql.text_filter``)."""
    values: dict[str, Any] = {"today": today}
    text = None
    if parsed is not None:
        text, text_values = text_parameters(parsed, dialect, use_index=use_index)
        values |= text_values
    for name in _LISTED:
        values |= {f"{name}_{n}": value for n, value in enumerate(getattr(filters, name))}
    single: dict[str, Any] = {
        "occupation_prefix": None if filters.occupation is None else filters.occupation + "%",
        "working_style": filters.working_style,
        "posted_since": filters.posted_since,
    }
    if filters.min_wage is not None and filters.wage_unit is not None:
        single |= {"wage_unit": filters.wage_unit, "min_wage": filters.min_wage}
    values |= {name: value for name, value in single.items() if value is not None}
    return SearchParameters((dialect, text, bool(filters.online), *values), values)


def conditions_of(parameters: SearchParameters, *, bound: bool = True) -> list[Any]:
    """The conditions of a search, their parameters bound to their values, or (``bound``
    false) left to be given when the statement runs."""
    dialect, text, online, *names = parameters.shape
    values = parameters.values if bound else None

    def parameter(name: Any, column: Any) -> Any:
        return named(name, values, column.type)

    conditions: list[Any] = [valid_on(parameter("today", Job.valid_until))]
    if isinstance(text, TextShape):
        conditions.append(text_condition(text, str(dialect), values))
    for name, column in _LISTED.items():
        listed = [n for n in names if str(n).removeprefix(f"{name}_").isdigit()]
        if listed:
            conditions.append(_one_of(column, [parameter(n, column) for n in listed]))
    for name, (column, compare) in _SINGLE.items():
        if name in names:
            conditions.append(compare(column, parameter(name, column)))
    if online:
        conditions.append(Job.accepts_online_applications.is_(True))
    return conditions


def search_conditions(
    filters: SearchFilters,
    parsed: ParsedQuery | None,
    *,
    today: date,
    dialect: str,
    use_index: bool = True,
) -> list[Any]:
    """The conditions of a search, bound to its values (``search_parameters``)."""
    return conditions_of(
        search_parameters(filters, parsed, today=today, dialect=dialect, use_index=use_index)
    )


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
    conditions: list[Any], sort: JobSort, cursor_key: tuple[Any, Any] | None, limit: int
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
    ids: Sequence[Any], today: Any, sort: JobSort
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
    conditions: list[Any], cap: int, dialect: str, sort: JobSort | None
) -> Select[Any]:
    """A search's count: as ``capped_count_statement``, going on to ``cap + 1 +
    COUNT_MARGIN``, and, when it is exact (at most ``cap``), each match's id, for a kept
    page to tell whether a changed job was one of its matches. Given a ``sort``, also each
    match's day in that order, read from the rows the count visits anyway: the page is
    then chosen among them (``page_of_matches``)."""
    days = [] if sort is None else [_sort_columns(sort, Job)[0].label("day")]
    matches = _first_matches(conditions, cap + 1 + COUNT_MARGIN, *days)
    aggregate = func.array_agg if dialect == "postgresql" else func.group_concat
    total = func.count()
    exact = total <= cap
    columns = [total.label("total"), case((exact, aggregate(matches.c.id))).label("ids")]
    if sort is not None:
        columns.append(case((exact, aggregate(matches.c.day))).label("days"))
    statement: Select[Any] = select(*columns).select_from(matches)
    return statement


def match_ids(ids: Any) -> list[int]:
    """The ids of the count's matches, sorted: an array, or (SQLite) a list such as
    "1,2,3"."""
    if ids is None:
        return []
    if isinstance(ids, str):
        return sorted(int(job_id) for job_id in ids.split(","))
    return sorted(ids)


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
    sorted. Each statement is built once per shape of search (``db.fetch_prepared``).

    The count comes first and chooses the page's plan:
    - free words and at most ``cap`` matches: the count has visited every match's row (the
      free-word index cannot decide alone what the row holds) and read its place in the
      order, so the page is chosen among them (``page_of_matches``) and its rows read by
      their ids; no match is looked for a second time;
    - otherwise the page walks the order's index, stopping at the page's end. Without free
      words the count and the page are index-only; past the cap (1% or more of a million
      jobs) each job's text is tested with the substring test alone rather than fetching
      every job the free-word index names. The plans find the same rows: the substring
      test decides either way (``search.sql.text_filter``)."""
    dialect = session.get_bind().dialect.name
    sort = filters.sort
    chosen_among_matches = parsed is not None
    by_day = sort if chosen_among_matches else None
    found = search_parameters(filters, parsed, today=today, dialect=dialect)
    counted = (
        await fetch_prepared(
            session,
            ("count", found.shape, cap, by_day),
            lambda: counted_matches_statement(
                conditions_of(found, bound=False), cap, dialect, by_day
            ),
            found.values,
        )
    )[0]
    total = int(counted["total"])
    if total == 0:
        return [], 0, []
    if total <= cap and chosen_among_matches:
        keys = match_keys(counted["ids"], counted["days"])
        chosen = page_of_matches(keys, sort, cursor_key, limit)
        return await _chosen_rows(session, chosen, today, sort), total, sorted(i for _, i in keys)
    walk = search_parameters(filters, parsed, today=today, dialect=dialect, use_index=False)
    values = dict(walk.values)
    if cursor_key is not None:
        values |= {"cursor_day": cursor_key[0], "cursor_id": cursor_key[1]}

    def walked() -> Select[Any]:
        cursor = None
        if cursor_key is not None:
            day, job_id = _sort_columns(sort, Job)
            cursor = (named("cursor_day", type_=day.type), named("cursor_id", type_=job_id.type))
        return page_statement(conditions_of(walk, bound=False), sort, cursor, limit)

    shape = ("walk", walk.shape, sort, cursor_key is None, limit)
    matched = match_ids(counted["ids"]) if total <= cap else []
    return await fetch_prepared(session, shape, walked, values), total, matched


async def _chosen_rows(
    session: AsyncSession, ids: Sequence[int], today: date, sort: JobSort
) -> Sequence[Mapping[str, Any]]:
    if not ids:
        return []
    names = [f"id_{n}" for n in range(len(ids))]

    def chosen() -> Select[Any]:
        parameters = [named(name, type_=Job.id.type) for name in names]
        return chosen_page_statement(parameters, named("today", type_=Job.valid_until.type), sort)

    values = {"today": today, **dict(zip(names, ids, strict=True))}
    return await fetch_prepared(session, ("chosen", len(ids), sort), chosen, values)
