"""What Hello Work staff do to seekers' accounts: register at the counter, read a seeker,
promote an online registrant, restrict and lift a restriction, move a seeker to another
office, record activities and reactivate. Staff reach their office's seekers.

Every operation writes its entry in the seeker's access log (``audit``), in the same
transaction as what it reads or changes."""

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import audit, problems
from mypage_api.accounts.service import existing_office, new_account
from mypage_api.auth.service import mail_account_link
from mypage_api.auth.tokens import revoke_all
from mypage_api.config import Settings
from mypage_api.errors import ProblemError
from mypage_api.models import (
    AccessAction,
    Account,
    AccountStatus,
    ActivityKind,
    RegistrantType,
    Role,
    Seeker,
    StaffMember,
    TokenPurpose,
)
from mypage_api.registrations import service as registrations
from mypage_api.registrations.schemas import ActivityRecorded, RegistrationRead
from mypage_api.seekers.schemas import SeekerSummary
from mypage_api.seekers.service import (
    register_seeker,
    seeker_of_office,
    submitted_profile,
    summary,
)
from mypage_api.staff.schemas import CounterRegistration


async def _logged(
    session: AsyncSession,
    staff: StaffMember,
    seeker: Seeker,
    action: AccessAction,
    what: str,
    now: datetime,
) -> SeekerSummary:
    """The seeker's summary, once the staff member's read or change is in the access log."""
    audit.record(session, staff, seeker, action, what, now)
    return await summary(session, seeker)


async def _account(session: AsyncSession, seeker: Seeker) -> Account:
    account = await session.get(Account, seeker.account_id, with_for_update=True)
    if account is None:  # pragma: no cover - created with the seeker
        raise ProblemError(problems.SEEKER_NOT_FOUND)
    return account


async def register_at_counter(
    session: AsyncSession,
    staff: StaffMember,
    registration: CounterRegistration,
    *,
    settings: Settings,
    today: date,
    now: datetime,
) -> SeekerSummary:
    """A Hello Work user of the staff member's office; the activation link is mailed."""
    profile, _area = submitted_profile(registration.profile, today=today)
    account = await new_account(
        session, role=Role.seeker, email=registration.email, password=None, now=now
    )
    seeker = await register_seeker(
        session,
        account,
        registrant_type=RegistrantType.hellowork_user,
        office_code=staff.office_code,
        profile=profile,
        consents=None,
        today=today,
        now=now,
    )
    await mail_account_link(
        session,
        account,
        registration.email,
        TokenPurpose.activation,
        lifetime=timedelta(hours=settings.activation_token_hours),
        settings=settings,
        now=now,
    )
    return await _logged(session, staff, seeker, AccessAction.change, "registration", now)


async def read_seeker(
    session: AsyncSession, staff: StaffMember, seeker_number: str, *, now: datetime
) -> SeekerSummary:
    """A seeker of the staff member's office; the read is in the seeker's access log."""
    seeker = await seeker_of_office(session, staff, seeker_number)
    return await _logged(session, staff, seeker, AccessAction.read, "summary", now)


async def promote(
    session: AsyncSession, staff: StaffMember, seeker_number: str, *, now: datetime
) -> SeekerSummary:
    """An online registrant who came to the counter becomes a Hello Work user of this
    office (any office may take them in; they then mainly use this one). A Hello Work user
    of another office is not found, as an unknown number is: staff learn nothing about
    other offices' seekers."""
    statement = select(Seeker).where(
        Seeker.seeker_number == seeker_number, Seeker.withdrawn_at.is_(None)
    )
    seeker = (await session.scalars(statement.with_for_update())).one_or_none()
    if seeker is None:
        raise ProblemError(problems.SEEKER_NOT_FOUND)
    if seeker.registrant_type is RegistrantType.hellowork_user:
        if seeker.office_code != staff.office_code:
            raise ProblemError(problems.SEEKER_NOT_FOUND)
        raise ProblemError(problems.ALREADY_HELLOWORK_USER)
    seeker.registrant_type = RegistrantType.hellowork_user
    seeker.office_code = staff.office_code
    await session.flush()
    return await _logged(session, staff, seeker, AccessAction.change, "registrant_type", now)


async def restrict(
    session: AsyncSession, staff: StaffMember, seeker_number: str, *, reason: str, now: datetime
) -> SeekerSummary:
    """利用制限: the seeker cannot sign in, and every session ends at once."""
    seeker = await seeker_of_office(session, staff, seeker_number)
    account = await _account(session, seeker)
    account.status = AccountStatus.restricted
    account.restriction_reason = reason
    await revoke_all(session, account, now)
    return await _logged(session, staff, seeker, AccessAction.change, "restriction", now)


async def unrestrict(
    session: AsyncSession, staff: StaffMember, seeker_number: str, *, now: datetime
) -> SeekerSummary:
    seeker = await seeker_of_office(session, staff, seeker_number)
    account = await _account(session, seeker)
    if account.status is AccountStatus.restricted:
        account.status = (
            AccountStatus.active if account.password_hash else AccountStatus.pending_activation
        )
        account.restriction_reason = None
        await session.flush()
    return await _logged(session, staff, seeker, AccessAction.change, "restriction", now)


async def transfer(
    session: AsyncSession,
    staff: StaffMember,
    seeker_number: str,
    office_code: str,
    *,
    now: datetime,
) -> SeekerSummary:
    """The seeker now mainly uses another office (利用安定所); home follows it."""
    seeker = await seeker_of_office(session, staff, seeker_number)
    await existing_office(session, office_code)
    seeker.office_code = office_code
    await session.flush()
    return await _logged(session, staff, seeker, AccessAction.change, "office", now)


async def record_activity(
    session: AsyncSession,
    staff: StaffMember,
    seeker_number: str,
    kind: ActivityKind,
    *,
    today: date,
    now: datetime,
    window_days: int,
) -> ActivityRecorded:
    """Counselling, a referral or employment of a seeker of the office (R2, R3)."""
    seeker = await seeker_of_office(session, staff, seeker_number)
    audit.record(session, staff, seeker, AccessAction.change, f"activity:{kind}", now)
    return await registrations.record_activity(
        session, staff, seeker, kind, today=today, now=now, window_days=window_days
    )


async def reactivate(
    session: AsyncSession,
    staff: StaffMember,
    seeker_number: str,
    *,
    today: date,
    now: datetime,
    window_days: int,
) -> RegistrationRead:
    """A registration of the office reactivated at the counter, whatever the window (R4)."""
    seeker = await seeker_of_office(session, staff, seeker_number)
    audit.record(session, staff, seeker, AccessAction.change, "registration", now)
    return await registrations.reactivate_at_counter(
        session, seeker, today=today, window_days=window_days
    )
