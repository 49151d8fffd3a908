"""What happened to a registration: activities at Hello Work (R2) and who looked at it."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from mypage_api.models.base import Base, UTCDateTime


class ActivityKind(StrEnum):
    """A staff-recorded activity: counselling (職業相談), referral (職業紹介) or employment
    (就職)."""

    counselling = "counselling"  # 職業相談
    referral = "referral"  # 職業紹介 (at the counter or online)
    employment = "employment"  # 就職: ends the registration


class Activity(Base):
    """An activity staff recorded for a seeker at their office."""

    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_seeker_id_occurred_on", "seeker_id", "occurred_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.account_id", ondelete="CASCADE"))
    kind: Mapped[ActivityKind] = mapped_column(Enum(ActivityKind, native_enum=False, length=16))
    occurred_on: Mapped[date] = mapped_column(Date)
    office_code: Mapped[str] = mapped_column(ForeignKey("offices.office_code"))
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_members.account_id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AccessAction(StrEnum):
    """What a staff member did with the seeker's personal data: read or change it."""

    read = "read"
    change = "change"


class AccessLogEntry(Base):
    """A staff member's read or change of a seeker's personal data, shown to the seeker."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_seeker_id_id", "seeker_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.account_id", ondelete="CASCADE"))
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_members.account_id", ondelete="SET NULL")
    )
    office_code: Mapped[str] = mapped_column(ForeignKey("offices.office_code"))
    action: Mapped[AccessAction] = mapped_column(Enum(AccessAction, native_enum=False, length=8))
    what: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
