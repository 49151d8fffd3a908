"""Seeker numbers under concurrency: each transaction gets its own, none is skipped or
given twice, and a rolled-back transaction gives nothing away to anyone."""

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mypage_api.db import create_engine
from mypage_api.models import NumberKind
from mypage_api.numbers import format_number, next_number
from tests.databases import fresh_database
from tests.factories import load_offices


@pytest.fixture
def own_database(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path) as url:
        yield url


async def test_concurrent_registrations_get_distinct_consecutive_numbers(own_database: str) -> None:
    engine = create_engine(own_database)
    try:
        async with engine.connect() as connection:
            await load_offices(connection)
            await connection.commit()
        sessions = async_sessionmaker(engine, expire_on_commit=False)

        async def take() -> str:
            async with sessions() as session, session.begin():
                number = await next_number(session, "13010", NumberKind.seeker)
                await asyncio.sleep(0)  # let the others run while this transaction is open
                return number

        numbers = await asyncio.gather(*(take() for _ in range(20)))
        assert sorted(numbers) == [format_number("13010", n) for n in range(1, 21)]

        session: AsyncSession
        async with sessions() as session:
            await session.begin()
            await next_number(session, "13010", NumberKind.seeker)
            await session.rollback()
        assert await take() == "13010-00000021"
        async with sessions() as session, session.begin():
            assert await next_number(session, "13050", NumberKind.seeker) == "13050-00000001"
            assert await next_number(session, "13010", NumberKind.job) == "13010-00000001"
    finally:
        await engine.dispose()


def test_numbers_have_the_office_code_a_hyphen_and_eight_digits() -> None:
    assert format_number("13010", 1234567) == "13010-01234567"
