"""The free-word part of a job search as an SQL condition: index-backed and exact.

The condition is ``narrow AND scan``. ``scan`` is the plain substring test of every word on
``search_text`` and decides the result: it is ``query.matches`` written in SQL. ``narrow``
asks the index for the rows holding the bigram tokens of the query's words of two or more
characters; every row the scan accepts holds them, so ANDing it changes no result, while
it lets the database read only the rows the index names. Words of one character have no
bigram and are left to the scan (and so is any OR group holding one).

- SQLite: the FTS5 table ``job_search`` over ``jobs.search_tokens`` (unicode61; the hex
  tokens stay whole), kept in step by triggers; one MATCH expression for the whole query
  in which each word is a phrase of its tokens.
- PostgreSQL: a GIN index on ``job_search_keys(search_tokens)``, the tokens as a tsvector
  of bare lexemes, queried with one tsquery that ANDs each word's tokens (no phrase: GIN
  keeps no positions, and the scan makes the result exact anyway). The same index holds
  the prefecture and the employment type (``btree_gin``, migration ``3f6c2d8e1b54``), so
  those filters are answered inside it, not after visiting each job.

The index structures are made by hand in migration ``c8a15195b92c``; their names start
with ``job_search`` so that autogenerate can leave them alone (``is_search_index``).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    cast,
    column,
    func,
    literal,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy import table as table_clause
from sqlalchemy.dialects.postgresql import TSQUERY

from mypage_api.db import named
from mypage_api.models import Job
from mypage_api.search.query import ParsedQuery
from mypage_api.search_text import bigram_token, bigrams

SEARCH_INDEX_PREFIX = "job_search"
FTS_TABLE = "job_search"  # SQLite: the FTS5 table and its shadow tables job_search_*

_fts = table_clause(FTS_TABLE, column("rowid"), column(FTS_TABLE))


def is_search_index(name: str | None) -> bool:
    """Whether a table, index or function is part of the hand-made search index."""
    return name is not None and name.startswith(SEARCH_INDEX_PREFIX)


def word_tokens(word: str) -> list[str]:
    """The bigram tokens of a normalised query word (none for a single character)."""
    return [bigram_token(pair) for pair in bigrams(word)]


def _contains(word: Any, dialect: str) -> ColumnElement[bool]:
    """The plain scan of one word (a statement parameter): exact, case-sensitive substring
    search."""
    if dialect == "postgresql":
        return func.strpos(Job.search_text, word) > 0
    # SQLite (and any other): LIKE would fold ASCII case; instr compares characters as
    # they are.
    return func.instr(Job.search_text, word) > 0


def _indexed_groups(parsed: ParsedQuery) -> list[list[list[str]]]:
    """The groups the index can narrow by: each word's tokens, for groups whose every word
    has at least two characters."""
    groups = [[word_tokens(word) for word in group] for group in parsed.groups]
    return [group for group in groups if all(group)]


def _fts_match(groups: list[list[list[str]]]) -> str:
    # FTS5 query syntax: "a b" is a phrase (b right after a). The tokens are hex digits,
    # so nothing in them needs quoting; the whole expression is one bound parameter.
    return " AND ".join(
        "(" + " OR ".join('"' + " ".join(tokens) + '"' for tokens in group) + ")"
        for group in groups
    )


def _tsquery(groups: list[list[list[str]]]) -> str:
    # tsquery syntax, lexemes quoted; read by a cast, never by the text search parser
    # (which would split a token such as 007e0400770c at its "e").
    return " & ".join(
        "(" + " | ".join("(" + " & ".join(f"'{t}'" for t in tokens) + ")" for tokens in group) + ")"
        for group in groups
    )


def index_query(parsed: ParsedQuery, dialect: str) -> str | None:
    """What the index is asked for the query (an FTS5 MATCH expression, or a tsquery): a
    superset of the rows the scan accepts; None when no group can use the index (single
    characters, exclusions only, another database)."""
    groups = _indexed_groups(parsed)
    if not groups or dialect not in {"sqlite", "postgresql"}:
        return None
    return _fts_match(groups) if dialect == "sqlite" else _tsquery(groups)


def _asked(query: Any, dialect: str) -> ColumnElement[bool]:
    """The rows the index names for ``query`` (a statement parameter)."""
    if dialect == "sqlite":
        matching = select(_fts.c.rowid).where(_fts.c[FTS_TABLE].op("MATCH")(query))
        return Job.id.in_(matching)
    keys = func.job_search_keys(Job.search_tokens)  # the GIN index job_search_multi
    return keys.bool_op("@@")(cast(query, TSQUERY))


def index_condition(parsed: ParsedQuery, dialect: str) -> ColumnElement[bool] | None:
    """What the index answers for the query (``index_query``), or None."""
    query = index_query(parsed, dialect)
    return None if query is None else _asked(literal(query, String), dialect)


def _answered_by_index(group: tuple[str, ...]) -> bool:
    """Whether the index condition alone decides a group: every word is one bigram (two
    characters), and a text holds a two-character word exactly when its token set holds
    that bigram's token, so the substring test could reject nothing the index accepts."""
    return all(len(word) == 2 for word in group)


@dataclass(frozen=True)
class TextShape:
    """The free-word condition's SQL, as parameter names: whether the index narrows, the
    words scanned (by group: any word of a group, every group) and the words excluded."""

    narrowed: bool
    scanned: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...]


def text_parameters(
    parsed: ParsedQuery, dialect: str, *, use_index: bool = True
) -> tuple[TextShape, dict[str, Any]]:
    """The free-word condition of ``text_filter`` as its shape and its parameters' values.

    With the index, groups of two-character words are left to it (``_answered_by_index``);
    longer words and exclusions keep their substring test. ``use_index=False`` gives the
    scan alone, for plans that walk an index in the page's order instead."""
    values: dict[str, Any] = {}
    query = index_query(parsed, dialect) if use_index else None
    groups = parsed.groups
    if query is not None:
        values["index_query"] = query
        groups = tuple(group for group in groups if not _answered_by_index(group))
    scanned: list[tuple[str, ...]] = []
    for number, group in enumerate(groups):
        names = tuple(f"word_{number}_{place}" for place in range(len(group)))
        values.update(zip(names, group, strict=True))
        scanned.append(names)
    excluded = tuple(f"excluded_{place}" for place in range(len(parsed.excluded)))
    values.update(zip(excluded, parsed.excluded, strict=True))
    return TextShape(query is not None, tuple(scanned), excluded), values


def text_condition(
    shape: TextShape, dialect: str, values: Mapping[str, Any] | None = None
) -> ColumnElement[bool]:
    """The free-word condition of ``shape``: its parameters bound to ``values``, or left
    to be given when it runs (``db.named``)."""
    conditions: list[ColumnElement[bool]] = []
    if shape.narrowed:
        conditions.append(_asked(named("index_query", values, String()), dialect))
    conditions += [
        or_(*(_contains(named(name, values, String()), dialect) for name in group))
        for group in shape.scanned
    ]
    conditions += [
        not_(_contains(named(name, values, String()), dialect)) for name in shape.excluded
    ]
    return and_(true(), *conditions)


def text_filter(
    parsed: ParsedQuery, dialect: str, *, use_index: bool = True
) -> ColumnElement[bool]:
    """Jobs whose search text holds the query's words (AND of OR-groups, minus exclusions):
    exactly the rows ``query.matches`` accepts, found through the index where it can
    (``text_parameters``)."""
    shape, values = text_parameters(parsed, dialect, use_index=use_index)
    return text_condition(shape, dialect, values)
