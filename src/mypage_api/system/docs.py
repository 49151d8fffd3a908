"""Swagger UI (``/docs``) and ReDoc (``/redoc``) served from the API's own assets, so they
work on a closed network: the scripts come from the pinned ``fastapi-offline`` package
(Swagger UI 5, ReDoc 2), never from a CDN. ``/`` leads to Swagger UI."""

import hashlib
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from mypage_api import problems
from mypage_api.errors import ProblemError

DOCS_URL = "/docs"
REDOC_URL = "/redoc"
OAUTH2_REDIRECT_URL = "/docs/oauth2-redirect"
ASSETS_URL = "/docs/assets"

# The assets by the name they are served under, with their media types.
ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "redoc.standalone.js": "text/javascript; charset=utf-8",
    "favicon.png": "image/png",
}
_PACKAGE = "fastapi-offline"
_PACKAGE_VERSION = version(_PACKAGE)
_STATIC = Path(str(files("fastapi_offline") / "static"))

# FastAPI's defaults, and: no authorisation kept in the browser's storage across reloads
# (counter PCs are shared); no online validator badge (it would call validator.swagger.io).
SWAGGER_UI_PARAMETERS: dict[str, Any] = {
    "dom_id": "#swagger-ui",
    "layout": "BaseLayout",
    "deepLinking": True,
    "showExtensions": True,
    "showCommonExtensions": True,
    "persistAuthorization": False,
    "validatorUrl": None,
}

# The pages load from this origin only, whatever their scripts ask: on a closed network
# nothing waits for a host it cannot reach (ReDoc's sidebar shows a logo from its CDN; the
# browser refuses it and ReDoc leaves it out). Inline scripts and styles are the pages' own.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)

router = APIRouter(include_in_schema=False)


def _same_origin_only(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return page


def _root(request: Request) -> str:
    root: str = request.scope.get("root_path", "")
    return root.rstrip("/")


@router.get("/")
async def root(request: Request) -> RedirectResponse:
    return RedirectResponse(f"{_root(request)}{DOCS_URL}")


@router.get(DOCS_URL)
async def swagger_ui(request: Request) -> HTMLResponse:
    root = _root(request)
    page = get_swagger_ui_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} - Swagger UI",
        swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
        oauth2_redirect_url=f"{root}{OAUTH2_REDIRECT_URL}",
        swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
    )
    return _same_origin_only(page)


@router.get(OAUTH2_REDIRECT_URL)
async def swagger_ui_oauth2_redirect() -> HTMLResponse:
    return _same_origin_only(get_swagger_ui_oauth2_redirect_html())


@router.get(REDOC_URL)
async def redoc(request: Request) -> HTMLResponse:
    root = _root(request)
    page = get_redoc_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} - ReDoc",
        redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
        redoc_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
        with_google_fonts=False,
    )
    return _same_origin_only(page)


@router.get(ASSETS_URL + "/{name}")
async def asset(name: str, request: Request) -> Response:
    """A file of the pinned package. Public and the same for everyone: a browser may keep
    it and asks again each time (``no-cache``), answered 304 while the package is the same."""
    media_type = ASSET_TYPES.get(name)
    if media_type is None:
        raise ProblemError(problems.NOT_FOUND)
    tag = hashlib.sha256(f"{_PACKAGE}=={_PACKAGE_VERSION}/{name}".encode()).hexdigest()[:32]
    headers = {"ETag": f'"{tag}"', "Cache-Control": "public, no-cache"}
    if f'"{tag}"' in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return FileResponse(_STATIC / name, media_type=media_type, headers=headers)
