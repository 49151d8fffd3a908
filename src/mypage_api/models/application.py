"""Applications to jobs (応募) through the three channels, and online referral offers."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, Enum, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from mypage_api.models.base import Base, UTCDateTime
from mypage_api.rules.applications import Channel


class SelectionResult(StrEnum):
    """The selection result (選考結果): hired (採用), rejected (不採用), or withdrawn by the
    employer."""

    hired = "hired"  # 採用
    rejected = "rejected"  # 不採用
    withdrawn_by_employer = "withdrawn_by_employer"  # 求人取消など


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (
        # One live application per seeker and job (R15); a cancelled one does not count.
        Index(
            "uq_applications_live_seeker_job",
            "seeker_id",
            "job_id",
            unique=True,
            postgresql_where=text("cancelled_at IS NULL"),
            sqlite_where=text("cancelled_at IS NULL"),
        ),
        Index("ix_applications_seeker_id_applied_at", "seeker_id", "applied_at"),
        Index("ix_applications_job_id_applied_at", "job_id", "applied_at"),
        Index(
            "uq_applications_seeker_idempotency_key", "seeker_id", "idempotency_key", unique=True
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.account_id", ondelete="CASCADE"))
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = mapped_column(Enum(Channel, native_enum=False, length=24))
    motivation: Mapped[str | None] = mapped_column(Text)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The posting as it stood when the seeker applied (R10).
    posting: Mapped[dict[str, Any]] = mapped_column(JSON)
    referral_office_code: Mapped[str | None] = mapped_column(ForeignKey("offices.office_code"))
    referral_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_members.account_id", ondelete="SET NULL")
    )
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    result: Mapped[SelectionResult | None] = mapped_column(
        Enum(SelectionResult, native_enum=False, length=24)
    )
    result_note: Mapped[str | None] = mapped_column(String(500))
    result_registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    idempotency_key: Mapped[str | None] = mapped_column(String(100))


class ReferralOffer(Base):
    """オンラインハローワーク紹介対象求人: a job staff offer a Hello Work user (R14)."""

    __tablename__ = "referral_offers"
    __table_args__ = (Index("ix_referral_offers_seeker_id_id", "seeker_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.account_id", ondelete="CASCADE"))
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    office_code: Mapped[str] = mapped_column(ForeignKey("offices.office_code"))
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_members.account_id", ondelete="SET NULL")
    )
    apply_by: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL")
    )


class ApplicationDocument(Base):
    """A document sent with an application; the employer received it as it was then."""

    __tablename__ = "application_documents"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True
    )
