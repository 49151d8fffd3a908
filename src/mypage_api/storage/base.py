"""The store's interface and what it answers."""

from collections.abc import AsyncIterable, AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

CHUNK_SIZE = 64 * 1024


class FileTooLarge(Exception):
    """More than ``max_bytes`` arrived; nothing was kept."""


class EmptyFile(Exception):
    """Not a single byte arrived; nothing was kept."""


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    sha256: str
    media_type: str


# Looks at the finished file before it is put in place (off the event loop): answers its
# media type, or raises to refuse it.
Check = Callable[[Path], str]


class DocumentStore(Protocol):
    async def save(
        self, chunks: AsyncIterable[bytes], *, max_bytes: int, check: Check
    ) -> StoredFile:
        """Write ``chunks`` to a temporary file while hashing and counting; refuse more than
        ``max_bytes`` (FileTooLarge) or nothing (EmptyFile) as soon as known; run ``check``
        on the finished file; then put it in place under a new random key. Whatever fails,
        nothing is left behind."""
        ...

    async def open(self, key: str) -> AsyncIterator[bytes]:
        """The file's bytes in chunks; opened before this returns (FileNotFoundError)."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the file; a missing file is fine."""
        ...
