"""Opening a My Page: online (verify the address, save a draft, submit) and, for seekers
registered at the counter, activation with the mailed link."""

from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.accounts.service import new_account
from mypage_api.auth.service import (
    account_by_email,
    checked_password,
    normalise_email,
    spend_account_token,
)
from mypage_api.config import Settings
from mypage_api.errors import ProblemError
from mypage_api.mail import templates
from mypage_api.mail.budgets import may_send
from mypage_api.mail.outbox import enqueue
from mypage_api.models import AccountStatus, RegistrantType, Role, Seeker, Signup, TokenPurpose
from mypage_api.profiles.schemas import ProfileDraft
from mypage_api.profiles.validation import review_draft
from mypage_api.security.passwords import hash_password
from mypage_api.security.secrets import new_token, token_hash
from mypage_api.seekers.schemas import Consents
from mypage_api.seekers.service import (
    check_consents,
    office_serving,
    record_consents,
    register_seeker,
    submitted_profile,
)
from mypage_api.signups.schemas import SignupDraft


async def start(
    session: AsyncSession, *, email: str, client: str, settings: Settings, now: datetime
) -> None:
    """Mail a verification link, or a note that the address is registered already, within
    the mail budgets. The answer is the same in every case, so nobody learns which
    addresses have accounts."""
    email = normalise_email(email)
    if not await may_send(session, to=email, client=client, settings=settings, now=now):
        return
    if await account_by_email(session, email) is not None:
        subject, body = templates.signup_for_existing_account(base_url=settings.public_base_url)
        kind = templates.MailKind.signup_for_existing_account
    else:
        # The newest link replaces any earlier one for the same address.
        await session.execute(delete(Signup).where(Signup.email == email))
        token = new_token()
        expires_at = now + timedelta(hours=settings.signup_token_hours)
        session.add(
            Signup(
                token_hash=token_hash(token),
                email=email,
                draft={},
                created_at=now,
                expires_at=expires_at,
            )
        )
        subject, body = templates.email_verification(
            base_url=settings.public_base_url, token=token, expires_at=expires_at
        )
        kind = templates.MailKind.email_verification
    enqueue(session, to=email, kind=kind, subject=subject, body=body, now=now)


async def _signup(session: AsyncSession, token: str, now: datetime) -> Signup:
    statement = select(Signup).where(Signup.token_hash == token_hash(token)).with_for_update()
    signup = (await session.scalars(statement)).one_or_none()
    if signup is None or now >= signup.expires_at:
        raise ProblemError(problems.INVALID_LINK)
    return signup


async def read(session: AsyncSession, token: str, *, today: date, now: datetime) -> SignupDraft:
    signup = await _signup(session, token, now)
    reviewed = review_draft(ProfileDraft.model_validate(signup.draft), today=today)
    return SignupDraft(email=signup.email, profile=reviewed.draft, check=reviewed.check)


async def save_draft(
    session: AsyncSession, token: str, draft: ProfileDraft, *, today: date, now: datetime
) -> SignupDraft:
    """Keep what was typed (the address filled from the postal code) and say what blocks."""
    signup = await _signup(session, token, now)
    reviewed = review_draft(draft, today=today)
    signup.draft = reviewed.draft.model_dump(mode="json")
    return SignupDraft(email=signup.email, profile=reviewed.draft, check=reviewed.check)


async def submit(
    session: AsyncSession,
    token: str,
    *,
    password: str,
    consents: Consents,
    settings: Settings,
    today: date,
    now: datetime,
) -> Seeker:
    signup = await _signup(session, token, now)
    check_consents(consents, settings)
    profile, area = submitted_profile(ProfileDraft.model_validate(signup.draft), today=today)
    checked_password(password, email=signup.email)
    account = await new_account(
        session, role=Role.seeker, email=signup.email, password=password, now=now
    )
    seeker = await register_seeker(
        session,
        account,
        registrant_type=RegistrantType.online_only,
        office_code=await office_serving(session, area),
        profile=profile,
        consents=consents,
        today=today,
        now=now,
    )
    await session.delete(signup)
    return seeker


async def activate(
    session: AsyncSession,
    *,
    token: str,
    password: str,
    consents: Consents,
    settings: Settings,
    now: datetime,
) -> Seeker:
    """A seeker registered at the counter sets a password and opens the My Page."""
    check_consents(consents, settings)
    account = await spend_account_token(session, token, TokenPurpose.activation, now=now)
    seeker = await session.get(Seeker, account.id)
    if seeker is None or account.status is not AccountStatus.pending_activation:
        raise ProblemError(problems.INVALID_LINK)
    account.password_hash = await hash_password(checked_password(password, email=account.email))
    account.status = AccountStatus.active
    record_consents(seeker, consents, now)
    await session.flush()
    return seeker
