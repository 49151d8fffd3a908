"""The demo set of the embedded default: offices, and one person of each role to try the
API with in Swagger UI. Loading it again changes nothing."""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.accounts import service as accounts
from mypage_api.auth.service import account_by_email
from mypage_api.messages import notices
from mypage_api.messages.schemas import NoticeCreate
from mypage_api.models import PartnerClient, RegistrantType, Role, Seeker, StaffMember
from mypage_api.offices.service import import_offices, read_offices_csv
from mypage_api.profiles.schemas import Profile
from mypage_api.security.secrets import token_hash
from mypage_api.seekers.schemas import Consents
from mypage_api.seekers.service import register_seeker

OFFICES_CSV = Path(__file__).parent / "offices.csv"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (the demo set only; never in production)
DEMO_PARTNER_ID = "demo-partner"
DEMO_PARTNER_SECRET = "demo-partner-secret-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoSeeker:
    email: str
    registrant_type: RegistrantType
    office_code: str
    profile: Profile


def _profile(name: str, kana: str, birth_date: str, postal_code: str, address: str) -> Profile:
    return Profile.model_validate(
        {
            "basic": {
                "name": name,
                "name_kana": kana,
                "birth_date": birth_date,
                "postal_code": postal_code,
                "address": address,
                "phone": "090-1234-5678",
                "school": {"kind": "other", "attendance": "full_time", "state": "graduated"},
            },
            "sharing": {"employers": "public", "partners": "opted_in"},
            "desired_work": {
                "occupations": [{"name": "一般事務"}],
                "employment_types": ["regular"],
            },
            "self_pr": {"text": "正確で丁寧な事務処理を心がけています。"},
        }
    )


SEEKERS = [
    DemoSeeker(
        "demo-seeker@example.jp",
        RegistrantType.hellowork_user,
        "13010",
        _profile(
            "山田 太郎", "ヤマダ　タロウ", "1990-04-01", "102-0072", "東京都千代田区飯田橋3-1-1"
        ),
    ),
    DemoSeeker(
        "demo-online@example.jp",
        RegistrantType.online_only,
        "13050",
        _profile("鈴木 花子", "スズキ　ハナコ", "1995-10-12", "150-0041", "東京都渋谷区神南1-2-3"),
    ),
]


async def _welcome(session: AsyncSession, seeker_ids: list[int], *, now: datetime) -> None:
    """A notice from the demo office to each new demo seeker, so that My Page has a message
    to read (and to try answering: notices are receive-only)."""
    staff_account = await account_by_email(session, "demo-staff@example.jp")
    staff = await session.get(StaffMember, staff_account.id) if staff_account else None
    for seeker_id in seeker_ids:
        seeker = await session.get(Seeker, seeker_id)
        if staff is None or seeker is None or seeker.office_code != staff.office_code:
            continue
        await notices.send(
            session,
            staff,
            NoticeCreate(
                seeker_number=seeker.seeker_number,
                subject="マイページへようこそ",
                body="求人検索、応募、メッセージをマイページからご利用いただけます。",
            ),
            now=now,
        )


async def load_demo(
    session: AsyncSession, *, terms: Consents, today: date, now: datetime
) -> list[str]:
    """Load what is missing; the lines to show the person who asked for it."""
    lines = [f"{await import_offices(session, read_offices_csv(OFFICES_CSV))} offices"]
    if await account_by_email(session, "demo-employer@example.jp") is None:
        await accounts.create_employer(
            session,
            email="demo-employer@example.jp",
            password=DEMO_PASSWORD,
            name="株式会社デモ商事",
            office_code="13010",
            has_mypage=True,
            now=now,
        )
    if await account_by_email(session, "demo-staff@example.jp") is None:
        await accounts.create_staff(
            session,
            email="demo-staff@example.jp",
            password=DEMO_PASSWORD,
            name="職員 一郎",
            office_code="13010",
            now=now,
        )
    new_seekers: list[int] = []
    for demo in SEEKERS:
        if await account_by_email(session, demo.email) is None:
            account = await accounts.new_account(
                session, role=Role.seeker, email=demo.email, password=DEMO_PASSWORD, now=now
            )
            new_seekers.append(account.id)
            await register_seeker(
                session,
                account,
                registrant_type=demo.registrant_type,
                office_code=demo.office_code,
                profile=demo.profile,
                consents=terms,
                today=today,
                now=now,
            )
    await _welcome(session, new_seekers, now=now)
    partner = await session.scalar(
        select(PartnerClient).where(PartnerClient.client_id == DEMO_PARTNER_ID)
    )
    if partner is None:
        session.add(
            PartnerClient(
                client_id=DEMO_PARTNER_ID,
                secret_hash=token_hash(DEMO_PARTNER_SECRET),
                name="デモ求職情報提供サービス",
                created_at=now,
            )
        )
    await session.flush()
    people = ", ".join(
        ["demo-employer@example.jp", "demo-staff@example.jp", *(s.email for s in SEEKERS)]
    )
    lines.append(f"people (password {DEMO_PASSWORD}): {people}")
    lines.append(f"partner client: {DEMO_PARTNER_ID} / {DEMO_PARTNER_SECRET}")
    return lines
