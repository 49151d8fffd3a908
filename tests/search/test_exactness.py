"""Search finds exactly what a plain substring scan of the same rows finds (R21), on the
database under test: words of one, two and more characters, OR groups and exclusions."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncConnection

from mypage_api.search.query import parse
from tests.search.conftest import found, insert_jobs, scanned

# Texts are made of a few pieces, so that words of up to four characters often occur,
# and often more than one in a row: kanji, katakana in full and half width, a compatibility
# character that spells out four (㍿ 株式会社), full-width and ASCII letters and digits, the
# prolonged sound mark, a hyphen and a space. Query words are pieces, parts of them or
# random strings of the same characters.
PIECES = ["介護", "看護", "職員", "東京都", "パート", "ﾊﾟｰﾄ", "アイ", "ｱｲ", "ＡＢ", "ab", "1", "-"]
PIECES += ["㍿", "株", "介", "護", "看", "ー", " "]
WORD_PIECES = ["介護", "看護", "護職", "職員", "東京", "京都", "パート", "ｱｲ", "ab", "Ａ", "株式"]
WORD_PIECES += ["㍿", "介", "護", "ー", "1"]
WORD_ALPHABET = "介護看職員東京都パートアイｱＡa1ー㍿株"

words = st.one_of(st.sampled_from(WORD_PIECES), st.text(WORD_ALPHABET, min_size=1, max_size=4))
fields = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)  # 0-60 characters
documents = st.lists(fields, min_size=1, max_size=2)


@st.composite
def queries(draw: st.DrawFn) -> str:
    """1-3 words; a word may join the one before with OR, or be excluded (-word, NOT word)."""
    parts: list[str] = []
    previous_is_positive = False
    for _ in range(draw(st.integers(1, 3))):
        word = draw(words)
        kind = draw(st.sampled_from(["and", "and", "or", "or", "minus", "not"]))
        if kind == "or" and previous_is_positive:
            parts += ["OR", word]
        elif kind == "minus":
            parts.append("-" + word)
        elif kind == "not":
            parts += ["NOT", word]
        else:
            parts.append(word)
        previous_is_positive = kind not in {"minus", "not"}
    return " ".join(parts)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(documents, min_size=1, max_size=20),
    query_list=st.lists(queries(), min_size=1, max_size=4),
)
async def test_search_equals_the_scan(
    connection: AsyncConnection, employer_id: int, rows: list[list[str]], query_list: list[str]
) -> None:
    savepoint = await connection.begin_nested()  # one example's rows, then gone
    try:
        await insert_jobs(connection, employer_id, rows)
        for query in query_list:
            parsed = parse(query)
            assert await found(connection, parsed) == await scanned(connection, parsed), query
    finally:
        await savepoint.rollback()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("介護", {"介護職員", "看護・介護", "介護のパート"}),  # two characters
        ("看護", {"看護・介護", "看護師"}),
        ("介", {"介護職員", "看護・介護", "介護のパート", "紹介"}),  # one character: the scan
        ("介護職員", {"介護職員"}),
        ("護職", {"介護職員"}),  # inside a word, as a substring scan finds it
        ("かいご", set()),  # hiragana is not the kanji
        ("パート", {"介護のパート", "パート（ﾊﾟｰﾄ）"}),
        ("ﾊﾟｰﾄ", {"介護のパート", "パート（ﾊﾟｰﾄ）"}),  # half width is normalised
        ("看護 OR 紹介", {"看護・介護", "看護師", "紹介"}),
        ("介 OR 師", {"介護職員", "看護・介護", "介護のパート", "紹介", "看護師"}),
        ("介護 -パート", {"介護職員", "看護・介護"}),
        ("介護 NOT 看", {"介護職員", "介護のパート"}),
        ("-介", {"看護師", "パート（ﾊﾟｰﾄ）", "PYTHON"}),
        ("python", {"PYTHON"}),
        ("Ｐｙｔｈｏｎ", {"PYTHON"}),
        ("介護\u3000東京", set()),
    ],
)
async def test_known_queries(
    connection: AsyncConnection, employer_id: int, query: str, expected: set[str]
) -> None:
    titles = ["介護職員", "看護・介護", "介護のパート", "紹介", "看護師", "パート（ﾊﾟｰﾄ）", "PYTHON"]
    ids = await insert_jobs(connection, employer_id, [[title] for title in titles])
    by_id = dict(zip(ids, titles, strict=True))
    parsed = parse(query)
    result = await found(connection, parsed)
    assert {by_id[job_id] for job_id in result} == expected
    assert result == await scanned(connection, parsed)
