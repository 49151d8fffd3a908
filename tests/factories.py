"""Small helpers that create what a test needs, the way the system itself creates it:
accounts through the same service the CLI uses, everything else through the API."""

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from mypage_api.accounts import service as accounts
from mypage_api.models import OutboxMail
from mypage_api.offices.service import import_offices, read_offices_csv
from tests.unit.profiles.makers import make_profile

DEMO_OFFICES = Path(__file__).parents[1] / "src" / "mypage_api" / "demo" / "offices.csv"
PASSWORD = "correct horse battery"


@asynccontextmanager
async def session_on(connection: AsyncConnection) -> AsyncIterator[AsyncSession]:
    """A session inside the test's transaction, committed as a savepoint."""
    async with AsyncSession(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    ) as session:
        yield session
        await session.commit()


async def load_offices(connection: AsyncConnection) -> None:
    async with session_on(connection) as session:
        await import_offices(session, read_offices_csv(DEMO_OFFICES))


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    password: str = PASSWORD


async def make_employer(
    connection: AsyncConnection,
    now: datetime,
    *,
    email: str = "saiyo@kaisha.example.jp",
    office_code: str = "13010",
    has_mypage: bool = True,
) -> Person:
    async with session_on(connection) as session:
        employer = await accounts.create_employer(
            session,
            email=email,
            password=PASSWORD,
            name="株式会社テスト商事",
            office_code=office_code,
            has_mypage=has_mypage,
            now=now,
        )
    return Person(employer.account_id, email)


async def make_staff(
    connection: AsyncConnection,
    now: datetime,
    *,
    email: str = "shokuin@hellowork.example.jp",
    office_code: str = "13010",
) -> Person:
    async with session_on(connection) as session:
        staff = await accounts.create_staff(
            session,
            email=email,
            password=PASSWORD,
            name="職員 一郎",
            office_code=office_code,
            now=now,
        )
    return Person(staff.account_id, email)


async def make_partner(connection: AsyncConnection, now: datetime) -> accounts.PartnerCredentials:
    async with session_on(connection) as session:
        return await accounts.create_partner(session, name="株式会社ジョブマッチ", now=now)


async def token_pair(
    client: httpx.AsyncClient, email: str, password: str = PASSWORD
) -> dict[str, str]:
    response = await client.post(
        "/v1/auth/token", data={"grant_type": "password", "username": email, "password": password}
    )
    assert response.status_code == 200, response.text
    body: dict[str, str] = response.json()
    return body


async def bearer(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    tokens = await token_pair(client, email, password)
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def every_role(
    client: httpx.AsyncClient, connection: AsyncConnection, now: datetime, seeker_email: str
) -> tuple[dict[str, dict[str, str]], str]:
    """Offices, and a signed-in caller of each role: a Hello Work user of 13010 registered at
    its counter (whose seeker number is returned too), an employer, that office's staff and
    a partner; plus an anonymous caller."""
    await load_offices(connection)
    staff = await make_staff(connection, now)
    employer = await make_employer(connection, now)
    partner = await make_partner(connection, now)
    staff_headers = await bearer(client, staff.email)
    created = await register_at_counter(
        client, connection, staff_headers, seeker_email, make_profile()
    )
    token = await client.post(
        "/v1/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": partner.client_id,
            "client_secret": partner.client_secret,
        },
    )
    callers = {
        "seeker": await bearer(client, seeker_email),
        "employer": await bearer(client, employer.email),
        "staff": staff_headers,
        "partner": {"Authorization": f"Bearer {token.json()['access_token']}"},
        "anonymous": {},
    }
    return callers, str(created["seeker_number"])


async def mails_to(connection: AsyncConnection, address: str) -> list[OutboxMail]:
    async with session_on(connection) as session:
        rows = await session.scalars(
            select(OutboxMail).where(OutboxMail.to_address == address).order_by(OutboxMail.id)
        )
        return list(rows)


def link_token(mail: OutboxMail) -> str:
    """The token of the link in a mail, as the person would follow it."""
    match = re.search(r"[?&]token=([A-Za-z0-9_\-]+)", mail.body)
    assert match, "no link with a token in the mail"
    return match.group(1)


CONSENTS = {"terms_version": "2026-04-01", "privacy_version": "2026-04-01"}


async def signup_token(client: httpx.AsyncClient, connection: AsyncConnection, email: str) -> str:
    response = await client.post("/v1/signups", json={"email": email})
    assert response.status_code == 202, response.text
    return link_token((await mails_to(connection, email))[-1])


async def sign_up_online(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    email: str,
    profile: dict[str, object],
    password: str = PASSWORD,
) -> dict[str, object]:
    """The whole online sign-up, as the applicant does it; the registration answered."""
    token = await signup_token(client, connection, email)
    draft = await client.put(f"/v1/signups/{token}/draft", json=profile)
    assert draft.status_code == 200, draft.text
    submitted = await client.post(
        f"/v1/signups/{token}/submit", json={"password": password, "consents": CONSENTS}
    )
    assert submitted.status_code == 201, submitted.text
    body: dict[str, object] = submitted.json()
    return body


async def register_at_counter(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    staff_headers: dict[str, str],
    email: str,
    profile: dict[str, object],
    password: str = PASSWORD,
) -> dict[str, object]:
    """Staff register the seeker, who then follows the activation link."""
    created = await client.post(
        "/v1/staff/seekers", json={"email": email, "profile": profile}, headers=staff_headers
    )
    assert created.status_code == 201, created.text
    token = link_token((await mails_to(connection, email))[-1])
    activated = await client.post(
        "/v1/activations", json={"token": token, "password": password, "consents": CONSENTS}
    )
    assert activated.status_code == 204, activated.text
    body: dict[str, object] = created.json()
    return body


def job_fields(**overrides: object) -> dict[str, object]:
    """A posting as an employer's client would send it."""
    fields: dict[str, object] = {
        "title": "介護職員（日勤のみ）",
        "occupation_code": "055-01",
        "occupation_name": "介護職員",
        "description": "特別養護老人ホームでの入浴・食事の介助。未経験歓迎、資格取得支援あり。",
        "employment_type": "regular",
        "working_style": "full_time",
        "wage_unit": "monthly",
        "wage_min": 210_000,
        "wage_max": 260_000,
        "working_hours": "9:00〜18:00（休憩60分）",
        "prefecture_code": "13",
        "municipality_code": "13101",
        "accepts_online_applications": True,
        "publishes_employer_name": True,
    }
    fields.update(overrides)
    return fields


async def post_job(
    client: httpx.AsyncClient, employer_headers: dict[str, str], **overrides: object
) -> dict[str, object]:
    response = await client.post(
        "/v1/employer/jobs", json=job_fields(**overrides), headers=employer_headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body
