"""Who is calling: one dependency per role, as annotated types.

A token is checked against its account on every request, so restriction, withdrawal and
password changes take effect at once, not when the token expires.
"""

from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.openapi.models import OAuthFlowClientCredentials, OAuthFlowPassword, OAuthFlows
from fastapi.security import OAuth2
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from mypage_api import problems
from mypage_api.clock import Clock
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep
from mypage_api.errors import ProblemError
from mypage_api.models import (
    Account,
    AccountStatus,
    Employer,
    PartnerClient,
    Role,
    Seeker,
    StaffMember,
)
from mypage_api.security import tokens

TOKEN_URL = "/v1/auth/token"  # noqa: S105 (a path)
BEARER = {"WWW-Authenticate": "Bearer"}


class _Bearer(OAuth2):
    """An OAuth2 bearer token in the ``Authorization`` header. Two schemes read it, so that
    the contract (and Swagger UI) tells people's sign-in from partner systems'."""

    def __init__(self, flows: OAuthFlows, scheme_name: str, description: str) -> None:
        super().__init__(
            flows=flows, scheme_name=scheme_name, description=description, auto_error=False
        )

    async def __call__(self, request: HTTPConnection) -> str | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return token.strip() or None if scheme.lower() == "bearer" else None


people_bearer = _Bearer(
    OAuthFlows(password=OAuthFlowPassword(tokenUrl=TOKEN_URL)),
    "PeoplePassword",
    "Seekers, employers and Hello Work staff sign in with their e-mail address and password "
    "(`grant_type=password`).",
)
partner_bearer = _Bearer(
    OAuthFlows(clientCredentials=OAuthFlowClientCredentials(tokenUrl=TOKEN_URL)),
    "PartnerClientCredentials",
    "Partner systems (求職情報提供) sign in with their client id and secret "
    "(`grant_type=client_credentials`).",
)


def get_key_ring(request: Request) -> tokens.KeyRing:
    ring: tokens.KeyRing = request.app.state.key_ring
    return ring


KeyRingDep = Annotated[tokens.KeyRing, Depends(get_key_ring)]


@dataclass(frozen=True)
class Principal:
    role: Role
    account: Account | None  # people
    partner: PartnerClient | None  # partner clients


async def _principal(
    session: AsyncSession, clock: Clock, ring: tokens.KeyRing, token: str | None
) -> Principal:
    if token is None:
        raise ProblemError(problems.NOT_AUTHENTICATED, headers=BEARER)
    try:
        claims = tokens.verify(ring, token, now=clock.now())
    except tokens.InvalidToken:
        raise ProblemError(problems.INVALID_TOKEN, headers=BEARER) from None
    if claims.role == Role.partner and claims.subject.startswith("partner:"):
        partner = await session.get(PartnerClient, _int(claims.subject.removeprefix("partner:")))
        if partner is None or partner.disabled_at is not None:
            raise ProblemError(problems.INVALID_TOKEN, headers=BEARER)
        return Principal(Role.partner, None, partner)
    account = await session.get(Account, _int(claims.subject))
    if (
        account is None
        or account.role.value != claims.role
        or account.token_version != claims.version
        or account.status in (AccountStatus.withdrawn, AccountStatus.pending_activation)
    ):
        raise ProblemError(problems.INVALID_TOKEN, headers=BEARER)
    if account.status is AccountStatus.restricted:
        raise ProblemError(problems.ACCOUNT_RESTRICTED)
    return Principal(account.role, account, None)


async def person_principal(
    session: SessionDep,
    clock: ClockDep,
    ring: KeyRingDep,
    token: Annotated[str | None, Depends(people_bearer)],
) -> Principal:
    """Whoever signed in, as the operations for people declare it (``PeoplePassword``)."""
    return await _principal(session, clock, ring, token)


async def principal_of(
    session: AsyncSession, clock: Clock, ring: tokens.KeyRing, token: str | None
) -> Principal:
    """Whoever ``token`` names, for operations that need a token only sometimes (starting
    a single sign-on to link an account; ``OptionalPeopleToken`` reads it)."""
    return await _principal(session, clock, ring, token)


# A person's bearer token when sent: the operation declares ``PeoplePassword`` and, through
# ``openapi_extra={"security": [{}]}``, that it may be called without one.
OptionalPeopleToken = Annotated[str | None, Depends(people_bearer)]


async def partner_principal(
    session: SessionDep,
    clock: ClockDep,
    ring: KeyRingDep,
    token: Annotated[str | None, Depends(partner_bearer)],
) -> Principal:
    """Whoever signed in, as the operations for partner systems declare it."""
    return await _principal(session, clock, ring, token)


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ProblemError(problems.INVALID_TOKEN, headers=BEARER) from None


PersonDep = Annotated[Principal, Depends(person_principal)]
PartnerDep = Annotated[Principal, Depends(partner_principal)]


def _account(principal: Principal, *roles: Role) -> Account:
    if principal.role not in roles or principal.account is None:
        raise ProblemError(problems.WRONG_ROLE)
    return principal.account


async def current_account(principal: PersonDep) -> Account:
    """Any person (seeker, employer, staff) signed in with a password."""
    return _account(principal, Role.seeker, Role.employer, Role.staff)


RoleRow = TypeVar("RoleRow", Seeker, Employer, StaffMember)


async def _role_row(
    session: AsyncSession, principal: Principal, role: Role, model: type[RoleRow]
) -> RoleRow:
    """The role's own row of the signed-in account (seeker, employer or staff member)."""
    row = await session.get(model, _account(principal, role).id)
    if row is None:
        raise ProblemError(problems.INVALID_TOKEN, headers=BEARER)
    return row


async def current_seeker(principal: PersonDep, session: SessionDep) -> Seeker:
    return await _role_row(session, principal, Role.seeker, Seeker)


async def current_employer(principal: PersonDep, session: SessionDep) -> Employer:
    return await _role_row(session, principal, Role.employer, Employer)


async def current_staff(principal: PersonDep, session: SessionDep) -> StaffMember:
    return await _role_row(session, principal, Role.staff, StaffMember)


async def current_partner(principal: PartnerDep) -> PartnerClient:
    if principal.role is not Role.partner or principal.partner is None:
        raise ProblemError(problems.WRONG_ROLE)
    return principal.partner


CurrentAccount = Annotated[Account, Depends(current_account)]
CurrentSeeker = Annotated[Seeker, Depends(current_seeker)]
CurrentEmployer = Annotated[Employer, Depends(current_employer)]
CurrentStaff = Annotated[StaffMember, Depends(current_staff)]
CurrentPartner = Annotated[PartnerClient, Depends(current_partner)]

# The problems every signed-in operation may answer, for its `responses=`.
AUTH_PROBLEMS = (
    problems.NOT_AUTHENTICATED,
    problems.INVALID_TOKEN,
    problems.WRONG_ROLE,
    problems.ACCOUNT_RESTRICTED,
)
