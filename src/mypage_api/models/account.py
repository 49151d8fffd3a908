"""Sign-in accounts of seekers, employers and staff, and what guards them."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mypage_api.models.base import Base, UTCDateTime


class Role(StrEnum):
    seeker = "seeker"
    employer = "employer"
    staff = "staff"
    partner = "partner"


class AccountStatus(StrEnum):
    """The state of an account: awaiting activation (counter registration), active, restricted
    (利用制限) or withdrawn (退会)."""

    pending_activation = "pending_activation"  # registered at the counter, no password yet
    active = "active"
    restricted = "restricted"  # 利用制限 by staff
    withdrawn = "withdrawn"  # 退会: personal data erased


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=16))
    # Unique across roles: the e-mail address is the sign-in name. NULL once withdrawn.
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[AccountStatus] = mapped_column(Enum(AccountStatus, native_enum=False, length=24))
    restriction_reason: Mapped[str | None] = mapped_column(String(200))
    # Bumped when a password changes or is reset, on restriction and withdrawal: access
    # tokens carrying an older version are refused at once.
    token_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RefreshToken(Base):
    """An opaque refresh token, stored as its SHA-256; rotated on every use."""

    __tablename__ = "refresh_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    family: Mapped[str] = mapped_column(String(32), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class TokenPurpose(StrEnum):
    activation = "activation"
    password_reset = "password_reset"  # noqa: S105 (a purpose, not a secret)


class AccountToken(Base):
    """A single-use token mailed to an account holder (activation, password reset)."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[TokenPurpose] = mapped_column(Enum(TokenPurpose, native_enum=False, length=24))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LoginThrottle(Base):
    """Failed sign-ins counted per key (a hashed e-mail address, or a client address)."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    first_failure_at: Mapped[datetime] = mapped_column(UTCDateTime())
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
