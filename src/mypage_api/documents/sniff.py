"""What a file is, from its content alone: never from its name or the declared type.

Plain functions on a finished file, run off the event loop. A ZIP is opened only to read
its central directory (and one small part), an OLE2 compound file only to read its
directory: nothing is extracted.
"""

import struct
import zipfile
import zlib
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO


class DocumentType(StrEnum):
    """The media types a seeker may upload."""

    pdf = "application/pdf"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    doc = "application/msword"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    xls = "application/vnd.ms-excel"
    jpeg = "image/jpeg"
    png = "image/png"


EXTENSIONS: dict[DocumentType, tuple[str, ...]] = {
    DocumentType.pdf: (".pdf",),
    DocumentType.docx: (".docx",),
    DocumentType.doc: (".doc",),
    DocumentType.xlsx: (".xlsx",),
    DocumentType.xls: (".xls",),
    DocumentType.jpeg: (".jpg", ".jpeg", ".jpe"),
    DocumentType.png: (".png",),
}

PDF = b"%PDF-"
JPEG = b"\xff\xd8\xff"
PNG = b"\x89PNG\r\n\x1a\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"


def sniff(path: Path) -> DocumentType | None:
    """The file's type, or None when it is none of the accepted ones."""
    with path.open("rb") as file:
        head = file.read(len(OLE2))
        if head.startswith(PDF):
            return DocumentType.pdf
        if head.startswith(JPEG):
            return DocumentType.jpeg
        if head == PNG:
            return DocumentType.png
        if head == OLE2:
            return _compound_file(file)
    if head.startswith(ZIP):
        return _office_open_xml(path)
    return None


# Office Open XML (.docx, .xlsx) ---------------------------------------------------------

MAX_ENTRIES = 2_000  # real documents have tens of parts; a few thousand with many images
MAX_CENTRAL_DIRECTORY = 2 * 1024 * 1024
MAX_UNCOMPRESSED = 256 * 1024 * 1024  # declared, summed over the parts
MAX_CONTENT_TYPES = 1024 * 1024
CONTENT_TYPES = "[Content_Types].xml"
# The main part of each accepted document, as [Content_Types].xml declares it; macro-enabled
# (.docm, .xlsm), template and binary variants have other types and are refused.
MAIN_PARTS = (
    (
        DocumentType.docx,
        "word/document.xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    (
        DocumentType.xlsx,
        "xl/workbook.xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
)
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22


def _central_directory_is_small(path: Path) -> bool:
    """Read the end-of-central-directory record before zipfile builds an object per entry:
    the number of entries and the directory's size must be modest (ZIP64's markers are
    refused, which no document of this size needs)."""
    with path.open("rb") as file:
        size = file.seek(0, 2)
        tail_size = min(size, _EOCD_SIZE + 0xFFFF)
        file.seek(size - tail_size)
        tail = file.read(tail_size)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        return False
    entries, directory_size = struct.unpack_from("<HI", tail, at + 10)
    return bool(entries <= MAX_ENTRIES and directory_size <= MAX_CENTRAL_DIRECTORY)


def _office_open_xml(path: Path) -> DocumentType | None:
    if not _central_directory_is_small(path):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                return None
            if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED:
                return None
            names = {entry.filename for entry in entries}
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None  # macros, whatever the declared type
            content_types = archive.getinfo(CONTENT_TYPES)
            if content_types.file_size > MAX_CONTENT_TYPES:
                return None
            with archive.open(content_types) as part:
                declared = part.read(MAX_CONTENT_TYPES + 1)
    except (KeyError, zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError):
        return None  # no [Content_Types].xml, broken, encrypted or an unknown compression
    except (OSError, EOFError, ValueError):
        return None
    if len(declared) > MAX_CONTENT_TYPES:
        return None
    for document_type, main_part, main_type in MAIN_PARTS:
        if main_part in names and main_type in declared:
            return document_type
    return None


# OLE2 compound files (.doc, .xls) -------------------------------------------------------

_FREE = 0xFFFFFFFF  # also "no stream" in the directory
_END_OF_CHAIN = 0xFFFFFFFE
_HEADER_DIFAT = 109
_ENTRY_SIZE = 128
_STORAGE, _STREAM, _ROOT = 1, 2, 5
# Top-level streams that make the file a Word or an Excel document; storages that carry
# macros, which are refused as the OOXML macro formats are.
_WORD = {"WORDDOCUMENT"}
_EXCEL = {"WORKBOOK", "BOOK"}
_MACROS = {"MACROS", "_VBA_PROJECT_CUR"}


class _Malformed(Exception):
    pass


class _CompoundFile:
    """Just enough of [MS-CFB] to list the names at the top of the directory."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.size = file.seek(0, 2)
        header = self._read(0, 512)
        major, _, shift = struct.unpack_from("<HHH", header, 0x1A)
        if (major, shift) not in {(3, 9), (4, 12)}:
            raise _Malformed
        self.sector_size = 1 << shift
        # Sectors after the header (the last may be short); an upper bound on any chain.
        self.sectors = -(-(self.size - self.sector_size) // self.sector_size)
        fat_count, self.first_directory = struct.unpack_from("<II", header, 0x2C)
        difat_start, difat_count = struct.unpack_from("<II", header, 0x44)
        if fat_count > self.sectors or difat_count > self.sectors:
            raise _Malformed
        difat = list(struct.unpack_from(f"<{_HEADER_DIFAT}I", header, 0x4C))
        per_sector = self.sector_size // 4
        sector, seen = difat_start, set[int]()
        while sector not in (_END_OF_CHAIN, _FREE) and len(difat) < fat_count:
            if sector in seen or len(seen) >= difat_count:
                raise _Malformed
            seen.add(sector)
            *entries, sector = struct.unpack(f"<{per_sector}I", self._sector(sector))
            difat.extend(entries)
        self.fat = difat[:fat_count]

    def _read(self, offset: int, length: int) -> bytes:
        self.file.seek(offset)
        data = self.file.read(length)
        if len(data) != length:
            raise _Malformed
        return data

    def _sector(self, number: int) -> bytes:
        if number >= self.sectors:
            raise _Malformed
        offset = (number + 1) * self.sector_size
        return self._read(offset, min(self.sector_size, self.size - offset)).ljust(
            self.sector_size, b"\0"
        )

    def _next(self, sector: int) -> int:
        per_sector = self.sector_size // 4
        index, slot = divmod(sector, per_sector)
        if index >= len(self.fat):
            raise _Malformed
        (following,) = struct.unpack_from("<I", self._sector(self.fat[index]), slot * 4)
        return int(following)

    def _directory(self) -> list[bytes]:
        entries: list[bytes] = []
        sector, seen = self.first_directory, set[int]()
        while sector != _END_OF_CHAIN:
            if sector in seen or len(seen) > self.sectors:
                raise _Malformed
            seen.add(sector)
            data = self._sector(sector)
            entries.extend(data[at : at + _ENTRY_SIZE] for at in range(0, len(data), _ENTRY_SIZE))
            sector = self._next(sector)
        return entries

    def top_level(self) -> dict[str, int]:
        """The names (upper case) and object types of the root storage's children."""
        entries = self._directory()
        if not entries or entries[0][66] != _ROOT:
            raise _Malformed
        names: dict[str, int] = {}
        pending, seen = [_child(entries[0])], set[int]()
        while pending:
            number = pending.pop()
            if number == _FREE:
                continue
            if number in seen or number >= len(entries):
                raise _Malformed
            seen.add(number)
            entry = entries[number]
            (length,) = struct.unpack_from("<H", entry, 64)
            if not 2 <= length <= 64 or length % 2:
                raise _Malformed
            name = entry[: length - 2].decode("utf-16-le", errors="replace").upper()
            names[name] = entry[66]
            left, right = struct.unpack_from("<II", entry, 68)
            pending.extend((left, right))
        return names


def _child(entry: bytes) -> int:
    (child,) = struct.unpack_from("<I", entry, 76)
    return int(child)


def _compound_file(file: BinaryIO) -> DocumentType | None:
    try:
        names = _CompoundFile(file).top_level()
    except (_Malformed, struct.error):
        return None
    if any(names.get(name) in (_STORAGE, _STREAM) for name in _MACROS):
        return None
    if any(names.get(name) == _STREAM for name in _WORD):
        return DocumentType.doc
    if any(names.get(name) == _STREAM for name in _EXCEL):
        return DocumentType.xls
    return None  # PowerPoint, an installer (.msi), an encrypted OOXML package, ...
