from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status

from mypage_api import problems
from mypage_api.auth.dependencies import (
    AUTH_PROBLEMS,
    CurrentEmployer,
    CurrentPartner,
    CurrentStaff,
)
from mypage_api.clock import today
from mypage_api.db import SessionDep
from mypage_api.deps import ClockDep, SettingsDep
from mypage_api.disclosed import service as disclosed
from mypage_api.disclosed.dependencies import (
    PartnerViewer,
    SeekerFiltersDep,
    employer_viewer,
    partner_viewer,
)
from mypage_api.disclosed.schemas import DisclosedSeeker
from mypage_api.disclosed.service import Viewer
from mypage_api.errors import problem_responses
from mypage_api.messages import counterparts, notices, service
from mypage_api.messages.schemas import (
    CounterpartMessage,
    CounterpartThread,
    Folder,
    MessageCreate,
    MessageRead,
    NoticeCreate,
    NoticeSent,
    PartnerMessageCreate,
    ThreadRead,
)
from mypage_api.pagination import DEFAULT_LIMIT, CursorQuery, LimitQuery, Page
from mypage_api.registrations.guard import ACTIVE_PROBLEMS, ActiveSeeker
from mypage_api.types import MessageId, ThreadId

seeker_router = APIRouter(prefix="/v1/me", tags=["messages"])
employer_router = APIRouter(prefix="/v1/employer", tags=["employer"])
partner_router = APIRouter(prefix="/v1/partner", tags=["partner"])
staff_router = APIRouter(prefix="/v1/staff", tags=["staff"])

LISTED = (problems.INVALID_CURSOR, problems.VALIDATION_FAILED)
OWN_THREAD = (*ACTIVE_PROBLEMS, problems.THREAD_NOT_FOUND, *LISTED)
OWN_MESSAGE = (*ACTIVE_PROBLEMS, problems.MESSAGE_NOT_FOUND, problems.VALIDATION_FAILED)
THEIR_THREAD = (*AUTH_PROBLEMS, problems.THREAD_NOT_FOUND, *LISTED)
SEND_REFUSALS = (problems.MESSAGING_CLOSED, problems.NO_EMPLOYER_MYPAGE)


# The seeker ----------------------------------------------------------------------------------


@seeker_router.get(
    "/threads",
    operation_id="listThreads",
    summary="Conversations: applications, direct requests, partners, Hello Work notices",
    responses=problem_responses(*ACTIVE_PROBLEMS, *LISTED),
)
async def list_threads(
    seeker: ActiveSeeker,
    session: SessionDep,
    clock: ClockDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[ThreadRead]:
    return await service.threads(session, seeker, now=clock.now(), cursor=cursor, limit=limit)


@seeker_router.get(
    "/threads/{thread_id}/messages",
    operation_id="listThreadMessages",
    summary="A conversation's messages, newest first (those shown become read)",
    responses=problem_responses(*OWN_THREAD),
)
async def list_thread_messages(
    thread_id: ThreadId,
    seeker: ActiveSeeker,
    session: SessionDep,
    clock: ClockDep,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[MessageRead]:
    return await service.thread_messages(
        session, seeker, thread_id, now=clock.now(), cursor=cursor, limit=limit
    )


@seeker_router.post(
    "/threads/{thread_id}/messages",
    operation_id="sendMessage",
    summary="Answer in a conversation (R9: not in notices, not after the cutoff)",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        *OWN_THREAD, *SEND_REFUSALS, problems.NOTICE_RECEIVE_ONLY, problems.SENDER_BLOCKED
    ),
)
async def send_message(
    thread_id: ThreadId,
    body: MessageCreate,
    seeker: ActiveSeeker,
    session: SessionDep,
    clock: ClockDep,
) -> MessageRead:
    return await service.send(session, seeker, thread_id, body.body, now=clock.now())


@seeker_router.get(
    "/messages",
    operation_id="listMessages",
    summary="Messages across conversations: inbox, sent or favourites, newest first",
    responses=problem_responses(*ACTIVE_PROBLEMS, *LISTED),
)
async def list_messages(
    seeker: ActiveSeeker,
    session: SessionDep,
    clock: ClockDep,
    folder: Annotated[
        Folder, Query(description="`inbox` (received), `sent` or `favorites`.")
    ] = Folder.inbox,
    cursor: CursorQuery = None,
    limit: LimitQuery = DEFAULT_LIMIT,
) -> Page[MessageRead]:
    return await service.folder(
        session, seeker, folder, now=clock.now(), cursor=cursor, limit=limit
    )


@seeker_router.get(
    "/messages/{message_id}",
    operation_id="getMessage",
    summary="One message; it is read from then on",
    responses=problem_responses(*OWN_MESSAGE),
)
async def get_message(
    message_id: MessageId, seeker: ActiveSeeker, session: SessionDep, clock: ClockDep
) -> MessageRead:
    return await service.read(session, seeker, message_id, now=clock.now())


@seeker_router.put(
    "/messages/{message_id}/favorite",
    operation_id="favoriteMessage",
    summary="Mark a message as a favourite (idempotent)",
    responses=problem_responses(*OWN_MESSAGE),
)
async def favorite_message(
    message_id: MessageId, seeker: ActiveSeeker, session: SessionDep, clock: ClockDep
) -> MessageRead:
    return await service.set_favorite(session, seeker, message_id, True, now=clock.now())


@seeker_router.delete(
    "/messages/{message_id}/favorite",
    operation_id="unfavoriteMessage",
    summary="Unmark a favourite (idempotent)",
    responses=problem_responses(*OWN_MESSAGE),
)
async def unfavorite_message(
    message_id: MessageId, seeker: ActiveSeeker, session: SessionDep, clock: ClockDep
) -> MessageRead:
    return await service.set_favorite(session, seeker, message_id, False, now=clock.now())


@seeker_router.delete(
    "/messages/{message_id}",
    operation_id="deleteMessage",
    summary="Delete a message from the seeker's views",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(*OWN_MESSAGE),
)
async def delete_message(
    message_id: MessageId, seeker: ActiveSeeker, session: SessionDep, clock: ClockDep
) -> None:
    await service.delete(session, seeker, message_id, now=clock.now())


# Employers and partners ----------------------------------------------------------------------


def add_thread_views(router: APIRouter, viewer_dependency: Any, who: str) -> None:
    """The thread views employers and partners share: their threads, and one thread's
    messages (reading marks the seeker's messages read for them)."""
    CurrentViewer = Annotated[Viewer, Depends(viewer_dependency)]

    @router.get(
        "/threads",
        operation_id=f"list{who}Threads",
        summary="Conversations with seekers, the most recently active first",
        responses=problem_responses(*AUTH_PROBLEMS, *LISTED),
    )
    async def list_threads(
        viewer: CurrentViewer,
        session: SessionDep,
        clock: ClockDep,
        cursor: CursorQuery = None,
        limit: LimitQuery = DEFAULT_LIMIT,
    ) -> Page[CounterpartThread]:
        return await counterparts.threads(
            session, viewer, now=clock.now(), cursor=cursor, limit=limit
        )

    @router.get(
        "/threads/{thread_id}/messages",
        operation_id=f"list{who}ThreadMessages",
        summary="A conversation's messages, newest first",
        responses=problem_responses(*THEIR_THREAD),
    )
    async def list_thread_messages(
        thread_id: ThreadId,
        viewer: CurrentViewer,
        session: SessionDep,
        clock: ClockDep,
        cursor: CursorQuery = None,
        limit: LimitQuery = DEFAULT_LIMIT,
    ) -> Page[CounterpartMessage]:
        return await counterparts.thread_messages(
            session, viewer, thread_id, now=clock.now(), cursor=cursor, limit=limit
        )


add_thread_views(employer_router, employer_viewer, "Employer")
add_thread_views(partner_router, partner_viewer, "Partner")


@employer_router.post(
    "/threads/{thread_id}/messages",
    operation_id="sendEmployerMessage",
    summary="Write to an applicant or a requested seeker (R9 cutoffs, blocks)",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(*THEIR_THREAD, *SEND_REFUSALS, problems.BLOCKED),
)
async def send_employer_message(
    thread_id: ThreadId,
    body: MessageCreate,
    employer: CurrentEmployer,
    session: SessionDep,
    clock: ClockDep,
) -> CounterpartMessage:
    return await counterparts.send(session, employer, thread_id, body.body, now=clock.now())


@partner_router.get(
    "/seekers",
    operation_id="browseSharingSeekers",
    summary="Seekers who opted in to 求職情報提供, anonymised (R17)",
    responses=problem_responses(*AUTH_PROBLEMS, *LISTED),
)
async def browse_seekers(
    viewer: PartnerViewer, filters: SeekerFiltersDep, session: SessionDep, clock: ClockDep
) -> Page[DisclosedSeeker]:
    return await disclosed.browse(session, viewer, filters, today=today(clock))


@partner_router.post(
    "/messages",
    operation_id="sendPartnerMessage",
    summary="Write to a seeker who opted in (at most MYPAGE_PARTNER_DAILY_MESSAGES a day)",
    description="Beyond the day's allowance (1,000 by default, JST days) the answer is 429 "
    "with `Retry-After` up to the next day. The conversation continues in the seeker's one "
    "thread with the partner.",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        *AUTH_PROBLEMS,
        problems.SEEKER_REF_NOT_FOUND,
        problems.BLOCKED,
        problems.PARTNER_DAILY_LIMIT,
        problems.VALIDATION_FAILED,
    ),
)
async def send_partner_message(
    body: PartnerMessageCreate,
    partner: CurrentPartner,
    session: SessionDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> CounterpartMessage:
    return await counterparts.partner_outreach(
        session,
        partner,
        body,
        today=today(clock),
        now=clock.now(),
        daily_cap=settings.partner_daily_messages,
    )


# Hello Work staff ----------------------------------------------------------------------------


@staff_router.post(
    "/notices",
    operation_id="sendNotice",
    summary="Send a notice (receive-only) to one seeker of the office or to all of them",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(
        *AUTH_PROBLEMS, problems.SEEKER_NOT_FOUND, problems.VALIDATION_FAILED
    ),
)
async def send_notice(
    body: NoticeCreate, staff: CurrentStaff, session: SessionDep, clock: ClockDep
) -> NoticeSent:
    return await notices.send(session, staff, body, now=clock.now())
