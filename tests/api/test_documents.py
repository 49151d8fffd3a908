"""Application documents (応募書類): recognised by content, capped, streamed, private."""

import hashlib
import io
import logging
import struct
import tempfile
import zipfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import httpx
import hypothesis
import pytest
import segno
from fastapi import FastAPI
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from mypage_api.clock import FixedClock
from mypage_api.config import Settings
from mypage_api.db import Database
from mypage_api.documents.service import display_name
from mypage_api.documents.sniff import DocumentType, sniff
from tests.api.paging import assert_pages, items
from tests.api.test_problems import assert_problem
from tests.factories import bearer, load_offices, make_employer, sign_up_online
from tests.unit.profiles.makers import make_profile

SEEKER = "taro@example.jp"
OTHER = "hanako@example.jp"
FILES = Path(__file__).parents[1] / "files"
URL = "/v1/me/documents"
KiB = 1024


# Real minimal files ---------------------------------------------------------------------


def pdf() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "Rirekisho")
    canvas.save()
    return buffer.getvalue()


def png() -> bytes:
    buffer = io.BytesIO()
    segno.make("13010-01234567").save(buffer, kind="png")
    return buffer.getvalue()


def jpeg() -> bytes:
    return (FILES / "photo.jpg").read_bytes()


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/{part}" ContentType="{main}"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="{part}"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def ooxml(part: str, main: str, body: str, *extra: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(part=part, main=main))
        archive.writestr("_rels/.rels", RELS.format(part=part))
        archive.writestr(part, body)
        for name in extra:
            archive.writestr(name, b"\0" * 16)
    return buffer.getvalue()


def docx(*extra: str) -> bytes:
    body = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>職務経歴書</w:t></w:r></w:p></w:body></w:document>"
    )
    return ooxml("word/document.xml", WORD_MAIN, body, *extra)


def docm() -> bytes:
    """A macro-enabled Word document renamed .docx."""
    main = "application/vnd.ms-word.document.macroEnabled.main+xml"
    return ooxml("word/document.xml", main, "<w:document/>", "word/vbaProject.bin")


def xlsx() -> bytes:
    body = (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>'
    )
    return ooxml("xl/workbook.xml", EXCEL_MAIN, body)


def ole2(*streams: str) -> bytes:
    """A minimal real compound file (version 3): a FAT sector, a directory sector with the
    root and the given top-level streams (empty), as Word or Excel 97-2003 write them."""
    free, end, fat_sector, nothing = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x2C, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))

    def entry(name: str, kind: int, right: int = nothing, child: int = nothing) -> bytes:
        raw = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        raw[: len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, nothing, right, child)
        struct.pack_into("<II", raw, 116, end, 0)
        return bytes(raw)

    entries = [entry("Root Entry", 5, child=1 if streams else nothing)]
    for number, name in enumerate(streams, start=1):
        entries.append(entry(name, 2, right=number + 1 if number < len(streams) else nothing))
    directory = b"".join(entries).ljust(512, b"\0")
    return bytes(header) + fat + directory


def padded_pdf(size: int) -> bytes:
    head = b"%PDF-1.4\n%"
    return head + b"x" * (size - len(head))


# Fixtures and helpers -------------------------------------------------------------------


@pytest.fixture
async def seeker(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock
) -> dict[str, str]:
    await load_offices(connection)
    await sign_up_online(client, connection, SEEKER, make_profile())
    return await bearer(client, SEEKER)


@pytest.fixture
def folder(settings: Settings) -> Path:
    return settings.data_dir / "documents"


def stored_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


async def upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    name: str,
    content: bytes,
    *,
    kind: str = "resume",
    declared: str = "application/pdf",
) -> httpx.Response:
    return await client.post(
        URL, files={"file": (name, content, declared)}, data={"kind": kind}, headers=headers
    )


# Accepted and refused -------------------------------------------------------------------

ACCEPTED = [
    ("履歴書.pdf", pdf, DocumentType.pdf),
    ("証明写真.png", png, DocumentType.png),
    ("photo.jpg", jpeg, DocumentType.jpeg),
    ("職務経歴書.docx", docx, DocumentType.docx),
    ("経歴.xlsx", xlsx, DocumentType.xlsx),
    ("ジョブ・カード.doc", lambda: ole2("WordDocument", "1Table"), DocumentType.doc),
    ("経歴.xls", lambda: ole2("Workbook"), DocumentType.xls),
]


@pytest.mark.parametrize(("name", "make", "media_type"), ACCEPTED, ids=lambda v: str(v))
async def test_accepted_types_are_recognised_by_their_content(
    client: httpx.AsyncClient,
    seeker: dict[str, str],
    folder: Path,
    name: str,
    make: Callable[[], bytes],
    media_type: DocumentType,
) -> None:
    content = make()
    # The declared type is a lie on purpose: only the bytes count.
    response = await upload(client, seeker, name, content, declared="text/plain")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["media_type"] == media_type.value
    assert body["filename"] == name
    assert body["kind"] == "resume"
    assert body["size"] == len(content)
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert [path.read_bytes() for path in stored_files(folder)] == [content]


MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 100
REFUSED = [
    ("resume.pdf", MZ),
    ("cv.pdf", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
    ("photo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("x.docx", None),  # a plain ZIP of text files
    ("macro.docx", docm()),
    ("vba.docx", docx("word/vbaProject.bin")),
    ("slides.doc", ole2("PowerPoint Document")),
    ("macro.doc", ole2("WordDocument", "Macros")),
    ("broken.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
]


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
        archive.writestr("word/b.txt", "not a document")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content"), REFUSED, ids=[name for name, _ in REFUSED])
async def test_other_content_is_refused_whatever_its_name(
    client: httpx.AsyncClient,
    seeker: dict[str, str],
    folder: Path,
    name: str,
    content: bytes | None,
) -> None:
    response = await upload(client, seeker, name, content or plain_zip())
    assert_problem(response, 415, "unsupported-document-type")
    assert stored_files(folder) == []
    assert await items(client, URL, seeker) == []


def zip_declaring(size: int, entries: int = 3) -> bytes:
    """A Word document whose central directory declares ``size`` bytes for one part."""
    content = docx(*(f"word/media/{n}.bin" for n in range(entries - 3)))
    at = content.rindex(b"PK\x01\x02")  # the last part's central directory entry
    patched = bytearray(content)
    struct.pack_into("<I", patched, at + 24, size)
    return bytes(patched)


async def test_zip_bombs_are_refused_from_their_directory(
    client: httpx.AsyncClient, seeker: dict[str, str], folder: Path
) -> None:
    assert (await upload(client, seeker, "ok.docx", zip_declaring(1000))).status_code == 201
    huge = await upload(client, seeker, "bomb.docx", zip_declaring(0xF000_0000))
    assert_problem(huge, 415, "unsupported-document-type")
    crowded = await upload(client, seeker, "many.docx", zip_declaring(16, entries=2_001))
    assert_problem(crowded, 415, "unsupported-document-type")
    assert len(stored_files(folder)) == 1


async def test_an_empty_file_is_refused(
    client: httpx.AsyncClient, seeker: dict[str, str], folder: Path
) -> None:
    assert_problem(await upload(client, seeker, "a.pdf", b""), 422, "document-empty")
    assert stored_files(folder) == []


async def test_a_kind_must_be_one_of_the_four(
    client: httpx.AsyncClient, seeker: dict[str, str]
) -> None:
    response = await upload(client, seeker, "a.pdf", pdf(), kind="passport")
    body = assert_problem(response, 422, "validation-failed")
    assert body["errors"][0]["field"] == "kind"  # type: ignore[index]
    for kind in ("work_history", "job_card", "other"):
        assert (await upload(client, seeker, "a.pdf", pdf(), kind=kind)).status_code == 201


# Limits ---------------------------------------------------------------------------------


async def test_the_size_cap_takes_exactly_the_cap(
    client: httpx.AsyncClient, settings: Settings, seeker: dict[str, str], folder: Path
) -> None:
    settings.document_max_bytes = KiB
    assert (await upload(client, seeker, "a.pdf", padded_pdf(KiB))).status_code == 201
    response = await upload(client, seeker, "b.pdf", padded_pdf(KiB + 1))
    body = assert_problem(response, 413, "document-too-large")
    assert body["max_bytes"] == KiB
    assert len(stored_files(folder)) == 1


async def test_a_body_far_beyond_the_cap_is_refused_before_it_is_read(
    client: httpx.AsyncClient, settings: Settings, seeker: dict[str, str], folder: Path
) -> None:
    settings.document_max_bytes = KiB
    big = padded_pdf(200 * KiB)
    # By its Content-Length, before signing in is even checked.
    assert_problem(await upload(client, {}, "a.pdf", big), 413, "document-too-large")
    # Without a Content-Length (chunked), by counting what arrives.
    request = client.build_request("POST", URL, files={"file": ("a.pdf", big)}, headers=seeker)
    body = request.read()

    async def chunks() -> AsyncIterator[bytes]:
        for at in range(0, len(body), 16 * KiB):
            yield body[at : at + 16 * KiB]

    headers = {**seeker, "content-type": request.headers["content-type"]}
    response = await client.post(URL, content=chunks(), headers=headers)
    assert "content-length" not in response.request.headers
    assert_problem(response, 413, "document-too-large")
    assert stored_files(folder) == []


async def test_the_quota_of_files(
    client: httpx.AsyncClient, settings: Settings, seeker: dict[str, str]
) -> None:
    settings.document_quota_files = 2
    for number in range(2):
        assert (await upload(client, seeker, f"{number}.pdf", pdf())).status_code == 201
    body = assert_problem(
        await upload(client, seeker, "3.pdf", pdf()), 409, "document-quota-exceeded"
    )
    assert (body["quota_files"], body["used_files"]) == (2, 2)
    first = (await items(client, URL, seeker))[-1]["id"]
    assert (await client.delete(f"{URL}/{first}", headers=seeker)).status_code == 204
    assert (await upload(client, seeker, "3.pdf", pdf())).status_code == 201


async def test_the_quota_of_bytes(
    client: httpx.AsyncClient, settings: Settings, seeker: dict[str, str], folder: Path
) -> None:
    settings.document_max_bytes = KiB
    settings.document_quota_bytes = 2 * KiB + 100
    assert (await upload(client, seeker, "a.pdf", padded_pdf(KiB))).status_code == 201
    assert (await upload(client, seeker, "b.pdf", padded_pdf(KiB))).status_code == 201
    over = await upload(client, seeker, "c.pdf", padded_pdf(101))
    body = assert_problem(over, 409, "document-quota-exceeded")
    assert (body["quota_bytes"], body["used_bytes"]) == (2 * KiB + 100, 2 * KiB)
    assert len(stored_files(folder)) == 2  # the refused file did not stay
    assert (await upload(client, seeker, "c.pdf", padded_pdf(100))).status_code == 201


# Download, list, delete -----------------------------------------------------------------


async def test_a_download_is_the_upload_byte_for_byte(
    client: httpx.AsyncClient, seeker: dict[str, str], folder: Path
) -> None:
    content = pdf()
    created = (await upload(client, seeker, "山田太郎 履歴書.pdf", content)).json()
    response = await client.get(f"{URL}/{created['id']}", headers=seeker)
    assert response.status_code == 200
    assert response.content == content
    assert hashlib.sha256(response.content).hexdigest() == created["sha256"]
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-length"] == str(len(content))
    assert response.headers["content-disposition"] == (
        "attachment; filename=\"document.pdf\"; filename*=UTF-8''"
        "%E5%B1%B1%E7%94%B0%E5%A4%AA%E9%83%8E%20%E5%B1%A5%E6%AD%B4%E6%9B%B8.pdf"
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "private, no-store"
    # On disk: a random name in two levels of folders, nothing of the client's name.
    (path,) = stored_files(folder)
    relative = path.relative_to(folder).parts
    assert len(relative) == 3
    assert relative[0] == relative[2][:2]
    assert relative[1] == relative[2][2:4]
    assert set(relative[2]) <= set("0123456789abcdef")
    assert len(relative[2]) == 32
    assert path.read_bytes() == content
    assert path.stat().st_mode & 0o777 == 0o600
    assert {p.stat().st_mode & 0o777 for p in path.parents if folder in (p, *p.parents)} == {0o700}


async def test_the_list_is_the_seekers_own_newest_first(
    client: httpx.AsyncClient, clock: FixedClock, seeker: dict[str, str]
) -> None:
    await upload(client, seeker, "old.pdf", pdf(), kind="resume")
    clock.advance(timedelta(minutes=1))
    await upload(client, seeker, "new.png", png(), kind="other")
    listed = await items(client, URL, seeker)
    assert [(d["filename"], d["kind"], d["media_type"]) for d in listed] == [
        ("new.png", "other", "image/png"),
        ("old.pdf", "resume", "application/pdf"),
    ]


async def test_the_list_pages_newest_first_then_by_id(
    client: httpx.AsyncClient, clock: FixedClock, seeker: dict[str, str]
) -> None:
    ids: list[object] = []
    for group in (2, 1, 2):  # uploaded at three instants, two of them shared
        clock.advance(timedelta(minutes=1))
        for _ in range(group):
            response = await upload(client, seeker, f"{len(ids)}.pdf", pdf())
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
    await assert_pages(client, URL, seeker, lambda d: d["id"], ids[::-1])


async def test_another_seekers_document_is_not_found(
    client: httpx.AsyncClient, connection: AsyncConnection, seeker: dict[str, str], folder: Path
) -> None:
    created = (await upload(client, seeker, "a.pdf", pdf())).json()
    await sign_up_online(client, connection, OTHER, make_profile())
    other = await bearer(client, OTHER)
    address = f"{URL}/{created['id']}"
    assert_problem(await client.get(address, headers=other), 404, "document-not-found")
    assert_problem(await client.delete(address, headers=other), 404, "document-not-found")
    assert await items(client, URL, other) == []
    assert (await client.get(address, headers=seeker)).status_code == 200
    assert len(stored_files(folder)) == 1


async def test_deleting_removes_it_from_the_list_and_the_disk(
    client: httpx.AsyncClient, seeker: dict[str, str], folder: Path
) -> None:
    content = pdf()
    kept = (await upload(client, seeker, "kept.pdf", content)).json()
    gone = (await upload(client, seeker, "gone.png", png())).json()
    assert len(stored_files(folder)) == 2
    assert (await client.delete(f"{URL}/{gone['id']}", headers=seeker)).status_code == 204
    assert [d["id"] for d in await items(client, URL, seeker)] == [kept["id"]]
    assert [path.read_bytes() for path in stored_files(folder)] == [content]
    assert_problem(
        await client.get(f"{URL}/{gone['id']}", headers=seeker), 404, "document-not-found"
    )
    assert_problem(
        await client.delete(f"{URL}/{gone['id']}", headers=seeker), 404, "document-not-found"
    )


# Who may ---------------------------------------------------------------------------------


async def test_an_inactive_seeker_cannot_use_documents(
    client: httpx.AsyncClient, seeker: dict[str, str]
) -> None:
    created = (await upload(client, seeker, "a.pdf", pdf())).json()
    status = await client.put(
        "/v1/me/registration/status", json={"status": "inactive"}, headers=seeker
    )
    assert status.status_code == 200
    for response in (
        await upload(client, seeker, "b.pdf", pdf()),
        await client.get(URL, headers=seeker),
        await client.get(f"{URL}/{created['id']}", headers=seeker),
        await client.delete(f"{URL}/{created['id']}", headers=seeker),
    ):
        assert_problem(response, 403, "registration-inactive")


async def test_employers_and_anonymous_callers_are_refused(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock
) -> None:
    await load_offices(connection)
    employer = await make_employer(connection, clock.now())
    headers = await bearer(client, employer.email)
    assert_problem(await upload(client, headers, "a.pdf", pdf()), 403, "wrong-role")
    assert_problem(await client.get(URL, headers=headers), 403, "wrong-role")
    assert_problem(await client.get(f"{URL}/1", headers=headers), 403, "wrong-role")
    assert_problem(await upload(client, {}, "a.pdf", pdf()), 401, "not-authenticated")


# Consistency and privacy ----------------------------------------------------------------


class FailingCommit(AsyncSession):
    async def commit(self) -> None:
        raise RuntimeError("the database went away")


# File actions run once the request's transaction has ended, after the session's commit or
# rollback, whatever the order of the operation's parameters (they follow the session).


@asynccontextmanager
async def failing_commits(
    app: FastAPI, connection: AsyncConnection
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app whose sessions fail to commit, while the block runs."""
    database: Database = app.state.database
    database.sessions = async_sessionmaker(
        bind=connection,
        class_=FailingCommit,
        expire_on_commit=False,
        join_transaction_mode="create_savepoint",
    )
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as failing:
            yield failing
    finally:
        del database.sessions  # the sessions of the app again


async def test_a_failed_commit_leaves_no_file_behind(
    app: FastAPI,
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    seeker: dict[str, str],
    folder: Path,
) -> None:
    async with failing_commits(app, connection) as failing:
        response = await upload(failing, seeker, "a.pdf", pdf())
    assert_problem(response, 500, "internal-error")
    assert stored_files(folder) == []
    assert await items(client, URL, seeker) == []


async def test_a_committed_upload_keeps_its_file(
    client: httpx.AsyncClient, seeker: dict[str, str], folder: Path
) -> None:
    content = pdf()
    created = await upload(client, seeker, "a.pdf", content)
    assert created.status_code == 201
    assert [path.read_bytes() for path in stored_files(folder)] == [content]
    download = await client.get(f"{URL}/{created.json()['id']}", headers=seeker)
    assert download.content == content


async def test_a_failed_commit_of_a_deletion_keeps_the_file(
    app: FastAPI,
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    seeker: dict[str, str],
    folder: Path,
) -> None:
    content = pdf()
    created = (await upload(client, seeker, "a.pdf", content)).json()
    async with failing_commits(app, connection) as failing:
        response = await failing.delete(f"{URL}/{created['id']}", headers=seeker)
    assert_problem(response, 500, "internal-error")
    assert [path.read_bytes() for path in stored_files(folder)] == [content]
    assert (await client.get(f"{URL}/{created['id']}", headers=seeker)).content == content


async def test_names_and_contents_are_never_logged(
    client: httpx.AsyncClient, seeker: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="mypage_api")
    created = (await upload(client, seeker, "山田太郎_履歴書.pdf", pdf())).json()
    await client.get(f"{URL}/{created['id']}", headers=seeker)
    await client.delete(f"{URL}/{created['id']}", headers=seeker)
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("mypage_api"))
    assert f"document {created['id']} stored" in ours
    assert "山田" not in ours
    assert "Rirekisho" not in ours


@pytest.mark.parametrize(
    ("raw", "media_type", "shown"),
    [
        ("履歴書.pdf", DocumentType.pdf, "履歴書.pdf"),
        ("C:\\Users\\taro\\履歴書.PDF", DocumentType.pdf, "履歴書.PDF"),
        ("../../etc/passwd", DocumentType.pdf, "passwd.pdf"),
        ("photo.pdf", DocumentType.png, "photo.png"),
        ("写真.jpeg", DocumentType.jpeg, "写真.jpeg"),
        ("resume\u202efdp.exe", DocumentType.pdf, "resumefdp.pdf"),
        ("ｶﾞ\u3099.pdf", DocumentType.pdf, "ｶﾞ\u3099.pdf"),
        ("テ\u3099ータ.docx", DocumentType.docx, "データ.docx"),
        ("line\nbreak\r.xlsx", DocumentType.xlsx, "linebreak.xlsx"),
        ("...", DocumentType.pdf, "document.pdf"),
        ("", DocumentType.png, "document.png"),
        ("山田.履歴書", DocumentType.pdf, "山田.履歴書.pdf"),
        ("あ" * 300 + ".pdf", DocumentType.pdf, "あ" * 251 + ".pdf"),
    ],
)
def test_display_names(raw: str, media_type: DocumentType, shown: str) -> None:
    assert display_name(raw, media_type) == shown


SAMPLES = [docx(), xlsx(), ole2("WordDocument"), ole2("Workbook", "SummaryInformation")]


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(
    sample=st.sampled_from(SAMPLES),
    changes=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=8),
    cut=st.integers(min_value=0),
)
def test_damaged_office_files_are_refused_or_recognised_never_a_crash(
    sample: bytes, changes: list[tuple[int, int]], cut: int
) -> None:
    damaged = bytearray(sample)
    for at, value in changes:
        damaged[at % len(damaged)] = value
    damaged = damaged[: len(damaged) - cut % len(damaged)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload"
        path.write_bytes(damaged)
        assert sniff(path) in (None, *DocumentType)
