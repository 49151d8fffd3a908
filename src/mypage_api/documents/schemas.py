from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from mypage_api.documents.sniff import DocumentType
from mypage_api.models import DocumentKind


class DocumentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: DocumentKind = Field(
        description="resume (履歴書), work_history (職務経歴書), job_card (ジョブ・カード) "
        "or other."
    )
    filename: str = Field(
        description="The name the file was uploaded with, cleaned for display; its extension "
        "is the one of the content.",
        examples=["履歴書_2026.pdf"],
    )
    media_type: DocumentType = Field(description="What the content is, recognised from its bytes.")
    size: int = Field(description="In bytes.")
    sha256: str = Field(description="SHA-256 of the content, in hex.")
    uploaded_at: datetime
