"""Issuing and rotating a signed-in account's tokens."""

import secrets as random
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.auth.schemas import TokenResponse
from mypage_api.config import Settings
from mypage_api.models import Account, RefreshToken
from mypage_api.security import tokens
from mypage_api.security.secrets import new_token, token_hash


async def issue_tokens(
    session: AsyncSession,
    account: Account,
    *,
    settings: Settings,
    ring: tokens.KeyRing,
    now: datetime,
    family: str | None = None,
) -> TokenResponse:
    """An access token and a new refresh token (of ``family``, or of a new one)."""
    lifetime = timedelta(minutes=settings.access_token_minutes)
    access = tokens.issue(
        ring,
        tokens.AccessClaims(str(account.id), account.role.value, account.token_version),
        now=now,
        lifetime=lifetime,
    )
    refresh = new_token()
    session.add(
        RefreshToken(
            account_id=account.id,
            family=family or random.token_hex(16),
            token_hash=token_hash(refresh),
            created_at=now,
            expires_at=now + timedelta(days=settings.refresh_token_days),
        )
    )
    await session.flush()
    return TokenResponse(
        access_token=access, expires_in=int(lifetime.total_seconds()), refresh_token=refresh
    )


async def find_refresh_token(session: AsyncSession, token: str) -> RefreshToken | None:
    statement = select(RefreshToken).where(RefreshToken.token_hash == token_hash(token))
    return (await session.scalars(statement.with_for_update())).one_or_none()


async def revoke_family(session: AsyncSession, family: str, now: datetime) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family == family, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def revoke_all(session: AsyncSession, account: Account, now: datetime) -> None:
    """Every refresh token of the account, and (through the version) every access token."""
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.account_id == account.id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    account.token_version += 1
    await session.flush()
