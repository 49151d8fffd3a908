"""The request id: one per request, in its answer (``X-Request-ID``) and in every log line
written for it, the mail worker's lines about that request's mail included.

A client's (or a proxy's) ``X-Request-ID`` is kept when it is short and of a safe alphabet
(``SANE``); otherwise, or when there is none, the service makes one (uuid4 hex). The id
lives in a context variable: the request's middleware sets it, the outbox row keeps it
(``mail.outbox``) and the worker sets it again while it sends that mail.
"""

import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-ID"
# Letters, digits and . _ : + = @ - (UUIDs, hex, trace ids); nothing a log line could be
# split or forged with.
SANE = re.compile(r"[A-Za-z0-9._:+=@-]{1,64}")

_current: ContextVar[str | None] = ContextVar("mypage_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request (or of the request's mail) being handled, if any."""
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def sane(value: str) -> bool:
    return SANE.fullmatch(value) is not None


@contextmanager
def request_id_set(request_id: str | None) -> Iterator[None]:
    """``request_id`` is the current one inside the block (None: no request's)."""
    token = _current.set(request_id)
    try:
        yield
    finally:
        _current.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record as ``request_id`` ("-" outside a
    request), for the text format's ``%(request_id)s`` and the JSON lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = _current.get() or "-"
        return True


class RequestIdMiddleware:
    """Outermost: the id is set before anything else runs (the request log and the bounds'
    refusals included) and answered in ``X-Request-ID`` on every answer.

    After an unexpected error the id stays set: Starlette answers it outside every
    middleware (``errors._on_unexpected``), which logs and answers with the id; the
    server's task of that request ends with it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _from_headers(scope["headers"]) or new_request_id()
        header = (HEADER.lower().encode(), request_id.encode())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() != header[0]
                ]
                message = {**message, "headers": [*headers, header]}
            await send(message)

        token = _current.set(request_id)
        await self.app(scope, receive, send_with_id)
        _current.reset(token)


def _from_headers(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name.lower() == b"x-request-id":
            text = value.decode("latin-1")
            return text if sane(text) else None
    return None
