from fastapi import APIRouter, status

from mypage_api import problems
from mypage_api.auth.dependencies import AUTH_PROBLEMS, CurrentSeeker
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep
from mypage_api.errors import problem_responses
from mypage_api.seekers import service
from mypage_api.seekers.schemas import Me, Withdrawal

router = APIRouter(prefix="/v1/me", tags=["my page"])


@router.get(
    "",
    operation_id="getMe",
    summary="The signed-in seeker's account",
    responses=problem_responses(*AUTH_PROBLEMS),
)
async def get_me(seeker: CurrentSeeker, session: SessionDep) -> Me:
    return await service.me(session, seeker)


@router.delete(
    "",
    operation_id="withdraw",
    summary="Withdraw (退会): erase personal data and end every session",
    description="Needs the current password. The seeker number is never given to anyone "
    "else; what is kept and why is in docs/decisions.md.",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(
        *AUTH_PROBLEMS, problems.WRONG_PASSWORD, problems.VALIDATION_FAILED
    ),
)
async def withdraw(
    body: Withdrawal, seeker: CurrentSeeker, session: SessionDep, clock: ClockDep
) -> None:
    await service.withdraw(session, seeker, password=body.password, now=clock.now())
