"""Generated demo jobs (``demo-data --jobs N``): reproducible from the seed, realistic,
numbered without clashes, on a fresh database of each backend."""

import hashlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import async_sessionmaker

from mypage_api.db import create_engine
from mypage_api.demo.jobs import (
    COLUMNS,
    HOURLY_RANGE,
    MONTHLY_RANGE,
    LoadResult,
    load_jobs,
    municipalities_by_code,
)
from mypage_api.demo.vocabulary import OCCUPATIONS, PREFECTURE_POPULATION
from mypage_api.jobs.searchable import search_columns
from mypage_api.models import Account, AccountStatus, Employer, Job, NumberKind, WorkingStyle
from mypage_api.numbers import next_number
from mypage_api.rules.calendar import JST
from mypage_api.rules.jobs import job_valid_until
from mypage_api.rules.work import WageUnit
from tests.databases import fresh_database
from tests.factories import load_offices

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=JST)
TODAY = date(2026, 11, 25)
COUNT = 200


@pytest.fixture
def first_database(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
def second_database(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path) as url:
        yield url


async def load(url: str, *, count: int = COUNT, seed: int = 11, offices: bool = True) -> LoadResult:
    engine = create_engine(url)
    try:
        if offices:
            async with engine.connect() as connection:
                await load_offices(connection)
                await connection.commit()
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        async with sessions() as session, session.begin():
            return await load_jobs(session, count=count, seed=seed, today=TODAY, now=NOW)
    finally:
        await engine.dispose()


async def jobs_in(url: str) -> list[Job]:
    engine = create_engine(url)
    try:
        async with async_sessionmaker(engine, expire_on_commit=False)() as session:
            return list((await session.scalars(select(Job).order_by(Job.id))).all())
    finally:
        await engine.dispose()


async def digest(url: str) -> str:
    """SHA-256 of every job row, every column, in id order."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            columns = [Job.__table__.c.id, *(Job.__table__.c[name] for name in COLUMNS)]
            rows = (await connection.execute(select(*columns).order_by(Job.id))).all()
    finally:
        await engine.dispose()
    hasher = hashlib.sha256()
    for row in rows:
        hasher.update(repr(tuple(row)).encode())
    return hasher.hexdigest()


async def test_the_same_seed_gives_the_same_jobs(first_database: str, second_database: str) -> None:
    await load(first_database, seed=11)
    await load(second_database, seed=11)
    assert await digest(first_database) == await digest(second_database)
    assert len(await jobs_in(first_database)) == COUNT


async def test_another_seed_gives_other_jobs(first_database: str, second_database: str) -> None:
    await load(first_database, seed=11)
    await load(second_database, seed=12)
    first, second = await jobs_in(first_database), await jobs_in(second_database)
    assert [job.title for job in first] != [job.title for job in second]


async def test_jobs_are_realistic(first_database: str) -> None:
    await load(first_database)
    jobs = await jobs_in(first_database)
    municipalities = municipalities_by_code()
    occupations = {occupation.code: occupation.name for occupation in OCCUPATIONS}
    engine = create_engine(first_database)
    try:
        async with async_sessionmaker(engine)() as session:
            employers = {
                employer.account_id: employer
                for employer in await session.scalars(select(Employer))
            }
    finally:
        await engine.dispose()
    for job in jobs:
        assert job.prefecture_code in PREFECTURE_POPULATION
        assert job.municipality_code in municipalities
        assert job.municipality_code.startswith(job.prefecture_code)
        assert occupations[job.occupation_code] == job.occupation_name
        assert job.wage_min <= job.wage_max
        if job.working_style is WorkingStyle.full_time:
            assert job.wage_unit is WageUnit.monthly
            assert MONTHLY_RANGE[0] <= job.wage_min <= job.wage_max <= MONTHLY_RANGE[1]
        else:
            assert job.wage_unit is WageUnit.hourly
            assert HOURLY_RANGE[0] <= job.wage_min <= job.wage_max <= HOURLY_RANGE[1]
        assert TODAY - timedelta(days=61) <= job.accepted_on <= TODAY
        assert job.valid_until == job_valid_until(job.accepted_on)
        assert job.accepted_on <= job.referral_deadline <= job.valid_until
        assert job.created_at <= NOW
        assert len(job.title) <= 100
        assert len(job.working_hours) <= 200
        assert job.closed_on is None
        assert not job.extended
        employer = employers[job.employer_id]
        assert job.job_number.startswith(employer.office_code + "-")
        expected = search_columns(
            title=job.title,
            occupation_name=job.occupation_name,
            description=job.description,
            employer_name=employer.name if job.publishes_employer_name else None,
        )
        assert (job.search_text, job.search_tokens) == (
            expected["search_text"],
            expected["search_tokens"],
        )
    # The mix: both working styles, both answers of each flag, several prefectures.
    assert {job.working_style for job in jobs} == set(WorkingStyle)
    assert {job.accepts_online_applications for job in jobs} == {True, False}
    assert {job.publishes_employer_name for job in jobs} == {True, False}
    assert len({job.prefecture_code for job in jobs}) >= 10
    assert len({job.occupation_code for job in jobs}) >= 40


async def test_employers_are_active_demo_accounts(first_database: str) -> None:
    result = await load(first_database)
    engine = create_engine(first_database)
    try:
        async with async_sessionmaker(engine)() as session:
            accounts = (
                await session.scalars(
                    select(Account).where(Account.email.like("demo-employer-%@example.jp"))
                )
            ).all()
    finally:
        await engine.dispose()
    assert len(accounts) == result.employers
    assert {account.status for account in accounts} == {AccountStatus.active}
    assert len({account.password_hash for account in accounts}) == 1
    assert all((account.password_hash or "").startswith("$argon2id$") for account in accounts)


async def test_numbers_are_unique_and_the_sequences_move_past_them(first_database: str) -> None:
    first = await load(first_database, seed=11)
    again = await load(first_database, seed=12, offices=False)  # another seed: as many again
    jobs = await jobs_in(first_database)
    assert len(jobs) == 2 * COUNT
    assert first.employers + again.employers == (await load_employers_count(first_database))
    numbers = [job.job_number for job in jobs]
    assert len(set(numbers)) == len(numbers)
    highest: dict[str, int] = {}
    for number in numbers:
        office, serial = number.split("-")
        assert len(serial) == 8
        highest[office] = max(highest.get(office, 0), int(serial))
    # Per office, consecutive from 1: nothing skipped, nothing used twice.
    for office, last in highest.items():
        assert sorted(int(n.split("-")[1]) for n in numbers if n.startswith(office)) == list(
            range(1, last + 1)
        )
    engine = create_engine(first_database)
    try:
        async with async_sessionmaker(engine)() as session, session.begin():
            for office, last in highest.items():
                taken = await next_number(session, office, NumberKind.job)
                assert int(taken.split("-")[1]) == last + 1
            await session.rollback()
    finally:
        await engine.dispose()


async def load_employers_count(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            count = await connection.scalar(
                select(func.count())
                .select_from(Account)
                .where(Account.email.like("demo-employer-%@example.jp"))
            )
    finally:
        await engine.dispose()
    return int(count or 0)


async def test_worker_processes_generate_what_one_process_does() -> None:
    from contextlib import aclosing

    from mypage_api.demo.jobs import ChunkSpec, EmployerSketch, generated_chunks

    employers = (EmployerSketch("株式会社テスト", "13101", True),)
    specs = [ChunkSpec(5, index, 20, TODAY, NOW, employers) for index in range(3)]

    async def rows(workers: int) -> list[tuple[object, ...]]:
        collected: list[tuple[object, ...]] = []
        async with aclosing(generated_chunks(specs, workers)) as chunks:
            async for chunk in chunks:
                collected += chunk
        return collected

    assert await rows(2) == await rows(0)


async def test_a_seed_is_loaded_once(first_database: str) -> None:
    """The same seed again adds nothing, whatever the count; the first load is kept."""
    await load(first_database, seed=11)
    digest_before = await digest(first_database)
    again = await load(first_database, seed=11, count=COUNT + 50, offices=False)
    assert (again.jobs, again.already_loaded) == (0, True)
    assert await digest(first_database) == digest_before


def test_the_command_adds_jobs(
    first_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from mypage_api.cli import app

    monkeypatch.setenv("MYPAGE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MYPAGE_DATABASE_URL", first_database)
    monkeypatch.setenv("MYPAGE_FIXED_NOW", NOW.isoformat())
    result = CliRunner().invoke(app, ["demo-data", "--jobs", "30", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "30 jobs" in result.output
    again = CliRunner().invoke(app, ["demo-data"])  # without --jobs: nothing more
    assert again.exit_code == 0, again.output
    assert "nothing added" in again.output
    assert " jobs of " not in again.output
    same_seed = CliRunner().invoke(app, ["demo-data", "--jobs", "30", "--seed", "3"])
    assert same_seed.exit_code == 0, same_seed.output
    assert "the jobs of seed 3 are loaded already: nothing added" in same_seed.output


async def test_loaded_jobs_are_found_through_the_search_index(first_database: str) -> None:
    from mypage_api.search.query import matches, parse
    from mypage_api.search.sql import text_filter

    await load(first_database)
    jobs = await jobs_in(first_database)
    engine = create_engine(first_database)
    try:
        async with engine.connect() as connection:
            for words in ("介護", "看護師", "事務 OR 営業", "東京都 -パート"):
                parsed = parse(words)
                found = await connection.scalars(
                    select(Job.id).where(text_filter(parsed, connection.dialect.name))
                )
                expected = {job.id for job in jobs if matches(parsed, job.search_text)}
                assert expected, words
                assert set(found) == expected, words
    finally:
        await engine.dispose()


# Where each database keeps a table's planner statistics, and how to count them.
STATISTICS = {
    "postgresql": "SELECT count(*) FROM pg_stats WHERE schemaname = 'public' AND tablename = :t",
    "sqlite": "SELECT count(*) FROM sqlite_stat1 WHERE tbl = :t",
}


async def test_a_load_leaves_its_tables_analysed(first_database: str) -> None:
    """The planner knows the tables at once, not when autovacuum comes by."""
    await load(first_database)
    engine = create_engine(first_database)
    try:
        async with engine.connect() as connection:
            statement = text(STATISTICS[engine.dialect.name])
            for table in ("jobs", "employers"):
                count = (await connection.execute(statement, {"t": table})).scalar_one()
                assert count > 0, table
    finally:
        await engine.dispose()
