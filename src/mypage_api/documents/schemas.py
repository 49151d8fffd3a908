from datetime import datetime
from typing import Any

from fastapi import UploadFile
from pydantic import BaseModel, ConfigDict, Field

from mypage_api.documents.sniff import DocumentType
from mypage_api.models import DocumentKind


class DocumentUpload(BaseModel):
    """A document (応募書類) to upload: the file, and what it is."""

    # The file part is the document's bytes, with its name (履歴書_2026.pdf) in the part's
    # Content-Disposition; the example shows the name in their place.
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"file": "履歴書_2026.pdf", "kind": "resume"}]}
    )

    file: UploadFile = Field(
        description="The document: PDF, Word, Excel, JPEG or PNG, recognised from its bytes.",
        # OpenAPI 3.0's spelling beside 3.1's contentMediaType: client generators (such
        # as openapi-python-client) read it to send the part as a file.
        json_schema_extra={"format": "binary"},
    )
    kind: DocumentKind = Field(description="What the document is.")


DOCUMENT_EXAMPLE: dict[str, Any] = {
    "id": 12,
    "kind": "resume",
    "filename": "履歴書_2026.pdf",
    "media_type": "application/pdf",
    "size": 183204,
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "uploaded_at": "2026-11-19T12:00:00Z",
}


class DocumentRead(BaseModel):
    """A document (応募書類) the seeker uploaded: 履歴書, 職務経歴書, ジョブ・カード or other."""

    model_config = ConfigDict(
        from_attributes=True, json_schema_extra={"examples": [DOCUMENT_EXAMPLE]}
    )

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
