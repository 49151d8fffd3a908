"""Message threads and messages (R9, R17), and the partners' daily sending count."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from mypage_api.models.base import Base, UTCDateTime


class ThreadKind(StrEnum):
    """What a conversation is about: an application, a direct request (直接リクエスト), a partner
    (求職情報提供), or Hello Work notices (receive-only)."""

    application = "application"  # with the employer of an application
    request = "request"  # with the employer of a direct request
    partner = "partner"  # with a 求職情報提供 partner
    notice = "notice"  # Hello Work notices: receive-only


class Sender(StrEnum):
    """Who sent a message: the seeker, an employer, a partner or Hello Work."""

    seeker = "seeker"
    employer = "employer"
    partner = "partner"
    hellowork = "hellowork"


class Thread(Base):
    __tablename__ = "message_threads"
    __table_args__ = (
        Index("ix_message_threads_seeker_id_active_at", "seeker_id", "active_at"),
        Index("ix_message_threads_employer_id_active_at", "employer_id", "active_at"),
        Index("ix_message_threads_partner_id_active_at", "partner_id", "active_at"),
        # One conversation per seeker and partner, one notice thread per seeker.
        Index("uq_message_threads_seeker_id_partner_id", "seeker_id", "partner_id", unique=True),
        Index(
            "uq_message_threads_notice_seeker_id",
            "seeker_id",
            unique=True,
            postgresql_where=text("kind = 'notice'"),
            sqlite_where=text("kind = 'notice'"),
        ),
        CheckConstraint(
            "(kind = 'application') = (application_id IS NOT NULL)"
            " AND (kind = 'request') = (request_id IS NOT NULL)"
            " AND (kind = 'partner') = (partner_id IS NOT NULL)"
            " AND (kind IN ('application', 'request')) = (employer_id IS NOT NULL)",
            name="thread_party",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.account_id", ondelete="CASCADE"))
    kind: Mapped[ThreadKind] = mapped_column(Enum(ThreadKind, native_enum=False, length=16))
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("direct_requests.id", ondelete="CASCADE"), unique=True
    )
    employer_id: Mapped[int | None] = mapped_column(
        ForeignKey("employers.account_id", ondelete="CASCADE")
    )
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_clients.id", ondelete="CASCADE")
    )
    # Who the seeker talks with, and about what, as they were when the thread began.
    counterpart_name: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    active_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the last message, else creation


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_thread_id_id", "thread_id", "id"),
        Index("ix_messages_seeker_id_id", "seeker_id", "id"),
        # The erasure pass (R17) and the unread count on home.
        Index("ix_messages_expires_at", "expires_at"),
        Index(
            "ix_messages_unread",
            "seeker_id",
            "expires_at",
            postgresql_where=text("read_at IS NULL AND deleted_at IS NULL"),
            sqlite_where=text("read_at IS NULL AND deleted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("message_threads.id", ondelete="CASCADE"))
    # The thread's seeker, kept on the message so that the unread count, the folders and
    # withdrawal each read one index without joining the threads.
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.account_id", ondelete="CASCADE"))
    sender: Mapped[Sender] = mapped_column(Enum(Sender, native_enum=False, length=16))
    # The employer, partner or office as they were named then; none for the seeker.
    sender_name: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str | None] = mapped_column(String(100))
    # Plain text, never rendered as HTML by the API.
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The seeker's side: read (their own messages are read when sent), favourite, deleted.
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    favorite: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The employer's or partner's side: when they first read a seeker's message.
    counterpart_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PartnerSendingDay(Base):
    """How many messages a partner sent on one JST day (R17's daily cap); kept apart from
    the messages so that erasing them does not free the day's allowance."""

    __tablename__ = "partner_sending_days"

    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partner_clients.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    sent: Mapped[int] = mapped_column(Integer)
