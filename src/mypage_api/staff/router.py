"""Hello Work staff and the seekers of their office; every operation is written to the
seeker's access log (by the service)."""

from fastapi import APIRouter, status

from mypage_api import problems
from mypage_api.auth.dependencies import AUTH_PROBLEMS, CurrentStaff
from mypage_api.clock import today
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep, SettingsDep
from mypage_api.errors import problem_responses
from mypage_api.registrations.schemas import ActivityCreate, ActivityRecorded, RegistrationRead
from mypage_api.seekers.schemas import SeekerNumber, SeekerSummary
from mypage_api.staff import service
from mypage_api.staff.schemas import CounterRegistration, OfficeTransfer, Restriction

router = APIRouter(prefix="/v1/staff/seekers", tags=["staff"])

NOT_FOUND = (*AUTH_PROBLEMS, problems.SEEKER_NOT_FOUND, problems.VALIDATION_FAILED)


@router.post(
    "",
    operation_id="registerSeekerAtCounter",
    summary="Register a seeker at the counter (Hello Work user of this office)",
    description="The seeker receives an activation link by e-mail and sets a password "
    "with `POST /v1/activations`.",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        *AUTH_PROBLEMS,
        problems.EMAIL_TAKEN,
        problems.INELIGIBLE,
        problems.PROFILE_INCOMPLETE,
        problems.VALIDATION_FAILED,
    ),
)
async def register_at_counter(
    body: CounterRegistration,
    staff: CurrentStaff,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> SeekerSummary:
    return await service.register_at_counter(
        session, staff, body, settings=settings, today=today(clock), now=clock.now()
    )


@router.get(
    "/{seeker_number}",
    operation_id="getSeekerForStaff",
    summary="A seeker of this office (the read is written to the seeker's access log)",
    responses=problem_responses(*NOT_FOUND),
)
async def get_seeker(
    seeker_number: SeekerNumber, staff: CurrentStaff, session: SessionDep, clock: ClockDep
) -> SeekerSummary:
    return await service.read_seeker(session, staff, seeker_number, now=clock.now())


@router.post(
    "/{seeker_number}/promote",
    operation_id="promoteSeeker",
    summary="Make an online registrant who came to the counter a Hello Work user here",
    responses=problem_responses(*NOT_FOUND, problems.ALREADY_HELLOWORK_USER),
)
async def promote(
    seeker_number: SeekerNumber, staff: CurrentStaff, session: SessionDep, clock: ClockDep
) -> SeekerSummary:
    return await service.promote(session, staff, seeker_number, now=clock.now())


@router.post(
    "/{seeker_number}/restrict",
    operation_id="restrictSeeker",
    summary="Restrict a seeker's use of My Page (利用制限): sign-in is refused",
    responses=problem_responses(*NOT_FOUND),
)
async def restrict(
    seeker_number: SeekerNumber,
    body: Restriction,
    staff: CurrentStaff,
    session: SessionDep,
    clock: ClockDep,
) -> SeekerSummary:
    return await service.restrict(
        session, staff, seeker_number, reason=body.reason, now=clock.now()
    )


@router.post(
    "/{seeker_number}/unrestrict",
    operation_id="unrestrictSeeker",
    summary="Lift a restriction",
    responses=problem_responses(*NOT_FOUND),
)
async def unrestrict(
    seeker_number: SeekerNumber, staff: CurrentStaff, session: SessionDep, clock: ClockDep
) -> SeekerSummary:
    return await service.unrestrict(session, staff, seeker_number, now=clock.now())


@router.put(
    "/{seeker_number}/office",
    operation_id="transferSeeker",
    summary="Change the office the seeker mainly uses (利用安定所)",
    responses=problem_responses(*NOT_FOUND, problems.OFFICE_NOT_FOUND),
)
async def transfer(
    seeker_number: SeekerNumber,
    body: OfficeTransfer,
    staff: CurrentStaff,
    session: SessionDep,
    clock: ClockDep,
) -> SeekerSummary:
    return await service.transfer(session, staff, seeker_number, body.office_code, now=clock.now())


@router.post(
    "/{seeker_number}/activities",
    operation_id="recordActivity",
    summary="Record counselling, a referral or employment (R2, R3)",
    description="Counselling and referrals in the month the validity ends extend it to the "
    "end of the next month (once per end month); employment makes the registration inactive.",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(*NOT_FOUND),
)
async def record_activity(
    seeker_number: SeekerNumber,
    body: ActivityCreate,
    staff: CurrentStaff,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> ActivityRecorded:
    return await service.record_activity(
        session,
        staff,
        seeker_number,
        body.kind,
        today=today(clock),
        now=clock.now(),
        window_days=settings.reactivation_window_days,
    )


@router.post(
    "/{seeker_number}/reactivate",
    operation_id="reactivateSeeker",
    summary="Reactivate a registration at the counter, whatever the window (R4)",
    responses=problem_responses(*NOT_FOUND, problems.REGISTRATION_ACTIVE),
)
async def reactivate(
    seeker_number: SeekerNumber,
    staff: CurrentStaff,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> RegistrationRead:
    return await service.reactivate(
        session,
        staff,
        seeker_number,
        today=today(clock),
        now=clock.now(),
        window_days=settings.reactivation_window_days,
    )
