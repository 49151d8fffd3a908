"""Messages (R9, R17) through the four roles' APIs: conversations on applications and
direct requests with their cutoffs, Hello Work notices, partners with blocks and their
daily cap, expiry after a year, withdrawal, and the exact unread count on home."""

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from mypage_api.accounts.service import PartnerCredentials
from mypage_api.clock import FixedClock
from mypage_api.config import Settings
from mypage_api.messages.erasure import erase_expired
from mypage_api.models import Message, PartnerClient, Thread
from mypage_api.rules.calendar import JST
from tests.api.test_applications import SEEKER, set_up_world
from tests.api.test_applications import World as ApplicationWorld
from tests.api.test_my_page import statements
from tests.api.test_problems import assert_problem
from tests.api.test_withdrawal import withdraw
from tests.factories import (
    PASSWORD,
    bearer,
    mails_to,
    make_employer,
    make_partner,
    make_staff,
    post_job,
    session_on,
    sign_up_online,
    token_pair,
)
from tests.unit.profiles.makers import make_profile


class World(ApplicationWorld):
    """The applications' world, with the message views of each side."""

    async def get(self, path: str, headers: dict[str, str], **params: object) -> Any:
        response = await self.client.get(path, params=params, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def unread(self) -> int:
        home = await self.get("/v1/me/home", await self.seeker())
        return int(home["unread_messages"])

    async def seeker_thread(self, kind: str) -> dict[str, object]:
        page = await self.get("/v1/me/threads", await self.seeker())
        [thread] = [t for t in page["items"] if t["kind"] == kind]
        return dict(thread)

    async def employer_thread(self, headers: dict[str, str] | None = None) -> dict[str, object]:
        page = await self.get("/v1/employer/threads", headers or await self.boss())
        [thread] = page["items"]
        return dict(thread)

    async def seeker_writes(
        self, thread_id: object, body: str = "承知しました。"
    ) -> httpx.Response:
        return await self.client.post(
            f"/v1/me/threads/{thread_id}/messages", json={"body": body}, headers=await self.seeker()
        )

    async def employer_writes(
        self, thread_id: object, body: str = "面接日程のご相談です。"
    ) -> httpx.Response:
        return await self.client.post(
            f"/v1/employer/threads/{thread_id}/messages",
            json={"body": body},
            headers=await self.boss(),
        )

    async def apply_to_job(self, **job: object) -> dict[str, object]:
        response = await self.apply(await self.job(**job))
        assert response.status_code == 201, response.text
        application: dict[str, object] = response.json()
        return application


@pytest.fixture
async def world(client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock) -> World:
    return await set_up_world(World, client, connection, clock)


async def test_a_conversation_on_an_application_with_an_exact_unread_count(
    world: World, engine: AsyncEngine
) -> None:
    application = await world.apply_to_job()
    thread = await world.seeker_thread("application")
    assert thread["application_id"] == application["id"]
    assert thread["counterpart_name"] == "株式会社テスト商事"
    assert (thread["can_send"], thread["unread"]) == (True, 0)
    assert await world.unread() == 0
    # The employer finds the same conversation and writes twice.
    theirs = await world.employer_thread()
    assert theirs["id"] == thread["id"]
    assert theirs["application_id"] == application["id"]
    first = await world.employer_writes(theirs["id"], "<b>面接</b>のご案内です。")
    assert first.status_code == 201, first.text
    assert (await world.employer_writes(theirs["id"])).status_code == 201
    assert await world.unread() == 2
    headers = await world.seeker()
    with statements(engine) as seen:
        home = await world.get("/v1/me/home", headers)
    assert len(seen) <= 8, seen
    assert home["unread_messages"] == 2
    # Reading one marks it read; the body is returned as the plain text it was.
    message = await world.get(f"/v1/me/messages/{first.json()['id']}", headers)
    assert message["body"] == "<b>面接</b>のご案内です。"
    assert (message["direction"], message["sender"], message["read"]) == (
        "received",
        "employer",
        True,
    )
    assert await world.unread() == 1
    # Listing the thread shows the rest, which are read from then on.
    page = await world.get(f"/v1/me/threads/{thread['id']}/messages", headers)
    assert len(page["items"]) == 2
    assert await world.unread() == 0
    # The seeker answers; the employer sees it once, unread until they list the thread.
    answer = await world.seeker_writes(thread["id"])
    assert answer.status_code == 201, answer.text
    assert answer.json()["direction"] == "sent"
    assert (await world.employer_thread())["unread"] == 1
    theirs_page = await world.get(
        f"/v1/employer/threads/{theirs['id']}/messages", await world.boss()
    )
    assert isinstance(theirs_page, dict)
    assert [m["direction"] for m in theirs_page["items"]] == ["received", "sent", "sent"]
    assert (await world.employer_thread())["unread"] == 0
    assert await world.unread() == 0


async def test_folders_favourites_and_deleting(world: World) -> None:
    await world.apply_to_job()
    thread_id = (await world.employer_thread())["id"]
    for text in ("一通目", "二通目"):
        await world.employer_writes(thread_id, text)
    await world.seeker_writes(thread_id, "返信")
    headers = await world.seeker()
    inbox = await world.get("/v1/me/messages", headers, folder="inbox")
    sent = await world.get("/v1/me/messages", headers, folder="sent")
    assert isinstance(sent, dict)
    assert [m["body"] for m in inbox["items"]] == ["二通目", "一通目"]
    assert [m["body"] for m in sent["items"]] == ["返信"]
    # Pages through a cursor.
    first = await world.get("/v1/me/messages", headers, folder="inbox", limit=1)
    assert first["next_cursor"]
    second = await world.get(
        "/v1/me/messages", headers, folder="inbox", limit=1, cursor=first["next_cursor"]
    )
    assert [m["body"] for m in second["items"]] == ["一通目"]
    older = inbox["items"][1]["id"]
    marked = await world.client.put(f"/v1/me/messages/{older}/favorite", headers=headers)
    assert marked.json()["favorite"] is True
    favorites = await world.get("/v1/me/messages", headers, folder="favorites")
    assert [m["id"] for m in favorites["items"]] == [older]
    await world.client.delete(f"/v1/me/messages/{older}/favorite", headers=headers)
    assert await world.get("/v1/me/messages", headers, folder="favorites") == {
        "items": [],
        "next_cursor": None,
    }
    # Deleting takes an unread message out of every view and out of the count.
    assert await world.unread() == 2
    deleted = await world.client.delete(f"/v1/me/messages/{older}", headers=headers)
    assert deleted.status_code == 204
    assert await world.unread() == 1
    gone = await world.client.get(f"/v1/me/messages/{older}", headers=headers)
    assert_problem(gone, 404, "message-not-found")
    inbox = await world.get("/v1/me/messages", headers)
    assert [m["body"] for m in inbox["items"]] == ["二通目"]
    # The employer's copy stays.
    theirs = await world.get(f"/v1/employer/threads/{thread_id}/messages", await world.boss())
    assert len(theirs["items"]) == 3
    assert_problem(
        await world.client.get("/v1/me/messages", params={"cursor": "bm9wZQ"}, headers=headers),
        422,
        "invalid-cursor",
    )


@pytest.mark.parametrize(
    ("after", "open_"),
    [(timedelta(days=7) - timedelta(seconds=1), True), (timedelta(days=7), False)],
    ids=["a-second-before-the-week", "the-week-ends"],
)
async def test_an_application_conversation_ends_one_week_after_the_result(
    world: World, after: timedelta, open_: bool
) -> None:
    application = await world.apply_to_job()
    thread_id = (await world.employer_thread())["id"]
    world.on("2026-12-01T15:00")
    result = await world.client.post(
        f"/v1/employer/applications/{application['id']}/selection-result",
        json={"result": "rejected"},
        headers=await world.boss(),
    )
    assert result.status_code == 200, result.text
    thread = await world.seeker_thread("application")
    assert datetime.fromisoformat(thread["closes_at"]) == datetime(2026, 12, 8, 15, 0, tzinfo=JST)
    world.clock.advance(after)
    if open_:
        assert (await world.seeker_writes(thread_id)).status_code == 201
        assert (await world.employer_writes(thread_id)).status_code == 201
    else:
        assert_problem(await world.seeker_writes(thread_id), 409, "messaging-closed")
        refused = assert_problem(await world.employer_writes(thread_id), 409, "messaging-closed")
        # Both sides learn when it closed.
        assert datetime.fromisoformat(str(refused["closed_at"])) == datetime(
            2026, 12, 8, 15, 0, tzinfo=JST
        )
        thread = await world.seeker_thread("application")
        assert (thread["can_send"], thread["refusal"]) == (False, "messaging-closed")


@pytest.mark.parametrize(
    ("moment", "open_"),
    [("2027-03-31T23:59:59", True), ("2027-04-01T00:00:00", False)],
    ids=["the-last-day", "the-day-after"],
)
async def test_a_conversation_ends_after_the_third_month_end_after_the_job_closed(
    world: World, moment: str, open_: bool
) -> None:
    application = await world.apply_to_job()
    job_number = application["job_number"]
    thread_id = (await world.employer_thread())["id"]
    world.on("2026-12-10T10:00")
    await world.client.post(f"/v1/employer/jobs/{job_number}/close", headers=await world.boss())
    world.on(moment)
    # The registration lapsed meanwhile: staff reactivate it to let the seeker in (R5).
    await world.client.post(
        f"/v1/staff/seekers/{world.number}/reactivate", headers=await world.desk()
    )
    if open_:
        assert (await world.seeker_writes(thread_id)).status_code == 201
        assert (await world.employer_writes(thread_id)).status_code == 201
    else:
        assert_problem(await world.seeker_writes(thread_id), 409, "messaging-closed")
        assert_problem(await world.employer_writes(thread_id), 409, "messaging-closed")


async def test_no_conversation_with_an_employer_without_my_page(
    world: World, connection: AsyncConnection
) -> None:
    other = await make_employer(
        connection, world.clock.now(), email="nopage@kaisha.example.jp", has_mypage=False
    )
    job_number = (await post_job(world.client, await bearer(world.client, other.email)))[
        "job_number"
    ]
    response = await world.client.post(
        "/v1/me/applications",
        json={"job_number": job_number, "motivation": "応募します。"},
        headers=await world.seeker(),
    )
    assert response.status_code == 201, response.text
    thread = await world.seeker_thread("application")
    assert (thread["can_send"], thread["refusal"]) == (False, "no-employer-mypage")
    assert_problem(await world.seeker_writes(thread["id"]), 409, "no-employer-mypage")


async def test_a_direct_request_its_mail_a_conversation_and_a_block(world: World) -> None:
    boss = await world.boss()
    job_number = (await post_job(world.client, boss))["job_number"]
    [profile] = (await world.client.get("/v1/employer/seekers", headers=boss)).json()["items"]
    sent = await world.client.post(
        f"/v1/employer/jobs/{job_number}/requests",
        json={"seeker_ref": profile["seeker_ref"], "message": "ぜひご応募ください。"},
        headers=boss,
    )
    assert sent.status_code == 201, sent.text
    [mail] = [m for m in await mails_to(world.connection, SEEKER) if m.kind == "direct_request"]
    assert "株式会社テスト商事" in mail.body
    thread = await world.seeker_thread("request")
    assert thread["request_id"] == sent.json()["id"]
    assert (await world.employer_writes(thread["id"], "詳細をお送りします。")).status_code == 201
    assert await world.unread() == 1
    assert (await world.seeker_writes(thread["id"], "ありがとうございます。")).status_code == 201
    # The seeker blocks the employer: neither side can write, no further requests.
    employer_id = thread["employer_id"]
    blocked = await world.client.put(
        f"/v1/me/blocks/employers/{employer_id}", headers=await world.seeker()
    )
    assert blocked.status_code == 204
    assert_problem(await world.employer_writes(thread["id"]), 403, "blocked")
    assert_problem(await world.seeker_writes(thread["id"]), 409, "sender-blocked")
    refused = await world.client.post(
        f"/v1/employer/jobs/{(await post_job(world.client, boss))['job_number']}/requests",
        json={"seeker_ref": profile["seeker_ref"], "message": "再度のご案内"},
        headers=boss,
    )
    assert_problem(refused, 403, "blocked")
    await world.client.delete(
        f"/v1/me/blocks/employers/{employer_id}", headers=await world.seeker()
    )
    assert (await world.seeker_writes(thread["id"])).status_code == 201


async def test_hello_work_notices_cannot_be_answered(
    world: World, client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    desk = await world.desk()
    one = await client.post(
        "/v1/staff/notices",
        json={
            "seeker_number": world.number,
            "subject": "窓口の休業",
            "body": "年末年始は休業します。",
        },
        headers=desk,
    )
    assert one.status_code == 201, one.text
    assert one.json()["recipients"] == 1
    thread = await world.seeker_thread("notice")
    assert (thread["can_send"], thread["refusal"]) == (False, "notice-receive-only")
    assert await world.unread() == 1
    assert_problem(await world.seeker_writes(thread["id"]), 409, "notice-receive-only")
    page = await world.get(f"/v1/me/threads/{thread['id']}/messages", await world.seeker())
    [message] = page["items"]
    assert (message["sender"], message["sender_name"], message["subject"]) == (
        "hellowork",
        "ハローワーク飯田橋",
        "窓口の休業",
    )
    # To the whole office: every seeker of 飯田橋 (one thread each), none of 渋谷.
    await sign_up_online(client, connection, "iidabashi@example.jp", make_profile())
    shibuya = make_profile()
    shibuya["basic"]["postal_code"] = "150-0002"
    shibuya["basic"]["address"] = "東京都渋谷区渋谷"
    await sign_up_online(client, connection, "shibuya@example.jp", shibuya)
    everyone = await client.post(
        "/v1/staff/notices",
        json={"everyone": True, "subject": "求人説明会", "body": "12月15日に開催します。"},
        headers=desk,
    )
    assert everyone.status_code == 201, everyone.text
    # 飯田橋 has the fixture's seeker and iidabashi@ (102-0072); 渋谷 has shibuya@.
    assert everyone.json()["recipients"] == 2
    other_office = await bearer(client, "shibuya@example.jp")
    assert (await world.get("/v1/me/home", other_office))["office"]["code"] == "13050"
    assert (await world.get("/v1/me/threads", other_office))["items"] == []
    same_office = await bearer(client, "iidabashi@example.jp")
    assert (await world.get("/v1/me/home", same_office))["unread_messages"] == 1
    assert await world.unread() == 1  # the first was read when the thread was listed
    page = await world.get("/v1/me/threads", await world.seeker())
    assert [t["kind"] for t in page["items"]] == ["notice"]
    # Refusals: both or neither recipient choice; a seeker of another office.
    both = {"seeker_number": world.number, "everyone": True, "subject": "x", "body": "y"}
    for body in ({"subject": "x", "body": "y"}, both):
        assert_problem(
            await client.post("/v1/staff/notices", json=body, headers=desk),
            422,
            "validation-failed",
        )
    stranger = await make_staff(
        connection, world.clock.now(), email="shibuya-staff@mhlw.example.jp", office_code="13050"
    )
    other_desk = await bearer(client, stranger.email)
    assert_problem(
        await client.post(
            "/v1/staff/notices",
            json={"seeker_number": world.number, "subject": "x", "body": "y"},
            headers=other_desk,
        ),
        404,
        "seeker-not-found",
    )
    assert_problem(
        await client.post(
            "/v1/staff/notices",
            json={"everyone": True, "subject": "x", "body": "y"},
            headers=await world.seeker(),
        ),
        403,
        "wrong-role",
    )


async def partner_token(
    client: httpx.AsyncClient, credentials: PartnerCredentials
) -> dict[str, str]:
    token = await client.post(
        "/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
        },
    )
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


async def _partner_headers(
    client: httpx.AsyncClient, connection: AsyncConnection, now: datetime
) -> tuple[dict[str, str], int, PartnerCredentials]:
    credentials = await make_partner(connection, now)
    async with session_on(connection) as session:
        partner_id = await session.scalar(
            select(PartnerClient.id).where(PartnerClient.client_id == credentials.client_id)
        )
    assert partner_id is not None
    return await partner_token(client, credentials), partner_id, credentials


async def test_a_partner_reaches_opted_in_seekers_and_can_be_answered_and_blocked(
    world: World, client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    partner, partner_id, _ = await _partner_headers(client, connection, world.clock.now())
    opted_out = make_profile()
    opted_out["sharing"] = {"employers": "public", "partners": "opted_out"}
    await sign_up_online(client, connection, "quiet@example.jp", opted_out)
    [profile] = (await client.get("/v1/partner/seekers", headers=partner)).json()["items"]
    assert "name" not in profile
    assert "birth_date" not in profile
    sent = await client.post(
        "/v1/partner/messages",
        json={"seeker_ref": profile["seeker_ref"], "subject": "求人のご紹介", "body": "本文"},
        headers=partner,
    )
    assert sent.status_code == 201, sent.text
    thread = await world.seeker_thread("partner")
    assert (thread["partner_id"], thread["counterpart_name"]) == (
        partner_id,
        "株式会社ジョブマッチ",
    )
    assert await world.unread() == 1
    assert (await world.seeker_writes(thread["id"], "詳しく聞かせてください。")).status_code == 201
    [theirs] = (await client.get("/v1/partner/threads", headers=partner)).json()["items"]
    assert (theirs["seeker_ref"], theirs["unread"]) == (profile["seeker_ref"], 1)
    messages = (
        await client.get(f"/v1/partner/threads/{theirs['id']}/messages", headers=partner)
    ).json()["items"]
    assert [m["body"] for m in messages] == ["詳しく聞かせてください。", "本文"]
    # A second message continues the same thread.
    again = await client.post(
        "/v1/partner/messages",
        json={"seeker_ref": profile["seeker_ref"], "subject": "続報", "body": "面談のご案内"},
        headers=partner,
    )
    assert again.json()["thread_id"] == thread["id"]
    # Blocked, the partner can neither find nor write to the seeker.
    blocked = await client.put(f"/v1/me/blocks/partners/{partner_id}", headers=await world.seeker())
    assert blocked.status_code == 204
    blocks = (await client.get("/v1/me/blocks", headers=await world.seeker())).json()["items"]
    assert [b["partner_id"] for b in blocks] == [partner_id]
    assert (await client.get("/v1/partner/seekers", headers=partner)).json()["items"] == []
    refused = await client.post(
        "/v1/partner/messages",
        json={"seeker_ref": profile["seeker_ref"], "subject": "再送", "body": "本文"},
        headers=partner,
    )
    assert_problem(refused, 403, "blocked")
    assert_problem(await world.seeker_writes(thread["id"]), 409, "sender-blocked")
    assert_problem(
        await client.put("/v1/me/blocks/partners/999999", headers=await world.seeker()),
        404,
        "partner-not-found",
    )
    # An employer or a seeker is not a partner.
    assert_problem(
        await client.get("/v1/partner/seekers", headers=await world.boss()), 403, "wrong-role"
    )


async def test_a_partner_that_hits_the_daily_cap_waits_for_the_next_jst_day(
    world: World,
    app: FastAPI,
    settings: Settings,
    client: httpx.AsyncClient,
    connection: AsyncConnection,
) -> None:
    app.state.settings = settings.model_copy(update={"partner_daily_messages": 3})
    partner, _, credentials = await _partner_headers(client, connection, world.clock.now())
    [profile] = (await client.get("/v1/partner/seekers", headers=partner)).json()["items"]

    async def send() -> httpx.Response:
        return await client.post(
            "/v1/partner/messages",
            json={"seeker_ref": profile["seeker_ref"], "subject": "ご案内", "body": "本文"},
            headers=await partner_token(client, credentials),
        )

    world.on("2026-11-25T23:00")
    for _ in range(3):
        assert (await send()).status_code == 201
    refused = await send()
    body = assert_problem(refused, 429, "partner-daily-limit")
    assert refused.headers["retry-after"] == "3600"
    assert body["limit"] == 3
    assert await world.unread() == 3
    world.on("2026-11-26T00:00")
    assert (await send()).status_code == 201


async def test_a_message_is_gone_one_year_after_it_was_sent(
    world: World, connection: AsyncConnection
) -> None:
    await world.apply_to_job()
    thread_id = (await world.employer_thread())["id"]
    world.on("2026-11-26T09:30")
    sent = (await world.employer_writes(thread_id, "一年で消えます。")).json()
    assert datetime.fromisoformat(sent["expires_at"]) == datetime(2027, 11, 26, 9, 30, tzinfo=JST)
    for moment, seen in (("2027-11-26T09:29:59", True), ("2027-11-26T09:30:00", False)):
        world.on(moment)
        await world.client.post(
            f"/v1/staff/seekers/{world.number}/reactivate", headers=await world.desk()
        )
        headers = await world.seeker()
        inbox = await world.get("/v1/me/messages", headers)
        assert bool(inbox["items"]) is seen
        one = await world.client.get(f"/v1/me/messages/{sent['id']}", headers=headers)
        assert one.status_code == (200 if seen else 404)
        theirs = await world.get(f"/v1/employer/threads/{thread_id}/messages", await world.boss())
        assert bool(theirs["items"]) is seen
    # The erasure pass then removes it for good (the row, not only the view).
    async with session_on(connection) as session:
        assert await erase_expired(session, world.clock.now()) == 1
        assert await session.scalar(select(func.count()).select_from(Message)) == 0


async def test_an_unread_expired_message_leaves_the_count(world: World) -> None:
    await world.apply_to_job()
    thread_id = (await world.employer_thread())["id"]
    await world.employer_writes(thread_id)
    assert await world.unread() == 1
    world.on("2027-11-25T10:00")
    await world.client.post(
        f"/v1/staff/seekers/{world.number}/reactivate", headers=await world.desk()
    )
    assert await world.unread() == 0


async def test_withdrawal_erases_every_message_and_thread(
    world: World, connection: AsyncConnection
) -> None:
    await world.apply_to_job()
    thread_id = (await world.employer_thread())["id"]
    await world.employer_writes(thread_id)
    await world.seeker_writes(thread_id)
    await world.client.post(
        "/v1/staff/notices",
        json={"seeker_number": world.number, "subject": "お知らせ", "body": "本文"},
        headers=await world.desk(),
    )
    tokens = await token_pair(world.client, SEEKER)
    assert (await withdraw(world.client, tokens["access_token"], PASSWORD)).status_code == 204
    assert (await world.get("/v1/employer/threads", await world.boss())) == {
        "items": [],
        "next_cursor": None,
    }
    assert_problem(await world.employer_writes(thread_id), 404, "thread-not-found")
    async with session_on(connection) as session:
        assert await session.scalar(select(func.count()).select_from(Message)) == 0
        assert await session.scalar(select(func.count()).select_from(Thread)) == 0


async def test_others_cannot_reach_a_conversation(
    world: World, client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    await world.apply_to_job()
    thread_id = (await world.employer_thread())["id"]
    message_id = (await world.employer_writes(thread_id)).json()["id"]
    await sign_up_online(client, connection, "other@example.jp", make_profile())
    stranger = await bearer(client, "other@example.jp")
    for path in (f"/v1/me/threads/{thread_id}/messages", f"/v1/me/messages/{message_id}"):
        response = await client.get(path, headers=stranger)
        assert response.status_code == 404, path
    assert_problem(
        await client.post(
            f"/v1/me/threads/{thread_id}/messages", json={"body": "x"}, headers=stranger
        ),
        404,
        "thread-not-found",
    )
    other = await make_employer(
        connection, world.clock.now(), email="other@kaisha.example.jp", office_code="13050"
    )
    outsider = await bearer(client, other.email)
    assert (await world.get("/v1/employer/threads", outsider)) == {"items": [], "next_cursor": None}
    assert_problem(
        await client.get(f"/v1/employer/threads/{thread_id}/messages", headers=outsider),
        404,
        "thread-not-found",
    )
    assert_problem(
        await client.post(
            f"/v1/employer/threads/{thread_id}/messages", json={"body": "x"}, headers=outsider
        ),
        404,
        "thread-not-found",
    )
    # Wrong roles.
    assert_problem(
        await client.get("/v1/me/threads", headers=await world.boss()), 403, "wrong-role"
    )
    assert_problem(
        await client.get("/v1/employer/threads", headers=await world.seeker()), 403, "wrong-role"
    )
    # Bodies: empty or over 2,000 characters are refused, nothing is stored.
    for body in ("", "あ" * 2001):
        assert_problem(await world.seeker_writes(thread_id, body), 422, "validation-failed")
    assert (await world.seeker_writes(thread_id, "あ" * 2000)).status_code == 201
    sent = await world.get("/v1/me/messages", await world.seeker(), folder="sent")
    assert [len(m["body"]) for m in sent["items"]] == [2000]


async def test_an_inactive_seeker_cannot_use_messages(world: World) -> None:
    await world.apply_to_job()
    headers = await world.seeker()
    switched = await world.client.put(
        "/v1/me/registration/status", json={"status": "inactive"}, headers=headers
    )
    assert switched.status_code == 200, switched.text
    assert_problem(
        await world.client.get("/v1/me/threads", headers=headers), 403, "registration-inactive"
    )


async def test_threads_page_by_latest_activity(world: World) -> None:
    first = await world.apply_to_job()
    second = await world.apply_to_job(title="事務職員")
    headers = await world.seeker()
    page = await world.get("/v1/me/threads", headers, limit=1)
    assert [t["application_id"] for t in page["items"]] == [second["id"]]
    # A message makes the older conversation the most recent one.
    world.clock.advance(timedelta(minutes=5))
    theirs = (await world.get("/v1/employer/threads", await world.boss()))["items"]
    older_id = next(t["id"] for t in theirs if t["application_id"] == first["id"])
    await world.employer_writes(older_id, "書類を拝見しました。")
    page = await world.get("/v1/me/threads", headers, limit=1)
    assert [t["application_id"] for t in page["items"]] == [first["id"]]
    rest = await world.get("/v1/me/threads", headers, limit=1, cursor=page["next_cursor"])
    assert [t["application_id"] for t in rest["items"]] == [second["id"]]
    assert rest["next_cursor"] is None
    # A cursor of another list (or forged) is a problem, never a server error.
    forged = "WyJ4IiwieSJd"  # ["x","y"]
    for path in ("/v1/me/threads", "/v1/employer/threads"):
        who = headers if path.startswith("/v1/me") else await world.boss()
        response = await world.client.get(path, params={"cursor": forged}, headers=who)
        assert_problem(response, 422, "invalid-cursor")


async def test_a_partner_no_longer_reaches_a_seeker_who_opts_out(
    world: World, client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    partner, _, _ = await _partner_headers(client, connection, world.clock.now())
    [profile] = (await client.get("/v1/partner/seekers", headers=partner)).json()["items"]

    async def send() -> httpx.Response:
        return await client.post(
            "/v1/partner/messages",
            json={"seeker_ref": profile["seeker_ref"], "subject": "ご案内", "body": "本文"},
            headers=partner,
        )

    assert (await send()).status_code == 201
    opted_out = await client.put(
        "/v1/me/disclosure",
        json={"employers": "public", "partners": "opted_out"},
        headers=await world.seeker(),
    )
    assert opted_out.status_code == 200, opted_out.text
    assert (await client.get("/v1/partner/seekers", headers=partner)).json()["items"] == []
    assert_problem(await send(), 404, "seeker-ref-not-found")
    assert await world.unread() == 1
