"""Normalised search text and its bigram tokens (mypage_api.search.text)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypage_api.search_text import (
    FIELD_SEPARATOR,
    bigram_token,
    bigrams,
    normalise,
    search_document,
    tokens,
)


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("ＡＢＣ１２３", "abc123"),  # full-width letters and digits
        ("ｶｲｺﾞ", "カイゴ"),  # half-width katakana, the voiced mark joined
        ("Python", "python"),  # case-folded
        ("STRASSE Straße", "strasse strasse"),  # folded, not just lower-cased
        ("㍿", "株式会社"),  # compatibility characters spelled out
        ("介護", "介護"),
    ],
)
def test_normalise_folds_width_case_and_compatibility_forms(text: str, normalised: str) -> None:
    assert normalise(text) == normalised


def test_hiragana_and_katakana_stay_different_characters() -> None:
    assert normalise("かいご") == "かいご"
    assert normalise("カイゴ") == "カイゴ"
    assert normalise("かいご") != normalise("カイゴ")


def test_a_reading_in_kana_does_not_find_the_kanji() -> None:
    text, _ = search_document(["介護職員"])
    assert normalise("かいご") not in text
    assert normalise("介護") in text


def test_bigrams_are_the_overlapping_pairs() -> None:
    assert bigrams("介護職") == ["介護", "護職"]
    assert bigrams("介") == []
    assert bigrams("") == []


def test_a_bigram_token_is_twelve_lower_case_hex_digits() -> None:
    assert bigram_token("介護") == "004ecb008b77"
    assert bigram_token("a𠮷") == "000061020bb7"  # beyond the BMP still fits six digits


def test_tokens_are_the_bigrams_in_order() -> None:
    assert tokens("介護職") == "004ecb008b77 008b77008077"
    assert tokens("介") == ""


@given(st.text(max_size=20))
def test_tokens_are_the_bigram_tokens_of_any_text(text: str) -> None:
    assert tokens(text) == " ".join(bigram_token(pair) for pair in bigrams(text))


def test_search_document_normalises_and_separates_fields() -> None:
    text, document_tokens = search_document(["介護ﾊﾟｰﾄ", "", "ＴＯＫＹＯ"])
    assert text == f"介護パート{FIELD_SEPARATOR}tokyo"
    assert document_tokens == tokens(text)


def test_no_word_spans_two_fields() -> None:
    text, _ = search_document(["東京", "都庁"])
    assert "京都" not in text
