"""Reading and writing offices."""

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from mypage_api.models import Office, OfficeJurisdiction


async def list_offices(
    session: AsyncSession, *, prefecture_code: str | None, after: str | None, limit: int
) -> Sequence[Office]:
    statement = select(Office).order_by(Office.office_code).limit(limit)
    if prefecture_code is not None:
        statement = statement.where(Office.prefecture_code == prefecture_code)
    if after is not None:
        statement = statement.where(Office.office_code > after)
    return (await session.scalars(statement)).all()


async def get_office(session: AsyncSession, office_code: str) -> Office | None:
    statement = (
        select(Office)
        .where(Office.office_code == office_code)
        .options(selectinload(Office.jurisdiction))
    )
    return (await session.scalars(statement)).one_or_none()


async def replace_jurisdiction(
    session: AsyncSession, office_code: str, municipality_codes: Sequence[str]
) -> None:
    await session.execute(
        delete(OfficeJurisdiction).where(
            (OfficeJurisdiction.office_code == office_code)
            | OfficeJurisdiction.municipality_code.in_(municipality_codes)
        )
    )
    session.add_all(
        OfficeJurisdiction(office_code=office_code, municipality_code=code)
        for code in municipality_codes
    )
