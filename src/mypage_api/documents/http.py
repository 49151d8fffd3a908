"""What routes of several features share to handle seekers' documents over HTTP: the store,
the request's file actions (settled after the commit), and a document as a download."""

from collections.abc import AsyncIterator
from typing import Annotated, Any
from urllib.parse import quote

import anyio
from fastapi import Depends, Request
from fastapi.responses import StreamingResponse

from mypage_api.config import Settings
from mypage_api.db import SessionDep
from mypage_api.documents import service
from mypage_api.documents.service import FileActions
from mypage_api.documents.sniff import DocumentType
from mypage_api.models import Document
from mypage_api.storage import DocumentStore, store_from


def get_store(request: Request) -> DocumentStore:
    store: DocumentStore | None = getattr(request.app.state, "document_store", None)
    if store is None:
        settings: Settings = request.app.state.settings
        store = request.app.state.document_store = store_from(settings.data_dir)
    return store


StoreDep = Annotated[DocumentStore, Depends(get_store)]


async def _request_file_actions() -> AsyncIterator[FileActions]:
    """Settled when the request ends. A request-scoped dependency ends after every
    function-scoped one, the session (which commits) included, wherever the operation's
    parameters stand; on success that is once the answer has been sent."""
    actions = FileActions()
    try:
        yield actions
    finally:
        with anyio.CancelScope(shield=True):
            await actions.settle()


async def file_actions(
    actions: Annotated[FileActions, Depends(_request_file_actions, scope="request")],
    session: SessionDep,
) -> FileActions:
    """The request's file actions, following its session: what waits for a commit runs only
    if the session committed, whatever exception the request ends with."""
    actions.follow(session)
    return actions


FileActionsDep = Annotated[FileActions, Depends(file_actions)]


DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            document_type.value: {"schema": {"type": "string", "format": "binary"}}
            for document_type in DocumentType
        },
        "description": "The file, with its name in Content-Disposition.",
    }
}


def download(document: Document, chunks: AsyncIterator[bytes]) -> StreamingResponse:
    """A stored document as a download that no browser renders in the API's origin."""
    return StreamingResponse(
        chunks,
        media_type=document.media_type,
        headers={
            "Content-Length": str(document.size),
            "Content-Disposition": attachment(document.filename),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


def attachment(filename: str) -> str:
    """Content-Disposition for a download: an ASCII ``filename`` for old clients and the
    real name as RFC 5987 ``filename*`` (UTF-8, percent-encoded)."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    ascii_stem = _ascii(stem)
    if not any(c.isalnum() for c in ascii_stem):
        ascii_stem = service.FALLBACK_NAME
    fallback = f"{ascii_stem}.{_ascii(extension)}" if extension else ascii_stem
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _ascii(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_ ") else "_" for c in text)
