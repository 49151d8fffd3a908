"""The demo set of the embedded default: offices, one person of each role to try the API
with in Swagger UI, and the demo world around them (``demo.world``). The people and their
world are loaded together, once; loading again changes nothing."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.accounts import service as accounts
from mypage_api.auth.service import account_by_email
from mypage_api.config import Settings
from mypage_api.demo.world import (
    REGISTERED_DAYS_AGO,
    DemoPeople,
    at,
    load_world,
    seeker_profile,
    world_loaded,
)
from mypage_api.messages import notices
from mypage_api.messages.schemas import NoticeCreate
from mypage_api.models import (
    Employer,
    PartnerClient,
    RegistrantType,
    Role,
    Seeker,
    StaffMember,
)
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
    return seeker_profile(
        name=name,
        kana=kana,
        birth_date=birth_date,
        postal_code=postal_code,
        address=address,
        occupation="一般事務",
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


EMPLOYER_EMAIL = "demo-employer@example.jp"
STAFF_EMAIL = "demo-staff@example.jp"


R = TypeVar("R", Employer, StaffMember)


async def _welcome(
    session: AsyncSession, staff: StaffMember, seeker: Seeker, now: datetime
) -> None:
    """The demo office's notice to a new demo seeker of its own (notices are receive-only)."""
    if seeker.office_code != staff.office_code:
        return
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


async def _existing(session: AsyncSession, email: str, role: type[R]) -> R | None:
    """The demo account with ``email`` in ``role`` (an employer, a staff member), if loaded."""
    account = await account_by_email(session, email)
    return None if account is None else await session.get(role, account.id)


async def _employer(session: AsyncSession, now: datetime) -> Employer:
    return await _existing(session, EMPLOYER_EMAIL, Employer) or await accounts.create_employer(
        session,
        email=EMPLOYER_EMAIL,
        password=DEMO_PASSWORD,
        name="株式会社デモ商事",
        office_code="13010",
        has_mypage=True,
        now=now,
    )


async def _staff(session: AsyncSession, now: datetime) -> StaffMember:
    return await _existing(session, STAFF_EMAIL, StaffMember) or await accounts.create_staff(
        session,
        email=STAFF_EMAIL,
        password=DEMO_PASSWORD,
        name="職員 一郎",
        office_code="13010",
        now=now,
    )


async def _partner(session: AsyncSession, now: datetime) -> PartnerClient:
    partner = await session.scalar(
        select(PartnerClient).where(PartnerClient.client_id == DEMO_PARTNER_ID)
    )
    if partner is None:
        partner = PartnerClient(
            client_id=DEMO_PARTNER_ID,
            secret_hash=token_hash(DEMO_PARTNER_SECRET),
            name="デモ求職情報提供サービス",
            created_at=now,
        )
        session.add(partner)
        await session.flush()
    return partner


async def load_demo(
    session: AsyncSession, *, settings: Settings, terms: Consents, today: date, now: datetime
) -> list[str]:
    """Load the offices, then the demo people and their world unless they are there; the
    lines to show the person who asked for it."""
    lines = [f"{await import_offices(session, read_offices_csv(OFFICES_CSV))} offices"]
    if await account_by_email(session, SEEKERS[0].email) is not None:
        if await world_loaded(session):
            lines.append("the demo people and their world are loaded already: nothing added")
        else:
            lines.append(
                "the demo people predate the demo world, which is loaded with them: "
                "to see it, load a fresh database (remove data/mypage.sqlite3)"
            )
        return lines
    # The demo seekers registered some weeks ago; their world happened since.
    registered_on = today - timedelta(days=REGISTERED_DAYS_AGO)
    registered_at = min(at(registered_on, 10), now)
    earlier = registered_at - timedelta(days=30)
    employer = await _employer(session, earlier)
    staff = await _staff(session, earlier)
    partner = await _partner(session, earlier)
    seekers: list[Seeker] = []
    for demo in SEEKERS:
        account = await accounts.new_account(
            session, role=Role.seeker, email=demo.email, password=DEMO_PASSWORD, now=registered_at
        )
        seeker = await register_seeker(
            session,
            account,
            registrant_type=demo.registrant_type,
            office_code=demo.office_code,
            profile=demo.profile,
            consents=terms,
            today=registered_on,
            now=registered_at,
        )
        await _welcome(session, staff, seeker, registered_at)
        seekers.append(seeker)
    people = DemoPeople(
        employer=employer, staff=staff, seeker=seekers[0], online=seekers[1], partner=partner
    )
    world = await load_world(
        session, people, settings=settings, password=DEMO_PASSWORD, today=today, now=now
    )
    await session.flush()
    return lines + world.lines()


def account_lines(settings: Settings) -> list[str]:
    """Who to sign in as, and where: the last lines ``demo-data`` prints."""
    people = ", ".join([EMPLOYER_EMAIL, STAFF_EMAIL, *(s.email for s in SEEKERS)])
    return [
        f"people (password {DEMO_PASSWORD}): {people}",
        f"partner client: {DEMO_PARTNER_ID} / {DEMO_PARTNER_SECRET}",
        f"try it: {settings.public_base_url.rstrip('/')}/docs (after `make serve`)",
    ]
