"""Printouts over HTTP: JSON by default, the PDF when the client asks for it."""

from typing import Annotated, Any

from fastapi import Header
from fastapi.responses import Response

PDF = "application/pdf"

AcceptHeader = Annotated[str | None, Header(include_in_schema=False)]


def wants_pdf(accept: str | None) -> bool:
    return accept is not None and PDF in accept.lower()


def pdf_response(content: bytes, filename: str) -> Response:
    """A printout shown inline, never cached by a shared cache or kept by the browser."""
    return Response(
        content,
        media_type=PDF,
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def pdf_alternative(description: str) -> dict[int | str, dict[str, Any]]:
    """The contract's note that the 200 answer may also be a PDF."""
    return {200: {"content": {PDF: {}}, "description": description}}
