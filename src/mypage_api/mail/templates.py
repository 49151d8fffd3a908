"""The texts of the transactional mails: plain Japanese, each a (subject, body) pair.

Links start at ``MYPAGE_PUBLIC_BASE_URL``; expiry instants are shown on the Tokyo clock.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import assert_never
from urllib.parse import urlencode

from mypage_api.models import SelectionResult
from mypage_api.rules.calendar import JST

SIGNATURE = """\
──────────────────────
ハローワークインターネットサービス
※このメールは送信専用のアドレスからお送りしています。ご返信いただいてもお答えできません。
"""


class MailKind(StrEnum):
    email_verification = "email_verification"
    counter_activation = "counter_activation"
    password_reset = "password_reset"  # noqa: S105 (a mail kind, not a secret)
    signup_for_existing_account = "signup_for_existing_account"
    saved_search_alert = "saved_search_alert"
    application_status = "application_status"
    direct_request = "direct_request"
    registration_reminder = "registration_reminder"
    registration_lapsed = "registration_lapsed"


def jst_text(instant: datetime) -> str:
    """An instant as Tokyo date and time, e.g. 2026年11月28日 10:00."""
    local = instant.astimezone(JST)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def link(base_url: str, path: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{path}?{urlencode({'token': token})}"


def email_verification(*, base_url: str, token: str, expires_at: datetime) -> tuple[str, str]:
    subject = "【ハローワーク】メールアドレスの確認のお願い"
    body = f"""\
ハローワークインターネットサービスの求職者マイページへの仮登録を受け付けました。

次のリンクを開き、メールアドレスの確認と登録のお手続きを続けてください。
{link(base_url, "/signup/verify", token)}

このリンクの有効期限は {jst_text(expires_at)}（日本時間）です。
期限を過ぎた場合は、お手数ですが最初からお手続きをお願いします。

お心当たりのない場合は、このメールを破棄してください。登録は完了しません。

{SIGNATURE}"""
    return subject, body


def counter_activation(*, base_url: str, token: str, expires_at: datetime) -> tuple[str, str]:
    subject = "【ハローワーク】求職者マイページ開設のご案内"
    body = f"""\
ハローワークの窓口で求職者マイページの開設を承りました。

次のリンクを開き、パスワードを設定してマイページの利用を開始してください。
{link(base_url, "/activate", token)}

このリンクの有効期限は {jst_text(expires_at)}（日本時間）です。
期限を過ぎた場合は、ハローワークの窓口にお問い合わせください。

お心当たりのない場合は、このメールを破棄してください。

{SIGNATURE}"""
    return subject, body


def password_reset(*, base_url: str, token: str, expires_at: datetime) -> tuple[str, str]:
    subject = "【ハローワーク】パスワード再設定のご案内"
    body = f"""\
求職者マイページのパスワード再設定のお申し込みを受け付けました。

次のリンクを開き、新しいパスワードを設定してください。
{link(base_url, "/password-reset", token)}

このリンクの有効期限は {jst_text(expires_at)}（日本時間）です。

お心当たりのない場合は、このメールを破棄してください。パスワードは変更されません。

{SIGNATURE}"""
    return subject, body


def signup_for_existing_account(*, base_url: str) -> tuple[str, str]:
    """Sent instead of a verification link when the address already has an account, so
    that the sign-up endpoint answers the same whether or not an address is registered."""
    subject = "【ハローワーク】求職者マイページの登録について"
    body = f"""\
このメールアドレスで求職者マイページの仮登録のお申し込みがありましたが、
このメールアドレスは既に登録されています。

ログインしてご利用ください。パスワードをお忘れの場合は、次のページから再設定できます。
{base_url.rstrip("/")}/password-reset

お心当たりのない場合は、このメールを破棄してください。

{SIGNATURE}"""
    return subject, body


WEEKDAYS = "月火水木金土日"


def date_text(day: date) -> str:
    """A day written the Japanese way, with its weekday: 2027年1月31日(日)."""
    return f"{day.year}年{day.month}月{day.day}日({WEEKDAYS[day.weekday()]})"


def registration_reminder(
    *, base_url: str, valid_until: date, extended_until: date
) -> tuple[str, str]:
    """Before the validity ends: what extends it (R2), and what happens otherwise (R5)."""
    subject = "【ハローワーク】求職登録の有効期限が近づいています"
    body = f"""\
求職者マイページをご利用いただき、ありがとうございます。

ハローワークへの求職登録（求職申込み）の有効期間は {date_text(valid_until)} までです。

有効期間が終了する月のうちに次のいずれかがあると、有効期間が翌月末日の
{date_text(extended_until)} まで延長されます。
・ハローワークで職業相談または職業紹介を受ける（オンラインハローワーク紹介による応募を含みます）
・求職者マイページからオンライン自主応募をする

いずれもない場合、求職登録は有効期間の翌日から無効となり、求職者マイページの多くの機能が
ご利用いただけなくなります（ログイン、登録内容の確認、求職状態の変更などは引き続きご利用いただけます）。

求職者マイページ
{base_url.rstrip("/")}/

このメールと行き違いにお手続きいただいた場合は、ご容赦ください。
就職などにより求職活動を終えられた場合は、お手続きは不要です。

{SIGNATURE}"""
    return subject, body


def registration_lapsed(*, base_url: str, lapsed_on: date, reactivate_by: date) -> tuple[str, str]:
    """The day after the validity: how to switch back to active, and until when (R4)."""
    subject = "【ハローワーク】求職登録の有効期間が終了しました"
    body = f"""\
求職者マイページをご利用いただき、ありがとうございます。

ハローワークへの求職登録（求職申込み）は有効期間が終了し、{date_text(lapsed_on)} から
求職状態が「無効」となりました。

引き続きお仕事をお探しの場合は、{date_text(reactivate_by)} までであれば、求職者マイページの
「求職者情報・設定」＞「各種設定」から求職状態を「有効」に戻すことができます。
この日を過ぎた場合は、お近くのハローワークにご相談ください。

求職状態が無効の間も、ログイン、登録内容の確認、求職状態の変更、パスワードの変更、
退会などはご利用いただけます。

求職者マイページ
{base_url.rstrip("/")}/

就職などにより求職活動を終えられた場合は、お手続きは不要です。

{SIGNATURE}"""
    return subject, body


def saved_search_alert(
    *, base_url: str, search_name: str, jobs: list[tuple[str, str]], total: int
) -> tuple[str, str]:
    """New jobs matching a saved search since its last alert: (job number, title) pairs."""
    subject = f"【ハローワーク】保存した検索条件「{search_name}」の新着求人（{total}件）"
    lines = "\n".join(
        f"・{title}（求人番号 {number}）\n  {base_url.rstrip('/')}/jobs/{number}"
        for number, title in jobs
    )
    more = f"\nほか {total - len(jobs)} 件の新着求人があります。\n" if total > len(jobs) else ""
    body = f"""\
保存した検索条件「{search_name}」に合う新着求人をお知らせします。

{lines}
{more}
求人の詳細は、求職者マイページの保存した検索条件から検索してご確認ください。
このお知らせが不要な場合は、保存した検索条件の「新着お知らせ」を解除してください。

{SIGNATURE}"""
    return subject, body


RESULT_TEXT = {
    SelectionResult.hired: "採用",
    SelectionResult.rejected: "不採用",
    SelectionResult.withdrawn_by_employer: "求人者による取消",
}


@dataclass(frozen=True)
class ResultRegistered:
    """The employer registered the selection result."""

    result: SelectionResult


class ApplicationEnded(Enum):
    """The application ended without a result."""

    cancelled = "cancelled"  # the seeker cancelled it
    job_closed = "job_closed"  # the job closed while it was waiting


# What the application status mail tells: one of these values, never free text.
ApplicationEvent = ResultRegistered | ApplicationEnded


def application_status(
    *, base_url: str, event: ApplicationEvent, title: str, job_number: str
) -> tuple[str, str]:
    """A change in an application: a result registered, cancelled, or the job closed."""
    match event:
        case ResultRegistered(result=result):
            what = f"選考結果（{RESULT_TEXT.get(result, '登録')}）が登録されました。"
        case ApplicationEnded.cancelled:
            what = "応募を取り消しました。"
        case ApplicationEnded.job_closed:
            what = "応募中の求人の募集が終了しました。"
        case _:
            assert_never(event)
    subject = f"【ハローワーク】応募状況のお知らせ（求人番号 {job_number}）"
    body = f"""\
求人「{title}」（求人番号 {job_number}）について、{what}

詳しくは求職者マイページの「求職活動状況」でご確認ください。
{base_url.rstrip("/")}/mypage/applications

{SIGNATURE}"""
    return subject, body


def direct_request(*, base_url: str, employer_name: str, title: str) -> tuple[str, str]:
    """An employer's request (直接リクエスト): the seeker reads it on My Page."""
    subject = "【ハローワーク】求人者からのリクエストが届きました"
    body = f"""\
{employer_name}から、求人「{title}」への応募のリクエストが届きました。

求職者マイページの「求人者からのリクエスト求人」でメッセージと求人内容をご確認ください。
応募するほか、辞退することや、この求人者からのリクエストをブロックすることもできます。
{base_url.rstrip("/")}/mypage/requests

{SIGNATURE}"""
    return subject, body
