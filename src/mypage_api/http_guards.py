"""What every request and response passes through, whatever its route: bounds on what a
client sends, and the headers that keep answers out of shared caches and content sniffers.

Pure ASGI middleware (one function call per message, no body buffering)."""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mypage_api import problems
from mypage_api.config import Settings
from mypage_api.errors import (
    BodyProblem,
    FieldIssue,
    ProblemError,
    field_errors,
    problem_response,
)
from mypage_api.response_headers import add_guard_headers

# The body of a document upload is bounded by its route, more finely (document-too-large);
# here it gets the file cap and room for the rest of the form.
UPLOAD_ALLOWANCE = 256 * 1024


class RequestBounds:
    """431 for headers larger than ``max_header_bytes``; 413 for a body larger than
    ``max_body_bytes`` (a multipart upload: the document cap and its allowance), by its
    Content-Length before the app runs and by counting what arrives; 422 for a NUL
    character in the path, the query or a body that is not a file upload (no text the
    service keeps may hold one, and PostgreSQL refuses it)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.max_header_bytes = settings.max_header_bytes
        self.max_body_bytes = settings.max_body_bytes
        self.max_upload_bytes = settings.document_max_bytes + UPLOAD_ALLOWANCE

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        if sum(len(name) + len(value) for name, value in headers) > self.max_header_bytes:
            await self._refuse(
                scope, receive, send, problems.HEADERS_TOO_LARGE, self.max_header_bytes
            )
            return
        in_url = _nul_in_url(scope)
        if in_url:
            error = FieldIssue.of(in_url, "", "nul", NUL_MESSAGE)
            response = problem_response(
                Request(scope), problems.VALIDATION_FAILED, extensions=field_errors([error])
            )
            await response(scope, receive, send)
            return
        content_type = _header(headers, b"content-type").lower()
        upload = content_type.startswith("multipart/")
        limit = self.max_upload_bytes if upload else self.max_body_bytes
        declared = _header(headers, b"content-length")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, problems.PAYLOAD_TOO_LARGE, limit)
            return
        nul = () if upload else _nul_forms(content_type)
        received = 0
        tail = b""

        async def counted() -> Message:
            # Raised where the app reads its body; its handler answers the problem.
            nonlocal received, tail
            message = await receive()
            chunk: bytes = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                raise HTTPException(413)
            if nul and any(form in tail + chunk for form in nul):
                error = FieldIssue.of("body", "", "nul", NUL_MESSAGE)
                refusal = ProblemError(problems.VALIDATION_FAILED, extensions=field_errors([error]))
                raise BodyProblem(refusal)
            tail = chunk[-8:]
            return message

        await self.app(scope, counted, send)

    @staticmethod
    async def _refuse(
        scope: Scope, receive: Receive, send: Send, problem: problems.ProblemType, limit: int
    ) -> None:
        response = problem_response(
            Request(scope),
            problem,
            extensions={"max_bytes": limit},
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)


class ResponseHeaders:
    """``Cache-Control: no-store`` and ``Pragma: no-cache`` on every answer that does not
    say how it may be cached (a printout says ``private, no-store``), and
    ``X-Content-Type-Options: nosniff`` on every answer (``response_headers``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                add_guard_headers(headers)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_guarded)


NUL_MESSAGE = "NUL characters are not allowed"


def _nul_in_url(scope: Scope) -> str:
    """Where the URL holds a NUL character: "path", "query" or "" (nowhere)."""
    if "\x00" in scope["path"]:
        return "path"
    query: bytes = scope.get("query_string", b"")
    if b"%00" in query or b"\x00" in query:
        return "query"
    return ""


def _nul_forms(content_type: str) -> tuple[bytes, ...]:
    """How a NUL character is written in a body of this type."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        return (b"%00", b"\x00")
    return (b"\\u0000", b"\x00")  # JSON escapes it; raw, it is no valid text


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return ""
