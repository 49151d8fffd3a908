"""Hello Work offices (公共職業安定所) and the municipalities each one serves."""

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mypage_api.models.base import Base


class Office(Base):
    __tablename__ = "offices"
    __table_args__ = (
        CheckConstraint("length(office_code) = 5", name="office_code_length"),
        CheckConstraint("length(prefecture_code) = 2", name="prefecture_code_length"),
    )

    office_code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    prefecture_code: Mapped[str] = mapped_column(String(2), index=True)
    postal_code: Mapped[str] = mapped_column(String(8))
    address: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20))

    jurisdiction: Mapped[list["OfficeJurisdiction"]] = relationship(
        back_populates="office",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="OfficeJurisdiction.municipality_code",
    )


class OfficeJurisdiction(Base):
    """A municipality (JIS X 0402, 5 digits) served by an office."""

    __tablename__ = "office_jurisdictions"

    municipality_code: Mapped[str] = mapped_column(String(5), primary_key=True)
    office_code: Mapped[str] = mapped_column(
        ForeignKey("offices.office_code", ondelete="CASCADE"), index=True
    )

    office: Mapped[Office] = relationship(back_populates="jurisdiction", lazy="raise")
