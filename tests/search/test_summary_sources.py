"""Kept search pages are exact only while every value a job summary shows comes from the
``jobs`` table or ``employers.name``: the change log (``search.changes``) watches only
jobs and employers' renames, so a value read from anywhere else could change under a kept
page without moving the search generation. Checked on the real definitions: the one list
of summary columns and the page statement that selects them."""

from datetime import date
from itertools import product
from typing import Any

import pytest
from sqlalchemy import Column, Table, select
from sqlalchemy.sql import visitors

from mypage_api.jobs.queries import SUMMARY_COLUMNS
from mypage_api.models import Employer, Job, Office
from mypage_api.search.query import parse
from mypage_api.search.schemas import JobSort, SearchFilters
from mypage_api.search.statements import chosen_page_statement, page_statement, search_conditions

WATCHED_TABLE = Job.__table__  # every change to a job moves the search generation
EMPLOYER_NAME = Employer.__table__.c.name  # so does an employer's rename, and nothing else


def columns_read(column: Any) -> set[Column[Any]]:
    """The table columns a selected column's value is read from, through labels,
    subqueries, CTEs and expressions (a scalar subquery's own columns included)."""
    expression = getattr(column, "expression", column)  # an ORM attribute: its column
    found: set[Column[Any]] = set()
    for base in expression.base_columns:
        for element in visitors.iterate(base):
            if isinstance(element, Column) and isinstance(element.table, Table):
                found.add(element)
    return found


def unwatched(column: Any) -> list[str]:
    """The columns ``column`` reads that a change could alter without the log seeing it."""
    read = columns_read(column)
    if not read:
        return [f"{column.key}: reads no table column"]
    return sorted(
        f"{column.key}: {source.table.name}.{source.name}"
        for source in read
        if source.table is not WATCHED_TABLE and source is not EMPLOYER_NAME
    )


def test_the_summary_columns_come_from_jobs_or_the_employers_name() -> None:
    assert [problem for column in SUMMARY_COLUMNS for problem in unwatched(column)] == []


def selects_only_those(statement: Any) -> None:
    selected = list(statement.selected_columns)
    assert [column.key for column in selected] == [column.key for column in SUMMARY_COLUMNS]
    assert [problem for column in selected for problem in unwatched(column)] == []


@pytest.mark.parametrize(
    ("sort", "cursor_key", "q"),
    list(product(JobSort, [None, (date(2026, 11, 1), 42)], [None, "介護 -パート"])),
)
def test_a_search_page_selects_only_those(
    sort: JobSort, cursor_key: tuple[date, int] | None, q: str | None
) -> None:
    filters = SearchFilters(q=q, sort=sort)
    conditions = search_conditions(
        filters, parse(q) if q else None, today=date(2026, 11, 25), dialect="sqlite"
    )
    selects_only_those(page_statement(conditions, sort, cursor_key, 10))


@pytest.mark.parametrize("sort", list(JobSort))
def test_a_page_of_chosen_jobs_selects_only_those(sort: JobSort) -> None:
    selects_only_those(chosen_page_statement([3, 1, 2], date(2026, 11, 25), sort))


def test_a_value_from_elsewhere_is_noticed() -> None:
    """The check itself: another table, another employer column, or a subquery."""
    office_name = (
        select(Office.name)
        .where(Office.office_code == Employer.office_code)
        .scalar_subquery()
        .label("office_name")
    )
    assert unwatched(Employer.office_code) == ["office_code: employers.office_code"]
    assert unwatched(Office.name.label("office_name")) == ["office_name: offices.name"]
    assert "office_name: offices.name" in unwatched(office_name)
    assert unwatched((Job.wage_max * 2).label("twice")) == []
    assert unwatched(Employer.name.label("employer_name")) == []
