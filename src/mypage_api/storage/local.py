"""Documents in a local folder: ``<root>/ab/cd/abcd...`` under random keys, written through
a temporary file in ``<root>/.incoming`` (same file system, so the move is atomic). Files
and folders are private to the server's user. Every file operation runs in a worker thread."""

import hashlib
import os
import re
import secrets
import tempfile
from collections.abc import AsyncIterable, AsyncIterator
from pathlib import Path
from typing import BinaryIO

import anyio
from anyio import to_thread

from mypage_api.storage.base import CHUNK_SIZE, Check, EmptyFile, FileTooLarge, StoredFile

_KEY = re.compile(r"[0-9a-f]{32}")


class LocalDocumentStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.incoming = root / ".incoming"

    def path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise ValueError("not a key of this store")
        return self.root / key[:2] / key[2:4] / key

    async def save(
        self, chunks: AsyncIterable[bytes], *, max_bytes: int, check: Check
    ) -> StoredFile:
        handle, temporary = await to_thread.run_sync(self._temporary)
        placed: Path | None = None
        digest = hashlib.sha256()
        size = 0
        try:
            try:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        raise FileTooLarge
                    await to_thread.run_sync(_write, handle, digest, chunk)
                await to_thread.run_sync(_sync, handle)
            finally:
                await to_thread.run_sync(handle.close)
            if size == 0:
                raise EmptyFile
            media_type = await to_thread.run_sync(check, temporary)
            key = secrets.token_hex(16)
            placed = self.path(key)
            await to_thread.run_sync(_place, temporary, placed)
        except BaseException:
            with anyio.CancelScope(shield=True):
                await to_thread.run_sync(_remove, temporary, placed)
            raise
        return StoredFile(key=key, size=size, sha256=digest.hexdigest(), media_type=media_type)

    async def open(self, key: str) -> AsyncIterator[bytes]:
        handle = await anyio.open_file(self.path(key), "rb")
        return _chunks(handle)

    async def delete(self, key: str) -> None:
        await anyio.Path(self.path(key)).unlink(missing_ok=True)

    def _temporary(self) -> tuple[BinaryIO, Path]:
        _private_folder(self.incoming)
        descriptor, name = tempfile.mkstemp(dir=self.incoming, prefix="upload-")
        return os.fdopen(descriptor, "wb"), Path(name)


async def _chunks(handle: anyio.AsyncFile[bytes]) -> AsyncIterator[bytes]:
    async with handle:
        while chunk := await handle.read(CHUNK_SIZE):
            yield chunk


def _write(handle: BinaryIO, digest: "hashlib._Hash", chunk: bytes) -> None:
    digest.update(chunk)
    handle.write(chunk)


def _sync(handle: BinaryIO) -> None:
    handle.flush()
    os.fsync(handle.fileno())


def _private_folder(folder: Path) -> None:
    """Create the folder and any missing parent readable by the server's user only."""
    for missing in reversed([path for path in (folder, *folder.parents) if not path.exists()]):
        missing.mkdir(mode=0o700, exist_ok=True)


def _place(temporary: Path, final: Path) -> None:
    _private_folder(final.parent)
    os.replace(temporary, final)


def _remove(*paths: Path | None) -> None:
    for path in paths:
        if path is not None:
            path.unlink(missing_ok=True)
