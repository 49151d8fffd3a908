"""R5: what a seeker whose registration is inactive (or expired) may still do."""

from typing import Annotated

from fastapi import Depends

from mypage_api import problems
from mypage_api.auth.dependencies import AUTH_PROBLEMS, CurrentSeeker
from mypage_api.clock import today
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep
from mypage_api.errors import ProblemError
from mypage_api.models import Registration, Seeker
from mypage_api.registrations.service import status_of
from mypage_api.rules.registration import RegistrationStatus

# Operations an inactive seeker keeps (R5), named in the problem for clients to offer.
STILL_POSSIBLE = (
    "getMe",
    "getHome",
    "getRegistration",
    "setRegistrationStatus",
    "getProfile",
    "getQrCode",
    "getReceptionSlip",
    "getAccessLog",
    "changePassword",
    "exportMyData",
    "withdraw",
)


async def active_seeker(seeker: CurrentSeeker, session: SessionDep, clock: ClockDep) -> Seeker:
    registration = await session.get(Registration, seeker.account_id)
    if registration is None or status_of(registration, today(clock)).status is not (
        RegistrationStatus.active
    ):
        raise ProblemError(
            problems.REGISTRATION_INACTIVE, extensions={"still_possible": list(STILL_POSSIBLE)}
        )
    return seeker


ActiveSeeker = Annotated[Seeker, Depends(active_seeker)]

# The problems every operation behind ActiveSeeker may answer, for its `responses=`.
ACTIVE_PROBLEMS = (*AUTH_PROBLEMS, problems.REGISTRATION_INACTIVE)
