"""A real SMTP server (aiosmtpd) on 127.0.0.1, the app's database and mail settings."""

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from mypage_api.clock import Clock
from mypage_api.config import Settings
from mypage_api.db import Database
from mypage_api.mail.outbox import enqueue
from mypage_api.models import OutboxMail

ADDRESS = "yamada.taro@example.jp"
SUBJECT = "【ハローワーク】メールアドレスの確認のお願い"
BODY = (
    "山田 太郎 様\n\n"
    "求職者マイページへの仮登録を受け付けました。\n\n"
    "ハローワークインターネットサービス\n"
)


class Inbox:
    """An aiosmtpd handler keeping every message it accepted; ``refusals`` maps an address
    to the reply its RCPT gets instead of 250."""

    def __init__(self) -> None:
        self.received: list[Envelope] = []
        self.refusals: dict[str, str] = {}

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.refusals:
            return self.refusals[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.received.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        parsed = []
        for envelope in self.received:
            assert isinstance(envelope.content, bytes)
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            parsed.append(message)
        return parsed

    @property
    def message_ids(self) -> list[str]:
        return [str(message["Message-ID"]) for message in self.messages]


class SmtpServer:
    """aiosmtpd on a fixed free port, which can be stopped and started again on that port."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port: int = probe.getsockname()[1]
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_settings(settings: Settings, smtp: SmtpServer) -> Settings:
    return settings.model_copy(
        update={
            "mail_backend": "smtp",
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp.port,
            "smtp_timeout_seconds": 5,
        }
    )


@pytest.fixture
def database(engine: AsyncEngine, connection: AsyncConnection) -> Database:
    database = Database(engine)
    database.bind_to(connection)
    return database


async def queue_mail(
    database: Database,
    clock: Clock,
    *,
    to: str = ADDRESS,
    subject: str = SUBJECT,
    body: str = BODY,
    kind: str = "email_verification",
) -> OutboxMail:
    async with database.sessions() as session, session.begin():
        return enqueue(session, to=to, kind=kind, subject=subject, body=body, now=clock.now())


async def stored(database: Database, mail_id: int) -> OutboxMail:
    async with database.sessions() as session:
        return (await session.scalars(select(OutboxMail).where(OutboxMail.id == mail_id))).one()


async def all_mails(database: Database) -> list[OutboxMail]:
    async with database.sessions() as session:
        return list((await session.scalars(select(OutboxMail).order_by(OutboxMail.id))).all())
