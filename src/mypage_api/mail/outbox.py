"""Queueing mail: the one way a feature sends an e-mail.

The row is added to the caller's session and commits or rolls back with the caller's
transaction; the worker sends it afterwards. Nothing is sent from inside a request.
"""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.models import MailStatus, OutboxMail

MESSAGE_ID_DOMAIN = "mypage-api.outbox"


def new_message_id() -> str:
    return f"<{uuid.uuid4().hex}@{MESSAGE_ID_DOMAIN}>"


def enqueue(
    session: AsyncSession, *, to: str, kind: str, subject: str, body: str, now: datetime
) -> OutboxMail:
    mail = OutboxMail(
        message_id=new_message_id(),
        kind=kind,
        to_address=to,
        subject=subject,
        body=body,
        status=MailStatus.pending,
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )
    session.add(mail)
    return mail
