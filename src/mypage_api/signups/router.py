from typing import Annotated

from fastapi import APIRouter, Path, status

from mypage_api import problems
from mypage_api.accepted import SIGNUP_ACCEPTED, Accepted
from mypage_api.clock import today
from mypage_api.db import SessionDep
from mypage_api.deps import ClientAddressDep, ClockDep, SettingsDep
from mypage_api.errors import problem_responses
from mypage_api.profiles.schemas import ProfileDraft
from mypage_api.seekers.schemas import Registered
from mypage_api.seekers.service import registered
from mypage_api.signups import service
from mypage_api.signups.schemas import (
    Activation,
    ConsentVersions,
    SignupDraft,
    SignupStart,
    SignupSubmit,
)

router = APIRouter(tags=["sign-up"])

SignupToken = Annotated[
    str, Path(min_length=1, max_length=200, description="The token of the mailed link.")
]


@router.get(
    "/v1/consent-versions",
    operation_id="getConsentVersions",
    summary="The current versions of the terms of use and the privacy policy",
)
async def consent_versions(settings: SettingsDep) -> ConsentVersions:
    return ConsentVersions(
        terms_version=settings.terms_version, privacy_version=settings.privacy_version
    )


@router.post(
    "/v1/signups",
    operation_id="startSignup",
    summary="Start opening a My Page online: mail a verification link (always 202)",
    description="A few links per address and per client in a while "
    "(`MYPAGE_MAIL_PER_ADDRESS`, `MYPAGE_MAIL_PER_CLIENT`); beyond that the request is "
    "answered the same and no mail is sent.",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(problems.VALIDATION_FAILED),
)
async def start_signup(
    body: SignupStart,
    client_address: ClientAddressDep,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> Accepted:
    await service.start(
        session, email=body.email, client=client_address, settings=settings, now=clock.now()
    )
    return Accepted(message=SIGNUP_ACCEPTED)


@router.get(
    "/v1/signups/{token}",
    operation_id="getSignup",
    summary="The sign-up saved so far, with blocking errors and warnings per section",
    responses=problem_responses(problems.INVALID_LINK, problems.VALIDATION_FAILED),
)
async def get_signup(token: SignupToken, session: SessionDep, clock: ClockDep) -> SignupDraft:
    return await service.read(session, token, today=today(clock), now=clock.now())


@router.put(
    "/v1/signups/{token}/draft",
    operation_id="saveSignupDraft",
    summary="Save the registration profile as a draft (part-way is fine)",
    responses=problem_responses(problems.INVALID_LINK, problems.VALIDATION_FAILED),
)
async def save_draft(
    token: SignupToken, body: ProfileDraft, session: SessionDep, clock: ClockDep
) -> SignupDraft:
    return await service.save_draft(session, token, body, today=today(clock), now=clock.now())


@router.post(
    "/v1/signups/{token}/submit",
    operation_id="submitSignup",
    summary="Submit the profile with a password and consents: the My Page opens",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        problems.INVALID_LINK,
        problems.CONSENT_REQUIRED,
        problems.INELIGIBLE,
        problems.PROFILE_INCOMPLETE,
        problems.WEAK_PASSWORD,
        problems.NO_OFFICE_FOR_ADDRESS,
        problems.EMAIL_TAKEN,
        problems.VALIDATION_FAILED,
    ),
)
async def submit_signup(
    token: SignupToken,
    body: SignupSubmit,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> Registered:
    seeker = await service.submit(
        session,
        token,
        password=body.password,
        consents=body.consents,
        settings=settings,
        today=today(clock),
        now=clock.now(),
    )
    return await registered(session, seeker)


@router.post(
    "/v1/activations",
    operation_id="activateAccount",
    summary="Open a My Page registered at the counter: set the password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(
        problems.INVALID_LINK,
        problems.CONSENT_REQUIRED,
        problems.WEAK_PASSWORD,
        problems.VALIDATION_FAILED,
    ),
)
async def activate(
    body: Activation, session: SessionDep, settings: SettingsDep, clock: ClockDep
) -> None:
    await service.activate(
        session,
        token=body.token,
        password=body.password,
        consents=body.consents,
        settings=settings,
        now=clock.now(),
    )
