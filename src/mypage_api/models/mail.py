"""The transactional mail outbox: written in the request's transaction, sent by the worker."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mypage_api.models.base import Base, UTCDateTime


class MailStatus(StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"


class OutboxMail(Base):
    __tablename__ = "outbox_mails"
    __table_args__ = (
        # The worker's query: pending mails in the order they fall due.
        Index("ix_outbox_mails_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The Message-ID header, kept across retries so a receiver can drop a duplicate.
    message_id: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[MailStatus] = mapped_column(Enum(MailStatus, native_enum=False, length=8))
    attempts: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The claim of the worker sending it; another worker may take it once this has passed.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Short and free of personal data: an SMTP code or an exception type, never the text.
    last_error: Mapped[str | None] = mapped_column(String(200))
    # The X-Request-ID of the request that queued it (request_ids); the worker logs its
    # sending under the same id. None when the worker itself queued it.
    request_id: Mapped[str | None] = mapped_column(String(64))


class MailBudget(Base):
    """Link mails asked for per key (a hashed recipient address, or a hashed client
    address) in the current window (rules.budgets)."""

    __tablename__ = "mail_budgets"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime())
