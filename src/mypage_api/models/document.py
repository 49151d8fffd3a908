"""Application documents (応募書類) a seeker uploads; the files themselves are in the store."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mypage_api.models.base import Base, UTCDateTime


class DocumentKind(StrEnum):
    """What a document (応募書類) is: 履歴書, 職務経歴書, ジョブ・カード, or other."""

    resume = "resume"  # 履歴書
    work_history = "work_history"  # 職務経歴書
    job_card = "job_card"  # ジョブ・カード
    other = "other"


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_seeker_id_uploaded_at", "seeker_id", "uploaded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.account_id", ondelete="CASCADE"))
    kind: Mapped[DocumentKind] = mapped_column(Enum(DocumentKind, native_enum=False, length=16))
    # The client's name, cleaned for display and download only: it never reaches the disk.
    filename: Mapped[str] = mapped_column(String(255))
    # What the content is (sniffed), never what the client declared.
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # The store's random key (secrets.token_hex(16)).
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Deleted by the seeker: gone from their list; the file stays while an application
    # refers to it.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
