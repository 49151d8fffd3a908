"""job search index

The index behind free-word job search (mypage_api.search.sql), written by hand: one
structure per database, over ``jobs.search_tokens`` (the bigram tokens of ``search_text``).
Every name starts with ``job_search``; autogenerate leaves such names alone (env.py).

Revision ID: c8a15195b92c
Revises: 540996a34807
Create Date: 2026-11-25 21:43:34.252100+00:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "c8a15195b92c"
down_revision: str | Sequence[str] | None = "540996a34807"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite: an external-content FTS5 table (it stores the index, not a copy of the text).
# unicode61 keeps each token whole: tokens are [0-9a-f]{12}, all token characters, ASCII
# and already lower case, so neither case folding nor removing diacritics can merge two.
# detail=full (the default) keeps positions for phrase queries; columnsize=0 drops the
# per-row sizes only ranking would need.
SQLITE_UPGRADE = [
    """
    CREATE VIRTUAL TABLE job_search USING fts5(
        search_tokens,
        content='jobs',
        content_rowid='id',
        tokenize='unicode61 remove_diacritics 0',
        columnsize=0
    )
    """,
    # The triggers keep the index in step with every INSERT, UPDATE and DELETE (foreign
    # key cascades included). An external-content index is told what to forget with the
    # old values ('delete'). A batch migration that recreates ``jobs`` drops them: such a
    # migration must create them again (tests/search asserts they exist at head).
    """
    CREATE TRIGGER job_search_after_insert AFTER INSERT ON jobs BEGIN
        INSERT INTO job_search (rowid, search_tokens) VALUES (new.id, new.search_tokens);
    END
    """,
    """
    CREATE TRIGGER job_search_after_delete AFTER DELETE ON jobs BEGIN
        INSERT INTO job_search (job_search, rowid, search_tokens)
        VALUES ('delete', old.id, old.search_tokens);
    END
    """,
    """
    CREATE TRIGGER job_search_after_update AFTER UPDATE OF id, search_tokens ON jobs
    WHEN old.id IS NOT new.id OR old.search_tokens IS NOT new.search_tokens BEGIN
        INSERT INTO job_search (job_search, rowid, search_tokens)
        VALUES ('delete', old.id, old.search_tokens);
        INSERT INTO job_search (rowid, search_tokens) VALUES (new.id, new.search_tokens);
    END
    """,
    # Jobs already there are indexed once.
    "INSERT INTO job_search (job_search) VALUES ('rebuild')",
]

SQLITE_DOWNGRADE = [
    "DROP TRIGGER job_search_after_update",
    "DROP TRIGGER job_search_after_delete",
    "DROP TRIGGER job_search_after_insert",
    "DROP TABLE job_search",
]

# PostgreSQL: a GIN expression index over the tokens as a tsvector of bare lexemes.
# - Not to_tsvector('simple', ...): its parser reads hex tokens as numbers and splits some
#   (007e0400770c, the bigram 縄県, becomes 007e04 and 00770c), so words went unfound.
#   array_to_tsvector takes the tokens as they are (deduplicated, no positions).
# - No positions, so none of the tsvector position limits (16,383, 256 per lexeme) apply:
#   the query ANDs a word's tokens, GIN answers that without a recheck, and the substring
#   scan ANDed to it keeps results exact. The tsvector's own 1 MB limit is far away: the
#   longest job (about 2,350 characters, ~18x that after NFKC at the very worst) makes at
#   most ~42,000 distinct 12-byte tokens, about 0.5 MB.
# - A plpgsql function, not an inlined expression: its COST tells the planner that
#   building the keys of a row is expensive (~0.3 ms for 800 characters, against ~5 us
#   for the substring test), so it never evaluates them row by row in a sequential scan
#   (measured: 1.8-17 s instead of 0.1 s on 20,000 jobs) but reads the index.
# - Not a stored tsvector column: it would double the row size and change the model; the
#   expression is recomputed only when a row is written (and on lossy bitmap pages).
POSTGRESQL_UPGRADE = [
    """
    CREATE FUNCTION job_search_keys(tokens text) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000
    AS $$
    BEGIN
        RETURN array_to_tsvector(array_remove(string_to_array(tokens, ' '), ''));
    END
    $$
    """,
    "CREATE INDEX job_search_gin ON jobs USING gin (job_search_keys(search_tokens))",
]

POSTGRESQL_DOWNGRADE = [
    "DROP INDEX job_search_gin",
    "DROP FUNCTION job_search_keys(text)",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_UPGRADE)
    elif dialect == "postgresql":
        _run(POSTGRESQL_UPGRADE)


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_DOWNGRADE)
    elif dialect == "postgresql":
        _run(POSTGRESQL_DOWNGRADE)
