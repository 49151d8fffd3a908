"""Turning an outbox row into a message, and the ways of sending it: SMTP, or a folder of
.eml files (the embedded default: the demo user reads their mail there)."""

import asyncio
import email.policy
import os
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Protocol

import aiosmtplib

from mypage_api.config import Settings
from mypage_api.models import OutboxMail

SENDER_NAME = "ハローワークインターネットサービス"


class MailSender(Protocol):
    async def send(self, message: EmailMessage) -> None:
        """Deliver ``message`` or raise; ``DeliveryError`` says whether a retry may help."""
        ...


class DeliveryError(Exception):
    """A message was not delivered. ``reason`` is short and holds no address or text."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


def build_message(mail: OutboxMail, sender_address: str) -> EmailMessage:
    """UTF-8 plain text; Date and Message-ID come from the row, so a resent copy is the same."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = Address(SENDER_NAME, addr_spec=sender_address)
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at)
    message["Message-ID"] = mail.message_id
    # base64 keeps the Japanese text intact through any relay, 8BITMIME or not.
    message.set_content(mail.body, charset="utf-8", cte="base64")
    return message


class SmtpSender:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        timeout: float = 30,
    ) -> None:
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.starttls = starttls
        self.timeout = timeout

    async def send(self, message: EmailMessage) -> None:
        try:
            await aiosmtplib.send(
                message,
                hostname=self.host,
                port=self.port,
                username=self.username,
                password=self.password,
                start_tls=self.starttls,
                timeout=self.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = sorted({refusal.code for refusal in exc.recipients})
            permanent = all(500 <= code < 600 for code in codes)
            raise DeliveryError(
                f"recipient refused {'/'.join(map(str, codes))}", permanent=permanent
            ) from None
        except aiosmtplib.SMTPResponseException as exc:
            # A refused message (DATA 5xx) will be refused again; a refused sender, HELO or
            # login is this server's configuration, worth retrying once it is fixed.
            permanent = isinstance(exc, aiosmtplib.SMTPDataError) and 500 <= exc.code < 600
            raise DeliveryError(f"{type(exc).__name__} {exc.code}", permanent=permanent) from None
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise DeliveryError(type(exc).__name__, permanent=False) from None


class MailFolderSender:
    """Writes each message to ``<folder>/<message id>.eml``; a resent message replaces its copy."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def send(self, message: EmailMessage) -> None:
        await asyncio.to_thread(self._write, message)

    def _write(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() else "_" for c in str(message["Message-ID"]).strip("<>"))
        path = self.folder / f"{name}.eml"
        partial = path.with_suffix(".part")
        partial.write_bytes(message.as_bytes())
        os.replace(partial, path)


def sender_from(settings: Settings) -> MailSender:
    if settings.mail_backend == "smtp":
        return SmtpSender(
            host=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=(
                settings.smtp_password.get_secret_value() if settings.smtp_password else None
            ),
            starttls=settings.smtp_starttls,
            timeout=settings.smtp_timeout_seconds,
        )
    return MailFolderSender(settings.data_dir / "mail")
