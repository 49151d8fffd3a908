"""What a client sends is bounded by the server as run (uvicorn, httptools), not only by
the app in-process: huge headers, a huge declared body, an endless chunked body."""

import asyncio
import json

from tests.served.conftest import Served

MIB = 1024 * 1024


async def exchange(
    served: Served, head: bytes, body_chunks: list[bytes]
) -> tuple[int, dict[str, object]]:
    """Send a raw request; the status and problem the server answers (it may answer before
    reading everything that was announced)."""
    host, port = served.base_url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(head)
        for chunk in body_chunks:
            writer.write(chunk)
            try:
                await writer.drain()
            except ConnectionError:
                break  # the server answered and closed: read what it said
        head_in = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=30)
        status_line, *header_lines = head_in.decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in header_lines if ": " in line)
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    finally:
        writer.close()
    return int(status_line.split()[1]), json.loads(body) if body.startswith(b"{") else {}


async def test_eight_mebibytes_of_headers_are_refused(served: Served) -> None:
    head = (
        b"GET /v1/offices HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        + b"X-Padding: "
        + b"a" * (8 * MIB)
        + b"\r\n\r\n"
    )
    status, problem = await exchange(served, head, [])
    assert status == 431
    assert problem["type"] == "urn:mypage-api:problem:headers-too-large"


async def test_a_sixty_megabyte_body_is_refused_before_it_is_read(served: Served) -> None:
    head = (
        b"PATCH /v1/me/profile HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 60000000\r\n\r\n"
    )
    status, problem = await exchange(served, head, [b"{" + b" " * 1024])
    assert status == 413
    assert problem["type"] == "urn:mypage-api:problem:payload-too-large"


async def test_an_endless_chunked_body_is_refused_as_it_arrives(served: Served) -> None:
    head = (
        b"POST /v1/signups HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"%x\r\n%s\r\n" % (64 * 1024, b" " * (64 * 1024))
    status, problem = await exchange(served, head, [chunk] * 64)  # 4 MiB, never ended
    assert status == 413
    assert problem["type"] == "urn:mypage-api:problem:payload-too-large"
