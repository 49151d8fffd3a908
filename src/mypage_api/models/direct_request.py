"""Direct requests (直接リクエスト) from employers to disclosed seekers, and blocks."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mypage_api.models.base import Base, UTCDateTime


class SeekerRef(Base):
    """The opaque name under which one employer (or one partner) sees one seeker."""

    __tablename__ = "seeker_refs"
    __table_args__ = (
        UniqueConstraint("employer_id", "seeker_id", name="uq_seeker_refs_employer_id"),
        UniqueConstraint("partner_id", "seeker_id", name="uq_seeker_refs_partner_id"),
        CheckConstraint("(employer_id IS NULL) <> (partner_id IS NULL)", name="one_viewer"),
    )

    ref: Mapped[str] = mapped_column(String(32), primary_key=True)
    employer_id: Mapped[int | None] = mapped_column(
        ForeignKey("employers.account_id", ondelete="CASCADE")
    )
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_clients.id", ondelete="CASCADE")
    )
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.account_id", ondelete="CASCADE"))


class DirectRequest(Base):
    __tablename__ = "direct_requests"
    __table_args__ = (
        UniqueConstraint("job_id", "seeker_id"),  # once per seeker and job (R16)
        Index("ix_direct_requests_seeker_id_id", "seeker_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.account_id", ondelete="CASCADE"))
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.account_id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL")
    )


class Block(Base):
    """A seeker refuses an employer's (or a partner's) requests and messages."""

    __tablename__ = "blocks"
    __table_args__ = (
        UniqueConstraint("seeker_id", "employer_id", name="uq_blocks_seeker_id_employer_id"),
        UniqueConstraint("seeker_id", "partner_id", name="uq_blocks_seeker_id_partner_id"),
        CheckConstraint("(employer_id IS NULL) <> (partner_id IS NULL)", name="one_blocked_party"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.account_id", ondelete="CASCADE"))
    employer_id: Mapped[int | None] = mapped_column(
        ForeignKey("employers.account_id", ondelete="CASCADE")
    )
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_clients.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
