"""Creating accounts: employers, staff and partner clients (by the CLI and the demo data);
seekers join through sign-up or the counter (``mypage_api.seekers``)."""

import secrets as random
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.auth.service import account_by_email, checked_password, normalise_email
from mypage_api.errors import ProblemError
from mypage_api.models import (
    Account,
    AccountStatus,
    Employer,
    Office,
    PartnerClient,
    Role,
    StaffMember,
)
from mypage_api.security.passwords import hash_password
from mypage_api.security.secrets import new_token, token_hash


async def new_account(
    session: AsyncSession,
    *,
    role: Role,
    email: str,
    password: str | None,
    now: datetime,
) -> Account:
    """An account for ``email``; active with a password, awaiting activation without."""
    email = normalise_email(email)
    if await account_by_email(session, email) is not None:
        raise ProblemError(problems.EMAIL_TAKEN)
    account = Account(
        role=role,
        email=email,
        password_hash=(
            await hash_password(checked_password(password, email=email)) if password else None
        ),
        status=AccountStatus.active if password else AccountStatus.pending_activation,
        token_version=0,
        created_at=now,
    )
    session.add(account)
    await session.flush()
    return account


async def existing_office(session: AsyncSession, office_code: str) -> Office:
    office = await session.get(Office, office_code)
    if office is None:
        raise ProblemError(problems.OFFICE_NOT_FOUND)
    return office


async def create_employer(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    name: str,
    office_code: str,
    has_mypage: bool,
    now: datetime,
) -> Employer:
    await existing_office(session, office_code)
    account = await new_account(
        session, role=Role.employer, email=email, password=password, now=now
    )
    employer = Employer(
        account_id=account.id, name=name, office_code=office_code, has_mypage=has_mypage
    )
    session.add(employer)
    await session.flush()
    return employer


async def create_staff(
    session: AsyncSession, *, email: str, password: str, name: str, office_code: str, now: datetime
) -> StaffMember:
    await existing_office(session, office_code)
    account = await new_account(session, role=Role.staff, email=email, password=password, now=now)
    staff = StaffMember(account_id=account.id, name=name, office_code=office_code)
    session.add(staff)
    await session.flush()
    return staff


@dataclass(frozen=True)
class PartnerCredentials:
    client_id: str
    client_secret: str  # shown once; only its hash is kept


async def create_partner(session: AsyncSession, *, name: str, now: datetime) -> PartnerCredentials:
    credentials = PartnerCredentials(
        client_id="partner-" + random.token_hex(8), client_secret=new_token()
    )
    session.add(
        PartnerClient(
            client_id=credentials.client_id,
            secret_hash=token_hash(credentials.client_secret),
            name=name,
            created_at=now,
        )
    )
    await session.flush()
    return credentials
