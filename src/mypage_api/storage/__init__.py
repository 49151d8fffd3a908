"""Where documents' bytes live: one interface, a local folder today, an object store later.

A store never sees a client's file name: keys are random, chosen by the store.
"""

from pathlib import Path

from mypage_api.storage.base import (
    CHUNK_SIZE,
    Check,
    DocumentStore,
    EmptyFile,
    FileTooLarge,
    StoredFile,
)
from mypage_api.storage.local import LocalDocumentStore

__all__ = [
    "CHUNK_SIZE",
    "Check",
    "DocumentStore",
    "EmptyFile",
    "FileTooLarge",
    "LocalDocumentStore",
    "StoredFile",
    "store_from",
]


def store_from(data_dir: Path) -> DocumentStore:
    """The store of a running app: ``<data_dir>/documents``, outside anything served."""
    return LocalDocumentStore(data_dir / "documents")
