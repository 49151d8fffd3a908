from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import quote

import anyio
from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile, status
from fastapi.responses import Response, StreamingResponse
from fastapi.routing import APIRoute
from starlette.types import Message

from mypage_api import problems
from mypage_api.config import Settings
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep, SettingsDep
from mypage_api.documents import service
from mypage_api.documents.schemas import DocumentRead
from mypage_api.documents.service import FileActions, Limits
from mypage_api.documents.sniff import DocumentType
from mypage_api.errors import ProblemError, problem_responses
from mypage_api.models import Document, DocumentKind
from mypage_api.registrations.guard import ACTIVE_PROBLEMS, ActiveSeeker
from mypage_api.storage import DocumentStore, store_from
from mypage_api.types import RowId

# Room in a request body for the multipart framing, the kind field and the file's name.
FORM_ALLOWANCE = 64 * 1024


class _BodyTooLarge(HTTPException):
    """Raised while the form is read (FastAPI passes HTTPExceptions through unchanged)."""

    def __init__(self) -> None:
        super().__init__(status.HTTP_413_CONTENT_TOO_LARGE)


def _too_large(settings: Settings) -> ProblemError:
    return ProblemError(
        problems.DOCUMENT_TOO_LARGE, extensions={"max_bytes": settings.document_max_bytes}
    )


class UploadRoute(APIRoute):
    """Refuses an upload whose body is larger than the file cap plus the form's framing, by
    its Content-Length and by counting what arrives, before the form is parsed: Starlette
    spools file parts to disk without a limit of its own, before any dependency (even
    authentication) runs."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            if request.method != "POST":
                return await handler(request)
            settings: Settings = request.app.state.settings
            limit = settings.document_max_bytes + FORM_ALLOWANCE
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise _too_large(settings)
            received = 0
            receive = request.receive

            async def counted() -> Message:
                nonlocal received
                message = await receive()
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
                return message

            try:
                return await handler(Request(request.scope, counted))
            except _BodyTooLarge:
                raise _too_large(settings) from None

        return guarded


router = APIRouter(prefix="/v1/me", tags=["my page"], route_class=UploadRoute)


def get_store(request: Request) -> DocumentStore:
    store: DocumentStore | None = getattr(request.app.state, "document_store", None)
    if store is None:
        settings: Settings = request.app.state.settings
        store = request.app.state.document_store = store_from(settings.data_dir)
    return store


StoreDep = Annotated[DocumentStore, Depends(get_store)]


async def file_actions() -> AsyncIterator[FileActions]:
    """Torn down after the request's session has committed or rolled back, as long as it
    is the operation's first parameter (dependencies end in the reverse order they began)."""
    actions = FileActions()
    try:
        yield actions
    except BaseException:
        with anyio.CancelScope(shield=True):
            await actions.rolled_back()
        raise
    await actions.committed()


FileActionsDep = Annotated[FileActions, Depends(file_actions, scope="function")]


@router.post(
    "/documents",
    operation_id="uploadDocument",
    summary="Upload an application document (応募書類): PDF, Word, Excel, JPEG or PNG",
    description="The type is recognised from the content, never from the name or the "
    "declared type. At most `MYPAGE_DOCUMENT_MAX_BYTES` per file (10 MiB), and per seeker "
    "`MYPAGE_DOCUMENT_QUOTA_FILES` files (30) of `MYPAGE_DOCUMENT_QUOTA_BYTES` in all (50 MiB).",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        *ACTIVE_PROBLEMS,
        problems.DOCUMENT_TOO_LARGE,
        problems.UNSUPPORTED_DOCUMENT_TYPE,
        problems.DOCUMENT_EMPTY,
        problems.DOCUMENT_QUOTA_EXCEEDED,
        problems.VALIDATION_FAILED,
    ),
)
async def upload_document(
    actions: FileActionsDep,  # first: see file_actions
    file: Annotated[UploadFile, File(description="The document.")],
    kind: Annotated[DocumentKind, Form(description="What the document is.")],
    seeker: ActiveSeeker,
    session: SessionDep,
    store: StoreDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> DocumentRead:
    return await service.upload(
        session,
        store,
        actions,
        seeker,
        kind=kind,
        file=file,
        limits=Limits(
            max_bytes=settings.document_max_bytes,
            quota_bytes=settings.document_quota_bytes,
            quota_files=settings.document_quota_files,
        ),
        now=clock.now(),
    )


@router.get(
    "/documents",
    operation_id="listDocuments",
    summary="The seeker's application documents, newest first",
    responses=problem_responses(*ACTIVE_PROBLEMS),
)
async def list_documents(seeker: ActiveSeeker, session: SessionDep) -> list[DocumentRead]:
    return await service.list_documents(session, seeker)


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


@router.get(
    "/documents/{document_id}",
    operation_id="downloadDocument",
    summary="Download an application document, as uploaded",
    response_class=StreamingResponse,
    responses={
        **DOWNLOAD,
        **problem_responses(
            *ACTIVE_PROBLEMS, problems.DOCUMENT_NOT_FOUND, problems.VALIDATION_FAILED
        ),
    },
)
async def download_document(
    document_id: RowId, seeker: ActiveSeeker, session: SessionDep, store: StoreDep
) -> StreamingResponse:
    return download(*await service.open_document(session, store, seeker, document_id))


@router.delete(
    "/documents/{document_id}",
    operation_id="deleteDocument",
    summary="Delete an application document (kept with applications that use it)",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(
        *ACTIVE_PROBLEMS, problems.DOCUMENT_NOT_FOUND, problems.VALIDATION_FAILED
    ),
)
async def delete_document(
    actions: FileActionsDep,  # first: see file_actions
    document_id: RowId,
    seeker: ActiveSeeker,
    session: SessionDep,
    store: StoreDep,
    clock: ClockDep,
) -> None:
    await service.delete(session, store, actions, seeker, document_id, now=clock.now())


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
