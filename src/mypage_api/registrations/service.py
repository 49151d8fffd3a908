"""Registration status and validity through a registration's life (R1-R4)."""

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.errors import ProblemError
from mypage_api.models import Activity, ActivityKind, Registration, Seeker, StaffMember
from mypage_api.registrations.schemas import ActivityRecorded, RegistrationRead
from mypage_api.rules.registration import (
    EffectiveStatus,
    InactiveReason,
    RegistrationState,
    RegistrationStatus,
    effective_status,
    extended_valid_until,
    initial_valid_until,
    may_reactivate_online,
    reactivation_deadline,
)


def status_of(registration: Registration, today: date) -> EffectiveStatus:
    return effective_status(
        RegistrationState(registration.valid_until, registration.ended_on, registration.ended_by),
        today,
    )


def view(registration: Registration, today: date, window_days: int) -> RegistrationRead:
    status = status_of(registration, today)
    return RegistrationRead(
        status=status.status,
        inactive_reason=status.reason,
        registered_on=registration.registered_on,
        valid_until=registration.valid_until,
        inactive_since=status.inactive_since,
        can_reactivate_until=(
            reactivation_deadline(status.inactive_since, window_days)
            if status.inactive_since is not None
            else None
        ),
    )


async def registration_of(session: AsyncSession, seeker: Seeker) -> Registration:
    registration = await session.get(Registration, seeker.account_id, with_for_update=True)
    if registration is None:  # pragma: no cover - created with the seeker
        raise ProblemError(problems.SEEKER_NOT_FOUND)
    return registration


def _start_anew(registration: Registration, today: date) -> None:
    """A reactivation starts a new validity from that day, as a registration does (R1)."""
    registration.registered_on = today
    registration.valid_until = initial_valid_until(today)
    registration.ended_on = None
    registration.ended_by = None


def _end(registration: Registration, today: date, reason: InactiveReason) -> None:
    registration.ended_on = today
    registration.ended_by = reason


async def set_status(
    session: AsyncSession,
    seeker: Seeker,
    wanted: RegistrationStatus,
    *,
    today: date,
    window_days: int,
) -> RegistrationRead:
    """The seeker switches: to inactive at any time; back to active within the window (R4)."""
    registration = await registration_of(session, seeker)
    status = status_of(registration, today)
    if wanted is not status.status:
        if wanted is RegistrationStatus.inactive:
            _end(registration, today, InactiveReason.self)
        else:
            since = status.inactive_since or today
            if not may_reactivate_online(since, today, window_days):
                deadline = reactivation_deadline(since, window_days)
                raise ProblemError(
                    problems.REACTIVATION_WINDOW_CLOSED,
                    extensions={"can_reactivate_until": deadline.isoformat()},
                )
            _start_anew(registration, today)
        await session.flush()
    return view(registration, today, window_days)


def _extend(registration: Registration, today: date) -> None:
    """R2, the one place it is applied: an event in the end month (counselling or a referral
    at Hello Work, an online application) extends an active registration."""
    active = status_of(registration, today).status is RegistrationStatus.active
    registration.valid_until = extended_valid_until(registration.valid_until, today, active=active)


async def count_for_validity(session: AsyncSession, seeker: Seeker, *, today: date) -> None:
    """An application today (online, or a referral) counts for the validity (R2)."""
    _extend(await registration_of(session, seeker), today)


def add_activity(
    session: AsyncSession,
    staff: StaffMember,
    seeker: Seeker,
    kind: ActivityKind,
    *,
    today: date,
    now: datetime,
) -> None:
    """The staff-recorded activity (職業相談, 職業紹介, 就職) itself."""
    session.add(
        Activity(
            seeker_id=seeker.account_id,
            kind=kind,
            occurred_on=today,
            office_code=staff.office_code,
            staff_id=staff.account_id,
            recorded_at=now,
        )
    )


async def record_activity(
    session: AsyncSession,
    staff: StaffMember,
    seeker: Seeker,
    kind: ActivityKind,
    *,
    today: date,
    now: datetime,
    window_days: int,
) -> ActivityRecorded:
    """Counselling and referrals extend an active registration in its end month (R2);
    employment ends it (R3)."""
    registration = await registration_of(session, seeker)
    before = registration.valid_until
    if kind is ActivityKind.employment:
        if status_of(registration, today).status is RegistrationStatus.active:
            _end(registration, today, InactiveReason.employed)
    else:
        _extend(registration, today)
    add_activity(session, staff, seeker, kind, today=today, now=now)
    await session.flush()
    return ActivityRecorded(
        kind=kind,
        occurred_on=today,
        extended=registration.valid_until != before,
        registration=view(registration, today, window_days),
    )


async def reactivate_at_counter(
    session: AsyncSession, seeker: Seeker, *, today: date, window_days: int
) -> RegistrationRead:
    """Staff reactivate whatever the window (R4): a new validity from today."""
    registration = await registration_of(session, seeker)
    if status_of(registration, today).status is RegistrationStatus.active:
        raise ProblemError(problems.REGISTRATION_ACTIVE)
    _start_anew(registration, today)
    await session.flush()
    return view(registration, today, window_days)
