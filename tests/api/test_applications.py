"""Applications end to end through the three roles' APIs (R2, R8, R10-R15)."""

import io
from datetime import datetime, timedelta
from typing import TypeVar

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from mypage_api.clock import FixedClock
from mypage_api.config import Settings
from mypage_api.printouts.qr import qr_png
from mypage_api.rules.calendar import JST
from tests.api.paging import assert_pages, items
from tests.api.test_my_page import statements
from tests.api.test_problems import assert_problem
from tests.factories import (
    Person,
    bearer,
    load_offices,
    mails_to,
    make_employer,
    make_staff,
    post_job,
    register_at_counter,
    sign_up_online,
)
from tests.unit.profiles.makers import make_profile

SEEKER = "hanako.suzuki@example.jp"


class World:
    """A Hello Work user of 飯田橋 registered at the counter, an employer with My Page and a
    staff member of the office, each acting through the API."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        connection: AsyncConnection,
        clock: FixedClock,
        employer: Person,
        staff: Person,
    ) -> None:
        self.client, self.connection, self.clock = client, connection, clock
        self.employer, self.staff = employer, staff
        self.number = ""

    def on(self, moment: str) -> None:
        self.clock.set(datetime.fromisoformat(moment).replace(tzinfo=JST))

    async def seeker(self) -> dict[str, str]:
        return await bearer(self.client, SEEKER)

    async def boss(self) -> dict[str, str]:
        return await bearer(self.client, self.employer.email)

    async def desk(self) -> dict[str, str]:
        return await bearer(self.client, self.staff.email)

    async def job(self, **overrides: object) -> str:
        return str((await post_job(self.client, await self.boss(), **overrides))["job_number"])

    async def apply(self, job_number: str, key: str | None = None) -> httpx.Response:
        headers = await self.seeker()
        if key:
            headers["Idempotency-Key"] = key
        return await self.client.post(
            "/v1/me/applications",
            json={"job_number": job_number, "motivation": "御社の理念に共感しました。"},
            headers=headers,
        )

    async def applications(self, which: str = "applying") -> list[dict[str, object]]:
        response = await self.client.get(
            "/v1/me/applications", params={"list": which}, headers=await self.seeker()
        )
        assert response.status_code == 200, response.text
        items: list[dict[str, object]] = response.json()["items"]
        return items


W = TypeVar("W", bound=World)


async def set_up_world(
    cls: type[W], client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock
) -> W:
    await load_offices(connection)
    employer = await make_employer(connection, clock.now())
    staff = await make_staff(connection, clock.now())
    setting = cls(client, connection, clock, employer, staff)
    setting.on("2026-11-25T10:00")
    created = await register_at_counter(
        client, connection, await setting.desk(), SEEKER, make_profile()
    )
    setting.number = str(created["seeker_number"])
    return setting


@pytest.fixture
async def world(client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock) -> World:
    return await set_up_world(World, client, connection, clock)


async def test_an_online_self_application_end_to_end(
    world: World, connection: AsyncConnection
) -> None:
    job = await world.job()
    response = await world.apply(job, key="apply-1")
    assert response.status_code == 201, response.text
    application = response.json()
    assert application["channel"] == "self_online"
    assert application["is_hellowork_referral"] is False
    assert "再就職手当" in application["notice"]
    assert application["motivation"] == "御社の理念に共感しました。"
    # A retry with the same key answers the same application; another is refused.
    replay = await world.apply(job, key="apply-1")
    assert replay.json()["id"] == application["id"]
    assert_problem(await world.apply(job), 409, "already-applied")
    # The posting as applied to stays, whatever the employer changes later.
    await world.client.patch(
        f"/v1/employer/jobs/{job}", json={"title": "変更後の題名"}, headers=await world.boss()
    )
    posting = await world.client.get(
        f"/v1/me/applications/{application['id']}/posting", headers=await world.seeker()
    )
    assert posting.json()["title"] == "介護職員（日勤のみ）"
    assert [a["id"] for a in await world.applications()] == [application["id"]]
    # No referral letter for a self-application.
    letter = await world.client.get(
        f"/v1/me/applications/{application['id']}/referral-letter", headers=await world.seeker()
    )
    assert_problem(letter, 404, "no-referral-letter")
    # The employer sees the applicant and registers the result: the application finishes.
    applicants = (
        await world.client.get(f"/v1/employer/jobs/{job}/applications", headers=await world.boss())
    ).json()["items"]
    assert applicants[0]["applicant"]["name"] == "山田 太郎"
    assert applicants[0]["motivation"] == "御社の理念に共感しました。"
    result = await world.client.post(
        f"/v1/employer/applications/{application['id']}/selection-result",
        json={"result": "hired"},
        headers=await world.boss(),
    )
    assert result.json()["result"] == "hired"
    assert await world.applications() == []
    [finished] = await world.applications("finished")
    assert finished["result"] == "hired"
    assert finished["cancellable_until"] is None
    again = await world.client.post(
        f"/v1/employer/applications/{application['id']}/selection-result",
        json={"result": "rejected"},
        headers=await world.boss(),
    )
    assert_problem(again, 409, "result-already-registered")
    kinds = [mail.kind for mail in await mails_to(connection, SEEKER)]
    assert "application_status" in kinds


@pytest.mark.parametrize(
    ("overrides", "status", "slug"),
    [
        ({"accepts_online_applications": False}, 409, "online-applications-not-accepted"),
        ({"publishes_employer_name": False}, 409, "online-applications-not-accepted"),
    ],
)
async def test_jobs_that_do_not_take_online_applications(
    world: World, overrides: dict[str, object], status: int, slug: str
) -> None:
    assert_problem(await world.apply(await world.job(**overrides)), status, slug)


async def test_a_closed_or_unknown_job_cannot_be_applied_to(world: World) -> None:
    job = await world.job()
    await world.client.post(f"/v1/employer/jobs/{job}/close", headers=await world.boss())
    assert_problem(await world.apply(job), 410, "job-unavailable")
    assert_problem(await world.apply("13010-99999999"), 404, "job-not-found")


async def test_an_inactive_seeker_cannot_apply(world: World) -> None:
    job = await world.job()
    await world.client.put(
        "/v1/me/registration/status", json={"status": "inactive"}, headers=await world.seeker()
    )
    assert_problem(await world.apply(job), 403, "registration-inactive")


@pytest.mark.parametrize(
    ("after", "cancelled"),
    [
        (timedelta(hours=23, minutes=59), True),
        (timedelta(hours=24), True),
        (timedelta(hours=24, seconds=1), False),
    ],
    ids=["before", "at-24h", "after"],
)
async def test_cancellation_within_24_hours(
    world: World, after: timedelta, cancelled: bool
) -> None:
    job = await world.job()
    application = (await world.apply(job)).json()
    world.clock.advance(after)
    response = await world.client.post(
        f"/v1/me/applications/{application['id']}/cancel", headers=await world.seeker()
    )
    if cancelled:
        assert response.json()["cancelled_at"] is not None
        assert [a["id"] for a in await world.applications("finished")] == [application["id"]]
        assert (await world.apply(job)).status_code == 201  # a cancelled one does not count
    else:
        body = assert_problem(response, 409, "cancellation-window-closed")
        assert "求人者" in str(body["detail"])


async def test_an_online_referral_offer_end_to_end(world: World) -> None:
    job = await world.job()
    offered = await world.client.post(
        f"/v1/staff/seekers/{world.number}/referral-offers",
        json={"job_number": job, "apply_by": "2026-12-10", "note": "ご経験が活かせます"},
        headers=await world.desk(),
    )
    assert offered.status_code == 201, offered.text
    offers = (
        await world.client.get("/v1/me/referral-offers", headers=await world.seeker())
    ).json()["items"]
    assert [o["job"]["job_number"] for o in offers] == [job]
    home = (await world.client.get("/v1/me/home", headers=await world.seeker())).json()
    assert home["registration"]["status"] == "active"
    applied = await world.client.post(
        f"/v1/me/referral-offers/{offers[0]['id']}/apply",
        json={"motivation": "紹介を受けて応募します。"},
        headers=await world.seeker(),
    )
    assert applied.status_code == 201, applied.text
    application = applied.json()
    assert (application["channel"], application["is_hellowork_referral"]) == (
        "referral_online",
        True,
    )
    letter = (
        await world.client.get(
            f"/v1/me/applications/{application['id']}/referral-letter",
            headers=await world.seeker(),
        )
    ).json()
    assert (letter["kind"], letter["office_name"]) == ("referral_letter", "ハローワーク飯田橋")
    assert await items(world.client, "/v1/me/referral-offers", await world.seeker()) == []
    await world.client.post(
        f"/v1/employer/applications/{application['id']}/selection-result",
        json={"result": "rejected"},
        headers=await world.boss(),
    )
    letter = (
        await world.client.get(
            f"/v1/me/applications/{application['id']}/referral-letter",
            headers=await world.seeker(),
        )
    ).json()
    assert (letter["kind"], letter["result"]) == ("referral_letter_with_result", "rejected")


@pytest.mark.parametrize(("day", "listed"), [("2026-12-10", True), ("2026-12-11", False)])
async def test_an_offer_is_open_through_its_apply_by_day(
    world: World, day: str, listed: bool
) -> None:
    job = await world.job()
    await world.client.post(
        f"/v1/staff/seekers/{world.number}/referral-offers",
        json={"job_number": job, "apply_by": "2026-12-10"},
        headers=await world.desk(),
    )
    world.on(f"{day}T10:00")
    offers = (
        await world.client.get("/v1/me/referral-offers", headers=await world.seeker())
    ).json()["items"]
    assert bool(offers) is listed


async def test_open_offers_page_newest_first(world: World) -> None:
    jobs = [await world.job() for _ in range(6)]
    offered = []
    for job in jobs:
        response = await world.client.post(
            f"/v1/staff/seekers/{world.number}/referral-offers",
            json={"job_number": job, "apply_by": "2026-12-10"},
            headers=await world.desk(),
        )
        assert response.status_code == 201, response.text
        offered.append(response.json()["id"])
    # An offer on a closed job is no longer open; paging keeps that rule.
    closed = await world.client.post(
        f"/v1/employer/jobs/{jobs[2]}/close", headers=await world.boss()
    )
    assert closed.status_code == 200, closed.text
    expected = [offer for offer in offered[::-1] if offer != offered[2]]
    await assert_pages(
        world.client, "/v1/me/referral-offers", await world.seeker(), lambda o: o["id"], expected
    )


async def test_offers_go_only_to_hello_work_users(
    world: World, connection: AsyncConnection
) -> None:
    registered = await sign_up_online(
        client=world.client,
        connection=connection,
        email="online@example.jp",
        profile=make_profile(),
    )
    job = await world.job()
    response = await world.client.post(
        f"/v1/staff/seekers/{registered['seeker_number']}/referral-offers",
        json={"job_number": job, "apply_by": "2026-12-10"},
        headers=await world.desk(),
    )
    assert_problem(response, 403, "hellowork-users-only")


async def test_a_counter_referral_has_a_letter_and_cannot_be_cancelled_online(
    world: World,
) -> None:
    job = await world.job(accepts_online_applications=False)
    referred = await world.client.post(
        f"/v1/staff/seekers/{world.number}/referrals",
        json={"job_number": job},
        headers=await world.desk(),
    )
    assert referred.status_code == 201, referred.text
    application_id = referred.json()["id"]
    assert referred.json()["channel"] == "referral_counter"
    cancel = await world.client.post(
        f"/v1/me/applications/{application_id}/cancel", headers=await world.seeker()
    )
    assert_problem(cancel, 409, "counter-referral-not-cancellable")
    letter = await world.client.get(
        f"/v1/me/applications/{application_id}/referral-letter", headers=await world.seeker()
    )
    assert letter.json()["kind"] == "referral_letter"
    pdf = await world.client.get(
        f"/v1/me/applications/{application_id}/referral-letter",
        headers={**await world.seeker(), "Accept": "application/pdf"},
    )
    assert pdf.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "紹介状（本人控え）" in text
    assert job in text
    assert "ハローワーク飯田橋" in text
    detail = (
        await world.client.get(
            f"/v1/me/applications/{application_id}", headers=await world.seeker()
        )
    ).json()
    assert detail["motivation"] is None


async def test_finished_the_day_after_the_third_month_end_after_the_job_closed(
    world: World, connection: AsyncConnection
) -> None:
    job = await world.job()
    application = (await world.apply(job)).json()
    world.on("2026-12-10T10:00")
    await world.client.post(f"/v1/employer/jobs/{job}/close", headers=await world.boss())
    assert any(
        mail.kind == "application_status" and "募集が終了" in mail.body
        for mail in await mails_to(connection, SEEKER)
    )
    for day, which in (("2027-03-31", "applying"), ("2027-04-01", "finished")):
        world.on(f"{day}T10:00")
        # The registration lapsed on 2027-02-01: staff reactivate it to let the seeker in.
        await world.client.post(
            f"/v1/staff/seekers/{world.number}/reactivate", headers=await world.desk()
        )
        assert [a["id"] for a in await world.applications(which)] == [application["id"]]


async def test_an_online_application_in_the_end_month_extends_the_registration(
    world: World,
) -> None:
    world.on("2027-01-10T10:00")
    job = await world.job()
    assert (await world.apply(job)).status_code == 201
    registration = (
        await world.client.get("/v1/me/registration", headers=await world.seeker())
    ).json()
    assert registration["valid_until"] == "2027-02-28"


async def test_others_cannot_reach_an_application(
    world: World, connection: AsyncConnection
) -> None:
    job = await world.job()
    application = (await world.apply(job)).json()
    other = await make_employer(
        connection, world.clock.now(), email="other@kaisha.example.jp", office_code="13050"
    )
    headers = await bearer(world.client, other.email)
    assert_problem(
        await world.client.get(f"/v1/employer/applications/{application['id']}", headers=headers),
        404,
        "application-not-found",
    )
    assert_problem(
        await world.client.get(f"/v1/employer/jobs/{job}/applications", headers=headers),
        404,
        "job-not-found",
    )
    await sign_up_online(world.client, connection, "other@example.jp", make_profile())
    stranger = await bearer(world.client, "other@example.jp")
    assert_problem(
        await world.client.get(f"/v1/me/applications/{application['id']}", headers=stranger),
        404,
        "application-not-found",
    )
    assert_problem(
        await world.client.post(
            f"/v1/me/applications/{application['id']}/cancel", headers=stranger
        ),
        404,
        "application-not-found",
    )


async def test_home_shows_the_two_newest_applying_and_the_newest_offer(
    world: World, engine: AsyncEngine
) -> None:
    jobs = [await world.job(occupation_name=f"職種{n}") for n in range(3)]
    for job in jobs:
        assert (await world.apply(job)).status_code == 201
    offered = await world.job(occupation_name="紹介対象")
    await world.client.post(
        f"/v1/staff/seekers/{world.number}/referral-offers",
        json={"job_number": offered, "apply_by": "2026-12-10"},
        headers=await world.desk(),
    )
    headers = await world.seeker()
    with statements(engine) as seen:
        home = (await world.client.get("/v1/me/home", headers=headers)).json()
    assert len(seen) <= 8, seen
    assert home["applying"]["total"] == 3
    assert [a["job_number"] for a in home["applying"]["items"]] == [jobs[2], jobs[1]]
    assert home["latest_referral_offer"]["job_number"] == offered
    assert home["latest_referral_offer"]["occupation"] == "紹介対象"


async def test_documents_go_with_the_application_and_stay_with_it(
    world: World, connection: AsyncConnection, settings: Settings
) -> None:
    headers = await world.seeker()
    uploaded = await world.client.post(
        "/v1/me/documents",
        files={"file": ("職務経歴書.png", qr_png("13010-00000001"), "image/png")},
        data={"kind": "work_history"},
        headers=headers,
    )
    document_id = uploaded.json()["id"]
    job = await world.job()
    response = await world.client.post(
        "/v1/me/applications",
        json={"job_number": job, "motivation": "添付します。", "document_ids": [document_id]},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    # Deleted from the seeker's list, the file stays with the application.
    await world.client.delete(f"/v1/me/documents/{document_id}", headers=headers)
    assert (await world.client.get("/v1/me/documents", headers=headers)).json()["items"] == []
    files = [p for p in (settings.data_dir / "documents").rglob("*") if p.is_file()]
    assert len(files) == 1
    application_id = response.json()["id"]
    sent_path = f"/v1/me/applications/{application_id}/documents/{document_id}"
    employer_path = f"/v1/employer/applications/{application_id}/documents/{document_id}"
    # The seeker still sees and downloads what was sent (R11).
    detail = await world.client.get(f"/v1/me/applications/{application_id}", headers=headers)
    [sent] = detail.json()["documents"]
    assert (sent["id"], sent["kind"], sent["filename"]) == (
        document_id,
        "work_history",
        "職務経歴書.png",
    )
    download = await world.client.get(sent_path, headers=headers)
    assert download.status_code == 200
    assert download.content == qr_png("13010-00000001")
    # The employer sees the documents with the applicant and downloads them as sent.
    boss = await world.boss()
    [applicant] = (
        await world.client.get(f"/v1/employer/jobs/{job}/applications", headers=boss)
    ).json()["items"]
    assert [d["id"] for d in applicant["documents"]] == [document_id]
    one = await world.client.get(f"/v1/employer/applications/{application_id}", headers=boss)
    assert one.json()["documents"] == [sent]
    received = await world.client.get(employer_path, headers=boss)
    assert received.status_code == 200
    assert received.content == qr_png("13010-00000001")
    assert received.headers["content-type"] == "image/png"
    assert received.headers["x-content-type-options"] == "nosniff"
    assert received.headers["content-disposition"].startswith("attachment;")
    # Another seeker's document (or an unknown one) cannot be attached.
    await sign_up_online(world.client, connection, "other@example.jp", make_profile())
    stranger = await bearer(world.client, "other@example.jp")
    response = await world.client.post(
        "/v1/me/applications",
        json={"job_number": job, "motivation": "x", "document_ids": [document_id]},
        headers=stranger,
    )
    assert_problem(response, 404, "document-not-found")
    # Nobody else reaches the files: not the other seeker, not another employer, and a
    # document that was not sent with the application is not found through it.
    assert_problem(
        await world.client.get(sent_path, headers=stranger), 404, "application-not-found"
    )
    other = await make_employer(
        connection, world.clock.now(), email="other@kaisha.example.jp", office_code="13050"
    )
    outsider = await bearer(world.client, other.email)
    assert_problem(
        await world.client.get(employer_path, headers=outsider), 404, "application-not-found"
    )
    assert_problem(await world.client.get(employer_path, headers=headers), 403, "wrong-role")
    unsent = await world.client.post(
        "/v1/me/documents",
        files={"file": ("別紙.png", qr_png("13010-00000002"), "image/png")},
        data={"kind": "other"},
        headers=stranger,
    )
    elsewhere = f"/v1/employer/applications/{application_id}/documents/{unsent.json()['id']}"
    assert_problem(await world.client.get(elsewhere, headers=boss), 404, "document-not-found")


async def _apply_through(world: World, channel: str, job: str) -> dict[str, object]:
    """Applies as each channel does: the seeker online, or staff at the counter."""
    if channel == "self_online":
        response = await world.apply(job)
    elif channel == "referral_online":
        offered = await world.client.post(
            f"/v1/staff/seekers/{world.number}/referral-offers",
            json={"job_number": job, "apply_by": "2027-01-20"},
            headers=await world.desk(),
        )
        response = await world.client.post(
            f"/v1/me/referral-offers/{offered.json()['id']}/apply",
            json={"motivation": "紹介を受けて応募します。"},
            headers=await world.seeker(),
        )
    else:
        response = await world.client.post(
            f"/v1/staff/seekers/{world.number}/referrals",
            json={"job_number": job},
            headers=await world.desk(),
        )
    assert response.status_code == 201, response.text
    application: dict[str, object] = response.json()
    assert application["channel"] == channel
    return application


async def test_a_jobs_applicants_page_newest_first(
    world: World, connection: AsyncConnection
) -> None:
    job = await world.job()
    applied = [(await world.apply(job)).json()["id"]]
    for number in range(4):
        email = f"applicant{number}@example.jp"
        await sign_up_online(world.client, connection, email, make_profile())
        response = await world.client.post(
            "/v1/me/applications",
            json={"job_number": job, "motivation": "応募します。"},
            headers=await bearer(world.client, email),
        )
        assert response.status_code == 201, response.text
        applied.append(response.json()["id"])
    path = f"/v1/employer/jobs/{job}/applications"
    await assert_pages(world.client, path, await world.boss(), lambda a: a["id"], applied[::-1])
    # Another employer's job stays not found, whatever the page asked for.
    other = await make_employer(
        connection, world.clock.now(), email="other@kaisha.example.jp", office_code="13050"
    )
    outsider = await bearer(world.client, other.email)
    for params in ({}, {"limit": 1}, {"cursor": "garbage"}):
        response = await world.client.get(path, params=params, headers=outsider)
        assert_problem(response, 404, "job-not-found")


@pytest.mark.parametrize("channel", ["self_online", "referral_online", "referral_counter"])
async def test_each_channel_from_application_to_finished(
    world: World, connection: AsyncConnection, channel: str
) -> None:
    # In the month the registration ends (January 2027), the application extends it (R2).
    world.on("2027-01-10T10:00")
    job = await world.job()
    application = await _apply_through(world, channel, job)
    path = f"/v1/me/applications/{application['id']}"
    registration = await world.client.get("/v1/me/registration", headers=await world.seeker())
    assert registration.json()["valid_until"] == "2027-02-28"
    # One second past 24 hours, no online cancellation; never for a counter referral (R12).
    world.clock.advance(timedelta(hours=24, seconds=1))
    cancel = await world.client.post(f"{path}/cancel", headers=await world.seeker())
    if channel == "referral_counter":
        assert_problem(cancel, 409, "counter-referral-not-cancellable")
    else:
        assert_problem(cancel, 409, "cancellation-window-closed")
    # The employer sees the applicant; another employer and another seeker do not.
    [applicant] = (
        await world.client.get(f"/v1/employer/jobs/{job}/applications", headers=await world.boss())
    ).json()["items"]
    assert (applicant["id"], applicant["channel"]) == (application["id"], channel)
    other = await make_employer(
        connection, world.clock.now(), email="other@kaisha.example.jp", office_code="13050"
    )
    assert_problem(
        await world.client.get(
            f"/v1/employer/applications/{application['id']}",
            headers=await bearer(world.client, other.email),
        ),
        404,
        "application-not-found",
    )
    await sign_up_online(world.client, connection, "other@example.jp", make_profile())
    stranger = await bearer(world.client, "other@example.jp")
    assert_problem(await world.client.get(path, headers=stranger), 404, "application-not-found")
    # The job closes on 2027-01-20: applying through 2027-04-30 (翌々々月末日), then finished.
    world.on("2027-01-20T10:00")
    await world.client.post(f"/v1/employer/jobs/{job}/close", headers=await world.boss())
    for day, which in (("2027-04-30", "applying"), ("2027-05-01", "finished")):
        world.on(f"{day}T10:00")
        await world.client.post(
            f"/v1/staff/seekers/{world.number}/reactivate", headers=await world.desk()
        )
        assert [a["id"] for a in await world.applications(which)] == [application["id"]]
    # The result registered even then reaches the referral letter (R13).
    await world.client.post(
        f"/v1/employer/applications/{application['id']}/selection-result",
        json={"result": "rejected"},
        headers=await world.boss(),
    )
    letter = await world.client.get(f"{path}/referral-letter", headers=await world.seeker())
    if channel == "self_online":
        assert_problem(letter, 404, "no-referral-letter")
    else:
        assert (letter.json()["kind"], letter.json()["result"]) == (
            "referral_letter_with_result",
            "rejected",
        )


# Staff at the counter: what they do to the seeker is in the seeker's access log -------------


async def access_log(world: World) -> list[tuple[str, str, str, int | None]]:
    log = await world.client.get("/v1/me/access-log", headers=await world.seeker())
    assert log.status_code == 200, log.text
    return [
        (entry["action"], entry["what"], entry["office_name"], entry["staff_id"])
        for entry in log.json()["items"]
    ]


async def test_a_counter_referral_and_an_offer_show_in_the_seekers_access_log(
    world: World,
) -> None:
    before = await access_log(world)
    referred, offered = await world.job(), await world.job()
    referral = await world.client.post(
        f"/v1/staff/seekers/{world.number}/referrals",
        json={"job_number": referred},
        headers=await world.desk(),
    )
    assert referral.status_code == 201, referral.text
    offer = await world.client.post(
        f"/v1/staff/seekers/{world.number}/referral-offers",
        json={"job_number": offered, "apply_by": "2026-12-10"},
        headers=await world.desk(),
    )
    assert offer.status_code == 201, offer.text
    office, staff = "ハローワーク飯田橋", world.staff.id
    assert await access_log(world) == [
        ("change", "referral_offer", office, staff),
        ("change", "activity:referral", office, staff),
        *before,
    ]


async def test_a_refused_counter_action_leaves_no_access_log_entry(world: World) -> None:
    before = await access_log(world)
    job = await world.job()
    too_late = await world.client.post(
        f"/v1/staff/seekers/{world.number}/referral-offers",
        json={"job_number": job, "apply_by": "2027-02-01"},  # after the referral deadline
        headers=await world.desk(),
    )
    assert_problem(too_late, 422, "invalid-apply-by")
    await world.client.post(f"/v1/employer/jobs/{job}/close", headers=await world.boss())
    closed = await world.client.post(
        f"/v1/staff/seekers/{world.number}/referrals",
        json={"job_number": job},
        headers=await world.desk(),
    )
    assert_problem(closed, 410, "job-unavailable")
    assert await access_log(world) == before


async def test_a_counter_referral_in_the_end_month_extends_the_registration_once(
    world: World,
) -> None:
    world.on("2027-01-10T10:00")
    job = await world.job(accepts_online_applications=False)
    referred = await world.client.post(
        f"/v1/staff/seekers/{world.number}/referrals",
        json={"job_number": job},
        headers=await world.desk(),
    )
    assert referred.status_code == 201, referred.text
    registration = (
        await world.client.get("/v1/me/registration", headers=await world.seeker())
    ).json()
    assert registration["valid_until"] == "2027-02-28"  # one month, not two


async def test_a_cancelled_application_is_mailed_to_the_seeker(
    world: World, connection: AsyncConnection
) -> None:
    job = await world.job()
    application = (await world.apply(job)).json()
    cancelled = await world.client.post(
        f"/v1/me/applications/{application['id']}/cancel", headers=await world.seeker()
    )
    assert cancelled.status_code == 200, cancelled.text
    [mail] = [m for m in await mails_to(connection, SEEKER) if m.kind == "application_status"]
    assert job in mail.subject
    assert "応募を取り消しました" in mail.body
