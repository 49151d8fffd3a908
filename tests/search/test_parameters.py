"""A search's statement is built once per shape with named parameters and run with each
search's values (``search.statements.search_parameters``, ``db.fetch_prepared``): every
value has its parameter in the statement and every parameter its value, for every
filter, free words of every kind, both databases, with and without the index; and two
searches share a shape exactly when only their values differ."""

from datetime import date
from typing import Any

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from mypage_api.models.job import WorkingStyle
from mypage_api.rules.work import EmploymentType, WageUnit
from mypage_api.search.query import parse
from mypage_api.search.schemas import JobSort, SearchFilters
from mypage_api.search.statements import (
    conditions_of,
    counted_matches_statement,
    page_statement,
    search_parameters,
)
from tests.databases import once_per_suite

pytestmark = once_per_suite

TODAY = date(2026, 11, 25)
EVERY_FILTER: dict[str, Any] = {
    "prefecture": ["13", "14"],
    "municipality": ["13101"],
    "occupation": "055-01",
    "employment_type": [EmploymentType.regular, EmploymentType.part_time],
    "working_style": WorkingStyle.full_time,
    "wage_unit": WageUnit.monthly,
    "min_wage": 200_000,
    "online": True,
    "posted_since": date(2026, 11, 1),
    "job_number": ["13010-12345678"],
}
QUERIES = [None, "介護", "介護職員 -パート", "介 OR 看護師", "NOT 派遣", "ab OR 介護"]
DIALECTS = {"postgresql": postgresql.dialect(), "sqlite": sqlite.dialect()}


def placeholders(statement: Any, dialect: str) -> set[str]:
    compiled = statement.compile(dialect=DIALECTS[dialect])
    return {
        name for name, bind in compiled.binds.items() if bind.value is None and not bind.callable
    }


@pytest.mark.parametrize("dialect", list(DIALECTS))
@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("use_index", [True, False])
@pytest.mark.parametrize("filters", [{}, EVERY_FILTER])
def test_every_value_has_its_parameter_and_every_parameter_its_value(
    dialect: str, query: str | None, use_index: bool, filters: dict[str, Any]
) -> None:
    searched = SearchFilters(q=query, **filters)
    parameters = search_parameters(
        searched,
        parse(query) if query else None,
        today=TODAY,
        dialect=dialect,
        use_index=use_index,
    )
    built = conditions_of(parameters, bound=False)
    count = counted_matches_statement(built, 10_000, dialect, JobSort.deadline)
    page = page_statement(built, JobSort.deadline, None, 10)
    for statement in (count, page):
        assert placeholders(statement, dialect) == set(parameters.values)


def shape_of(dialect: str = "postgresql", **filters: Any) -> Any:
    searched = SearchFilters(**filters)
    parsed = parse(searched.q) if searched.q else None
    return search_parameters(searched, parsed, today=TODAY, dialect=dialect).shape


def test_searches_share_a_shape_when_only_their_values_differ() -> None:
    assert shape_of(q="介護", prefecture=["13"]) == shape_of(q="看護", prefecture=["27"])
    assert shape_of(q="介護職員") == shape_of(q="看護師長")  # two words of 3+ characters
    assert shape_of(online=True) == shape_of(online=True)
    different = [
        shape_of(),
        shape_of(q="介護"),  # two characters: the index answers it alone
        shape_of(q="介護職員"),  # longer: the index narrows, the scan decides
        shape_of(q="介"),  # one character: the scan alone
        shape_of(q="介護 -パート"),
        shape_of(prefecture=["13"]),
        shape_of(prefecture=["13", "14"]),
        shape_of(online=True),
        shape_of(min_wage=1100, wage_unit=WageUnit.hourly),
        shape_of("sqlite"),
    ]
    assert len(set(different)) == len(different)
