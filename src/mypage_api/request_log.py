"""One access-log line per request, naming the route template, never the raw path or query
(paths and queries may carry tokens or personal data); the same measure feeds the metrics
(``metrics.observe_request``). The line's fields (method, route, status, duration_ms) are
also on the record, for the JSON log format (``logs``)."""

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mypage_api.metrics import observe_request

logger = logging.getLogger("mypage_api.requests")


class RequestLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        search_page: str | None = None

        async def send_and_record(message: Message) -> None:
            nonlocal status, search_page
            if message["type"] == "http.response.start":
                status = message["status"]
                search_page = _header(message.get("headers", []), b"x-search-page")
            await send(message)

        try:
            await self.app(scope, receive, send_and_record)
        finally:
            seconds = time.perf_counter() - started
            route = route_template(scope)
            logger.info(
                "%s %s %d %.1fms",
                scope["method"],
                route,
                status,
                seconds * 1000,
                extra={
                    "method": scope["method"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
            observe_request(
                scope, route=route, status=status, seconds=seconds, search_page=search_page
            )


def route_template(scope: Scope) -> str:
    """The template of the route that answered (``/v1/jobs/{job_number}``), or
    ``(no route)``."""
    return str(getattr(scope.get("route"), "path", "(no route)"))


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None
