"""The demo world: what `mypage-api demo-data` loads once beside the demo people, so that
home, search and every list of Swagger UI have something to show.

Everything happens through the services the API uses (an employer's posting as
``jobs.service`` creates it, applications through ``applications.service``, offers
through the staff's referral service, requests, messages, notices, saved searches and
favourites through theirs), on a timeline of the weeks before the demo's today: each
step is taken on its own day, so the rules (R2, R8, R9, R12, R14-R16, R20) hold as they
would have held. Random choices come from fixed seeds: the same world every time, its
dates relative to the day it is loaded.

The world is loaded in the transaction that creates its employer pool
(``demo-employer-world-NNNNN@example.jp``): when the pool's first employer exists, the
world is there.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.accounts import service as accounts
from mypage_api.applications import employer as selection
from mypage_api.applications import referrals
from mypage_api.applications import service as applications
from mypage_api.applications.schemas import OfferCreate, ResultCreate
from mypage_api.config import Settings
from mypage_api.demo.jobs import (
    COLUMNS,
    ChunkSpec,
    employer_pool,
    generate_chunk,
    pool_loaded,
)
from mypage_api.direct_requests import service as requests
from mypage_api.disclosed.service import Viewer, refs_for
from mypage_api.jobs import service as jobs
from mypage_api.jobs.schemas import JobCreate
from mypage_api.messages import counterparts, notices
from mypage_api.messages import service as messages
from mypage_api.messages.schemas import NoticeCreate, PartnerMessageCreate
from mypage_api.models import (
    ActivityKind,
    Employer,
    Message,
    PartnerClient,
    RegistrantType,
    Role,
    Seeker,
    SelectionResult,
    StaffMember,
    Thread,
)
from mypage_api.profiles.schemas import Profile
from mypage_api.rules.calendar import JST
from mypage_api.rules.jobs import job_valid_until
from mypage_api.saved import service as saved
from mypage_api.saved.schemas import SavedSearchCreate
from mypage_api.seekers.service import register_seeker
from mypage_api.staff import service as staff_service

WORLD_POOL = "world"
WORLD_SEED = 2026  # the world's random streams; part of what "the same world" means
WORLD_EMPLOYERS = 14
BACKGROUND_JOBS = 293  # the pool's postings; the demo employer adds its own 7
EXPIRED_JOBS = 18  # accepted 95-150 days ago: past their validity (R20)
CLOSED_JOBS = 12  # closed by their employer (募集終了) in the last two weeks
CLOSING_SOON_JOBS = 24  # referral deadline (紹介期限日) within the next 6 days
REGISTERED_DAYS_AGO = 24  # the demo seekers registered this many days before today


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """An instant of a day in Tokyo, in UTC."""
    return datetime.combine(day, time(hour, minute), JST).astimezone(UTC)


def seeker_profile(
    *,
    name: str,
    kana: str,
    birth_date: str,
    postal_code: str,
    address: str,
    occupation: str,
    partners: str = "opted_in",
    self_pr: str = "正確で丁寧な事務処理を心がけています。",
) -> Profile:
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
            "sharing": {"employers": "public", "partners": partners},
            "desired_work": {
                "occupations": [{"name": occupation}],
                "employment_types": ["regular"],
            },
            "self_pr": {"text": self_pr},
        }
    )


@dataclass(frozen=True)
class DemoPeople:
    """The demo people the world is about."""

    employer: Employer
    staff: StaffMember
    seeker: Seeker  # demo-seeker@example.jp, a Hello Work user of the staff's office
    online: Seeker  # demo-online@example.jp
    partner: PartnerClient


@dataclass
class WorldSummary:
    jobs: int = 0
    open_jobs: int = 0
    online_jobs: int = 0
    closing_soon: int = 0
    closed: int = 0
    expired: int = 0
    employers: int = 0
    offices: set[str] = field(default_factory=set)
    prefectures: set[str] = field(default_factory=set)
    seekers: int = 0
    applications: int = 0

    def lines(self) -> list[str]:
        return [
            f"world: {self.jobs} jobs of {self.employers} employers at "
            f"{len(self.offices)} offices, in {len(self.prefectures)} prefectures: "
            f"{self.open_jobs} open ({self.online_jobs} accepting online applications, "
            f"{self.closing_soon} closing within 6 days), {self.closed} closed, "
            f"{self.expired} past their validity",
            f"world: {self.seekers} more seekers of 13010, {self.applications} "
            "applications; the demo seeker has applications, an offer, requests, messages, "
            "saved searches and favourites",
        ]


# The demo employer's postings (株式会社デモ商事, 飯田橋): the fate of each, then the posting.
DEMO_POSTINGS: dict[str, dict[str, Any]] = {
    "office": {
        "days_ago": 30,
        "title": "【未経験歓迎】一般事務（正社員）／千代田区",
        "occupation_code": "251-01",
        "occupation_name": "一般事務",
        "description": "専門商社の本社で一般事務を募集します。受発注データの入力、電話・来客対応、"
        "書類の作成とファイリングをお願いします。【特徴】未経験歓迎、土日祝休み、"
        "残業月10時間程度。【勤務地】東京都千代田区。【アクセス】飯田橋駅から徒歩5分。",
        "working_hours": "9:00〜17:30（休憩60分）",
        "municipality_code": "13101",
    },
    "sales_office": {
        "days_ago": 45,
        "title": "【経験者優遇】営業事務（正社員）",
        "occupation_code": "251-02",
        "occupation_name": "営業事務",
        "description": "営業担当のサポートとして、見積書・請求書の作成、納期の調整をお願いします。"
        "【特徴】経験者優遇、賞与年2回。【勤務地】東京都千代田区。【アクセス】飯田橋駅から徒歩5分。",
        "working_hours": "9:00〜18:00（休憩60分）",
        "municipality_code": "13101",
    },
    "sales": {
        "days_ago": 12,
        "title": "【ルート営業】営業（法人）（正社員）",
        "occupation_code": "322-01",
        "occupation_name": "営業（法人）",
        "description": "既存のお取引先（都内の事業所）を訪問し、"
        "事務用品・設備の提案をお願いします。新規開拓はありません。【特徴】普通自動車免許（AT限定可）、営業車貸与。"
        "【勤務地】東京都文京区。【アクセス】後楽園駅から徒歩3分。",
        "working_hours": "9:00〜18:00（休憩60分）",
        "municipality_code": "13105",
        "wage": (240_000, 320_000),
    },
    "accounting": {
        "days_ago": 25,
        "title": "【急募】経理事務（正社員）",
        "occupation_code": "252-01",
        "occupation_name": "経理事務",
        "description": "伝票の起票、売掛金・買掛金の管理、月次決算の補助をお願いします。"
        "【応募資格】日商簿記3級以上。【勤務地】東京都千代田区。【アクセス】九段下駅から徒歩7分。",
        "working_hours": "9:00〜17:30（休憩60分）",
        "municipality_code": "13101",
        "closing_in_days": 3,
    },
    "warehouse": {
        "days_ago": 40,
        "title": "【週3日から】倉庫作業（パート）",
        "occupation_code": "621-01",
        "occupation_name": "倉庫作業",
        "description": "物流倉庫での入出庫作業、検品、ピッキングをお願いします。"
        "【特徴】週3日から、扶養内勤務可。【勤務地】東京都中央区。【アクセス】新富町駅から徒歩4分。",
        "working_hours": "9:00〜15:00（休憩45分）",
        "municipality_code": "13102",
        "part_time": True,
        "closed_days_ago": 8,
    },
    "reception": {
        "days_ago": 120,
        "title": "受付・案内（パート）",
        "occupation_code": "253-01",
        "occupation_name": "受付・案内",
        "description": "本社ビル1階の受付で来客の案内、電話の取次ぎ、"
        "会議室の予約管理をお願いします。【勤務地】東京都千代田区。【アクセス】飯田橋駅から徒歩5分。",
        "working_hours": "9:00〜16:00（休憩60分）",
        "municipality_code": "13101",
        "part_time": True,
    },
    "driver": {
        "days_ago": 8,
        "title": "配送ドライバー（契約社員）",
        "occupation_code": "551-02",
        "occupation_name": "配送ドライバー",
        "description": "2トントラックで都内のお取引先へ商品を配送していただきます。"
        "【応募資格】準中型自動車免許。【勤務地】東京都文京区。【アクセス】後楽園駅から徒歩3分。",
        "working_hours": "8:00〜17:00（休憩60分）",
        "municipality_code": "13105",
        "online": False,
        "employment_type": "non_regular",
    },
}

# Seekers of the demo office (飯田橋): where they live, and what they look for.
OFFICE_SEEKER_HOMES = (
    ("101-0051", "東京都千代田区神田神保町1-1", "一般事務"),
    ("112-0002", "東京都文京区小石川2-3-4", "営業事務"),
    ("104-0061", "東京都中央区銀座3-2-1", "経理事務"),
    ("113-0033", "東京都文京区本郷4-5-6", "倉庫作業"),
    ("102-0083", "東京都千代田区麹町2-7-8", "営業（法人）"),
    ("103-0027", "東京都中央区日本橋1-9-10", "一般事務"),
)

SAVED_SEARCHES = (
    ("千代田区・文京区の事務", {"q": "事務", "prefecture": ["13"]}, True),
    ("介護（正社員）", {"q": "介護", "employment_type": ["regular"]}, False),
    (
        "パート（時給1,200円以上）",
        {"working_style": "part_time", "wage_unit": "hourly", "min_wage": 1200},
        False,
    ),
)
MOTIVATION = "これまでの事務経験を生かし、御社の業務を正確に支えたいと考え応募いたしました。"


def _demo_body(posting: dict[str, Any], today: date, accepted_on: date) -> JobCreate:
    part_time = posting.get("part_time", False)
    wage_min, wage_max = posting.get("wage", (1_200, 1_350) if part_time else (210_000, 260_000))
    closing = posting.get("closing_in_days")
    return JobCreate(
        title=posting["title"],
        occupation_code=posting["occupation_code"],
        occupation_name=posting["occupation_name"],
        description=posting["description"],
        employment_type=posting.get("employment_type", "part_time" if part_time else "regular"),
        working_style="part_time" if part_time else "full_time",
        wage_unit="hourly" if part_time else "monthly",
        wage_min=wage_min,
        wage_max=wage_max,
        working_hours=posting["working_hours"],
        prefecture_code="13",
        municipality_code=posting["municipality_code"],
        accepts_online_applications=posting.get("online", True),
        publishes_employer_name=True,
        referral_deadline=today + timedelta(days=closing) if closing else None,
    )


@dataclass
class Planned:
    """A posting to create: whose, when, and what becomes of it."""

    employer: Employer
    accepted_on: date
    body: JobCreate
    key: str | None = None  # the demo employer's postings, by name
    closed_on: date | None = None
    job_number: str = ""

    @property
    def valid_until(self) -> date:
        return job_valid_until(self.accepted_on)

    @property
    def deadline(self) -> date:
        """The referral deadline (紹介期限日): the last valid day unless given."""
        return self.body.referral_deadline or self.valid_until


class WorldLoader:
    def __init__(
        self,
        session: AsyncSession,
        people: DemoPeople,
        *,
        settings: Settings,
        password: str,
        today: date,
        now: datetime,
    ) -> None:
        self.session, self.people, self.settings = session, people, settings
        self.password, self.today, self.now = password, today, now
        self.rng = random.Random(f"mypage-demo-world:{WORLD_SEED}")  # noqa: S311 (reproducible)
        self.summary = WorldSummary()
        self.planned: list[Planned] = []

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def when(self, days_ago: int, hour: int, minute: int = 0) -> datetime:
        return at(self.day(days_ago), hour, minute)

    # Jobs ----------------------------------------------------------------------------------

    async def plan_jobs(self) -> None:
        pool = await employer_pool(self.session, WORLD_EMPLOYERS, self.when(200, 9), WORLD_POOL)
        employers = [await self.session.get(Employer, member.account_id) for member in pool]
        spec = ChunkSpec(
            WORLD_SEED,
            0,
            BACKGROUND_JOBS,
            self.today,
            self.now,
            tuple(member.sketch for member in pool),
        )
        fates = ["expired"] * EXPIRED_JOBS + ["closed"] * CLOSED_JOBS
        fates += ["closing"] * CLOSING_SOON_JOBS
        fates += ["open"] * (BACKGROUND_JOBS - len(fates))
        self.rng.shuffle(fates)
        names = COLUMNS[2:]
        for (employer_index, *values), fate in zip(generate_chunk(spec), fates, strict=True):
            employer = employers[employer_index]
            assert employer is not None  # noqa: S101 (created just above)
            row = dict(zip(names, values, strict=True))
            accepted_on: date = row["accepted_on"]
            deadline: date | None = row["referral_deadline"]
            closed_on = None
            if fate == "expired":
                accepted_on, deadline = self.day(self.rng.randint(95, 150)), None
            elif fate == "closed":
                accepted_on = self.day(self.rng.randint(20, 60))
                closed_on, deadline = self.day(self.rng.randint(1, 15)), None
            elif fate == "closing":
                accepted_on = self.day(self.rng.randint(5, 45))
                deadline = self.today + timedelta(days=self.rng.randint(1, 6))
            elif deadline is not None and deadline < self.today + timedelta(days=7):
                deadline = None  # closing soon is the fate of the ones above
            body = JobCreate.model_validate(
                {
                    field_name: row[field_name]
                    for field_name in JobCreate.model_fields
                    if field_name != "referral_deadline"
                }
                | {"referral_deadline": deadline}
            )
            self.planned.append(Planned(employer, accepted_on, body, closed_on=closed_on))
        for key, posting in DEMO_POSTINGS.items():
            accepted_on = self.day(posting["days_ago"])
            closed = posting.get("closed_days_ago")
            self.planned.append(
                Planned(
                    self.people.employer,
                    accepted_on,
                    _demo_body(posting, self.today, accepted_on),
                    key=key,
                    closed_on=self.day(closed) if closed is not None else None,
                )
            )

    async def post_jobs(self) -> None:
        """Each posting as its employer made it, on the day it was accepted; numbers follow
        the order of acceptance."""
        self.planned.sort(key=lambda planned: planned.accepted_on)
        for index, planned in enumerate(self.planned):
            posted = await jobs.create_job(
                self.session,
                planned.employer,
                planned.body,
                today=planned.accepted_on,
                now=at(planned.accepted_on, 9, index % 60),
            )
            planned.job_number = posted.job_number

    def demo_job(self, key: str) -> str:
        [number] = [p.job_number for p in self.planned if p.key == key]
        return number

    def open_jobs(self, *, online: bool = False, until: int = 0) -> list[Planned]:
        """Background postings valid through ``until`` days from today (and accepted at
        least three weeks ago, so that the timeline can use them), optionally those a
        seeker can apply to online."""
        horizon = self.today + timedelta(days=until)
        found = []
        for planned in self.planned:
            body = planned.body
            valid = planned.closed_on is None and planned.deadline >= horizon
            if planned.key is None and valid and planned.accepted_on <= self.day(21):
                if online and not (
                    body.accepts_online_applications
                    and body.publishes_employer_name
                    and planned.employer.has_mypage
                ):
                    continue
                found.append(planned)
        return found

    # People -------------------------------------------------------------------------------

    async def office_seekers(self) -> list[Seeker]:
        """Seekers of the staff member's office, registered a month or two ago, sharing
        their profile with employers (not with partners)."""
        from faker import Faker

        faker = Faker("ja_JP")
        found = []
        for index, (postal_code, address, occupation) in enumerate(OFFICE_SEEKER_HOMES, 1):
            faker.seed_instance(f"{WORLD_SEED}:seeker:{index}")
            last, last_kana, _ = faker.last_name_pair()
            pair = faker.first_name_female_pair() if index % 2 else faker.first_name_male_pair()
            first, first_kana, _ = pair
            registered = self.day(self.rng.randint(30, 55))
            account = await accounts.new_account(
                self.session,
                role=Role.seeker,
                email=f"demo-seeker-{index:02d}@example.jp",
                password=self.password,
                now=at(registered, 10),
            )
            seeker = await register_seeker(
                self.session,
                account,
                registrant_type=RegistrantType.hellowork_user,
                office_code=self.people.staff.office_code,
                profile=seeker_profile(
                    name=f"{last} {first}",
                    kana=f"{last_kana}　{first_kana}",
                    birth_date=f"{self.rng.randint(1970, 2003)}-{self.rng.randint(1, 12):02d}-15",
                    postal_code=postal_code,
                    address=address,
                    occupation=occupation,
                    partners="opted_out",
                    self_pr=f"{occupation}の仕事を希望しています。",
                ),
                consents=None,
                today=registered,
                now=at(registered, 10),
            )
            found.append(seeker)
        self.summary.seekers = len(found)
        return found

    # The timeline -------------------------------------------------------------------------

    async def apply(self, seeker: Seeker, job_number: str, days_ago: int, hour: int) -> int:
        application = await applications.apply_online(
            self.session,
            seeker,
            job_number,
            motivation=MOTIVATION,
            idempotency_key=None,
            today=self.day(days_ago),
            now=self.when(days_ago, hour),
        )
        self.summary.applications += 1
        return application.id

    async def thread_of(self, application_id: int) -> int:
        thread_id = await self.session.scalar(
            select(Thread.id).where(Thread.application_id == application_id)
        )
        assert thread_id is not None  # noqa: S101 (opened with the application)
        return thread_id

    async def run(self) -> WorldSummary:
        people, session, settings = self.people, self.session, self.settings
        seeker, employer, staff = people.seeker, people.employer, people.staff
        await self.plan_jobs()
        await self.post_jobs()
        office_seekers = await self.office_seekers()

        online_jobs = self.open_jobs(online=True, until=14)
        clerical = [p for p in online_jobs if p.body.occupation_code.startswith("25")]
        picks = clerical + [p for p in online_jobs if p not in clerical]
        cancelled_job, favourites, offered_job, counter_job, open_offer_job = (
            picks[0],
            picks[1:5],
            picks[5],
            picks[6],
            picks[7],
        )
        requesters = [p for p in online_jobs[8:] if p.employer is not employer]
        first_requester = requesters[0]
        second_requester = next(
            p for p in requesters if p.employer.account_id != first_requester.employer.account_id
        )

        # Saved searches and favourites, soon after registering.
        for name, filters, alerts in SAVED_SEARCHES:
            await saved.save(
                session,
                seeker,
                SavedSearchCreate.model_validate(
                    {"name": name, "filters": filters, "alerts": alerts}
                ),
                limit=settings.saved_search_limit,
                now=self.when(22, 20),
            )
        kept = [*favourites, *(p for p in self.planned if p.key == "warehouse")]
        for minute, planned in enumerate(kept):
            await saved.add_favorite(
                session,
                seeker,
                planned.job_number,
                limit=settings.favorite_limit,
                today=self.day(21),
                now=self.when(21, 21, minute),
            )
        await saved.save(
            session,
            people.online,
            SavedSearchCreate.model_validate(
                {"name": "渋谷区の販売", "filters": {"q": "販売", "prefecture": ["13"]}}
            ),
            limit=settings.saved_search_limit,
            now=self.when(20, 19),
        )
        await saved.add_favorite(
            session,
            people.online,
            picks[9].job_number,
            limit=settings.favorite_limit,
            today=self.day(20),
            now=self.when(20, 19, 5),
        )

        # The welcome notice is read the day after.
        welcome = await session.scalar(
            select(Message.id).where(Message.seeker_id == seeker.account_id).order_by(Message.id)
        )
        if welcome is not None:
            await messages.read(session, seeker, welcome, now=self.when(REGISTERED_DAYS_AGO - 1, 9))

        # Applications: one that ends with a result, one cancelled within the hour (R12).
        rejected = await self.apply(seeker, self.demo_job("sales_office"), 20, 10)
        cancelled = await self.apply(seeker, cancelled_job.job_number, 18, 11)
        await applications.cancel(
            session,
            seeker,
            cancelled,
            settings=settings,
            today=self.day(18),
            now=self.when(18, 11, 40),
        )
        await staff_service.record_activity(
            session,
            staff,
            seeker.seeker_number,
            ActivityKind.counselling,
            today=self.day(14),
            now=self.when(14, 10),
            window_days=settings.reactivation_window_days,
        )
        await selection.register_result(
            session,
            employer,
            rejected,
            ResultCreate(result=SelectionResult.rejected, note="今回はご期待に沿えませんでした。"),
            settings=settings,
            now=self.when(12, 15),
        )

        # The office's other seekers apply to the demo employer's postings.
        office_job, warehouse = self.demo_job("office"), self.demo_job("warehouse")
        extra_applications = [
            await self.apply(office_seekers[0], office_job, 10, 10),
            await self.apply(office_seekers[1], office_job, 9, 14),
            await self.apply(office_seekers[5], office_job, 7, 11),
            await self.apply(office_seekers[3], warehouse, 11, 16),
            await self.apply(office_seekers[4], self.demo_job("sales"), 5, 13),
        ]
        await referrals.refer_at_counter(
            session,
            staff,
            seeker.seeker_number,
            counter_job.job_number,
            today=self.day(9),
            now=self.when(9, 14),
        )
        self.summary.applications += 1

        # A request the seeker declines, and one from an employer the seeker then blocks.
        for requester, days_ago, block in (
            (first_requester, 7, False),
            (second_requester, 10, True),
        ):
            request = await self.request(requester.employer, requester.job_number, days_ago)
            await requests.decline(
                session,
                seeker,
                request,
                today=self.day(days_ago - 1),
                now=self.when(days_ago - 1, 9),
            )
            if block:
                await requests.block(
                    session,
                    seeker,
                    Viewer.of(requester.employer),
                    now=self.when(days_ago - 1, 9, 5),
                )

        # The seeker applies to the demo employer's office job and writes to it.
        applied = await self.apply(seeker, office_job, 6, 10)
        thread = await self.thread_of(applied)
        await messages.send(
            session,
            seeker,
            thread,
            "本日応募いたしました。職務経歴書もお送りできます。どうぞよろしくお願いいたします。",
            now=self.when(5, 20),
        )
        await counterparts.send(
            session,
            employer,
            thread,
            "ご応募ありがとうございます。書類選考を通過されましたので、面接にお越しください。"
            "ご都合のよい日時を3つほどお知らせください。",
            now=self.when(4, 10),
        )

        # An online referral (offered, then applied to) and an open offer (R14).
        offer = await referrals.offer(
            session,
            staff,
            seeker.seeker_number,
            OfferCreate(
                job_number=offered_job.job_number,
                apply_by=self.day(-7),
                note="ご希望の事務職です。オンラインで応募できます。",
            ),
            today=self.day(5),
            now=self.when(5, 9, 30),
        )
        await referrals.apply_to_offer(
            session,
            seeker,
            offer.id,
            motivation=MOTIVATION,
            today=self.day(3),
            now=self.when(3, 10),
        )
        self.summary.applications += 1
        await referrals.offer(
            session,
            staff,
            seeker.seeker_number,
            OfferCreate(
                job_number=open_offer_job.job_number,
                apply_by=self.day(-10),
                note="通勤しやすい求人です。ご検討ください。",
            ),
            today=self.day(2),
            now=self.when(2, 9),
        )

        # A partner's outreach (求職情報提供) and the office's notice to all its seekers.
        partner_view = Viewer.of(people.partner)
        refs = await refs_for(session, partner_view, [seeker.account_id])
        await counterparts.partner_outreach(
            session,
            people.partner,
            PartnerMessageCreate(
                seeker_ref=refs[seeker.account_id],
                subject="事務職の求人のご案内",
                body="ご希望の条件に近い事務職の求人がございます。ご興味があればご返信ください。",
            ),
            today=self.day(3),
            now=self.when(3, 18),
            daily_cap=settings.partner_daily_messages,
        )
        await notices.send(
            session,
            staff,
            NoticeCreate(
                everyone=True,
                subject="職業訓練説明会のご案内",
                body="来月、当所で職業訓練（パソコン事務科・介護職員初任者研修科）の説明会を"
                "開催します。参加をご希望の方は窓口またはお電話でお申し込みください。",
            ),
            now=self.when(2, 13),
        )

        # The demo employer closes the warehouse posting; others close theirs.
        await jobs.close_job(
            session,
            employer,
            warehouse,
            settings=settings,
            today=self.day(DEMO_POSTINGS["warehouse"]["closed_days_ago"]),
            now=self.when(DEMO_POSTINGS["warehouse"]["closed_days_ago"], 17),
        )
        for planned in self.planned:
            if planned.key is None and planned.closed_on is not None:
                await jobs.close_job(
                    session,
                    planned.employer,
                    planned.job_number,
                    settings=settings,
                    today=planned.closed_on,
                    now=at(planned.closed_on, 17),
                )
        await selection.register_result(
            session,
            employer,
            extra_applications[0],
            ResultCreate(result=SelectionResult.hired, note="来月1日から勤務予定"),
            settings=settings,
            now=self.when(3, 16),
        )

        # Yesterday: a direct request from the demo employer and its second message.
        await self.request(employer, self.demo_job("sales"), 1)
        await counterparts.send(
            session,
            employer,
            thread,
            "面接は本社（飯田橋）で行います。当日は履歴書をお持ちください。",
            now=self.when(1, 17),
        )
        await self.online_application(picks[10].job_number)
        self.count()
        return self.summary

    async def request(self, employer: Employer, job_number: str, days_ago: int) -> int:
        """A direct request (R16) to the demo seeker, found as employers find seekers."""
        seeker = self.people.seeker
        refs = await refs_for(self.session, Viewer.of(employer), [seeker.account_id])
        sent = await requests.send(
            self.session,
            employer,
            job_number,
            seeker_ref=refs[seeker.account_id],
            message="ご経験を拝見し、ぜひ応募をご検討いただきたくご連絡しました。",
            settings=self.settings,
            today=self.day(days_ago),
            now=self.when(days_ago, 11),
        )
        return sent.id

    async def online_application(self, job_number: str) -> None:
        await self.apply(self.people.online, job_number, 4, 21)

    def count(self) -> None:
        summary = self.summary
        summary.jobs = len(self.planned)
        summary.employers = len({p.employer.account_id for p in self.planned})
        summary.offices = {p.employer.office_code for p in self.planned}
        summary.prefectures = {p.body.prefecture_code for p in self.planned}
        for planned in self.planned:
            body = planned.body
            if planned.closed_on is not None:
                summary.closed += 1
            elif planned.valid_until < self.today:
                summary.expired += 1
            else:
                summary.open_jobs += 1
                summary.online_jobs += body.accepts_online_applications
                summary.closing_soon += planned.deadline <= self.day(-6)


async def world_loaded(session: AsyncSession) -> bool:
    return await pool_loaded(session, WORLD_POOL)


async def load_world(
    session: AsyncSession,
    people: DemoPeople,
    *,
    settings: Settings,
    password: str,
    today: date,
    now: datetime,
) -> WorldSummary:
    """Load the world in the session's transaction (the caller checks ``world_loaded``)."""
    loader = WorldLoader(
        session, people, settings=settings, password=password, today=today, now=now
    )
    return await loader.run()
