from fastapi import APIRouter, status

from mypage_api import problems
from mypage_api.applications import service as applications
from mypage_api.applications.schemas import ApplicationDetail, OfferApplication
from mypage_api.auth.dependencies import AUTH_PROBLEMS, CurrentEmployer
from mypage_api.clock import today
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep, SettingsDep
from mypage_api.direct_requests import service
from mypage_api.direct_requests.schemas import (
    BlockRead,
    RequestCreate,
    RequestRead,
    RequestSent,
)
from mypage_api.disclosed import service as disclosed
from mypage_api.disclosed.dependencies import EmployerViewer, SeekerFiltersDep
from mypage_api.disclosed.schemas import DisclosedSeeker
from mypage_api.disclosed.service import Viewer
from mypage_api.errors import problem_responses
from mypage_api.jobs.schemas import JobNumberPath
from mypage_api.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from mypage_api.registrations.guard import ACTIVE_PROBLEMS, ActiveSeeker
from mypage_api.types import EmployerId, PartnerId, RequestId

employer_router = APIRouter(prefix="/v1/employer", tags=["employer"])
seeker_router = APIRouter(prefix="/v1/me", tags=["requests"])

OWN_REQUEST = (*ACTIVE_PROBLEMS, problems.REQUEST_NOT_FOUND, problems.VALIDATION_FAILED)
LISTED = (problems.INVALID_CURSOR, problems.VALIDATION_FAILED)


@employer_router.get(
    "/seekers",
    operation_id="browseDisclosedSeekers",
    summary="Disclosed seekers (求職公開), anonymised (R16)",
    responses=problem_responses(
        *AUTH_PROBLEMS, problems.INVALID_CURSOR, problems.VALIDATION_FAILED
    ),
)
async def browse(
    viewer: EmployerViewer, filters: SeekerFiltersDep, session: SessionDep, clock: ClockDep
) -> Page[DisclosedSeeker]:
    return await disclosed.browse(session, viewer, filters, today=today(clock))


@employer_router.post(
    "/jobs/{job_number}/requests",
    operation_id="sendDirectRequest",
    summary="Ask a disclosed seeker to apply (直接リクエスト): 10 seekers per job, once each",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        *AUTH_PROBLEMS,
        problems.JOB_NOT_FOUND,
        problems.JOB_CLOSED,
        problems.ONLINE_APPLICATIONS_NOT_ACCEPTED,
        problems.SEEKER_REF_NOT_FOUND,
        problems.BLOCKED,
        problems.ALREADY_REQUESTED,
        problems.REQUEST_LIMIT,
        problems.VALIDATION_FAILED,
    ),
)
async def send_request(
    job_number: JobNumberPath,
    body: RequestCreate,
    employer: CurrentEmployer,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> RequestSent:
    return await service.send(
        session,
        employer,
        job_number,
        seeker_ref=body.seeker_ref,
        message=body.message,
        settings=settings,
        today=today(clock),
        now=clock.now(),
    )


@seeker_router.get(
    "/requests",
    operation_id="listRequests",
    summary="Requests from employers (求人者からのリクエスト求人), newest first",
    responses=problem_responses(*ACTIVE_PROBLEMS, *LISTED),
)
async def list_requests(
    seeker: ActiveSeeker,
    session: SessionDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[RequestRead]:
    return await service.received(session, seeker, cursor=cursor, limit=limit)


@seeker_router.get(
    "/requests/{request_id}",
    operation_id="getRequest",
    summary="A request: the job and the employer's message",
    responses=problem_responses(*OWN_REQUEST),
)
async def get_request(
    request_id: RequestId, seeker: ActiveSeeker, session: SessionDep, clock: ClockDep
) -> RequestRead:
    return await service.one(session, seeker, request_id, today=today(clock))


@seeker_router.post(
    "/requests/{request_id}/apply",
    operation_id="applyToRequest",
    summary="Apply to the requested job (an online self-application)",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        *OWN_REQUEST,
        problems.REQUEST_ANSWERED,
        problems.JOB_UNAVAILABLE,
        problems.ONLINE_APPLICATIONS_NOT_ACCEPTED,
        problems.ALREADY_APPLIED,
        problems.DOCUMENT_NOT_FOUND,
    ),
)
async def apply_to_request(
    request_id: RequestId,
    body: OfferApplication,
    seeker: ActiveSeeker,
    session: SessionDep,
    clock: ClockDep,
) -> ApplicationDetail:
    application = await service.apply(
        session,
        seeker,
        request_id,
        motivation=body.motivation,
        document_ids=body.document_ids,
        today=today(clock),
        now=clock.now(),
    )
    return await applications.detail(session, seeker, application.id, today(clock))


@seeker_router.post(
    "/requests/{request_id}/decline",
    operation_id="declineRequest",
    summary="Decline a request (辞退)",
    responses=problem_responses(*OWN_REQUEST, problems.REQUEST_ANSWERED),
)
async def decline_request(
    request_id: RequestId, seeker: ActiveSeeker, session: SessionDep, clock: ClockDep
) -> RequestRead:
    return await service.decline(session, seeker, request_id, today=today(clock), now=clock.now())


@seeker_router.get(
    "/blocks",
    operation_id="listBlocks",
    summary="Employers and partners the seeker blocks, in the order blocked",
    responses=problem_responses(*ACTIVE_PROBLEMS, *LISTED),
)
async def list_blocks(
    seeker: ActiveSeeker,
    session: SessionDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[BlockRead]:
    return await service.blocks(session, seeker, cursor=cursor, limit=limit)


@seeker_router.put(
    "/blocks/employers/{employer_id}",
    operation_id="blockEmployer",
    summary="Block an employer: no more requests or messages from it (idempotent)",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(
        *ACTIVE_PROBLEMS, problems.EMPLOYER_NOT_FOUND, problems.VALIDATION_FAILED
    ),
)
async def block_employer(
    employer_id: EmployerId, seeker: ActiveSeeker, session: SessionDep, clock: ClockDep
) -> None:
    await service.block(session, seeker, Viewer(employer_id=employer_id), now=clock.now())


@seeker_router.delete(
    "/blocks/employers/{employer_id}",
    operation_id="unblockEmployer",
    summary="Lift a block (idempotent)",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*ACTIVE_PROBLEMS, problems.VALIDATION_FAILED),
)
async def unblock_employer(
    employer_id: EmployerId, seeker: ActiveSeeker, session: SessionDep
) -> None:
    await service.unblock(session, seeker, Viewer(employer_id=employer_id))


@seeker_router.put(
    "/blocks/partners/{partner_id}",
    operation_id="blockPartner",
    summary="Block a partner (求職情報提供先): no more messages from it (idempotent)",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(
        *ACTIVE_PROBLEMS, problems.PARTNER_NOT_FOUND, problems.VALIDATION_FAILED
    ),
)
async def block_partner(
    partner_id: PartnerId, seeker: ActiveSeeker, session: SessionDep, clock: ClockDep
) -> None:
    await service.block(session, seeker, Viewer(partner_id=partner_id), now=clock.now())


@seeker_router.delete(
    "/blocks/partners/{partner_id}",
    operation_id="unblockPartner",
    summary="Lift a partner's block (idempotent)",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*ACTIVE_PROBLEMS, problems.VALIDATION_FAILED),
)
async def unblock_partner(partner_id: PartnerId, seeker: ActiveSeeker, session: SessionDep) -> None:
    await service.unblock(session, seeker, Viewer(partner_id=partner_id))
