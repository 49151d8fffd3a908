from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api import problems
from mypage_api.auth.dependencies import (
    AUTH_PROBLEMS,
    CurrentSeeker,
    KeyRingDep,
    OptionalPeopleToken,
    Principal,
    principal_of,
)
from mypage_api.auth.schemas import TokenResponse
from mypage_api.db import Database, SessionDep, get_database
from mypage_api.deps import ClockDep, SettingsDep
from mypage_api.errors import ProblemError, problem_responses
from mypage_api.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from mypage_api.sso import page, service
from mypage_api.sso.oidc import Providers
from mypage_api.sso.schemas import (
    LinkIdPath,
    ProviderPath,
    SsoAuthorization,
    SsoCallback,
    SsoLinkRead,
    SsoStart,
)

router = APIRouter(tags=["auth"])
links_router = APIRouter(prefix="/v1/me", tags=["my page"])
# Not part of the API: the page the local provider sends the browser back to (sso/page.py).
page_router = APIRouter(include_in_schema=False)

# Called with or without a person's token (`security: [{"PeoplePassword": []}, {}]`).
TOKEN_OPTIONAL: dict[str, Any] = {"security": [{}]}


async def get_providers(request: Request) -> Providers:
    """The configured providers, with what the process keeps of them (discovery, keys)."""
    providers: Providers | None = getattr(request.app.state, "sso_providers", None)
    if providers is None:
        providers = request.app.state.sso_providers = Providers(request.app.state.settings)
    return providers


ProvidersDep = Annotated[Providers, Depends(get_providers)]
# Starting and finishing a sign-on call the provider between short transactions of their
# own (sso/service.py): they take the database, and never the request's session as well
# (nor a dependency on it): on SQLite a second session would wait for the first's turn.
DatabaseDep = Annotated[Database, Depends(get_database)]


@router.post(
    "/v1/auth/sso/{provider}/start",
    operation_id="startSingleSignOn",
    summary="Start a sign-on through a provider (マイナポータル): sign in, or link My Page",
    description="Answers the provider's authorization URL (OpenID Connect authorization code "
    "with PKCE, `state` and `nonce`); send the person there. `sign_in` needs no token; "
    "`link` links the signed-in seeker's My Page and needs their access token. The flow "
    "must come back within `expires_at`, once.",
    responses=problem_responses(
        *AUTH_PROBLEMS,
        problems.SSO_PROVIDER_UNKNOWN,
        problems.SSO_ALREADY_LINKED,
        problems.VALIDATION_FAILED,
        problems.SSO_PROVIDER_UNAVAILABLE,
    ),
    openapi_extra=TOKEN_OPTIONAL,
)
async def start(
    provider: ProviderPath,
    body: SsoStart,
    token: OptionalPeopleToken,
    providers: ProvidersDep,
    database: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    ring: KeyRingDep,
) -> SsoAuthorization:
    client = providers.get(provider)

    async def signed_in(session: AsyncSession) -> Principal:
        return await principal_of(session, clock, ring, token)

    return await service.start(
        database, client, body.purpose, signed_in=signed_in, settings=settings, now=clock.now()
    )


@router.post(
    "/v1/auth/sso/{provider}/callback",
    operation_id="finishSingleSignOn",
    summary="Finish a sign-on with what the provider sent back: tokens, or the new link",
    description="Pass the `code` and `state` (or `error`, `error_description` and `state`) "
    "the provider sent to the redirect URI. A sign-in answers 200 with the same tokens as a "
    "password sign-in (a restricted account is refused; a provider account linked to no My "
    "Page is refused with `sso-not-linked`: sign in with the password and link first). A "
    "link answers 201 with the link and needs the access token of the seeker who started "
    "it.",
    responses={
        status.HTTP_201_CREATED: {
            "model": SsoLinkRead,
            "description": "The seeker's My Page is linked (a flow started for `link`).",
        },
        **problem_responses(
            *AUTH_PROBLEMS,
            problems.SSO_PROVIDER_UNKNOWN,
            problems.SSO_STATE_INVALID,
            problems.SSO_PROVIDER_ERROR,
            problems.SSO_CODE_REFUSED,
            problems.SSO_ID_TOKEN_INVALID,
            problems.SSO_NOT_LINKED,
            problems.SSO_SUBJECT_LINKED_ELSEWHERE,
            problems.SSO_ALREADY_LINKED,
            problems.VALIDATION_FAILED,
            problems.SSO_PROVIDER_UNAVAILABLE,
        ),
    },
    response_model=TokenResponse,
    response_description="Signed in (a flow started for `sign_in`).",
    openapi_extra=TOKEN_OPTIONAL,
)
async def callback(
    provider: ProviderPath,
    body: SsoCallback,
    token: OptionalPeopleToken,
    providers: ProvidersDep,
    database: DatabaseDep,
    settings: SettingsDep,
    clock: ClockDep,
    ring: KeyRingDep,
) -> TokenResponse | Response:
    client = providers.get(provider)

    async def signed_in(session: AsyncSession) -> Principal:
        return await principal_of(session, clock, ring, token)

    result = await service.finish(
        database, client, body, signed_in=signed_in, settings=settings, ring=ring, now=clock.now()
    )
    if isinstance(result, SsoLinkRead):
        return JSONResponse(result.model_dump(mode="json"), status_code=status.HTTP_201_CREATED)
    return result


@links_router.get(
    "/sso-links",
    operation_id="listSsoLinks",
    summary="The seeker's sign-on links (マイナポータル連携), oldest first",
    responses=problem_responses(
        *AUTH_PROBLEMS, problems.INVALID_CURSOR, problems.VALIDATION_FAILED
    ),
)
async def list_links(
    seeker: CurrentSeeker,
    session: SessionDep,
    providers: ProvidersDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[SsoLinkRead]:
    return await service.links(
        session, seeker.account_id, providers.display_name, cursor=cursor, limit=limit
    )


@links_router.delete(
    "/sso-links/{link_id}",
    operation_id="deleteSsoLink",
    summary="Remove a sign-on link: signing in through that provider stops working",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(
        *AUTH_PROBLEMS, problems.SSO_LINK_NOT_FOUND, problems.VALIDATION_FAILED
    ),
)
async def delete_link(link_id: LinkIdPath, seeker: CurrentSeeker, session: SessionDep) -> None:
    await service.unlink(session, seeker.account_id, link_id)


@page_router.get(page.CALLBACK_PAGE_URL)
async def callback_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    providers = page.providers_here(settings)
    if not providers:
        raise ProblemError(problems.NOT_FOUND)
    return HTMLResponse(
        page.callback_page(providers, dict(request.query_params)), headers=page.HEADERS
    )


router.include_router(links_router)
router.include_router(page_router)
