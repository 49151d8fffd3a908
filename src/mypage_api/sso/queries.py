"""The links and flows of single sign-on; a seeker's statements select only their rows."""

from datetime import datetime
from typing import cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.models import SsoFlow, SsoLink
from mypage_api.security.secrets import token_hash


async def flow_by_state(
    session: AsyncSession, provider: str, state: str, now: datetime
) -> SsoFlow | None:
    """The flow ``state`` names for ``provider``, when unused and unexpired."""
    statement = select(SsoFlow).where(
        SsoFlow.state_hash == token_hash(state),
        SsoFlow.provider == provider,
        SsoFlow.used_at.is_(None),
        SsoFlow.expires_at > now,
    )
    return (await session.scalars(statement)).one_or_none()


async def spend_flow(session: AsyncSession, flow: SsoFlow, now: datetime) -> bool:
    """Mark the flow used, atomically: false when another request spent it first."""
    result = await session.execute(
        update(SsoFlow)
        .where(SsoFlow.id == flow.id, SsoFlow.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return cast(CursorResult[object], result).rowcount == 1


async def link_of_subject(session: AsyncSession, provider: str, subject: str) -> SsoLink | None:
    statement = select(SsoLink).where(SsoLink.provider == provider, SsoLink.subject == subject)
    return (await session.scalars(statement)).one_or_none()


async def link_of_seeker(session: AsyncSession, seeker_id: int, provider: str) -> SsoLink | None:
    statement = select(SsoLink).where(SsoLink.seeker_id == seeker_id, SsoLink.provider == provider)
    return (await session.scalars(statement)).one_or_none()


async def links_page(
    session: AsyncSession, seeker_id: int, *, after_id: int | None, limit: int
) -> list[SsoLink]:
    """The seeker's links in the order made, ``limit + 1`` at most."""
    statement = (
        select(SsoLink).where(SsoLink.seeker_id == seeker_id).order_by(SsoLink.id).limit(limit + 1)
    )
    if after_id is not None:
        statement = statement.where(SsoLink.id > after_id)
    return list(await session.scalars(statement))


async def seekers_link(session: AsyncSession, seeker_id: int, link_id: int) -> SsoLink | None:
    statement = select(SsoLink).where(SsoLink.id == link_id, SsoLink.seeker_id == seeker_id)
    return (await session.scalars(statement)).one_or_none()
