"""Queueing mail: the one way a feature sends an e-mail.

The row is added to the caller's session and commits or rolls back with the caller's
transaction; the worker sends it afterwards. Nothing is sent from inside a request.
The row keeps the request's id (request_ids), under which the worker logs the sending.
"""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.models import MailStatus, OutboxMail
from mypage_api.request_ids import current_request_id

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
        request_id=current_request_id(),  # None outside a request (the worker's passes)
    )
    session.add(mail)
    return mail
