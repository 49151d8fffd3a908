from fastapi import APIRouter

from mypage_api import problems
from mypage_api.auth.dependencies import AUTH_PROBLEMS, CurrentSeeker
from mypage_api.clock import today
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep, SettingsDep
from mypage_api.errors import problem_responses
from mypage_api.registrations import service
from mypage_api.registrations.schemas import RegistrationRead, StatusChange

router = APIRouter(prefix="/v1/me/registration", tags=["my page"])


@router.get(
    "",
    operation_id="getRegistration",
    summary="Registration status and validity (求職状態・有効期間)",
    responses=problem_responses(*AUTH_PROBLEMS),
)
async def get_registration(
    seeker: CurrentSeeker, session: SessionDep, settings: SettingsDep, clock: ClockDep
) -> RegistrationRead:
    registration = await service.registration_of(session, seeker)
    return service.view(registration, today(clock), settings.reactivation_window_days)


@router.put(
    "/status",
    operation_id="setRegistrationStatus",
    summary="Switch the registration to inactive, or back to active within the window (R4)",
    description="Back to active starts a new validity from today (R1). After the window "
    "the answer is `reactivation-window-closed`: Hello Work can still reactivate.",
    responses=problem_responses(
        *AUTH_PROBLEMS, problems.REACTIVATION_WINDOW_CLOSED, problems.VALIDATION_FAILED
    ),
)
async def set_status(
    body: StatusChange,
    seeker: CurrentSeeker,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> RegistrationRead:
    return await service.set_status(
        session,
        seeker,
        body.status,
        today=today(clock),
        window_days=settings.reactivation_window_days,
    )
