"""Free-word queries (R21): words are ANDed; ``OR`` between words makes a group of which
one must match (it binds tighter than AND: ``a b OR c`` is a AND (b OR c)); ``-word`` or
``NOT word`` excludes. At most 50 characters. An exclusion cannot be one side of an OR
(``a -b OR c``, ``a OR -b``): the query is refused rather than read another way."""

import unicodedata
from dataclasses import dataclass

from mypage_api.i18n import Text
from mypage_api.search_text import normalise

MAX_QUERY_LENGTH = 50


# Why a free-word query is refused, by its code (the field error's ``code``).
QUERY_REFUSALS: dict[str, Text] = {
    "too_long": Text(
        f"検索語は{MAX_QUERY_LENGTH}文字以内で指定してください。",
        f"The query is longer than {MAX_QUERY_LENGTH} characters.",
    ),
    "misplaced_or": Text(
        "OR は2つの語の間に置いてください（除外する語とは組み合わせられません）。",
        "OR must stand between two words, neither of them excluded.",
    ),
    "misplaced_not": Text(
        "除外する語（-語、NOT 語）は OR と組み合わせられません。",
        "An excluded word (-word, NOT word) cannot be one side of an OR.",
    ),
    "dangling_operator": Text(
        "OR、NOT の後に語を指定してください。", "OR and NOT must be followed by a word."
    ),
}


class InvalidQuery(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[tuple[str, ...], ...]  # every group must match one of its words
    excluded: tuple[str, ...]  # none of these may match

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(word for group in self.groups for word in group) + self.excluded


def parse(query: str) -> ParsedQuery:
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidQuery("too_long")
    parts = unicodedata.normalize("NFKC", query).split()
    groups: list[list[str]] = []
    excluded: list[str] = []
    joining = negating = after_exclusion = False
    for part in parts:
        if part == "OR":
            if joining or negating or after_exclusion or not groups:
                raise InvalidQuery("misplaced_or")
            joining = True
            continue
        if part == "NOT":
            if negating or joining:
                raise InvalidQuery("misplaced_not")
            negating = True
            continue
        if part.startswith("-") and len(part) > 1 and not negating:
            if joining:
                raise InvalidQuery("misplaced_not")
            negating, part = True, part[1:]
        word = normalise(part)
        if negating:
            excluded.append(word)
        elif joining:
            groups[-1].append(word)
        else:
            groups.append([word])
        after_exclusion, joining, negating = negating, False, False
    if joining or negating:
        raise InvalidQuery("dangling_operator")
    return ParsedQuery(tuple(tuple(group) for group in groups), tuple(excluded))


def matches(parsed: ParsedQuery, search_text: str) -> bool:
    """The plain scan: what the index-backed search must find, record by record."""
    return all(any(word in search_text for word in group) for group in parsed.groups) and not any(
        word in search_text for word in parsed.excluded
    )
