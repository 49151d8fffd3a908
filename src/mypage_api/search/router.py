from typing import Annotated

from fastapi import APIRouter, Query, Response

from mypage_api import problems
from mypage_api.clock import today
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep, SettingsDep
from mypage_api.errors import problem_responses
from mypage_api.pagination import CursorQuery
from mypage_api.search import service
from mypage_api.search.cache import SearchCacheDep
from mypage_api.search.http import PAGE_SOURCE_HEADER, page_response
from mypage_api.search.schemas import PageSize, PageSizeQuery, SearchFilters, SearchPage

# ``GET /v1/jobs``; the job page below it, ``GET /v1/jobs/{job_number}``, is the jobs feature's
# (``jobs.router.public_router``), included right after this router.
router = APIRouter(prefix="/v1/jobs", tags=["jobs"])


@router.get(
    "",
    operation_id="searchJobs",
    summary="Search valid jobs (R21): free words, places, occupation, conditions",
    description="Open to anyone. `total` is exact up to a cap (10,000 by default); beyond "
    "it `total_exact` is false. Pages of 10, 30 or 50 through `cursor`.",
    response_model=SearchPage,
    responses={
        200: {"headers": PAGE_SOURCE_HEADER},
        **problem_responses(
            problems.INVALID_QUERY, problems.INVALID_CURSOR, problems.VALIDATION_FAILED
        ),
    },
)
async def search_jobs(
    filters: Annotated[SearchFilters, Query()],
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
    cache: SearchCacheDep,
    cursor: CursorQuery = None,
    limit: PageSizeQuery = PageSize.ten,
) -> Response:
    """The hot read path: the page is serialised once, straight to JSON, instead of being
    validated again as the response model, and kept (``search.cache``)."""
    page = await service.search(
        session,
        filters,
        today=today(clock),
        cursor=cursor,
        limit=limit.value,
        cap=settings.search_count_cap,
        cache=cache,
    )
    return page_response(page)
