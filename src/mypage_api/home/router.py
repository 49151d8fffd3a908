from fastapi import APIRouter

from mypage_api.auth.dependencies import AUTH_PROBLEMS, CurrentSeeker
from mypage_api.clock import today
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep, SettingsDep
from mypage_api.errors import problem_responses
from mypage_api.home import service
from mypage_api.home.schemas import Home

router = APIRouter(prefix="/v1/me", tags=["my page"])


@router.get(
    "/home",
    operation_id="getHome",
    summary="My Page home: office, unread messages, disclosure, applications, offers, ...",
    description="Readable while the registration is inactive, so that the client can show "
    "the status and offer to switch it back (R4, R5).",
    responses=problem_responses(*AUTH_PROBLEMS),
)
async def get_home(
    seeker: CurrentSeeker, session: SessionDep, settings: SettingsDep, clock: ClockDep
) -> Home:
    return await service.home(
        session,
        seeker,
        today=today(clock),
        now=clock.now(),
        window_days=settings.reactivation_window_days,
    )
