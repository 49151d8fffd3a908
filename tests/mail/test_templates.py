from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from mypage_api.config import Settings
from mypage_api.mail import templates

EXPIRES = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo
TOKEN = "Zm9vYmFy-_token"


@pytest.mark.parametrize(
    ("template", "path", "subject_words"),
    [
        (templates.email_verification, "/signup/verify", "メールアドレスの確認"),
        (templates.counter_activation, "/activate", "マイページ開設"),
        (templates.password_reset, "/password-reset", "パスワード再設定"),
    ],
)
def test_each_mail_has_its_link_expiry_and_sign_off(
    template: Callable[..., tuple[str, str]], path: str, subject_words: str
) -> None:
    subject, body = template(
        base_url="https://mypage.hellowork.example/", token=TOKEN, expires_at=EXPIRES
    )
    assert subject_words in subject
    assert f"https://mypage.hellowork.example{path}?token={TOKEN}\n" in body
    assert "2026年11月28日 10:00（日本時間）" in body
    assert "お心当たりのない場合は、このメールを破棄してください。" in body
    assert "ハローワークインターネットサービス\n" in body
    assert "です" in body
    assert "ます" in body


def test_links_start_at_the_public_base_url_by_default() -> None:
    assert Settings().public_base_url == "http://127.0.0.1:8000"
    _, body = templates.password_reset(
        base_url=Settings().public_base_url, token=TOKEN, expires_at=EXPIRES
    )
    assert f"http://127.0.0.1:8000/password-reset?token={TOKEN}" in body
