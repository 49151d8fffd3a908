from typing import Annotated

from fastapi import APIRouter, Form, Request, status

from mypage_api import problems
from mypage_api.accepted import RESET_ACCEPTED, Accepted
from mypage_api.auth import service
from mypage_api.auth.dependencies import AUTH_PROBLEMS, CurrentAccount, KeyRingDep
from mypage_api.auth.oauth_errors import TokenEndpointRoute, token_problem_responses
from mypage_api.auth.schemas import (
    CreateTokenForm,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    RefreshRequest,
    TokenResponse,
)
from mypage_api.db import SessionDep
from mypage_api.deps import ClientAddressDep, ClockDep, SettingsDep
from mypage_api.errors import ProblemError, problem_responses

router = APIRouter(tags=["auth"])
# The OAuth2 token endpoint: its problems also carry RFC 6749 ``error`` members.
token_router = APIRouter(route_class=TokenEndpointRoute)


@token_router.post(
    "/v1/auth/token",
    operation_id="createToken",
    summary="Sign in (OAuth2 password grant; client credentials for partners)",
    description="People sign in with `grant_type=password`, `username` (e-mail) and "
    "`password`. Partner systems use `grant_type=client_credentials` with `client_id` and "
    "`client_secret` in the form or in an HTTP Basic header. Repeated failures slow "
    "sign-in down, then lock it for a while (`Retry-After`).",
    responses=token_problem_responses(
        problems.BAD_REQUEST,
        problems.INVALID_CREDENTIALS,
        problems.INVALID_CLIENT,
        problems.ACCOUNT_RESTRICTED,
        problems.LOGIN_THROTTLED,
        problems.LOGIN_LOCKED,
        problems.VALIDATION_FAILED,
    ),
)
async def create_token(
    request: Request,
    client_address: ClientAddressDep,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
    ring: KeyRingDep,
    form: Annotated[CreateTokenForm, Form()],
) -> TokenResponse:
    if form.grant_type == "password":
        if not form.username or not form.password:
            raise ProblemError(problems.INVALID_CREDENTIALS)
        return await service.password_grant(
            session,
            email=form.username,
            password=form.password,
            client_address=client_address,
            settings=settings,
            ring=ring,
            now=clock.now(),
        )
    client_id, client_secret = form.client_id, form.client_secret
    basic = service.client_from_basic(request.headers.get("authorization"))
    if basic is not None:
        client_id, client_secret = basic
    if not client_id or not client_secret:
        raise ProblemError(problems.INVALID_CLIENT, headers={"WWW-Authenticate": "Basic"})
    return await service.client_credentials_grant(
        session,
        client_id=client_id,
        client_secret=client_secret,
        settings=settings,
        ring=ring,
        now=clock.now(),
    )


@router.post(
    "/v1/auth/refresh",
    operation_id="refreshToken",
    summary="Exchange a refresh token for new tokens (the old one is spent)",
    responses=problem_responses(problems.INVALID_REFRESH_TOKEN, problems.VALIDATION_FAILED),
)
async def refresh_token(
    body: RefreshRequest,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
    ring: KeyRingDep,
) -> TokenResponse:
    return await service.refresh(
        session,
        refresh_token=body.refresh_token,
        settings=settings,
        ring=ring,
        now=clock.now(),
    )


@router.post(
    "/v1/auth/logout",
    operation_id="logout",
    summary="Sign out: the refresh token and its whole family stop working",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(problems.VALIDATION_FAILED),
)
async def logout(body: RefreshRequest, session: SessionDep, clock: ClockDep) -> None:
    await service.logout(session, refresh_token=body.refresh_token, now=clock.now())


@router.post(
    "/v1/auth/password-reset",
    operation_id="requestPasswordReset",
    summary="Mail a password-reset link (always answers 202)",
    description="A few links per address and per client in a while "
    "(`MYPAGE_MAIL_PER_ADDRESS`, `MYPAGE_MAIL_PER_CLIENT`); beyond that the request is "
    "answered the same and no mail is sent.",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(problems.VALIDATION_FAILED),
)
async def request_password_reset(
    body: PasswordResetRequest,
    client_address: ClientAddressDep,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> Accepted:
    await service.request_password_reset(
        session, email=body.email, client=client_address, settings=settings, now=clock.now()
    )
    return Accepted(message=RESET_ACCEPTED)


@router.post(
    "/v1/auth/password-reset/confirm",
    operation_id="confirmPasswordReset",
    summary="Set a new password with the mailed token; every session ends",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(
        problems.INVALID_LINK, problems.WEAK_PASSWORD, problems.VALIDATION_FAILED
    ),
)
async def confirm_password_reset(
    body: PasswordResetConfirm, session: SessionDep, settings: SettingsDep, clock: ClockDep
) -> None:
    await service.confirm_password_reset(
        session,
        token=body.token,
        new_password=body.new_password,
        settings=settings,
        now=clock.now(),
    )


@router.put(
    "/v1/me/password",
    operation_id="changePassword",
    summary="Change the signed-in account's password; every session ends",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(
        *AUTH_PROBLEMS,
        problems.WRONG_PASSWORD,
        problems.WEAK_PASSWORD,
        problems.VALIDATION_FAILED,
    ),
)
async def change_password(
    body: PasswordChange, account: CurrentAccount, session: SessionDep, clock: ClockDep
) -> None:
    await service.change_password(
        session, account, current=body.current_password, new=body.new_password, now=clock.now()
    )


router.include_router(token_router)
