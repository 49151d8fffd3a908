"""Application documents (応募書類): upload, list, download and delete.

The file and its row stay consistent: the file is in place before the row is flushed, and
file changes that depend on the transaction's outcome go through ``FileActions`` (a new
file is removed when the transaction does not commit; a deleted document's file only
after it does). The outcome is the session's own: ``FileActions.follow`` listens for the
commit of its outermost transaction. Logs name ids and sizes only, never file names or
contents.
"""

import logging
import re
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from fastapi import UploadFile
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from mypage_api import problems
from mypage_api.documents.schemas import DocumentRead
from mypage_api.documents.sniff import EXTENSIONS, DocumentType, sniff
from mypage_api.errors import ProblemError
from mypage_api.models import ApplicationDocument, Document, DocumentKind, Seeker
from mypage_api.pagination import Page, after_cursor, decode_instant_cursor, instant_key, page_of
from mypage_api.storage import CHUNK_SIZE, DocumentStore, EmptyFile, FileTooLarge

logger = logging.getLogger("mypage_api.documents")

MAX_FILENAME = 255
FALLBACK_NAME = "document"

Action = Callable[[], Awaitable[None]]


class FileActions:
    """File changes that follow the request's transaction: those for a commit run if it
    committed, the others if it did not (``settle``, once it has ended: the router's
    dependency runs it)."""

    def __init__(self) -> None:
        self._on_commit: list[Action] = []
        self._on_rollback: list[Action] = []
        self._committed = False

    def follow(self, session: AsyncSession) -> None:
        """Take the transaction's outcome from ``session``: committed when its outermost
        transaction commits (a savepoint released inside it is not a commit)."""
        event.listen(session.sync_session, "after_commit", self._on_session_commit)

    def _on_session_commit(self, session: Session) -> None:
        if not session.in_nested_transaction():
            self._committed = True

    def after_commit(self, action: Action) -> None:
        self._on_commit.append(action)

    def after_rollback(self, action: Action) -> None:
        self._on_rollback.append(action)

    async def settle(self) -> None:
        """Run the actions of the outcome: after a commit, or after anything else."""
        await _run(self._on_commit if self._committed else self._on_rollback)


async def _run(actions: list[Action]) -> None:
    for action in actions:
        try:
            await action()
        except Exception as exc:  # a file left over is tidied later; the answer stands
            logger.error("document file action failed: %s", type(exc).__name__)


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    quota_bytes: int
    quota_files: int


async def is_attached(session: AsyncSession, document_id: int) -> bool:
    """Whether an application refers to the document, so its file must be kept with the
    application when the seeker deletes it from their list."""
    attached = await session.scalar(
        select(ApplicationDocument.application_id)
        .where(ApplicationDocument.document_id == document_id)
        .limit(1)
    )
    return attached is not None


async def _usage(session: AsyncSession, seeker_id: int) -> tuple[int, int]:
    files, size = (
        await session.execute(
            select(func.count(), func.coalesce(func.sum(Document.size), 0)).where(
                Document.seeker_id == seeker_id, Document.deleted_at.is_(None)
            )
        )
    ).one()
    return int(files), int(size)


def _check_quota(limits: Limits, files: int, used: int, adding: int) -> None:
    if files + 1 > limits.quota_files or used + adding > limits.quota_bytes:
        raise ProblemError(
            problems.DOCUMENT_QUOTA_EXCEEDED,
            extensions={
                "quota_files": limits.quota_files,
                "quota_bytes": limits.quota_bytes,
                "used_files": files,
                "used_bytes": used,
            },
        )


def _recognise(path: Path) -> str:
    document_type = sniff(path)
    if document_type is None:
        raise ProblemError(problems.UNSUPPORTED_DOCUMENT_TYPE)
    return document_type.value


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(CHUNK_SIZE):
        yield chunk


_EXTENSION = re.compile(r"[A-Za-z0-9]{1,5}")


def display_name(raw: str | None, document_type: DocumentType) -> str:
    """The client's file name made safe to show and to offer for download: the last part of
    a path, NFC, without control, format (bidi overrides) or line-separator characters,
    without leading or trailing dots and spaces, at most 255 characters, and ending in the
    extension of what the content is (a PNG sent as photo.pdf becomes photo.png)."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = "".join(c for c in name if unicodedata.category(c) not in ("Zl", "Zp"))
    name = name.strip(" .\u3000")
    stem, dot, extension = name.rpartition(".")
    if not dot or not _EXTENSION.fullmatch(extension):
        stem, extension = name, ""
    extensions = EXTENSIONS[document_type]
    suffix = f".{extension}" if f".{extension.lower()}" in extensions else extensions[0]
    stem = stem.rstrip(" .\u3000")[: MAX_FILENAME - len(suffix)] or FALLBACK_NAME
    return stem + suffix


async def upload(
    session: AsyncSession,
    store: DocumentStore,
    actions: FileActions,
    seeker: Seeker,
    *,
    kind: DocumentKind,
    file: UploadFile,
    limits: Limits,
    now: datetime,
) -> DocumentRead:
    too_large = ProblemError(
        problems.DOCUMENT_TOO_LARGE, extensions={"max_bytes": limits.max_bytes}
    )
    # Early refusals from what is already known (Starlette counted the bytes it spooled).
    if file.size is not None and file.size > limits.max_bytes:
        raise too_large
    files, used = await _usage(session, seeker.account_id)
    _check_quota(limits, files, used, file.size or 0)
    try:
        stored = await store.save(_chunks(file), max_bytes=limits.max_bytes, check=_recognise)
    except FileTooLarge:
        raise too_large from None
    except EmptyFile:
        raise ProblemError(problems.DOCUMENT_EMPTY) from None
    # From here the file exists: it goes if the transaction does not commit.
    actions.after_rollback(partial(store.delete, stored.key))
    # The seeker's row is the lock that makes the quota hold against parallel uploads.
    await session.execute(
        select(Seeker.account_id).where(Seeker.account_id == seeker.account_id).with_for_update()
    )
    files, used = await _usage(session, seeker.account_id)
    _check_quota(limits, files, used, stored.size)
    document_type = DocumentType(stored.media_type)
    document = Document(
        seeker_id=seeker.account_id,
        kind=kind,
        filename=display_name(file.filename, document_type),
        media_type=document_type.value,
        size=stored.size,
        sha256=stored.sha256,
        storage_key=stored.key,
        uploaded_at=now,
    )
    session.add(document)
    await session.flush()
    logger.info(
        "document %d stored for seeker %d: %d bytes", document.id, seeker.account_id, stored.size
    )
    return DocumentRead.model_validate(document)


async def list_documents(
    session: AsyncSession, seeker: Seeker, *, cursor: str | None, limit: int
) -> Page[DocumentRead]:
    """The seeker's documents, newest first (their number is capped by the quota)."""
    key = decode_instant_cursor(cursor)
    order = (Document.uploaded_at, Document.id)
    statement = (
        select(Document)
        .where(Document.seeker_id == seeker.account_id, Document.deleted_at.is_(None))
        .order_by(*(column.desc() for column in order))
        .limit(limit + 1)
    )
    if key is not None:
        statement = statement.where(after_cursor(order, key, descending=True))
    documents = list(await session.scalars(statement))
    page = page_of(
        documents, limit, lambda document: instant_key(document.uploaded_at, document.id)
    )
    return Page(
        items=[DocumentRead.model_validate(document) for document in page.items],
        next_cursor=page.next_cursor,
    )


async def own_document(session: AsyncSession, seeker: Seeker, document_id: int) -> Document:
    """The seeker's own document; another seeker's, or a deleted one, is not found."""
    document = await session.scalar(
        select(Document).where(
            Document.id == document_id,
            Document.seeker_id == seeker.account_id,
            Document.deleted_at.is_(None),
        )
    )
    if document is None:
        raise ProblemError(problems.DOCUMENT_NOT_FOUND)
    return document


async def _opened(
    store: DocumentStore, document: Document
) -> tuple[Document, AsyncIterator[bytes]]:
    try:
        return document, await store.open(document.storage_key)
    except FileNotFoundError:
        logger.error("document %d: its file is missing", document.id)
        raise


async def open_document(
    session: AsyncSession, store: DocumentStore, seeker: Seeker, document_id: int
) -> tuple[Document, AsyncIterator[bytes]]:
    return await _opened(store, await own_document(session, seeker, document_id))


async def attached_documents(session: AsyncSession, application_id: int) -> list[DocumentRead]:
    """What was sent with an application, as it was sent: also documents the seeker has
    since deleted from their list (R11; the employer's copy)."""
    return (await documents_sent(session, [application_id])).get(application_id, [])


async def documents_sent(
    session: AsyncSession, application_ids: list[int]
) -> dict[int, list[DocumentRead]]:
    """The documents sent with each of the applications, in one query."""
    sent: dict[int, list[DocumentRead]] = {}
    if not application_ids:
        return sent
    rows = await session.execute(
        select(ApplicationDocument.application_id, Document)
        .join(Document, ApplicationDocument.document_id == Document.id)
        .where(ApplicationDocument.application_id.in_(application_ids))
        .order_by(Document.id)
    )
    for application_id, document in rows:
        sent.setdefault(application_id, []).append(DocumentRead.model_validate(document))
    return sent


async def open_attached(
    session: AsyncSession, store: DocumentStore, application_id: int, document_id: int
) -> tuple[Document, AsyncIterator[bytes]]:
    """A document sent with the application (the caller has checked who may read the
    application); any other document is not found."""
    document = await session.scalar(
        select(Document)
        .join(ApplicationDocument, ApplicationDocument.document_id == Document.id)
        .where(
            ApplicationDocument.application_id == application_id,
            ApplicationDocument.document_id == document_id,
        )
    )
    if document is None:
        raise ProblemError(problems.DOCUMENT_NOT_FOUND)
    return await _opened(store, document)


async def delete(
    session: AsyncSession,
    store: DocumentStore,
    actions: FileActions,
    seeker: Seeker,
    document_id: int,
    *,
    now: datetime,
) -> None:
    """Gone from the seeker's list at once; the file is removed once that has committed,
    unless an application refers to the document (then it stays with the application)."""
    document = await own_document(session, seeker, document_id)
    document.deleted_at = now
    attached = await is_attached(session, document.id)
    if not attached:
        actions.after_commit(partial(store.delete, document.storage_key))
    await session.flush()
    logger.info(
        "document %d deleted by seeker %d (file kept: %s)", document.id, seeker.account_id, attached
    )


async def erase_all(
    session: AsyncSession, store: DocumentStore, actions: FileActions, seeker: Seeker
) -> int:
    """Withdrawal: every document of the seeker, row and file (the file once committed)."""
    documents = list(
        await session.scalars(select(Document).where(Document.seeker_id == seeker.account_id))
    )
    for document in documents:
        actions.after_commit(partial(store.delete, document.storage_key))
        await session.delete(document)
    await session.flush()
    return len(documents)
