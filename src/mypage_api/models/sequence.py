"""Counters behind seeker and job numbers: per office, never reused."""

from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from mypage_api.models.base import Base


class NumberKind(StrEnum):
    seeker = "seeker"
    job = "job"


class NumberSequence(Base):
    __tablename__ = "number_sequences"

    office_code: Mapped[str] = mapped_column(ForeignKey("offices.office_code"), primary_key=True)
    kind: Mapped[NumberKind] = mapped_column(
        Enum(NumberKind, native_enum=False, length=8), primary_key=True
    )
    last_value: Mapped[int] = mapped_column(Integer)
