from fastapi import APIRouter, Response, status

from mypage_api import problems
from mypage_api.clock import today
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep, SettingsDep
from mypage_api.errors import problem_responses
from mypage_api.jobs.schemas import JobNumberPath
from mypage_api.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from mypage_api.registrations.guard import ACTIVE_PROBLEMS, ActiveSeeker
from mypage_api.saved import service
from mypage_api.saved.schemas import FavoriteRead, SavedSearchCreate, SavedSearchRead
from mypage_api.search.cache import SearchCacheDep
from mypage_api.search.http import PAGE_SOURCE_HEADER, page_response
from mypage_api.search.schemas import PageSize, PageSizeQuery, SearchPage
from mypage_api.types import SavedSearchId

router = APIRouter(prefix="/v1/me", tags=["my page"])

LISTED = (problems.INVALID_CURSOR, problems.VALIDATION_FAILED)


@router.get(
    "/saved-searches",
    operation_id="listSavedSearches",
    summary="Saved search conditions (保存した求人検索条件), oldest first",
    responses=problem_responses(*ACTIVE_PROBLEMS, *LISTED),
)
async def list_saved(
    seeker: ActiveSeeker,
    session: SessionDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[SavedSearchRead]:
    return await service.list_saved(session, seeker, cursor=cursor, limit=limit)


@router.post(
    "/saved-searches",
    operation_id="saveSearch",
    summary="Save search conditions, with or without daily alerts",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        *ACTIVE_PROBLEMS,
        problems.SAVED_SEARCH_LIMIT,
        problems.INVALID_QUERY,
        problems.VALIDATION_FAILED,
    ),
)
async def save_search(
    body: SavedSearchCreate,
    seeker: ActiveSeeker,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> SavedSearchRead:
    return await service.save(
        session, seeker, body, limit=settings.saved_search_limit, now=clock.now()
    )


@router.delete(
    "/saved-searches/{saved_id}",
    operation_id="deleteSavedSearch",
    summary="Delete saved search conditions",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(
        *ACTIVE_PROBLEMS, problems.SAVED_SEARCH_NOT_FOUND, problems.VALIDATION_FAILED
    ),
)
async def delete_saved(saved_id: SavedSearchId, seeker: ActiveSeeker, session: SessionDep) -> None:
    await service.remove(session, seeker, saved_id)


@router.get(
    "/saved-searches/{saved_id}/jobs",
    operation_id="runSavedSearch",
    summary="Search with saved conditions",
    response_model=SearchPage,
    responses={
        200: {"headers": PAGE_SOURCE_HEADER},
        **problem_responses(
            *ACTIVE_PROBLEMS,
            problems.SAVED_SEARCH_NOT_FOUND,
            problems.INVALID_CURSOR,
            problems.VALIDATION_FAILED,
        ),
    },
)
async def run_saved(
    saved_id: SavedSearchId,
    seeker: ActiveSeeker,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
    cache: SearchCacheDep,
    cursor: CursorQuery = None,
    limit: PageSizeQuery = PageSize.ten,
) -> Response:
    page = await service.run_saved(
        session,
        seeker,
        saved_id,
        today=today(clock),
        cursor=cursor,
        limit=limit.value,
        cap=settings.search_count_cap,
        cache=cache,
    )
    return page_response(page)


@router.get(
    "/favorites",
    operation_id="listFavorites",
    summary="Favourite jobs (お気に入り求人), newest first; invalid ones stay, marked unavailable",
    responses=problem_responses(*ACTIVE_PROBLEMS, *LISTED),
)
async def list_favorites(
    seeker: ActiveSeeker,
    session: SessionDep,
    clock: ClockDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[FavoriteRead]:
    return await service.list_favorites(
        session, seeker, today=today(clock), cursor=cursor, limit=limit
    )


@router.put(
    "/favorites/{job_number}",
    operation_id="addFavorite",
    summary="Add a valid job to the favourites (idempotent)",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(
        *ACTIVE_PROBLEMS,
        problems.JOB_NOT_FOUND,
        problems.JOB_UNAVAILABLE,
        problems.FAVORITE_LIMIT,
        problems.VALIDATION_FAILED,
    ),
)
async def add_favorite(
    job_number: JobNumberPath,
    seeker: ActiveSeeker,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> None:
    await service.add_favorite(
        session,
        seeker,
        job_number,
        limit=settings.favorite_limit,
        today=today(clock),
        now=clock.now(),
    )


@router.delete(
    "/favorites/{job_number}",
    operation_id="removeFavorite",
    summary="Remove a job from the favourites (idempotent)",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*ACTIVE_PROBLEMS, problems.VALIDATION_FAILED),
)
async def remove_favorite(
    job_number: JobNumberPath, seeker: ActiveSeeker, session: SessionDep
) -> None:
    await service.remove_favorite(session, seeker, job_number)
