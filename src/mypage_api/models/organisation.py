"""The other roles: employers (求人者), Hello Work staff, partner clients."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from mypage_api.models.base import Base, UTCDateTime


class Employer(Base):
    __tablename__ = "employers"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(200))
    has_mypage: Mapped[bool] = mapped_column(Boolean)  # 求人者マイページ
    office_code: Mapped[str] = mapped_column(ForeignKey("offices.office_code"), index=True)


class StaffMember(Base):
    __tablename__ = "staff_members"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(100))
    office_code: Mapped[str] = mapped_column(ForeignKey("offices.office_code"), index=True)


class PartnerClient(Base):
    """A 求職情報提供 partner system signing in with OAuth2 client credentials."""

    __tablename__ = "partner_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
