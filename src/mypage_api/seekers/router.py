from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from mypage_api import audit, problems
from mypage_api.auth.dependencies import AUTH_PROBLEMS, CurrentSeeker
from mypage_api.clock import today
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep
from mypage_api.documents import service as documents
from mypage_api.documents.http import FileActionsDep, StoreDep
from mypage_api.errors import problem_responses
from mypage_api.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from mypage_api.printouts.http import AcceptHeader, pdf_alternative, pdf_response, wants_pdf
from mypage_api.printouts.reception_slip import ReceptionSlip, render_reception_slip_pdf
from mypage_api.profiles.schemas import ProfileDraft, Sharing
from mypage_api.registrations.guard import ACTIVE_PROBLEMS, ActiveSeeker
from mypage_api.seekers import export, printouts, profile, service
from mypage_api.seekers.printouts import QrFormat
from mypage_api.seekers.schemas import Me, MyData, ProfileRead, Withdrawal

router = APIRouter(prefix="/v1/me", tags=["my page"])


@router.get(
    "",
    operation_id="getMe",
    summary="The signed-in seeker's account",
    responses=problem_responses(*AUTH_PROBLEMS),
)
async def get_me(seeker: CurrentSeeker, session: SessionDep) -> Me:
    return await service.me(session, seeker)


@router.delete(
    "",
    operation_id="withdraw",
    summary="Withdraw (退会): erase personal data and end every session",
    description="Needs the current password. The seeker number is never given to anyone "
    "else; what is kept and why is in docs/decisions.md.",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(
        *AUTH_PROBLEMS, problems.WRONG_PASSWORD, problems.VALIDATION_FAILED
    ),
)
async def withdraw(
    body: Withdrawal,
    seeker: CurrentSeeker,
    session: SessionDep,
    actions: FileActionsDep,
    store: StoreDep,
    clock: ClockDep,
) -> None:
    await service.withdraw(session, seeker, password=body.password, now=clock.now())
    await documents.erase_all(session, store, actions, seeker)


@router.get(
    "/profile",
    operation_id="getProfile",
    summary="The registered profile (求職者情報), with warnings",
    responses=problem_responses(*AUTH_PROBLEMS),
)
async def get_profile(seeker: CurrentSeeker, clock: ClockDep) -> ProfileRead:
    return profile.read(seeker, today=today(clock))


@router.patch(
    "/profile",
    operation_id="updateProfile",
    summary="Change the profile (JSON Merge Patch over its sections)",
    description="The result passes the same checks as sign-up. The date of birth is "
    "changed at the counter (`change-at-counter`).",
    responses=problem_responses(
        *ACTIVE_PROBLEMS,
        problems.CHANGE_AT_COUNTER,
        problems.INELIGIBLE,
        problems.PROFILE_INCOMPLETE,
        problems.VALIDATION_FAILED,
    ),
)
async def update_profile(
    body: ProfileDraft, seeker: ActiveSeeker, session: SessionDep, clock: ClockDep
) -> ProfileRead:
    return await profile.patch(session, seeker, body, today=today(clock))


@router.put(
    "/disclosure",
    operation_id="setDisclosure",
    summary="Disclosure to employers (求職公開) and sharing with partners (求職情報提供)",
    responses=problem_responses(*ACTIVE_PROBLEMS, problems.VALIDATION_FAILED),
)
async def set_disclosure(body: Sharing, seeker: ActiveSeeker, session: SessionDep) -> Sharing:
    return await profile.set_sharing(session, seeker, body)


@router.get(
    "/export",
    operation_id="exportMyData",
    summary="Everything held about the signed-in seeker, as one JSON document",
    responses=problem_responses(*AUTH_PROBLEMS),
)
async def export_my_data(seeker: CurrentSeeker, session: SessionDep, clock: ClockDep) -> MyData:
    return await export.export(session, seeker, now=clock.now())


@router.get(
    "/access-log",
    operation_id="getAccessLog",
    summary="Who at Hello Work read or changed my data, newest first",
    responses=problem_responses(
        *AUTH_PROBLEMS, problems.INVALID_CURSOR, problems.VALIDATION_FAILED
    ),
)
async def access_log(
    seeker: CurrentSeeker,
    session: SessionDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[audit.AccessLogRead]:
    return await audit.entries(session, seeker, cursor=cursor, limit=limit)


@router.get(
    "/qr-code",
    operation_id="getQrCode",
    summary="The seeker number as a QR code (2次元バーコード) to show at the counter",
    response_class=Response,
    responses={
        200: {
            "content": {"image/png": {}, "image/svg+xml": {}},
            "description": "The QR code of the seeker number.",
        },
        **problem_responses(*AUTH_PROBLEMS, problems.VALIDATION_FAILED),
    },
)
async def qr_code(
    seeker: CurrentSeeker,
    image_format: Annotated[
        QrFormat, Query(alias="format", description="The image format: `svg` or `png`.")
    ] = QrFormat.svg,
) -> Response:
    content, media_type = printouts.qr_code(seeker, image_format)
    return Response(content, media_type=media_type, headers={"Cache-Control": "private, no-store"})


@router.get(
    "/reception-slip",
    operation_id="getReceptionSlip",
    summary="ハローワーク受付票: JSON, or a PDF with `Accept: application/pdf`",
    response_model=ReceptionSlip,
    responses={
        **pdf_alternative("The reception slip."),
        **problem_responses(*AUTH_PROBLEMS, problems.HELLOWORK_USERS_ONLY),
    },
)
async def reception_slip(
    seeker: CurrentSeeker,
    session: SessionDep,
    clock: ClockDep,
    accept: AcceptHeader = None,
) -> ReceptionSlip | Response:
    slip = await printouts.reception_slip(session, seeker, today=today(clock))
    if wants_pdf(accept):
        return pdf_response(render_reception_slip_pdf(slip), "reception-slip.pdf")
    return slip
