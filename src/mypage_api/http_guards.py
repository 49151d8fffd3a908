"""What every request and response passes through, whatever its route: bounds on what a
client sends, and the headers that keep answers out of shared caches and content sniffers.

Pure ASGI middleware (one function call per message, no body buffering)."""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mypage_api import problems
from mypage_api.config import Settings
from mypage_api.errors import problem_response

# The body of a document upload is bounded by its route, more finely (document-too-large);
# here it gets the file cap and room for the rest of the form.
UPLOAD_ALLOWANCE = 256 * 1024

# Every answer may carry personal data or tokens (even a public job page is answered to a
# signed-in seeker), and counter PCs are shared: nothing is stored by a browser or proxy.
NO_STORE = [(b"cache-control", b"no-store"), (b"pragma", b"no-cache")]
NOSNIFF = (b"x-content-type-options", b"nosniff")


class RequestBounds:
    """431 for headers larger than ``max_header_bytes``; 413 for a body larger than
    ``max_body_bytes`` (a multipart upload: the document cap and its allowance), by its
    Content-Length before the app runs and by counting what arrives."""

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
        limit = self._limit(headers)
        declared = _header(headers, b"content-length")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, problems.PAYLOAD_TOO_LARGE, limit)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                # Raised where the app reads its body; its handler answers the problem.
                raise HTTPException(413)
            return message

        await self.app(scope, counted, send)

    def _limit(self, headers: list[tuple[bytes, bytes]]) -> int:
        if _header(headers, b"content-type").lower().startswith("multipart/"):
            return self.max_upload_bytes
        return self.max_body_bytes

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
    ``X-Content-Type-Options: nosniff`` on every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                if b"cache-control" not in names:
                    headers.extend(NO_STORE)
                if NOSNIFF[0] not in names:
                    headers.append(NOSNIFF)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_guarded)


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return ""
