"""Single sign-on (R23): starting a flow, finishing it (sign-in or link), and the links.

A flow is kept server-side: its state (as SHA-256), purpose, provider, seeker (to link),
PKCE code verifier and nonce, for ``sso_flow_minutes``. It is spent once, atomically,
whichever way it ends, except when the provider could not be reached (the person may
try the same answer again). A refusal changes nothing else.

The provider is called outside any transaction. ``start`` and ``finish`` are the one
pair of operations that do not run in the request's session: they open their own short
transactions (``Database.sessions()``, as the worker's passes do), so that no connection
is held, and on SQLite no write turn, while the provider answers (up to
``sso_http_timeout_seconds`` a call). ``start`` checks the seeker (to link) in one, asks
the provider's discovery outside, and keeps the flow in a second. ``finish`` reads the
flow and checks the seeker in one transaction, spending nothing; exchanges the code and
checks the ID token outside; then, in a second transaction, spends the flow (the atomic
``UPDATE … WHERE used_at IS NULL``: of two requests finishing one flow, one wins, the
other is answered ``sso-state-invalid`` and writes nothing) and writes the link or the
tokens, or keeps only the spending with a refusal. A provider that cannot be reached
(503) writes nothing: the flow stays unspent.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.auth.dependencies import Principal
from mypage_api.auth.schemas import TokenResponse
from mypage_api.auth.tokens import issue_tokens
from mypage_api.config import Settings
from mypage_api.db import Database
from mypage_api.errors import ProblemError
from mypage_api.models import Account, AccountStatus, Role, SsoFlow, SsoLink, SsoPurpose
from mypage_api.pagination import Page, decode_int_cursor, page_of
from mypage_api.security import tokens
from mypage_api.security.secrets import token_hash
from mypage_api.sso import queries
from mypage_api.sso.oidc import OidcClient, error_code, new_secret
from mypage_api.sso.schemas import SsoAuthorization, SsoCallback, SsoLinkRead

# Whoever the request's token names, read in the given session.
SignedIn = Callable[[AsyncSession], Awaitable[Principal]]


def _seeker_id(principal: Principal) -> int:
    if principal.role is not Role.seeker or principal.account is None:
        raise ProblemError(problems.WRONG_ROLE)
    return principal.account.id


def _link_read(client: OidcClient, link: SsoLink) -> SsoLinkRead:
    return SsoLinkRead(
        id=link.id,
        provider=link.provider,
        provider_name=client.config.name or link.provider,
        created_at=link.created_at,
    )


async def start(
    database: Database,
    client: OidcClient,
    purpose: SsoPurpose,
    *,
    signed_in: SignedIn,
    settings: Settings,
    now: datetime,
) -> SsoAuthorization:
    seeker_id = None
    if purpose is SsoPurpose.link:
        async with database.sessions() as session, session.begin():
            seeker_id = _seeker_id(await signed_in(session))
            if await queries.link_of_seeker(session, seeker_id, client.name) is not None:
                raise ProblemError(problems.SSO_ALREADY_LINKED)
    state, nonce, verifier = new_secret(), new_secret(), new_secret()
    url = await client.authorization_url(state=state, nonce=nonce, verifier=verifier)
    expires_at = now + timedelta(minutes=settings.sso_flow_minutes)
    async with database.sessions() as session, session.begin():
        session.add(
            SsoFlow(
                state_hash=token_hash(state),
                provider=client.name,
                purpose=purpose,
                seeker_id=seeker_id,
                code_verifier=verifier,
                nonce=nonce,
                created_at=now,
                expires_at=expires_at,
            )
        )
    return SsoAuthorization(authorization_url=url, state=state, expires_at=expires_at)


async def _provider_subject(
    client: OidcClient, body: SsoCallback, flow: SsoFlow, now: datetime
) -> str | ProblemError:
    """The subject the provider's answer names, or the refusal that spends the flow; a
    provider that cannot be reached is raised (``sso-provider-unavailable``)."""
    if body.error is not None or body.code is None:
        return ProblemError(
            problems.SSO_PROVIDER_ERROR, extensions={"error": error_code(body.error)}
        )
    try:
        id_token = await client.exchange(body.code, flow.code_verifier)
        return await client.verify_id_token(id_token, nonce=flow.nonce, now=now)
    except ProblemError as refusal:
        if refusal.problem is problems.SSO_PROVIDER_UNAVAILABLE:
            raise  # the same answer may be tried again: nothing is written
        return refusal


async def finish(
    database: Database,
    client: OidcClient,
    body: SsoCallback,
    *,
    signed_in: SignedIn,
    settings: Settings,
    ring: tokens.KeyRing,
    now: datetime,
) -> TokenResponse | SsoLinkRead:
    """Tokens for a sign-in, the new link for a link."""
    async with database.sessions() as session, session.begin():
        flow = await queries.flow_by_state(session, client.name, body.state, now)
        if flow is None:
            raise ProblemError(problems.SSO_STATE_INVALID)
        if flow.purpose is SsoPurpose.link and _seeker_id(await signed_in(session)) != (
            flow.seeker_id
        ):
            raise ProblemError(problems.SSO_STATE_INVALID)  # started by another seeker
    subject = await _provider_subject(client, body, flow, now)
    async with database.sessions() as session, session.begin():
        spent = await queries.spend_flow(session, flow, now)
        if isinstance(subject, ProblemError):
            outcome: TokenResponse | SsoLinkRead | ProblemError = subject
        elif not spent:
            raise ProblemError(problems.SSO_STATE_INVALID)  # another request finished it
        else:
            outcome = await _signed_in_or_linked(
                session, client, flow, subject, settings=settings, ring=ring, now=now
            )
    if isinstance(outcome, ProblemError):
        raise outcome  # the flow is spent (committed above); nothing else changed
    return outcome


async def _signed_in_or_linked(
    session: AsyncSession,
    client: OidcClient,
    flow: SsoFlow,
    subject: str,
    *,
    settings: Settings,
    ring: tokens.KeyRing,
    now: datetime,
) -> TokenResponse | SsoLinkRead | ProblemError:
    """The tokens or the link; a refusal is answered, not raised, so that the flow's
    spending commits (a refusal writes nothing before it is made)."""
    try:
        if flow.purpose is SsoPurpose.link and flow.seeker_id is not None:
            return await _link(session, client, flow.seeker_id, subject, now=now)
        return await _sign_in(session, client, subject, settings=settings, ring=ring, now=now)
    except ProblemError as refusal:
        return refusal


async def _sign_in(
    session: AsyncSession,
    client: OidcClient,
    subject: str,
    *,
    settings: Settings,
    ring: tokens.KeyRing,
    now: datetime,
) -> TokenResponse:
    """As a password sign-in: a restricted account is refused, an inactive registration
    signs in (R5); no account is ever made from the provider."""
    link = await queries.link_of_subject(session, client.name, subject)
    account = await session.get(Account, link.seeker_id) if link is not None else None
    if account is None or account.status not in (AccountStatus.active, AccountStatus.restricted):
        raise ProblemError(problems.SSO_NOT_LINKED)
    if account.status is AccountStatus.restricted:
        raise ProblemError(problems.ACCOUNT_RESTRICTED)
    return await issue_tokens(session, account, settings=settings, ring=ring, now=now)


async def _link(
    session: AsyncSession, client: OidcClient, seeker_id: int, subject: str, *, now: datetime
) -> SsoLinkRead:
    existing = await queries.link_of_subject(session, client.name, subject)
    if existing is not None and existing.seeker_id != seeker_id:
        raise ProblemError(problems.SSO_SUBJECT_LINKED_ELSEWHERE)
    if existing is not None or await queries.link_of_seeker(session, seeker_id, client.name):
        raise ProblemError(problems.SSO_ALREADY_LINKED)
    link = SsoLink(seeker_id=seeker_id, provider=client.name, subject=subject, created_at=now)
    try:
        async with session.begin_nested():  # a concurrent link of the same subject or seeker
            session.add(link)
            await session.flush()
    except IntegrityError:
        raise ProblemError(problems.SSO_ALREADY_LINKED) from None
    return _link_read(client, link)


async def links(
    session: AsyncSession,
    seeker_id: int,
    names: Callable[[str], str],
    *,
    cursor: str | None,
    limit: int,
) -> Page[SsoLinkRead]:
    """The seeker's links, in the order made."""
    key = decode_int_cursor(cursor, length=1)
    rows = await queries.links_page(
        session, seeker_id, after_id=key[0] if key else None, limit=limit
    )
    items = [
        SsoLinkRead(
            id=row.id,
            provider=row.provider,
            provider_name=names(row.provider),
            created_at=row.created_at,
        )
        for row in rows
    ]
    return page_of(items, limit, lambda item: [item.id])


async def unlink(session: AsyncSession, seeker_id: int, link_id: int) -> None:
    link = await queries.seekers_link(session, seeker_id, link_id)
    if link is None:
        raise ProblemError(problems.SSO_LINK_NOT_FOUND)
    await session.execute(delete(SsoLink).where(SsoLink.id == link.id))
