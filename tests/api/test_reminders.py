"""Reminder e-mails about the registration's validity (SPEC §4): before the last valid day,
and on the day the registration lapses; once per valid_until, to reachable seekers only.

Seekers are made through the API; the pass is called as the worker and the command call
it, on the day the clock has been moved to."""

import asyncio
import logging
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from typer.testing import CliRunner

from mypage_api.app import create_app
from mypage_api.cli import app as cli
from mypage_api.clock import FixedClock, today
from mypage_api.config import Settings
from mypage_api.db import Database, create_engine
from mypage_api.mail import templates
from mypage_api.mail.senders import MailFolderSender
from mypage_api.models import MailStatus, OutboxMail
from mypage_api.registrations import reminders
from mypage_api.registrations.reminders import (
    ReminderPass,
    ReminderResult,
    run_reminder_pass,
    run_reminders,
)
from mypage_api.rules.calendar import JST
from mypage_api.worker import DailyPass, run_forever
from tests.databases import fresh_database
from tests.factories import (
    PASSWORD,
    bearer,
    load_offices,
    mails_to,
    make_staff,
    session_on,
    sign_up_online,
)
from tests.unit.profiles.makers import make_profile

EMAIL = "taro.yamada@example.jp"
KINDS = {templates.MailKind.registration_reminder, templates.MailKind.registration_lapsed}
NOTHING = ReminderResult()
ONE_REMINDER = ReminderResult(reminders=1)
ONE_LAPSE_NOTICE = ReminderResult(lapse_notices=1)


@pytest.fixture(autouse=True)
async def offices(connection: AsyncConnection) -> None:
    await load_offices(connection)


def on(clock: FixedClock, day: str, time: str = "09:00") -> None:
    clock.set(datetime.fromisoformat(f"{day}T{time}+09:00"))


async def sign_up(
    client: httpx.AsyncClient, connection: AsyncConnection, email: str = EMAIL
) -> str:
    """An online sign-up on the clock's day; the seeker number."""
    registered = await sign_up_online(client, connection, email, make_profile())
    return str(registered["seeker_number"])


async def remind(
    connection: AsyncConnection, clock: FixedClock, settings: Settings, day: str
) -> ReminderResult:
    on(clock, day)
    async with session_on(connection) as session:
        return await run_reminder_pass(
            session, settings=settings, today=today(clock), now=clock.now()
        )


async def notices_to(connection: AsyncConnection, address: str = EMAIL) -> list[OutboxMail]:
    return [mail for mail in await mails_to(connection, address) if mail.kind in KINDS]


async def staff_headers(client: httpx.AsyncClient, connection: AsyncConnection) -> dict[str, str]:
    """Signed in as staff of ハローワーク飯田橋 (13010, the office of every seeker here), on
    the clock's day."""
    staff = await make_staff(connection, datetime(2026, 11, 25, tzinfo=JST))
    return await bearer(client, staff.email)


async def test_signed_up_on_25_november_the_registration_is_valid_through_31_january(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    registered = await sign_up_online(client, connection, EMAIL, make_profile())
    assert (registered["registered_on"], registered["valid_until"]) == ("2026-11-25", "2027-01-31")


async def test_the_reminder_goes_out_from_seven_days_before_the_last_valid_day_once(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, settings: Settings
) -> None:
    await sign_up(client, connection)

    assert await remind(connection, clock, settings, "2027-01-23") == NOTHING
    assert await remind(connection, clock, settings, "2027-01-24") == ONE_REMINDER
    reminded_at = clock.now()
    assert await remind(connection, clock, settings, "2027-01-24") == NOTHING
    assert await remind(connection, clock, settings, "2027-01-28") == NOTHING
    # The last valid day: no lapse notice yet.
    assert await remind(connection, clock, settings, "2027-01-31") == NOTHING

    [reminder] = await notices_to(connection)
    assert reminder.kind == "registration_reminder"
    assert (reminder.status, reminder.created_at) == (MailStatus.pending, reminded_at)


async def test_the_reminder_is_japanese_and_says_how_to_keep_the_registration(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, settings: Settings
) -> None:
    await sign_up(client, connection)
    await remind(connection, clock, settings, "2027-01-24")

    [mail] = await notices_to(connection)
    assert mail.to_address == EMAIL
    assert mail.subject == "【ハローワーク】求職登録の有効期限が近づいています"
    assert "有効期間は 2027年1月31日(日) までです。" in mail.body
    # R2: what extends it in the end month, and to when.
    assert "2027年2月28日(日) まで延長されます。" in mail.body
    assert "職業相談または職業紹介" in mail.body
    assert "オンライン自主応募" in mail.body
    assert "多くの機能" in mail.body
    assert f"{settings.public_base_url}/" in mail.body
    assert mail.body.endswith(templates.SIGNATURE)
    # Nothing about the person beyond the address it goes to.
    for personal in ("山田", "ヤマダ", "13010-00000001", "090-1234-5678"):
        assert personal not in mail.body


async def test_the_lapse_notice_goes_out_on_the_day_the_registration_lapses_once(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, settings: Settings
) -> None:
    await sign_up(client, connection)

    # First noticed on the last valid day: the reminder, still.
    assert await remind(connection, clock, settings, "2027-01-31") == ONE_REMINDER
    assert await remind(connection, clock, settings, "2027-02-01") == ONE_LAPSE_NOTICE
    assert await remind(connection, clock, settings, "2027-02-01") == NOTHING
    assert await remind(connection, clock, settings, "2027-02-02") == NOTHING
    assert await remind(connection, clock, settings, "2027-02-08") == NOTHING

    reminder, notice = await notices_to(connection)
    assert (reminder.kind, notice.kind) == ("registration_reminder", "registration_lapsed")
    assert notice.subject == "【ハローワーク】求職登録の有効期間が終了しました"
    assert "2027年2月1日(月) から\n求職状態が「無効」となりました。" in notice.body
    # R4: 60 days from the first inactive day, inclusive.
    assert "2027年4月2日(金) までであれば" in notice.body
    assert "「求職者情報・設定」＞「各種設定」" in notice.body
    assert "ハローワークにご相談ください" in notice.body
    assert notice.body.endswith(templates.SIGNATURE)
    assert "山田" not in notice.body


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2027-01-23", NOTHING),
        ("2027-01-24", ONE_REMINDER),
        ("2027-01-31", ONE_REMINDER),
        ("2027-02-01", ONE_LAPSE_NOTICE),
        ("2027-02-07", ONE_LAPSE_NOTICE),
        ("2027-02-08", ONE_LAPSE_NOTICE),
        ("2027-02-09", NOTHING),
    ],
    ids=[
        "8-days-before-the-end",
        "7-days-before-the-end",
        "the-last-valid-day",
        "the-day-it-lapses",
        "6-days-after-the-lapse",
        "7-days-after-the-lapse",
        "8-days-after-the-lapse",
    ],
)
async def test_a_pass_first_run_on_a_day_mails_what_is_due_that_day(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: FixedClock,
    settings: Settings,
    day: str,
    expected: ReminderResult,
) -> None:
    """The windows include both ends: a worker that was down for a few days still mails, one
    down for longer does not mail about an old lapse."""
    await sign_up(client, connection)
    assert await remind(connection, clock, settings, day) == expected


async def test_the_windows_follow_the_settings(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, settings: Settings
) -> None:
    await sign_up(client, connection)
    short = settings.model_copy(
        update={"registration_reminder_days": 3, "registration_lapse_notice_days": 0}
    )
    assert await remind(connection, clock, short, "2027-01-27") == NOTHING
    assert await remind(connection, clock, short, "2027-01-28") == ONE_REMINDER
    assert await remind(connection, clock, short, "2027-02-02") == NOTHING


async def test_an_extended_registration_is_reminded_again_for_its_new_end(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, settings: Settings
) -> None:
    number = await sign_up(client, connection)
    assert await remind(connection, clock, settings, "2027-01-24") == ONE_REMINDER

    on(clock, "2027-01-25")
    counselled = await client.post(
        f"/v1/staff/seekers/{number}/activities",
        json={"kind": "counselling"},
        headers=await staff_headers(client, connection),
    )
    assert counselled.status_code == 201, counselled.text
    assert counselled.json()["registration"]["valid_until"] == "2027-02-28"

    assert await remind(connection, clock, settings, "2027-01-25") == NOTHING
    assert await remind(connection, clock, settings, "2027-02-01") == NOTHING  # still valid
    assert await remind(connection, clock, settings, "2027-02-20") == NOTHING
    assert await remind(connection, clock, settings, "2027-02-21") == ONE_REMINDER
    assert await remind(connection, clock, settings, "2027-03-01") == ONE_LAPSE_NOTICE

    first, second, notice = await notices_to(connection)
    assert "2027年1月31日(日) までです。" in first.body
    assert "2027年2月28日(日) までです。" in second.body
    assert "2027年3月31日(水) まで延長されます。" in second.body
    assert "2027年3月1日(月) から" in notice.body


async def test_a_registration_the_seeker_ended_gets_neither_mail(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, settings: Settings
) -> None:
    await sign_up(client, connection)
    on(clock, "2027-01-10")
    ended = await client.put(
        "/v1/me/registration/status",
        json={"status": "inactive"},
        headers=await bearer(client, EMAIL),
    )
    assert ended.status_code == 200, ended.text

    assert await remind(connection, clock, settings, "2027-01-24") == NOTHING
    assert await remind(connection, clock, settings, "2027-02-01") == NOTHING
    assert await notices_to(connection) == []


async def test_a_registration_ended_by_employment_gets_neither_mail(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, settings: Settings
) -> None:
    number = await sign_up(client, connection)
    on(clock, "2027-01-10")
    employed = await client.post(
        f"/v1/staff/seekers/{number}/activities",
        json={"kind": "employment"},
        headers=await staff_headers(client, connection),
    )
    assert employed.status_code == 201, employed.text

    assert await remind(connection, clock, settings, "2027-01-24") == NOTHING
    assert await remind(connection, clock, settings, "2027-02-01") == NOTHING
    assert await notices_to(connection) == []


async def test_a_withdrawn_seeker_gets_nothing(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, settings: Settings
) -> None:
    await sign_up(client, connection)
    await sign_up(client, connection, "hanako.suzuki@example.jp")
    assert await remind(connection, clock, settings, "2027-01-24") == ReminderResult(reminders=2)

    withdrawn = await client.request(
        "DELETE", "/v1/me", json={"password": PASSWORD}, headers=await bearer(client, EMAIL)
    )
    assert withdrawn.status_code == 204, withdrawn.text

    assert await remind(connection, clock, settings, "2027-02-01") == ONE_LAPSE_NOTICE
    assert [mail.kind for mail in await notices_to(connection)] == ["registration_reminder"]
    assert len(await notices_to(connection, "hanako.suzuki@example.jp")) == 2


async def test_a_restricted_seeker_gets_nothing(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, settings: Settings
) -> None:
    number = await sign_up(client, connection)
    restricted = await client.post(
        f"/v1/staff/seekers/{number}/restrict",
        json={"reason": "利用規約違反の疑い"},
        headers=await staff_headers(client, connection),
    )
    assert restricted.status_code == 200, restricted.text

    assert await remind(connection, clock, settings, "2027-01-24") == NOTHING
    assert await remind(connection, clock, settings, "2027-02-01") == NOTHING


async def test_a_seeker_registered_at_the_counter_is_reminded_before_activating(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, settings: Settings
) -> None:
    created = await client.post(
        "/v1/staff/seekers",
        json={"email": EMAIL, "profile": make_profile()},
        headers=await staff_headers(client, connection),
    )
    assert created.status_code == 201, created.text  # the activation link is not followed

    assert await remind(connection, clock, settings, "2027-01-24") == ONE_REMINDER
    [reminder] = await notices_to(connection)
    assert reminder.kind == "registration_reminder"


async def test_batches_pick_up_where_the_last_one_stopped(
    client: httpx.AsyncClient, connection: AsyncConnection, clock: FixedClock, settings: Settings
) -> None:
    addresses = [f"seeker{n}@example.jp" for n in range(5)]
    for address in addresses:
        await sign_up(client, connection, address)
    # Registered a day later: the same end, a later row.
    on(clock, "2026-11-26")
    await sign_up(client, connection, "late@example.jp")

    on(clock, "2027-01-24")
    reminder_pass = ReminderPass(
        settings=settings, today=today(clock), now=clock.now(), batch_size=2
    )
    batches = []
    while not reminder_pass.done:  # each batch its own transaction, as the command does
        async with session_on(connection) as session:
            batches.append(await reminder_pass.run_batch(session))

    assert [batch.reminders for batch in batches] == [2, 2, 2, 0]
    for address in [*addresses, "late@example.jp"]:
        assert len(await notices_to(connection, address)) == 1, address
    assert await remind(connection, clock, settings, "2027-01-24") == NOTHING


def bound_database(engine: AsyncEngine, connection: AsyncConnection) -> Database:
    database = Database(engine)
    database.bind_to(connection)
    return database


async def test_the_worker_runs_the_pass_once_a_day_on_the_tokyo_calendar(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    engine: AsyncEngine,
    clock: FixedClock,
    settings: Settings,
) -> None:
    await sign_up(client, connection)
    database = bound_database(engine, connection)
    daily = DailyPass(run_reminders, "registration reminder")

    # At start, whatever the hour.
    on(clock, "2027-01-23", "23:59")
    assert await daily.maybe_run(database, clock, settings) == NOTHING
    assert await daily.maybe_run(database, clock, settings) is None
    # Midnight in Tokyo (15:00 UTC the day before) is a new day.
    on(clock, "2027-01-24", "00:00")
    assert clock.now().date() == date(2027, 1, 23)
    assert await daily.maybe_run(database, clock, settings) == ONE_REMINDER
    on(clock, "2027-01-24", "23:59")
    assert await daily.maybe_run(database, clock, settings) is None
    on(clock, "2027-01-25", "00:00")
    assert await daily.maybe_run(database, clock, settings) == NOTHING

    assert len(await notices_to(connection)) == 1


async def test_a_failed_daily_pass_is_logged_without_personal_data_and_tried_again(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    engine: AsyncEngine,
    clock: FixedClock,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await sign_up(client, connection)
    database = bound_database(engine, connection)
    daily = DailyPass(run_reminders, "registration reminder")
    real = reminders.run_reminders

    async def failing(*args: object, **kwargs: object) -> ReminderResult:
        raise ConnectionError(f"lost the database while mailing {EMAIL}")

    caplog.set_level(logging.INFO, logger="mypage_api")
    on(clock, "2027-01-24")
    daily.run = failing
    assert await daily.maybe_run(database, clock, settings) is None
    daily.run = real
    assert await daily.maybe_run(database, clock, settings) == ONE_REMINDER

    assert "registration reminder pass failed: ConnectionError" in caplog.text
    assert "1 reminders, 0 lapse notices" in caplog.text
    assert EMAIL not in caplog.text
    assert "example.jp" not in caplog.text


async def test_the_mail_worker_queues_and_sends_the_reminders_when_it_starts(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    engine: AsyncEngine,
    clock: FixedClock,
    settings: Settings,
) -> None:
    await sign_up(client, connection)
    on(clock, "2027-01-24")
    database = bound_database(engine, connection)
    stop = asyncio.Event()
    fast = settings.model_copy(update={"mail_poll_seconds": 0.01})
    sender = MailFolderSender(settings.data_dir / "mail")

    folder = settings.data_dir / "mail"

    # The worker owns the connection while it runs: watch the folder, not the database.
    worker = asyncio.create_task(run_forever(database, sender, clock, fast, stop))
    try:
        for _ in range(200):
            if len(list(folder.glob("*.eml"))) == 2:  # the sign-up link and the reminder
                break
            await asyncio.sleep(0.02)
    finally:
        stop.set()
        await asyncio.wait_for(worker, 10)

    [reminder] = await notices_to(connection)
    assert reminder.status is MailStatus.sent
    assert reminder.message_id.strip("<>").split("@")[0] in " ".join(
        eml.name for eml in folder.glob("*.eml")
    )


@pytest.fixture
def own_database_url(tmp_path: Path) -> Iterator[str]:
    """A database of its own with committed rows, so two passes can really race."""
    with fresh_database(tmp_path) as url:
        yield url


async def test_two_passes_racing_queue_each_mail_once(
    own_database_url: str, clock: FixedClock, settings: Settings
) -> None:
    addresses = [f"seeker{n}@example.jp" for n in range(6)]
    engine = create_engine(own_database_url)
    async with engine.connect() as connection:
        await connection.begin()
        app = create_app(settings, clock=clock, database=bound_database(engine, connection))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            await load_offices(connection)
            for address in addresses:
                await sign_up(client, connection, address)
        await connection.commit()

    first, second = Database(engine), Database(create_engine(own_database_url))
    on(clock, "2027-01-24")

    async def drain(database: Database) -> int:
        """A pass of one-row batches, each its own transaction, yielding in between."""
        reminder_pass = ReminderPass(
            settings=settings, today=today(clock), now=clock.now(), batch_size=1
        )
        queued = 0
        while not reminder_pass.done:
            async with database.sessions() as session, session.begin():
                queued += (await reminder_pass.run_batch(session)).reminders
            await asyncio.sleep(0)
        return queued

    try:
        a, b = await asyncio.gather(drain(first), drain(second))
        assert a + b == len(addresses)
        async with engine.connect() as connection:
            for address in addresses:
                assert len(await notices_to(connection, address)) == 1, address
    finally:
        await first.dispose()
        await second.dispose()


def test_the_reminders_command_runs_one_pass_and_prints_the_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    monkeypatch.setenv("MYPAGE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MYPAGE_DATABASE_URL", raising=False)
    # The demo seekers register on 25 November 2026: valid through 31 January 2027.
    monkeypatch.setenv("MYPAGE_FIXED_NOW", "2026-11-25T10:00:00+09:00")
    assert runner.invoke(cli, ["demo-data"]).exit_code == 0

    monkeypatch.setenv("MYPAGE_FIXED_NOW", "2027-01-24T03:00:00+09:00")
    first = runner.invoke(cli, ["reminders"])
    assert first.exit_code == 0, first.output
    assert first.output == "queued 2 reminders and 0 lapse notices\n"
    again = runner.invoke(cli, ["reminders"])
    assert again.output == "queued 0 reminders and 0 lapse notices\n"

    monkeypatch.setenv("MYPAGE_FIXED_NOW", "2027-02-01T03:00:00+09:00")
    lapsed = runner.invoke(cli, ["reminders"])
    assert lapsed.output == "queued 0 reminders and 2 lapse notices\n"
