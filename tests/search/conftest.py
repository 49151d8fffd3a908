"""Jobs written straight into ``jobs`` with SQLAlchemy Core, inside the test's transaction,
and the two ways of reading them: the SQL condition and the plain scan."""

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.clock import FixedClock
from mypage_api.models import Job
from mypage_api.search.query import ParsedQuery, matches
from mypage_api.search.sql import text_filter
from mypage_api.search_text import search_document
from tests.factories import load_offices, make_employer

_WRITTEN_AT = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


@pytest.fixture
async def employer_id(connection: AsyncConnection, clock: FixedClock) -> int:
    await load_offices(connection)
    return (await make_employer(connection, clock.now())).id


def job_row(employer_id: int, number: int, fields: Sequence[str]) -> dict[str, object]:
    """A valid job whose searchable fields are ``fields``."""
    search_text, search_tokens = search_document(fields)
    return {
        "job_number": f"13010-{number:08d}",
        "employer_id": employer_id,
        "title": "求人",
        "occupation_code": "055-01",
        "occupation_name": "介護職員",
        "description": "",
        "employment_type": "regular",
        "working_style": "full_time",
        "wage_unit": "monthly",
        "wage_min": 200_000,
        "wage_max": 250_000,
        "working_hours": "9:00〜18:00",
        "prefecture_code": "13",
        "municipality_code": "13101",
        "accepts_online_applications": True,
        "publishes_employer_name": True,
        "accepted_on": date(2026, 11, 1),
        "referral_deadline": date(2027, 1, 31),
        "valid_until": date(2027, 1, 31),
        "extended": False,
        "closed_on": None,
        "created_at": _WRITTEN_AT,
        "updated_at": _WRITTEN_AT,
        "search_text": search_text,
        "search_tokens": search_tokens,
    }


async def insert_jobs(
    connection: AsyncConnection, employer_id: int, documents: Iterable[Sequence[str]]
) -> list[int]:
    """One job per document (its searchable fields); their ids, in order."""
    rows = [job_row(employer_id, number, fields) for number, fields in enumerate(documents, 1)]
    if not rows:
        return []
    result = await connection.execute(
        insert(Job).returning(Job.id, sort_by_parameter_order=True), rows
    )
    return list(result.scalars())


async def found(connection: AsyncConnection, parsed: ParsedQuery) -> set[int]:
    """What the search finds: the SQL condition of search.sql."""
    dialect = connection.dialect.name
    return set((await connection.scalars(select(Job.id).where(text_filter(parsed, dialect)))).all())


async def scanned(connection: AsyncConnection, parsed: ParsedQuery) -> set[int]:
    """What a plain scan of the same rows finds: query.matches over every row."""
    rows = await connection.execute(select(Job.id, Job.search_text))
    return {job_id for job_id, search_text in rows if matches(parsed, search_text)}
