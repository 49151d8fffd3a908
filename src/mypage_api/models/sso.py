"""Single sign-on (R23): flows under way and the links they made."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mypage_api.models.base import Base, UTCDateTime


class SsoPurpose(StrEnum):
    """What a sign-on is for: signing in (`sign_in`) or linking My Page (`link`)."""

    sign_in = "sign_in"
    link = "link"


class SsoFlow(Base):
    """A sign-on started and not yet back: single-use, short-lived, bound to its purpose,
    its provider and (to link) its seeker. The state is kept as its SHA-256; the PKCE code
    verifier and the nonce never leave this row."""

    __tablename__ = "sso_flows"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    provider: Mapped[str] = mapped_column(String(50))
    purpose: Mapped[SsoPurpose] = mapped_column(Enum(SsoPurpose, native_enum=False, length=16))
    seeker_id: Mapped[int | None] = mapped_column(
        ForeignKey("seekers.account_id", ondelete="CASCADE"), index=True
    )
    code_verifier: Mapped[str] = mapped_column(String(128))
    nonce: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SsoLink(Base):
    """A seeker's account at a provider: only the provider's subject identifier."""

    __tablename__ = "sso_links"
    __table_args__ = (
        UniqueConstraint("provider", "subject", name="uq_sso_links_provider_subject"),
        UniqueConstraint("seeker_id", "provider", name="uq_sso_links_seeker_id_provider"),
        Index("ix_sso_links_seeker_id_id", "seeker_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.account_id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(50))
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
