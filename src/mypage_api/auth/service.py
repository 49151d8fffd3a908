"""Signing in, refreshing, signing out, resetting and changing passwords."""

import base64
import binascii
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.auth import throttle
from mypage_api.auth.schemas import TokenResponse
from mypage_api.auth.tokens import find_refresh_token, issue_tokens, revoke_all, revoke_family
from mypage_api.config import Settings
from mypage_api.errors import ProblemError
from mypage_api.mail import templates
from mypage_api.mail.budgets import may_send
from mypage_api.mail.outbox import enqueue
from mypage_api.models import Account, AccountStatus, AccountToken, PartnerClient, TokenPurpose
from mypage_api.security import tokens
from mypage_api.security.passwords import (
    PasswordPolicyError,
    check_policy,
    hash_password,
    verify_password,
)
from mypage_api.security.secrets import new_token, same_hash, token_hash


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def account_by_email(session: AsyncSession, email: str) -> Account | None:
    statement = select(Account).where(Account.email == normalise_email(email))
    return (await session.scalars(statement)).one_or_none()


def _throttle_problem(
    keys: list[throttle.ThrottleKey], states: list[throttle.ThrottleState | None], now: datetime
) -> ProblemError | None:
    waits = [throttle.wait_seconds(state, now) for state in states]
    if max(waits) == 0:
        return None
    locked = any(
        throttle.is_locked(state, now, key.policy) for key, state in zip(keys, states, strict=True)
    )
    return ProblemError(
        problems.LOGIN_LOCKED if locked else problems.LOGIN_THROTTLED,
        headers={"Retry-After": str(max(waits))},
        extensions={"retry_after": max(waits)},
    )


async def password_grant(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    client_address: str,
    settings: Settings,
    ring: tokens.KeyRing,
    now: datetime,
) -> TokenResponse:
    email = normalise_email(email)
    keys = throttle.keys_for(email, client_address, settings)
    refusal = _throttle_problem(keys, await throttle.states(session, keys), now)
    if refusal is not None:
        raise refusal

    account = await account_by_email(session, email)
    can_sign_in = account is not None and account.status in (
        AccountStatus.active,
        AccountStatus.restricted,
    )
    verification = await verify_password(
        password, account.password_hash if can_sign_in and account else None
    )
    if not verification.ok or account is None:
        states = await throttle.record_failure(session, keys, now)
        refusal = _throttle_problem(keys, states, now) or ProblemError(problems.INVALID_CREDENTIALS)
        refusal.keep_changes = True  # the failure counts even though the request fails
        raise refusal
    if account.status is AccountStatus.restricted:
        raise ProblemError(problems.ACCOUNT_RESTRICTED)

    await throttle.forget(session, keys[0])
    if verification.new_hash is not None:
        account.password_hash = verification.new_hash
    return await issue_tokens(session, account, settings=settings, ring=ring, now=now)


def client_from_basic(authorization: str | None) -> tuple[str, str] | None:
    """client_id and client_secret from an HTTP Basic header (RFC 6749 §2.3.1)."""
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        client_id, separator, secret = (
            base64.b64decode(encoded, validate=True).decode().partition(":")
        )
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (client_id, secret) if separator else None


async def client_credentials_grant(
    session: AsyncSession,
    *,
    client_id: str,
    client_secret: str,
    settings: Settings,
    ring: tokens.KeyRing,
    now: datetime,
) -> TokenResponse:
    statement = select(PartnerClient).where(PartnerClient.client_id == client_id)
    client = (await session.scalars(statement)).one_or_none()
    if (
        client is None
        or client.disabled_at is not None
        or not same_hash(client_secret, client.secret_hash)
    ):
        raise ProblemError(problems.INVALID_CLIENT, headers={"WWW-Authenticate": "Basic"})
    lifetime = timedelta(minutes=settings.access_token_minutes)
    access = tokens.issue(
        ring,
        tokens.AccessClaims(f"partner:{client.id}", "partner", 0),
        now=now,
        lifetime=lifetime,
    )
    return TokenResponse(
        access_token=access, expires_in=int(lifetime.total_seconds()), refresh_token=None
    )


async def refresh(
    session: AsyncSession,
    *,
    refresh_token: str,
    settings: Settings,
    ring: tokens.KeyRing,
    now: datetime,
) -> TokenResponse:
    """Rotate: the presented token is spent and a new one of the same family issued.
    A spent token presented again revokes its whole family (it was stolen or replayed)."""
    stored = await find_refresh_token(session, refresh_token)
    if stored is None or stored.revoked_at is not None or now >= stored.expires_at:
        raise ProblemError(problems.INVALID_REFRESH_TOKEN)
    if stored.used_at is not None:  # replayed: whoever holds this family is not to be trusted
        await revoke_family(session, stored.family, now)
        raise ProblemError(problems.INVALID_REFRESH_TOKEN, keep_changes=True)
    account = await session.get(Account, stored.account_id)
    if account is None or account.status is not AccountStatus.active:
        raise ProblemError(problems.INVALID_REFRESH_TOKEN)
    stored.used_at = now
    return await issue_tokens(
        session, account, settings=settings, ring=ring, now=now, family=stored.family
    )


async def logout(session: AsyncSession, *, refresh_token: str, now: datetime) -> None:
    stored = await find_refresh_token(session, refresh_token)
    if stored is not None:
        await revoke_family(session, stored.family, now)


def checked_password(password: str, *, email: str | None) -> str:
    try:
        check_policy(password, email=email)
    except PasswordPolicyError as exc:
        raise ProblemError(problems.WEAK_PASSWORD, extensions={"reason": exc.code}) from None
    return password


async def set_password(
    session: AsyncSession, account: Account, password: str, now: datetime
) -> None:
    """A new password ends every session of the account."""
    account.password_hash = await hash_password(checked_password(password, email=account.email))
    await revoke_all(session, account, now)


async def change_password(
    session: AsyncSession, account: Account, *, current: str, new: str, now: datetime
) -> None:
    if not (await verify_password(current, account.password_hash)).ok:
        raise ProblemError(problems.WRONG_PASSWORD)
    await set_password(session, account, new, now)


async def new_account_token(
    session: AsyncSession,
    account: Account,
    purpose: TokenPurpose,
    *,
    now: datetime,
    lifetime: timedelta,
) -> tuple[str, datetime]:
    """A single-use token for the account; earlier unused ones of the same purpose lapse."""
    for earlier in await session.scalars(
        select(AccountToken).where(
            AccountToken.account_id == account.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
    ):
        earlier.used_at = now
    token = new_token()
    expires_at = now + lifetime
    session.add(
        AccountToken(
            account_id=account.id,
            purpose=purpose,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=expires_at,
        )
    )
    await session.flush()
    return token, expires_at


LINK_MAILS = {
    TokenPurpose.password_reset: (templates.password_reset, templates.MailKind.password_reset),
    TokenPurpose.activation: (templates.counter_activation, templates.MailKind.counter_activation),
}


async def mail_account_link(
    session: AsyncSession,
    account: Account,
    address: str,
    purpose: TokenPurpose,
    *,
    lifetime: timedelta,
    settings: Settings,
    now: datetime,
) -> None:
    """Mail the account holder a single-use link for ``purpose``."""
    token, expires_at = await new_account_token(
        session, account, purpose, now=now, lifetime=lifetime
    )
    template, kind = LINK_MAILS[purpose]
    subject, body = template(base_url=settings.public_base_url, token=token, expires_at=expires_at)
    enqueue(session, to=address, kind=kind, subject=subject, body=body, now=now)


async def spend_account_token(
    session: AsyncSession, token: str, purpose: TokenPurpose, *, now: datetime
) -> Account:
    """The account a valid token belongs to; the token is spent. Otherwise `invalid-link`."""
    statement = (
        select(AccountToken)
        .where(AccountToken.token_hash == token_hash(token), AccountToken.purpose == purpose)
        .with_for_update()
    )
    stored = (await session.scalars(statement)).one_or_none()
    if stored is None or stored.used_at is not None or now >= stored.expires_at:
        raise ProblemError(problems.INVALID_LINK)
    account = await session.get(Account, stored.account_id)
    if account is None or account.status is AccountStatus.withdrawn:
        raise ProblemError(problems.INVALID_LINK)
    stored.used_at = now
    return account


async def request_password_reset(
    session: AsyncSession, *, email: str, client: str, settings: Settings, now: datetime
) -> None:
    """Mail a reset link when the address belongs to an account that can sign in, within
    the mail budgets; answer the same either way, so the endpoint tells nobody which
    addresses are registered."""
    email = normalise_email(email)
    if not await may_send(session, to=email, client=client, settings=settings, now=now):
        return
    account = await account_by_email(session, email)
    if account is None or account.email is None:
        return
    if account.status not in (AccountStatus.active, AccountStatus.restricted):
        return
    await mail_account_link(
        session,
        account,
        account.email,
        TokenPurpose.password_reset,
        lifetime=timedelta(minutes=settings.password_reset_token_minutes),
        settings=settings,
        now=now,
    )


async def confirm_password_reset(
    session: AsyncSession, *, token: str, new_password: str, settings: Settings, now: datetime
) -> None:
    account = await spend_account_token(session, token, TokenPurpose.password_reset, now=now)
    await set_password(session, account, new_password, now)
    if account.email is not None:  # a reset ends a lock on the account
        await throttle.forget(session, throttle.keys_for(account.email, "", settings)[0])
