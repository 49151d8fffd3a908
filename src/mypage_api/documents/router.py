from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import Response, StreamingResponse
from fastapi.routing import APIRoute
from starlette.types import Message

from mypage_api import problems
from mypage_api.config import Settings
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep, SettingsDep
from mypage_api.documents import service
from mypage_api.documents.http import DOWNLOAD, FileActionsDep, StoreDep, download
from mypage_api.documents.schemas import DocumentRead, DocumentUpload
from mypage_api.documents.service import Limits
from mypage_api.errors import ProblemError, problem_responses
from mypage_api.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from mypage_api.registrations.guard import ACTIVE_PROBLEMS, ActiveSeeker
from mypage_api.types import DocumentId

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
    form: Annotated[DocumentUpload, Form(media_type="multipart/form-data")],
    seeker: ActiveSeeker,
    session: SessionDep,
    actions: FileActionsDep,
    store: StoreDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> DocumentRead:
    return await service.upload(
        session,
        store,
        actions,
        seeker,
        kind=form.kind,
        file=form.file,
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
    responses=problem_responses(
        *ACTIVE_PROBLEMS, problems.INVALID_CURSOR, problems.VALIDATION_FAILED
    ),
)
async def list_documents(
    seeker: ActiveSeeker,
    session: SessionDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[DocumentRead]:
    return await service.list_documents(session, seeker, cursor=cursor, limit=limit)


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
    document_id: DocumentId, seeker: ActiveSeeker, session: SessionDep, store: StoreDep
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
    document_id: DocumentId,
    seeker: ActiveSeeker,
    session: SessionDep,
    actions: FileActionsDep,
    store: StoreDep,
    clock: ClockDep,
) -> None:
    await service.delete(session, store, actions, seeker, document_id, now=clock.now())
