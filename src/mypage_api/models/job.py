"""Job postings (求人) of employers."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mypage_api.models.base import Base, UTCDateTime
from mypage_api.rules.work import EmploymentType, WageUnit


class WorkingStyle(StrEnum):
    """Full time (フルタイム) or part time (パート)."""

    full_time = "full_time"  # フルタイム
    part_time = "part_time"  # パート


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_valid_until_accepted_on", "valid_until", "accepted_on", "id"),
        Index("ix_jobs_valid_until_referral_deadline", "valid_until", "referral_deadline", "id"),
        Index("ix_jobs_prefecture_code_valid_until", "prefecture_code", "valid_until"),
        Index("ix_jobs_municipality_code_valid_until", "municipality_code", "valid_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_number: Mapped[str] = mapped_column(String(14), unique=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employers.account_id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(100))
    occupation_code: Mapped[str] = mapped_column(String(16))
    occupation_name: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(Text)
    employment_type: Mapped[EmploymentType] = mapped_column(
        Enum(EmploymentType, native_enum=False, length=16)
    )
    working_style: Mapped[WorkingStyle] = mapped_column(
        Enum(WorkingStyle, native_enum=False, length=16)
    )
    wage_unit: Mapped[WageUnit] = mapped_column(Enum(WageUnit, native_enum=False, length=8))
    wage_min: Mapped[int] = mapped_column(Integer)
    wage_max: Mapped[int] = mapped_column(Integer)
    working_hours: Mapped[str] = mapped_column(String(200))
    prefecture_code: Mapped[str] = mapped_column(String(2))
    municipality_code: Mapped[str] = mapped_column(String(5))
    accepts_online_applications: Mapped[bool] = mapped_column(Boolean)
    publishes_employer_name: Mapped[bool] = mapped_column(Boolean)
    accepted_on: Mapped[date] = mapped_column(Date)
    referral_deadline: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    extended: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Free-word search: the searchable text normalised (NFKC, case-folded), and its
    # character bigrams as index tokens (mypage_api.search_text).
    search_text: Mapped[str] = mapped_column(Text)
    search_tokens: Mapped[str] = mapped_column(Text)
