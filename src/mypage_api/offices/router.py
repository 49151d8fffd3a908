from typing import Annotated

from fastapi import APIRouter, Path, Query

from mypage_api import problems
from mypage_api.db import SessionDep
from mypage_api.errors import problem_responses
from mypage_api.offices import service
from mypage_api.offices.schemas import OfficeDetail, OfficeRead
from mypage_api.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page

router = APIRouter(prefix="/v1/offices", tags=["offices"])

OfficeCode = Annotated[str, Path(pattern=r"^\d{5}$", description="安定所番号 (5 digits)")]


@router.get(
    "",
    operation_id="listOffices",
    summary="List Hello Work offices",
    responses=problem_responses(problems.VALIDATION_FAILED, problems.INVALID_CURSOR),
)
async def list_offices(
    session: SessionDep,
    prefecture_code: Annotated[
        str | None,
        Query(pattern=r"^(0[1-9]|[1-3]\d|4[0-7])$", description="JIS prefecture code 01-47"),
    ] = None,
    limit: LimitQuery = DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> Page[OfficeRead]:
    return await service.list_offices(
        session, prefecture_code=prefecture_code, cursor=cursor, limit=limit
    )


@router.get(
    "/{office_code}",
    operation_id="getOffice",
    summary="One office and the municipalities it serves",
    responses=problem_responses(problems.OFFICE_NOT_FOUND, problems.VALIDATION_FAILED),
)
async def get_office(session: SessionDep, office_code: OfficeCode) -> OfficeDetail:
    return await service.get_office(session, office_code)
