"""Search pages walked to the end through their cursors hold exactly the valid matches in
the sort order, each once, and the count is exact up to the cap (R21): within the cap the
page is chosen among the count's matches, past it the page walks the order; both are
walked here, with days shared by several jobs and jobs that are expired or closed."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from mypage_api.models import Job
from mypage_api.search.query import matches, parse
from mypage_api.search.schemas import JobSort, SearchFilters
from mypage_api.search.statements import search_rows
from mypage_api.search_text import search_document
from tests.search.conftest import insert_jobs

TODAY = date(2026, 11, 25)
TEXTS = ["介護職員", "看護・介護", "事務", "介護のパート"]
QUERIES = [None, "介護", "介護 -パート", "介"]

jobs = st.lists(
    st.tuples(
        st.sampled_from(TEXTS),
        st.integers(0, 3),  # referral deadline: today + n days
        st.integers(0, 3),  # accepted: today - n days
        st.sampled_from(["valid", "valid", "valid", "expired", "closed"]),
    ),
    min_size=1,
    max_size=14,
)


async def walked(
    session: AsyncSession, filters: SearchFilters, limit: int, cap: int
) -> tuple[list[int], list[int]]:
    """Every page's ids through the cursors, and each page's count."""
    parsed = parse(filters.q) if filters.q else None
    ids: list[int] = []
    totals: list[int] = []
    cursor_key = None
    while True:
        rows, total, _ = await search_rows(
            session, filters, parsed, today=TODAY, cursor_key=cursor_key, limit=limit, cap=cap
        )
        totals.append(total)
        ids += [int(row["id"]) for row in rows[:limit]]
        if len(rows) <= limit:
            return ids, totals
        last = rows[limit - 1]
        day = last["accepted_on"] if filters.sort is JobSort.accepted else last["referral_deadline"]
        cursor_key = (day, int(last["id"]))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    made=jobs,
    query=st.sampled_from(QUERIES),
    sort=st.sampled_from(list(JobSort)),
    limit=st.integers(1, 4),
    cap=st.sampled_from([2, 5, 1000]),
)
async def test_pages_walked_hold_every_valid_match_once_in_order(
    connection: AsyncConnection,
    employer_id: int,
    made: list[tuple[str, int, int, str]],
    query: str | None,
    sort: JobSort,
    limit: int,
    cap: int,
) -> None:
    savepoint = await connection.begin_nested()  # one example's rows, then gone
    try:
        ids = await insert_jobs(connection, employer_id, [[text] for text, *_ in made])
        expected: list[tuple[date, int]] = []
        for job_id, (text, deadline, accepted, state) in zip(ids, made, strict=True):
            values = {
                "referral_deadline": TODAY + timedelta(days=deadline),
                "accepted_on": TODAY - timedelta(days=accepted),
                "valid_until": TODAY - timedelta(days=1) if state == "expired" else TODAY,
                "closed_on": TODAY if state == "closed" else None,
            }
            await connection.execute(update(Job).where(Job.id == job_id).values(**values))
            searched = search_document([text])[0]
            if state == "valid" and (query is None or matches(parse(query), searched)):
                day = values["accepted_on" if sort is JobSort.accepted else "referral_deadline"]
                assert isinstance(day, date)
                expected.append((day, job_id))
        expected.sort(reverse=sort is JobSort.accepted)

        async with AsyncSession(
            bind=connection, join_transaction_mode="create_savepoint"
        ) as session:
            found, totals = await walked(session, SearchFilters(q=query, sort=sort), limit, cap)

        assert found == [job_id for _, job_id in expected]
        if len(expected) <= cap:
            assert set(totals) == {len(expected)}
        else:
            assert all(total > cap for total in totals)
    finally:
        await savepoint.rollback()
