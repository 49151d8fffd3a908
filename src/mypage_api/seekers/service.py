"""Seekers joining (online or at the counter), reading their account, withdrawing, and
found by staff of their office."""

from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.auth.tokens import revoke_all
from mypage_api.config import Settings
from mypage_api.errors import ProblemError
from mypage_api.messages.erasure import erase_for_seeker
from mypage_api.models import (
    Account,
    AccountStatus,
    AccountToken,
    Application,
    Block,
    Favorite,
    NumberKind,
    Office,
    OfficeJurisdiction,
    RegistrantType,
    Registration,
    SavedSearch,
    Seeker,
    SeekerRef,
    SsoLink,
    StaffMember,
)
from mypage_api.numbers import next_number
from mypage_api.profiles.postal import PostalArea
from mypage_api.profiles.schemas import Profile, ProfileDraft
from mypage_api.profiles.validation import IssueCode, ProfileNotReady, prepare_submission
from mypage_api.rules.registration import initial_valid_until
from mypage_api.security.passwords import verify_password
from mypage_api.seekers.schemas import Consents, Me, OfficeRef, Registered, SeekerSummary

INELIGIBILITY_CODES = {IssueCode.too_young.value, IssueCode.school_pupil.value}


def submitted_profile(
    profile: Profile | ProfileDraft, *, today: date
) -> tuple[Profile, PostalArea]:
    """A profile ready to register, or the problem naming what refuses it: eligibility
    (R6/R7) first, then any other blocking error."""
    try:
        submission = prepare_submission(profile, today=today)
    except ProfileNotReady as refusal:
        check = refusal.check.model_dump(mode="json")
        ineligible = [issue for issue in refusal.check.errors if issue.code in INELIGIBILITY_CODES]
        if ineligible:
            raise ProblemError(
                problems.INELIGIBLE, extensions={"rule": "R6", "reason": ineligible[0].code}
            ) from None
        raise ProblemError(problems.PROFILE_INCOMPLETE, extensions={"check": check}) from None
    return submission.profile, submission.area


def check_consents(consents: Consents, settings: Settings) -> None:
    if (consents.terms_version, consents.privacy_version) != (
        settings.terms_version,
        settings.privacy_version,
    ):
        raise ProblemError(
            problems.CONSENT_REQUIRED,
            extensions={
                "terms_version": settings.terms_version,
                "privacy_version": settings.privacy_version,
            },
        )


async def office_serving(session: AsyncSession, area: PostalArea) -> str:
    """The office whose jurisdiction holds the postal area; else the first office of its
    prefecture (an office list that does not cover the whole country yet)."""
    for municipality_code in area.municipality_codes:
        office_code = await session.scalar(
            select(OfficeJurisdiction.office_code).where(
                OfficeJurisdiction.municipality_code == municipality_code
            )
        )
        if office_code is not None:
            return office_code
    fallback = await session.scalar(
        select(Office.office_code)
        .where(Office.prefecture_code == area.prefecture_code)
        .order_by(Office.office_code)
        .limit(1)
    )
    if fallback is None:
        raise ProblemError(problems.NO_OFFICE_FOR_ADDRESS)
    return fallback


async def register_seeker(
    session: AsyncSession,
    account: Account,
    *,
    registrant_type: RegistrantType,
    office_code: str,
    profile: Profile,
    consents: Consents | None,
    today: date,
    now: datetime,
) -> Seeker:
    """The seeker with a new seeker number and a registration valid as R1 from today."""
    seeker = Seeker(
        account_id=account.id,
        seeker_number=await next_number(session, office_code, NumberKind.seeker),
        registrant_type=registrant_type,
        office_code=office_code,
        profile=profile.model_dump(mode="json"),
    )
    if consents is not None:
        record_consents(seeker, consents, now)
    session.add(seeker)
    session.add(
        Registration(
            seeker_id=account.id, registered_on=today, valid_until=initial_valid_until(today)
        )
    )
    await session.flush()
    return seeker


def record_consents(seeker: Seeker, consents: Consents, now: datetime) -> None:
    seeker.terms_version = consents.terms_version
    seeker.privacy_version = consents.privacy_version
    seeker.consented_at = now


async def seeker_of_office(session: AsyncSession, staff: StaffMember, seeker_number: str) -> Seeker:
    """A seeker of the staff member's office; any other is not found (not forbidden), so
    staff learn nothing about other offices' seekers."""
    statement = select(Seeker).where(
        Seeker.seeker_number == seeker_number,
        Seeker.office_code == staff.office_code,
        Seeker.withdrawn_at.is_(None),
    )
    seeker = (await session.scalars(statement)).one_or_none()
    if seeker is None:
        raise ProblemError(problems.SEEKER_NOT_FOUND)
    return seeker


async def office_ref(session: AsyncSession, office_code: str) -> OfficeRef:
    office = await session.get(Office, office_code)
    return OfficeRef(code=office_code, name=office.name if office else "")


async def summary(session: AsyncSession, seeker: Seeker) -> SeekerSummary:
    account = await session.get(Account, seeker.account_id)
    registration = await session.get(Registration, seeker.account_id)
    if account is None or registration is None:  # pragma: no cover - rows of one aggregate
        raise ProblemError(problems.SEEKER_NOT_FOUND)
    basic = seeker.profile.get("basic", {})
    return SeekerSummary(
        seeker_number=seeker.seeker_number,
        registrant_type=seeker.registrant_type,
        account_status=account.status,
        office=await office_ref(session, seeker.office_code),
        name=basic.get("name", ""),
        name_kana=basic.get("name_kana", ""),
        registered_on=registration.registered_on,
        valid_until=registration.valid_until,
    )


async def registered(session: AsyncSession, seeker: Seeker) -> Registered:
    registration = await session.get(Registration, seeker.account_id)
    if registration is None:  # pragma: no cover - created with the seeker
        raise ProblemError(problems.SEEKER_NOT_FOUND)
    return Registered(
        seeker_number=seeker.seeker_number,
        registrant_type=seeker.registrant_type,
        office=await office_ref(session, seeker.office_code),
        registered_on=registration.registered_on,
        valid_until=registration.valid_until,
    )


async def me(session: AsyncSession, seeker: Seeker) -> Me:
    account = await session.get(Account, seeker.account_id)
    return Me(
        seeker_number=seeker.seeker_number,
        email=account.email if account else None,
        registrant_type=seeker.registrant_type,
        office=await office_ref(session, seeker.office_code),
    )


async def withdraw(session: AsyncSession, seeker: Seeker, *, password: str, now: datetime) -> None:
    """退会: erase the personal data and end every session. The seeker number stays taken
    (never reused) with the office and dates, which hold nothing personal."""
    account = await session.get(Account, seeker.account_id)
    if account is None or not (await verify_password(password, account.password_hash)).ok:
        raise ProblemError(problems.WRONG_PASSWORD)
    await revoke_all(session, account, now)
    await session.execute(
        update(AccountToken).where(AccountToken.account_id == account.id).values(used_at=now)
    )
    account.email = None
    account.password_hash = None
    account.restriction_reason = None
    account.status = AccountStatus.withdrawn
    seeker.profile = {}
    # What the seeker wrote and kept goes too; the applications themselves stay (without
    # the motivation) for the employers' and Hello Work's records.
    await session.execute(
        update(Application)
        .where(Application.seeker_id == seeker.account_id)
        .values(motivation=None)
    )
    for model in (SavedSearch, Favorite, Block, SeekerRef, SsoLink):
        await session.execute(delete(model).where(model.seeker_id == seeker.account_id))
    await erase_for_seeker(session, seeker.account_id)  # every message, every thread (R17)
    seeker.withdrawn_at = now
    await session.flush()
