"""Job seekers (求職者) and their registration (求職登録)."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mypage_api.models.account import Account
from mypage_api.models.base import Base, UTCDateTime
from mypage_api.rules.registration import InactiveReason


class RegistrantType(StrEnum):
    """Hello Work user (利用登録者, uses an office) or online-only registrant (オンライン登録者)."""

    hellowork_user = "hellowork_user"  # 利用登録者
    online_only = "online_only"  # オンライン登録者


class Seeker(Base):
    __tablename__ = "seekers"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    seeker_number: Mapped[str] = mapped_column(String(14), unique=True)
    registrant_type: Mapped[RegistrantType] = mapped_column(
        Enum(RegistrantType, native_enum=False, length=24)
    )
    # The office the seeker mainly uses (利用安定所).
    office_code: Mapped[str] = mapped_column(ForeignKey("offices.office_code"), index=True)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    terms_version: Mapped[str | None] = mapped_column(String(32))
    privacy_version: Mapped[str | None] = mapped_column(String(32))
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    account: Mapped[Account] = relationship(lazy="raise")
    registration: Mapped["Registration"] = relationship(lazy="raise", back_populates="seeker")


class Registration(Base):
    """What is stored of a registration's life; its status is derived (R3)."""

    __tablename__ = "registrations"
    __table_args__ = (
        # The reminder pass walks a window of valid_until in (valid_until, seeker_id)
        # order, a batch at a time from where the last batch stopped.
        Index("ix_registrations_valid_until_seeker_id", "valid_until", "seeker_id"),
    )

    seeker_id: Mapped[int] = mapped_column(
        ForeignKey("seekers.account_id", ondelete="CASCADE"), primary_key=True
    )
    registered_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    ended_by: Mapped[InactiveReason | None] = mapped_column(
        Enum(InactiveReason, native_enum=False, length=16)
    )
    # The valid_until for which the reminder before the end, and the notice of the lapse,
    # were queued: one of each per end, again once an extension moves valid_until.
    reminder_sent_for: Mapped[date | None] = mapped_column(Date)
    lapse_notice_sent_for: Mapped[date | None] = mapped_column(Date)

    seeker: Mapped[Seeker] = relationship(lazy="raise", back_populates="registration")
