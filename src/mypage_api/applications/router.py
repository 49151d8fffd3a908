from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status
from fastapi.responses import StreamingResponse

from mypage_api import problems
from mypage_api.applications import employer as employer_side
from mypage_api.applications import referrals, service
from mypage_api.applications.schemas import (
    ApplicationCreate,
    ApplicationDetail,
    ApplicationRead,
    CounterReferral,
    EmployerApplication,
    ListName,
    OfferApplication,
    OfferCreate,
    OfferRead,
    ReferralLetter,
    ResultCreate,
)
from mypage_api.auth.dependencies import AUTH_PROBLEMS, CurrentEmployer, CurrentStaff
from mypage_api.clock import today
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep, SettingsDep
from mypage_api.documents.http import DOWNLOAD, StoreDep, download
from mypage_api.documents.service import open_attached
from mypage_api.errors import problem_responses
from mypage_api.jobs.schemas import JobNumberPath, JobRead
from mypage_api.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from mypage_api.printouts.http import AcceptHeader, pdf_alternative, pdf_response, wants_pdf
from mypage_api.printouts.referral_letter import LetterText, render_referral_letter_pdf
from mypage_api.registrations.guard import ACTIVE_PROBLEMS, ActiveSeeker
from mypage_api.rules.applications import ApplicationList
from mypage_api.seekers.schemas import SeekerNumber
from mypage_api.types import ApplicationId, DocumentId, OfferId

seeker_router = APIRouter(prefix="/v1/me", tags=["applications"])
staff_router = APIRouter(prefix="/v1/staff/seekers", tags=["staff"])
employer_router = APIRouter(prefix="/v1/employer", tags=["employer"])

OWN_APPLICATION = (*ACTIVE_PROBLEMS, problems.APPLICATION_NOT_FOUND, problems.VALIDATION_FAILED)


@seeker_router.post(
    "/applications",
    operation_id="applyOnline",
    summary="Apply online to a job (オンライン自主応募, R15): not a Hello Work referral",
    description="Send an `Idempotency-Key` header to make retries safe: the same key answers "
    "the first application. In the month the registration ends, it extends it (R2).",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        *ACTIVE_PROBLEMS,
        problems.JOB_NOT_FOUND,
        problems.JOB_UNAVAILABLE,
        problems.ONLINE_APPLICATIONS_NOT_ACCEPTED,
        problems.ALREADY_APPLIED,
        problems.DOCUMENT_NOT_FOUND,
        problems.VALIDATION_FAILED,
    ),
)
async def apply_online(
    body: ApplicationCreate,
    seeker: ActiveSeeker,
    session: SessionDep,
    clock: ClockDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            max_length=100,
            description="A key of the client's choosing; a retry with the same key answers "
            "the first application instead of applying twice.",
        ),
    ] = None,
) -> ApplicationDetail:
    application = await service.apply_online(
        session,
        seeker,
        body.job_number,
        motivation=body.motivation,
        idempotency_key=idempotency_key,
        today=today(clock),
        now=clock.now(),
        document_ids=body.document_ids,
    )
    return await service.detail(session, seeker, application.id, today(clock))


@seeker_router.get(
    "/applications",
    operation_id="listApplications",
    summary="Applications: applying or finished (R8)",
    responses=problem_responses(
        *ACTIVE_PROBLEMS, problems.INVALID_CURSOR, problems.VALIDATION_FAILED
    ),
)
async def list_applications(
    seeker: ActiveSeeker,
    session: SessionDep,
    clock: ClockDep,
    which: Annotated[
        ListName,
        Query(
            alias="list",
            description="`applying`: selection under way; `finished`: selection ended (R8).",
        ),
    ] = ApplicationList.applying,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[ApplicationRead]:
    return await service.list_own(
        session, seeker, which, today=today(clock), cursor=cursor, limit=limit
    )


@seeker_router.get(
    "/applications/{application_id}",
    operation_id="getApplication",
    summary="An application and, for online ones, what was sent (R11)",
    responses=problem_responses(*OWN_APPLICATION),
)
async def get_application(
    application_id: ApplicationId, seeker: ActiveSeeker, session: SessionDep, clock: ClockDep
) -> ApplicationDetail:
    return await service.detail(session, seeker, application_id, today(clock))


@seeker_router.get(
    "/applications/{application_id}/posting",
    operation_id="getApplicationPosting",
    summary="The posting as it stood when applying (R10)",
    responses=problem_responses(*OWN_APPLICATION),
)
async def get_posting(
    application_id: ApplicationId, seeker: ActiveSeeker, session: SessionDep
) -> JobRead:
    application, _, _ = await service.own_application(session, seeker, application_id)
    return JobRead.model_validate(application.posting)


@seeker_router.get(
    "/applications/{application_id}/referral-letter",
    operation_id="getReferralLetter",
    summary="紹介状（本人控え）, with the result once registered (R13); PDF on request",
    response_model=ReferralLetter,
    responses={
        **pdf_alternative("The referral letter."),
        **problem_responses(*OWN_APPLICATION, problems.NO_REFERRAL_LETTER),
    },
)
async def get_referral_letter(
    application_id: ApplicationId,
    seeker: ActiveSeeker,
    session: SessionDep,
    clock: ClockDep,
    accept: AcceptHeader = None,
) -> ReferralLetter | Response:
    letter = await service.referral_letter(session, seeker, application_id)
    if wants_pdf(accept):
        pdf = render_referral_letter_pdf(
            LetterText(**letter.model_dump(exclude={"kind", "application_id"})),
            issued_on=today(clock),
        )
        return pdf_response(pdf, "referral-letter.pdf")
    return letter


@seeker_router.get(
    "/applications/{application_id}/documents/{document_id}",
    operation_id="downloadSentDocument",
    summary="Download a document as it was sent with an online application (R11)",
    response_class=StreamingResponse,
    responses={**DOWNLOAD, **problem_responses(*OWN_APPLICATION, problems.DOCUMENT_NOT_FOUND)},
)
async def download_sent_document(
    application_id: ApplicationId,
    document_id: DocumentId,
    seeker: ActiveSeeker,
    session: SessionDep,
    store: StoreDep,
) -> StreamingResponse:
    application, _, _ = await service.own_application(session, seeker, application_id)
    return download(*await open_attached(session, store, application.id, document_id))


@seeker_router.post(
    "/applications/{application_id}/cancel",
    operation_id="cancelApplication",
    summary="Cancel an online application within 24 hours (R12)",
    responses=problem_responses(
        *OWN_APPLICATION,
        problems.CANCELLATION_WINDOW_CLOSED,
        problems.COUNTER_REFERRAL_NOT_CANCELLABLE,
        problems.APPLICATION_FINISHED,
    ),
)
async def cancel_application(
    application_id: ApplicationId,
    seeker: ActiveSeeker,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> ApplicationRead:
    return await service.cancel(
        session, seeker, application_id, settings=settings, today=today(clock), now=clock.now()
    )


@seeker_router.get(
    "/referral-offers",
    operation_id="listReferralOffers",
    summary="Online referral offers still open to apply to (R14), newest first",
    responses=problem_responses(
        *ACTIVE_PROBLEMS, problems.INVALID_CURSOR, problems.VALIDATION_FAILED
    ),
)
async def list_offers(
    seeker: ActiveSeeker,
    session: SessionDep,
    clock: ClockDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[OfferRead]:
    return await referrals.open_offers(
        session, seeker, today=today(clock), cursor=cursor, limit=limit
    )


@seeker_router.post(
    "/referral-offers/{offer_id}/apply",
    operation_id="applyToReferralOffer",
    summary="Apply through an online Hello Work referral: a referral letter is issued",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        *ACTIVE_PROBLEMS,
        problems.OFFER_NOT_FOUND,
        problems.HELLOWORK_USERS_ONLY,
        problems.ALREADY_APPLIED,
        problems.JOB_UNAVAILABLE,
        problems.DOCUMENT_NOT_FOUND,
        problems.VALIDATION_FAILED,
    ),
)
async def apply_to_offer(
    offer_id: OfferId,
    body: OfferApplication,
    seeker: ActiveSeeker,
    session: SessionDep,
    clock: ClockDep,
) -> ApplicationDetail:
    application = await referrals.apply_to_offer(
        session,
        seeker,
        offer_id,
        motivation=body.motivation,
        document_ids=body.document_ids,
        today=today(clock),
        now=clock.now(),
    )
    return await service.detail(session, seeker, application.id, today(clock))


STAFF_SEEKER = (*AUTH_PROBLEMS, problems.SEEKER_NOT_FOUND, problems.VALIDATION_FAILED)


@staff_router.post(
    "/{seeker_number}/referral-offers",
    operation_id="offerReferral",
    summary="Offer a Hello Work user a job to apply to online (R14)",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        *STAFF_SEEKER,
        problems.HELLOWORK_USERS_ONLY,
        problems.JOB_NOT_FOUND,
        problems.JOB_UNAVAILABLE,
        problems.APPLY_BY_INVALID,
    ),
)
async def offer_referral(
    seeker_number: SeekerNumber,
    body: OfferCreate,
    staff: CurrentStaff,
    session: SessionDep,
    clock: ClockDep,
) -> OfferRead:
    return await referrals.offer(
        session, staff, seeker_number, body, today=today(clock), now=clock.now()
    )


@staff_router.post(
    "/{seeker_number}/referrals",
    operation_id="referAtCounter",
    summary="Refer the seeker to a job at the counter: a referral letter is issued (R13)",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        *STAFF_SEEKER, problems.JOB_NOT_FOUND, problems.JOB_UNAVAILABLE, problems.ALREADY_APPLIED
    ),
)
async def refer_at_counter(
    seeker_number: SeekerNumber,
    body: CounterReferral,
    staff: CurrentStaff,
    session: SessionDep,
    clock: ClockDep,
) -> ApplicationRead:
    return await referrals.refer_at_counter(
        session, staff, seeker_number, body.job_number, today=today(clock), now=clock.now()
    )


@employer_router.get(
    "/jobs/{job_number}/applications",
    operation_id="listJobApplications",
    summary="The applicants of one of the employer's jobs, newest first",
    responses=problem_responses(
        *AUTH_PROBLEMS, problems.JOB_NOT_FOUND, problems.INVALID_CURSOR, problems.VALIDATION_FAILED
    ),
)
async def list_job_applications(
    job_number: JobNumberPath,
    employer: CurrentEmployer,
    session: SessionDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[EmployerApplication]:
    return await employer_side.for_job(session, employer, job_number, cursor=cursor, limit=limit)


@employer_router.get(
    "/applications/{application_id}",
    operation_id="getEmployerApplication",
    summary="One application to one of the employer's jobs",
    responses=problem_responses(
        *AUTH_PROBLEMS, problems.APPLICATION_NOT_FOUND, problems.VALIDATION_FAILED
    ),
)
async def get_employer_application(
    application_id: ApplicationId, employer: CurrentEmployer, session: SessionDep
) -> EmployerApplication:
    return await employer_side.one(session, employer, application_id)


@employer_router.get(
    "/applications/{application_id}/documents/{document_id}",
    operation_id="downloadApplicationDocument",
    summary="Download a document the applicant sent with the application",
    response_class=StreamingResponse,
    responses={
        **DOWNLOAD,
        **problem_responses(
            *AUTH_PROBLEMS,
            problems.APPLICATION_NOT_FOUND,
            problems.DOCUMENT_NOT_FOUND,
            problems.VALIDATION_FAILED,
        ),
    },
)
async def download_application_document(
    application_id: ApplicationId,
    document_id: DocumentId,
    employer: CurrentEmployer,
    session: SessionDep,
    store: StoreDep,
) -> StreamingResponse:
    return download(
        *await employer_side.open_document(session, store, employer, application_id, document_id)
    )


@employer_router.post(
    "/applications/{application_id}/selection-result",
    operation_id="registerSelectionResult",
    summary="Register the selection result: the application finishes (R8, R13)",
    responses=problem_responses(
        *AUTH_PROBLEMS,
        problems.APPLICATION_NOT_FOUND,
        problems.RESULT_ALREADY_REGISTERED,
        problems.VALIDATION_FAILED,
    ),
)
async def register_result(
    application_id: ApplicationId,
    body: ResultCreate,
    employer: CurrentEmployer,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> EmployerApplication:
    return await employer_side.register_result(
        session, employer, application_id, body, settings=settings, now=clock.now()
    )
