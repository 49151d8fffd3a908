"""Offices: listing for clients, and loading from the offices CSV."""

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.errors import ProblemError
from mypage_api.models import Office
from mypage_api.offices import queries
from mypage_api.offices.schemas import OfficeDetail, OfficeImport, OfficeRead
from mypage_api.pagination import Page, decode_cursor, page_of


async def list_offices(
    session: AsyncSession, *, prefecture_code: str | None, cursor: str | None, limit: int
) -> Page[OfficeRead]:
    key = decode_cursor(cursor, length=1)
    offices = await queries.list_offices(
        session,
        prefecture_code=prefecture_code,
        after=str(key[0]) if key else None,
        limit=limit + 1,
    )
    items = [OfficeRead.model_validate(office) for office in offices]
    return page_of(items, limit, lambda office: [office.office_code])


async def get_office(session: AsyncSession, office_code: str) -> OfficeDetail:
    office = await queries.get_office(session, office_code)
    if office is None:
        raise ProblemError(problems.OFFICE_NOT_FOUND)
    return OfficeDetail(
        **OfficeRead.model_validate(office).model_dump(),
        municipality_codes=[area.municipality_code for area in office.jurisdiction],
    )


def read_offices_csv(path: Path) -> Iterator[OfficeImport]:
    """Rows of an offices CSV: office_code, name, prefecture_code, postal_code, address,
    phone, municipality_codes (space-separated). Raises ValueError naming the bad line."""
    with path.open(newline="", encoding="utf-8-sig") as file:
        for line, row in enumerate(csv.DictReader(file), start=2):
            try:
                yield OfficeImport.model_validate(
                    {**row, "municipality_codes": (row.get("municipality_codes") or "").split()}
                )
            except ValueError as exc:
                raise ValueError(f"{path}:{line}: {exc}") from exc


async def import_offices(session: AsyncSession, rows: Iterable[OfficeImport]) -> int:
    """Insert or update offices and give each its municipalities; returns the count."""
    count = 0
    for row in rows:
        office = await session.get(Office, row.office_code)
        fields = row.model_dump(exclude={"municipality_codes"})
        if office is None:
            session.add(Office(**fields))
        else:
            for name, value in fields.items():
                setattr(office, name, value)
        await session.flush()
        await queries.replace_jurisdiction(session, row.office_code, row.municipality_codes)
        count += 1
    await session.flush()
    return count
