"""Reading jobs: one statement builder for search (used by the API, saved searches and the
benchmark), and the look-ups by job number."""

from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.jobs.schemas import JobSort, SearchFilters
from mypage_api.models import Employer, Job
from mypage_api.search.query import ParsedQuery
from mypage_api.search.sql import text_filter

SUMMARY_COLUMNS = (
    Job.id,
    Job.job_number,
    Job.title,
    Job.occupation_code,
    Job.occupation_name,
    Job.employment_type,
    Job.working_style,
    Job.wage_unit,
    Job.wage_min,
    Job.wage_max,
    Job.prefecture_code,
    Job.municipality_code,
    Job.publishes_employer_name,
    Employer.name.label("employer_name"),
    Job.accepts_online_applications,
    Job.accepted_on,
    Job.referral_deadline,
    Job.valid_until,
)


def valid_on(today: date) -> Any:
    """Jobs valid today: not closed and not past their validity (R10, R20)."""
    return and_(Job.closed_on.is_(None), Job.valid_until >= today)


def search_conditions(
    filters: SearchFilters, parsed: ParsedQuery | None, *, today: date, dialect: str
) -> list[Any]:
    conditions: list[Any] = [valid_on(today)]
    if parsed is not None:
        conditions.append(text_filter(parsed, dialect))
    if filters.prefecture:
        conditions.append(Job.prefecture_code.in_(filters.prefecture))
    if filters.municipality:
        conditions.append(Job.municipality_code.in_(filters.municipality))
    if filters.occupation:
        conditions.append(Job.occupation_code.startswith(filters.occupation, autoescape=True))
    if filters.employment_type:
        conditions.append(Job.employment_type.in_(filters.employment_type))
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
        conditions.append(Job.job_number.in_(filters.job_number))
    return conditions


def sort_key(sort: JobSort) -> tuple[Any, ...]:
    if sort is JobSort.accepted:
        return (Job.accepted_on.desc(), Job.id.desc())
    return (Job.referral_deadline.asc(), Job.id.asc())


def after_cursor(sort: JobSort, key: list[str | int]) -> Any:
    """Rows after the cursor's (day, id) in the sort order."""
    day, job_id = date.fromisoformat(str(key[0])), int(key[1])
    if sort is JobSort.accepted:
        return or_(Job.accepted_on < day, and_(Job.accepted_on == day, Job.id < job_id))
    return or_(Job.referral_deadline > day, and_(Job.referral_deadline == day, Job.id > job_id))


def page_statement(
    conditions: list[Any], sort: JobSort, cursor_key: list[str | int] | None, limit: int
) -> Select[*tuple[Any, ...]]:
    statement: Select[*tuple[Any, ...]] = (
        select(*SUMMARY_COLUMNS)
        .join(Employer, Employer.account_id == Job.employer_id)
        .where(*conditions)
        .order_by(*sort_key(sort))
        .limit(limit + 1)
    )
    if cursor_key is not None:
        statement = statement.where(after_cursor(sort, cursor_key))
    return statement


def capped_count_statement(conditions: list[Any], cap: int) -> Select[Any]:
    """Counting stops after ``cap + 1`` matches: exact below the cap, cheap above it."""
    matches = select(Job.id).where(*conditions).limit(cap + 1).subquery()
    return select(func.count()).select_from(matches)


async def job_by_number(session: AsyncSession, job_number: str) -> Job | None:
    return (await session.scalars(select(Job).where(Job.job_number == job_number))).one_or_none()
