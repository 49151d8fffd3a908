"""Normalised search text and its character bigrams (the index tokens).

Text and queries are normalised the same way (NFKC, then case-folded). A word of two or
more characters occurs in a text exactly when the word's bigrams occur consecutively in
the text's bigram sequence, so a phrase query over bigram tokens is an exact substring
match. Each bigram is written as one ASCII token (the two code points in hex), so that
any tokenizer keeps it whole.
"""

import unicodedata
from collections.abc import Iterable

FIELD_SEPARATOR = "\n"  # no query word holds it, so no match spans two fields


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def bigram_token(pair: str) -> str:
    return "".join(f"{ord(character):06x}" for character in pair)


def bigrams(text: str) -> list[str]:
    return [text[index : index + 2] for index in range(len(text) - 1)]


def tokens(normalised: str) -> str:
    """The bigram tokens of normalised text, space-separated, in order."""
    return " ".join(bigram_token(pair) for pair in bigrams(normalised))


def search_document(fields: Iterable[str]) -> tuple[str, str]:
    """``(search_text, search_tokens)`` for the searchable fields of a record."""
    text = FIELD_SEPARATOR.join(normalise(field) for field in fields if field)
    return text, tokens(text)
