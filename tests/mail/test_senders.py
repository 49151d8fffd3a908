"""Building messages and the folder sender; SMTP delivery is covered in test_worker.py."""

import email
import email.policy
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from pydantic import SecretStr

from mypage_api.clock import FixedClock
from mypage_api.config import Settings
from mypage_api.mail.senders import MailFolderSender, SmtpSender, build_message, sender_from
from mypage_api.models import MailStatus, OutboxMail
from tests.mail.conftest import ADDRESS, BODY, SUBJECT


def a_mail(clock: FixedClock) -> OutboxMail:
    return OutboxMail(
        id=1,
        message_id="<0123456789abcdef@mypage-api.outbox>",
        kind="email_verification",
        to_address=ADDRESS,
        subject=SUBJECT,
        body=BODY,
        status=MailStatus.pending,
        attempts=0,
        created_at=clock.now(),
        next_attempt_at=clock.now(),
    )


def read_eml(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


async def test_the_folder_sender_writes_a_readable_eml(tmp_path: Path, clock: FixedClock) -> None:
    folder = tmp_path / "mail"
    mail = a_mail(clock)

    await MailFolderSender(folder).send(build_message(mail, "no-reply@mypage.hellowork.example"))

    [path] = folder.iterdir()
    assert path.name == "0123456789abcdef_mypage_api_outbox.eml"
    message = read_eml(path)
    assert message["Subject"] == SUBJECT
    assert message["To"] == ADDRESS
    assert message["Message-ID"] == mail.message_id
    content = message.get_content()
    assert isinstance(content, str)
    assert content.replace("\r\n", "\n") == BODY


async def test_sending_the_same_mail_again_replaces_its_file(
    tmp_path: Path, clock: FixedClock
) -> None:
    sender = MailFolderSender(tmp_path / "mail")
    mail = a_mail(clock)
    await sender.send(build_message(mail, "no-reply@mypage.hellowork.example"))
    clock.advance(timedelta(minutes=5))
    await sender.send(build_message(mail, "no-reply@mypage.hellowork.example"))

    assert len(list((tmp_path / "mail").iterdir())) == 1


def test_a_resent_message_is_the_same_message(clock: FixedClock) -> None:
    mail = a_mail(clock)
    first = build_message(mail, "no-reply@mypage.hellowork.example")
    clock.advance(timedelta(hours=1))
    again = build_message(mail, "no-reply@mypage.hellowork.example")
    assert first.as_bytes() == again.as_bytes()
    # 7-bit clean on the wire: the Japanese text travels base64-encoded.
    assert first.as_bytes().isascii()


def test_the_sender_follows_the_settings(settings: Settings) -> None:
    folder = sender_from(settings)
    assert isinstance(folder, MailFolderSender)
    assert folder.folder == settings.data_dir / "mail"

    smtp = sender_from(
        settings.model_copy(
            update={
                "mail_backend": "smtp",
                "smtp_host": "mail.example.jp",
                "smtp_port": 587,
                "smtp_username": "mypage",
                "smtp_password": SecretStr("secret"),
                "smtp_starttls": True,
            }
        )
    )
    assert isinstance(smtp, SmtpSender)
    assert (smtp.host, smtp.port, smtp.username, smtp.password, smtp.starttls) == (
        "mail.example.jp",
        587,
        "mypage",
        "secret",
        True,
    )


def test_mail_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MYPAGE_MAIL_BACKEND", "smtp")
    monkeypatch.setenv("MYPAGE_SMTP_PASSWORD", "secret")
    monkeypatch.setenv("MYPAGE_PUBLIC_BASE_URL", "https://mypage.hellowork.example")
    settings = Settings()
    assert settings.mail_backend == "smtp"
    assert settings.smtp_password is not None
    assert settings.smtp_password.get_secret_value() == "secret"
    assert "secret" not in repr(settings)
    assert settings.public_base_url == "https://mypage.hellowork.example"
    assert (settings.mail_max_attempts, settings.mail_retry_base_seconds) == (8, 30)
