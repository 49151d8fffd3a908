"""The free-word query grammar (R21) and the plain scan it is measured against."""

import pytest

from mypage_api.search.query import InvalidQuery, ParsedQuery, matches, parse


def test_words_are_anded() -> None:
    assert parse("介護 東京") == ParsedQuery(groups=(("介護",), ("東京",)), excluded=())


def test_or_joins_neighbours_and_binds_tighter_than_and() -> None:
    assert parse("介護 OR 看護 東京") == ParsedQuery((("介護", "看護"), ("東京",)), ())
    assert parse("介護\u3000ＯＲ\u3000看護") == ParsedQuery((("介護", "看護"),), ())
    assert parse("東京 介護 OR 看護 OR 保育") == ParsedQuery(
        (("東京",), ("介護", "看護", "保育")), ()
    )


@pytest.mark.parametrize("query", ["介護 -パート", "介護 NOT パート", "介護 ＮＯＴ パート"])
def test_minus_and_not_exclude(query: str) -> None:
    assert parse(query) == ParsedQuery((("介護",),), ("パート",))


def test_exclusions_alone_are_a_query() -> None:
    assert parse("-パート") == ParsedQuery((), ("パート",))


def test_words_are_normalised_like_the_text() -> None:
    assert parse("ＰＹＴＨＯＮ ｶｲｺﾞ") == ParsedQuery((("python",), ("カイゴ",)), ())


def test_lower_case_or_and_not_are_words() -> None:
    assert parse("介護 or 看護 not") == ParsedQuery((("介護",), ("or",), ("看護",), ("not",)), ())


def test_a_lone_minus_is_a_word() -> None:
    assert parse("- 介護") == ParsedQuery((("-",), ("介護",)), ())


def test_an_empty_query_matches_everything() -> None:
    parsed = parse("  \u3000 ")
    assert parsed == ParsedQuery((), ())
    assert matches(parsed, "")


def test_fifty_characters_is_allowed_fifty_one_is_not() -> None:
    assert parse("介" * 50).groups == (("介" * 50,),)
    with pytest.raises(InvalidQuery) as refusal:
        parse("介" * 51)
    assert refusal.value.code == "too_long"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("OR 介護", "misplaced_or"),
        ("介護 OR OR 看護", "misplaced_or"),
        ("介護 NOT OR 看護", "misplaced_or"),
        ("-パート OR 介護", "misplaced_or"),
        ("介護 -パート OR 看護", "misplaced_or"),  # an exclusion is not one side of an OR
        ("NOT NOT 介護", "misplaced_not"),
        ("介護 OR NOT 看護", "misplaced_not"),
        ("介護 OR -看護", "misplaced_not"),
        ("介護 OR", "dangling_operator"),
        ("介護 NOT", "dangling_operator"),
        ("NOT", "dangling_operator"),
    ],
)
def test_misplaced_operators_are_refused(query: str, code: str) -> None:
    with pytest.raises(InvalidQuery) as refusal:
        parse(query)
    assert refusal.value.code == code


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("介護", "介護職員", True),
        ("かいご", "介護職員", False),
        ("介護 東京", "東京都の介護職員", True),
        ("介護 大阪", "東京都の介護職員", False),
        ("看護 OR 介護", "介護職員", True),
        ("介護 -パート", "介護のパート", False),
        ("介", "介護", True),
    ],
)
def test_matches_is_a_substring_scan(query: str, text: str, expected: bool) -> None:
    assert matches(parse(query), text) is expected
