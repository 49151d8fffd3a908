"""The worker against a real SMTP server: what the server received is what counts."""

import asyncio
import email
import logging
from collections.abc import Iterator
from datetime import timedelta
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mypage_api.clock import FixedClock
from mypage_api.config import Environment, Settings
from mypage_api.db import Database, create_engine
from mypage_api.mail.delivery import claim, retry_delay, run_pass
from mypage_api.mail.outbox import enqueue
from mypage_api.mail.senders import MailFolderSender, SmtpSender, sender_from
from mypage_api.models import MailStatus, OutboxMail
from mypage_api.worker import in_process_worker
from tests.databases import fresh_database
from tests.mail.conftest import (
    ADDRESS,
    BODY,
    SUBJECT,
    SmtpServer,
    all_mails,
    queue_mail,
    stored,
)


def body_of(message: EmailMessage) -> str:
    content = message.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


async def test_a_queued_mail_is_delivered_once_with_its_japanese_text(
    database: Database, clock: FixedClock, mail_settings: Settings, smtp: SmtpServer
) -> None:
    mail = await queue_mail(database, clock)
    sender = sender_from(mail_settings)

    result = await run_pass(database, sender, clock, mail_settings)

    assert (result.sent, result.retried, result.failed) == (1, 0, 0)
    [envelope] = smtp.inbox.received
    assert envelope.rcpt_tos == [ADDRESS]
    assert envelope.mail_from == "no-reply@mypage.hellowork.example"
    [message] = smtp.inbox.messages
    assert message["Subject"] == SUBJECT
    assert body_of(message) == BODY
    assert message.get_content_charset() == "utf-8"
    assert message["Message-ID"] == mail.message_id
    assert message["To"] == ADDRESS
    # Decoded by RFC 2047 rules: the email package's address parser keeps the folding
    # space between the two encoded words of the long display name; mail readers do not.
    raw = email.message_from_bytes(envelope.content)  # compat32: headers as sent
    assert str(make_header(decode_header(raw["From"]))) == (
        "ハローワークインターネットサービス <no-reply@mypage.hellowork.example>"
    )
    assert message["Date"].datetime == clock.now()

    row = await stored(database, mail.id)
    assert (row.status, row.attempts, row.sent_at, row.locked_until) == (
        MailStatus.sent,
        1,
        clock.now(),
        None,
    )

    clock.advance(timedelta(days=1))
    again = await run_pass(database, sender, clock, mail_settings)
    assert again.handled == 0
    assert len(smtp.inbox.received) == 1


async def test_a_mail_not_yet_due_is_not_sent(
    database: Database, clock: FixedClock, mail_settings: Settings, smtp: SmtpServer
) -> None:
    await queue_mail(database, clock)
    earlier = FixedClock(clock.now() - timedelta(seconds=1))

    result = await run_pass(database, sender_from(mail_settings), earlier, mail_settings)

    assert result.handled == 0
    assert smtp.inbox.received == []


async def test_server_down_then_up_again_delivers_exactly_once_after_backoff(
    database: Database, clock: FixedClock, mail_settings: Settings, smtp: SmtpServer
) -> None:
    mail = await queue_mail(database, clock)
    sender = sender_from(mail_settings)
    first_try = clock.now()
    smtp.stop()

    result = await run_pass(database, sender, clock, mail_settings)

    assert result.retried == 1
    row = await stored(database, mail.id)
    assert (row.status, row.attempts, row.locked_until) == (MailStatus.pending, 1, None)
    assert row.next_attempt_at == first_try + timedelta(seconds=30)
    assert row.last_error == "SMTPConnectError"

    # Not due before the backoff has passed.
    clock.advance(timedelta(seconds=29))
    assert (await run_pass(database, sender, clock, mail_settings)).handled == 0

    # Still down: the next wait doubles.
    clock.advance(timedelta(seconds=1))
    assert (await run_pass(database, sender, clock, mail_settings)).retried == 1
    row = await stored(database, mail.id)
    assert row.attempts == 2
    assert row.next_attempt_at == clock.now() + timedelta(seconds=60)
    assert smtp.inbox.received == []

    smtp.start()  # the same port
    clock.advance(timedelta(seconds=59))
    assert (await run_pass(database, sender, clock, mail_settings)).handled == 0
    clock.advance(timedelta(seconds=1))
    assert (await run_pass(database, sender, clock, mail_settings)).sent == 1
    clock.advance(timedelta(hours=1))
    assert (await run_pass(database, sender, clock, mail_settings)).handled == 0

    assert smtp.inbox.message_ids == [mail.message_id]
    row = await stored(database, mail.id)
    assert (row.status, row.attempts, row.sent_at) == (
        MailStatus.sent,
        3,
        clock.now() - timedelta(hours=1),
    )


async def test_after_the_last_attempt_the_mail_has_failed(
    database: Database, clock: FixedClock, mail_settings: Settings, smtp: SmtpServer
) -> None:
    settings = mail_settings.model_copy(update={"mail_max_attempts": 3})
    mail = await queue_mail(database, clock)
    sender = sender_from(settings)
    smtp.stop()

    outcomes = []
    for _ in range(4):
        outcomes.append(await run_pass(database, sender, clock, settings))
        clock.advance(timedelta(hours=1))

    assert [(r.retried, r.failed) for r in outcomes] == [(1, 0), (1, 0), (0, 1), (0, 0)]
    row = await stored(database, mail.id)
    assert (row.status, row.attempts, row.sent_at) == (MailStatus.failed, 3, None)
    smtp.start()
    assert (await run_pass(database, sender, clock, settings)).handled == 0
    assert smtp.inbox.received == []


async def test_a_permanent_refusal_fails_at_once_and_a_temporary_one_is_retried(
    database: Database, clock: FixedClock, mail_settings: Settings, smtp: SmtpServer
) -> None:
    unknown = "unknown.user@example.jp"
    busy = "busy.user@example.jp"
    smtp.inbox.refusals[unknown] = f"550 5.1.1 <{unknown}>: Recipient address rejected"
    smtp.inbox.refusals[busy] = f"450 4.2.1 <{busy}>: Mailbox busy, try later"
    refused = await queue_mail(database, clock, to=unknown)
    delayed = await queue_mail(database, clock, to=busy)
    sender = sender_from(mail_settings)

    result = await run_pass(database, sender, clock, mail_settings)

    assert (result.sent, result.retried, result.failed) == (0, 1, 1)
    row = await stored(database, refused.id)
    assert (row.status, row.attempts, row.last_error) == (
        MailStatus.failed,
        1,
        "recipient refused 550",
    )
    row = await stored(database, delayed.id)
    assert (row.status, row.attempts, row.last_error) == (
        MailStatus.pending,
        1,
        "recipient refused 450",
    )
    assert smtp.inbox.received == []

    del smtp.inbox.refusals[busy]
    clock.advance(timedelta(seconds=30))
    assert (await run_pass(database, sender, clock, mail_settings)).sent == 1
    assert smtp.inbox.message_ids == [delayed.message_id]


async def test_a_claimed_mail_is_not_claimed_again_until_its_lease_ends(
    database: Database, clock: FixedClock, mail_settings: Settings, smtp: SmtpServer
) -> None:
    mail = await queue_mail(database, clock)
    now = clock.now()
    lease_until = now + timedelta(seconds=mail_settings.mail_lease_seconds)
    # A worker claims the mail, then dies before recording anything.
    async with database.sessions() as session, session.begin():
        assert await claim(session, mail.id, now=now, lease_until=lease_until) is not None
    async with database.sessions() as session, session.begin():
        assert await claim(session, mail.id, now=now, lease_until=lease_until) is None

    sender = sender_from(mail_settings)
    clock.advance(timedelta(seconds=mail_settings.mail_lease_seconds))
    assert (await run_pass(database, sender, clock, mail_settings)).handled == 0
    assert smtp.inbox.received == []

    clock.advance(timedelta(seconds=1))
    assert (await run_pass(database, sender, clock, mail_settings)).sent == 1
    assert smtp.inbox.message_ids == [mail.message_id]
    row = await stored(database, mail.id)
    assert (row.status, row.attempts) == (MailStatus.sent, 2)


async def test_a_mail_queued_in_a_rolled_back_transaction_is_never_sent(
    database: Database, clock: FixedClock, mail_settings: Settings, smtp: SmtpServer
) -> None:
    async def failing_request() -> None:
        async with database.sessions() as session, session.begin():
            enqueue(
                session,
                to=ADDRESS,
                kind="email_verification",
                subject=SUBJECT,
                body=BODY,
                now=clock.now(),
            )
            await session.flush()
            raise RuntimeError("the request failed after queueing its mail")

    with pytest.raises(RuntimeError):
        await failing_request()

    result = await run_pass(database, sender_from(mail_settings), clock, mail_settings)

    assert result.handled == 0
    assert await all_mails(database) == []
    assert smtp.inbox.received == []


async def test_the_logs_of_a_pass_hold_no_address_subject_or_body(
    database: Database,
    clock: FixedClock,
    mail_settings: Settings,
    smtp: SmtpServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    refused = "suzuki.hanako@example.jp"
    busy = "sato.jiro@example.jp"
    smtp.inbox.refusals[refused] = f"550 5.1.1 <{refused}>: User unknown"
    smtp.inbox.refusals[busy] = f"451 4.3.0 <{busy}>: Temporary failure"
    mails = [await queue_mail(database, clock, to=address) for address in (ADDRESS, refused, busy)]
    caplog.set_level(logging.DEBUG, logger="mypage_api")

    result = await run_pass(database, sender_from(mail_settings), clock, mail_settings)

    assert (result.sent, result.retried, result.failed) == (1, 1, 1)
    logged = caplog.text
    for mail in mails:
        assert f"mail {mail.id} (email_verification)" in logged
    for secret in (ADDRESS, refused, busy, "example.jp", SUBJECT, "山田", "仮登録"):
        assert secret not in logged
    for mail in await all_mails(database):
        assert "@" not in (mail.last_error or "")


async def test_the_folder_backend_delivers_into_the_data_folder(
    database: Database, clock: FixedClock, settings: Settings
) -> None:
    mail = await queue_mail(database, clock)
    sender = sender_from(settings)
    assert isinstance(sender, MailFolderSender)

    assert (await run_pass(database, sender, clock, settings)).sent == 1

    [eml] = (settings.data_dir / "mail").glob("*.eml")
    assert mail.message_id.strip("<>").split("@")[0] in eml.name


async def test_the_in_process_worker_sends_in_the_background_and_stops(
    database: Database, clock: FixedClock, settings: Settings
) -> None:
    await queue_mail(database, clock)
    running = settings.model_copy(
        update={"env": Environment.development, "mail_poll_seconds": 0.05}
    )
    folder = settings.data_dir / "mail"

    async with in_process_worker(database, clock, running):
        for _ in range(100):
            if list(folder.glob("*.eml")):
                break
            await asyncio.sleep(0.05)

    assert len(list(folder.glob("*.eml"))) == 1
    [row] = await all_mails(database)
    assert row.status == MailStatus.sent


async def test_no_worker_runs_inside_the_app_under_test(
    database: Database, clock: FixedClock, settings: Settings
) -> None:
    await queue_mail(database, clock)
    fast = settings.model_copy(update={"mail_poll_seconds": 0.01})

    async with in_process_worker(database, clock, fast):
        await asyncio.sleep(0.1)

    assert not (settings.data_dir / "mail").exists()


@pytest.fixture
def own_database_url(tmp_path: Path) -> Iterator[str]:
    """A database of its own with committed rows, so two workers can really race."""
    with fresh_database(tmp_path) as url:
        yield url


class SlowSender:
    """Sends through SMTP after a pause, so the other worker runs in between."""

    def __init__(self, sender: SmtpSender) -> None:
        self.sender = sender

    async def send(self, message: EmailMessage) -> None:
        await asyncio.sleep(0.02)
        await self.sender.send(message)


async def test_two_workers_racing_send_each_mail_once(
    own_database_url: str, clock: FixedClock, mail_settings: Settings, smtp: SmtpServer
) -> None:
    first = Database(create_engine(own_database_url))
    second = Database(create_engine(own_database_url))
    try:
        mails = [await queue_mail(first, clock, to=f"seeker{n}@example.jp") for n in range(10)]
        sender = sender_from(mail_settings)
        assert isinstance(sender, SmtpSender)

        a, b = await asyncio.gather(
            run_pass(first, SlowSender(sender), clock, mail_settings),
            run_pass(second, SlowSender(sender), clock, mail_settings),
        )

        assert a.sent + b.sent == 10
        assert a.skipped + b.skipped > 0, "the workers did not race"
        assert sorted(smtp.inbox.message_ids) == sorted(mail.message_id for mail in mails)
        async with first.sessions() as session:
            statuses = await session.execute(
                select(OutboxMail.status, func.count()).group_by(OutboxMail.status)
            )
            assert [tuple(row) for row in statuses] == [(MailStatus.sent, 10)]
    finally:
        await first.dispose()
        await second.dispose()


def test_retries_wait_twice_as_long_each_time_up_to_six_hours(settings: Settings) -> None:
    waits = [retry_delay(settings, attempts) for attempts in range(1, 8)]
    assert [wait.total_seconds() for wait in waits] == [30, 60, 120, 240, 480, 960, 1920]
    slow = settings.model_copy(update={"mail_retry_base_seconds": 1e9})
    assert retry_delay(slow, 20) == timedelta(hours=6)
