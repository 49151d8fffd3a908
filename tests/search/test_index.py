"""The index behind search: it follows every write, keeps tokens whole, and the database
uses it for words of two characters or more."""

import random

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.models import Employer, Job
from mypage_api.search.query import parse
from mypage_api.search.sql import index_condition, text_filter
from mypage_api.search_text import search_document
from tests.search.conftest import insert_jobs, scanned


async def indexed(connection: AsyncConnection, query: str) -> set[int]:
    """What the index alone answers (no substring recheck), read through the index."""
    if connection.dialect.name == "postgresql":
        await connection.execute(text("SET LOCAL enable_seqscan = off"))
    condition = index_condition(parse(query), connection.dialect.name)
    assert condition is not None
    return set((await connection.scalars(select(Job.id).where(condition))).all())


async def check_sqlite_index(connection: AsyncConnection) -> None:
    """FTS5's own check that the index matches the content table (rank 1)."""
    if connection.dialect.name == "sqlite":
        await connection.execute(
            text("INSERT INTO job_search (job_search, rank) VALUES ('integrity-check', 1)")
        )


async def test_the_sqlite_triggers_exist_at_head(connection: AsyncConnection) -> None:
    """A batch migration that recreates ``jobs`` drops them; it must create them again."""
    if connection.dialect.name != "sqlite":
        pytest.skip("PostgreSQL maintains its expression index itself")
    names = await connection.scalars(
        text(
            "SELECT name FROM sqlite_master WHERE tbl_name IN ('jobs', 'employers') "
            "AND type = 'trigger'"
        )
    )
    assert set(names) == {
        "job_search_after_insert",
        "job_search_after_update",
        "job_search_after_delete",
        # the search generation (jobs.cache)
        "job_search_generation_jobs_insert",
        "job_search_generation_jobs_update",
        "job_search_generation_jobs_delete",
        "job_search_generation_employers",
    }


async def test_an_inserted_job_enters_the_index(
    connection: AsyncConnection, employer_id: int
) -> None:
    [job_id] = await insert_jobs(connection, employer_id, [["介護職員"]])
    assert await indexed(connection, "介護") == {job_id}
    assert await indexed(connection, "介護職員") == {job_id}
    await check_sqlite_index(connection)


async def test_an_updated_job_leaves_the_index_under_its_old_words(
    connection: AsyncConnection, employer_id: int
) -> None:
    [job_id, other_id] = await insert_jobs(connection, employer_id, [["介護職員"], ["介護"]])
    search_text, search_tokens = search_document(["看護師"])
    await connection.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(search_text=search_text, search_tokens=search_tokens)
    )
    assert await indexed(connection, "介護") == {other_id}
    assert await indexed(connection, "看護") == {job_id}
    # Other columns change without touching the index.
    await connection.execute(update(Job).where(Job.id == job_id).values(wage_max=300_000))
    assert await indexed(connection, "看護") == {job_id}
    await check_sqlite_index(connection)


async def test_a_deleted_job_leaves_the_index(
    connection: AsyncConnection, employer_id: int
) -> None:
    [job_id, other_id] = await insert_jobs(connection, employer_id, [["介護職員"], ["介護"]])
    await connection.execute(delete(Job).where(Job.id == job_id))
    assert await indexed(connection, "介護") == {other_id}
    await check_sqlite_index(connection)


async def test_jobs_deleted_with_their_employer_leave_the_index(
    connection: AsyncConnection, employer_id: int
) -> None:
    await insert_jobs(connection, employer_id, [["介護職員"], ["介護"]])
    await connection.execute(delete(Employer).where(Employer.account_id == employer_id))
    assert await indexed(connection, "介護") == set()
    await check_sqlite_index(connection)


CHARACTERS = "介護縄県一åÀÉ𠮷Aaｱア-_%\\'\""


async def test_tokens_stay_whole_in_the_index(
    connection: AsyncConnection, employer_id: int
) -> None:
    """Every bigram token is one index term: no tokenizer or parser splits or folds it."""
    rng = random.Random(2026)  # noqa: S311 (test data)
    documents = [["".join(rng.choices(CHARACTERS, k=40))] for _ in range(20)]
    await insert_jobs(connection, employer_id, documents)
    expected = {token for [field] in documents for token in search_document([field])[1].split()}
    if connection.dialect.name == "sqlite":
        await connection.execute(
            text(
                "CREATE VIRTUAL TABLE temp.job_search_terms USING fts5vocab(main, job_search, row)"
            )
        )
        terms = set(await connection.scalars(text("SELECT term FROM temp.job_search_terms")))
        await connection.execute(text("DROP TABLE temp.job_search_terms"))
    else:
        terms = set(
            await connection.scalars(
                text("SELECT unnest(tsvector_to_array(job_search_keys(search_tokens))) FROM jobs")
            )
        )
    assert terms == expected


# Job-like text: words from a small vocabulary, so that 2-character words are neither in
# every row nor in none.
VOCABULARY = (
    "介護 看護 職員 東京都 大阪府 パート アルバイト 正社員 未経験 歓迎 資格 経験 週休二日 "
    "交通費 支給 社会保険 完備 駅 徒歩 事務 営業 販売 調理 清掃 警備 運転 倉庫 作業 製造 "
    "保育士 病院 受付 福祉 施設 訪問 の を に が で と は ます です 、 。"
)


async def _plan(connection: AsyncConnection, query: str) -> str:
    statement = (
        select(Job.id)
        .where(Job.valid_until >= "2026-11-25", text_filter(parse(query), connection.dialect.name))
        .order_by(Job.accepted_on.desc(), Job.id.desc())
        .limit(31)
    )
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    if connection.dialect.name == "sqlite":
        rows = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
        return "\n".join(str(row[-1]) for row in rows)
    rows = await connection.exec_driver_sql(f"EXPLAIN {compiled}")
    return "\n".join(str(row[0]) for row in rows)


INDEXED_QUERIES = ["介護", "護職", "介護職員", "看護 OR 保育士", "東京都 -パート", "介 看護"]


async def test_words_of_two_characters_or_more_use_the_index(
    connection: AsyncConnection, employer_id: int
) -> None:
    """On some thousands of jobs (statistics gathered), with the other conditions of a
    search page: two characters or more go through the index, single characters scan."""
    rng = random.Random(21)  # noqa: S311 (test data)
    documents = [
        ["".join(rng.choices(VOCABULARY.split(), k=rng.randint(10, 60)))] for _ in range(3000)
    ]
    await insert_jobs(connection, employer_id, documents)
    if connection.dialect.name == "postgresql":
        await connection.execute(text("ANALYZE jobs"))
    for query in INDEXED_QUERIES:
        assert await scanned(connection, parse(query)), query  # the words do occur
        plan = await _plan(connection, query)
        if connection.dialect.name == "sqlite":
            assert "SCAN job_search VIRTUAL TABLE INDEX" in plan, plan
            assert "SEARCH jobs USING INTEGER PRIMARY KEY" in plan, plan
        else:
            assert "Bitmap Index Scan on job_search_multi" in plan, plan
    assert "job_search" not in await _plan(connection, "介 OR 看")
