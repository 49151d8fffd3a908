"""How many link mails anyone may make the service send: per recipient address and per
client address, in a window (``MYPAGE_MAIL_PER_ADDRESS``, ``MYPAGE_MAIL_PER_CLIENT``,
``MYPAGE_MAIL_BUDGET_MINUTES``). An endpoint over budget still answers 202 and queues
nothing, so the answer tells nobody whether an address has an account, and nobody can
flood a mailbox through the service."""

import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.config import Settings
from mypage_api.db import locked_row
from mypage_api.models import MailBudget
from mypage_api.rules.budgets import Budget, Spending, spend
from mypage_api.security.secrets import keyed_hash

logger = logging.getLogger("mypage_api.mail")


async def may_send(
    session: AsyncSession, *, to: str, client: str, settings: Settings, now: datetime
) -> bool:
    """Spend one mail of the recipient's and of the client's budget; False (and nothing
    spent) when either is spent already. Both rows are locked until the transaction ends,
    so concurrent requests count one after the other."""
    window = timedelta(minutes=settings.mail_budget_minutes)
    budgets = {
        "to:" + keyed_hash(to): Budget(settings.mail_per_address, window),
        "client:" + keyed_hash(client): Budget(settings.mail_per_client, window),
    }
    rows = {
        key: await locked_row(session, MailBudget, key, count=0, window_started_at=now)
        for key in sorted(budgets)
    }
    after = {
        key: spend(
            Spending(row.count, row.window_started_at) if row.count else None, now, budgets[key]
        )
        for key, row in rows.items()
    }
    allowed = {key: spending for key, spending in after.items() if spending is not None}
    if len(allowed) < len(after):
        spent = [key.partition(":")[0] for key in after if key not in allowed]
        logger.info("link mail not queued: the %s budget is spent", " and ".join(spent))
        return False
    for key, spending in allowed.items():
        rows[key].count = spending.count
        rows[key].window_started_at = spending.window_started_at
    await session.flush()
    return True
