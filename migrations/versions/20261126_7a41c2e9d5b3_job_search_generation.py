"""job search generation

One row, ``job_search_generation.generation``, that changes in the same transaction as
every change a search page could show: any INSERT, UPDATE, DELETE (or TRUNCATE) of jobs,
and a change of an employer's name. Search pages are kept in memory under the generation
they were read at (``jobs.cache``); a page read at an older generation is never served
again, so a kept page is always the page a fresh search would give.

- PostgreSQL: one statement-level trigger per table (a COPY of a million jobs bumps it
  once). The row stays locked from the writing statement to its commit, so transactions
  that write jobs commit one after another from that point; each holds it briefly.
- SQLite: row-level triggers (SQLite has no others); it has one writer at a time anyway.
- The name starts with ``job_search`` like the other hand-made parts of the search:
  autogenerate and the migration tests leave it alone (``search.sql.is_search_index``).

Revision ID: 7a41c2e9d5b3
Revises: 5e3a9d1f0b72
Create Date: 2026-11-26 02:45:00.000000+00:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "7a41c2e9d5b3"
down_revision: str | Sequence[str] | None = "5e3a9d1f0b72"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CREATE_TABLE = [
    """
    CREATE TABLE job_search_generation (
        id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        generation BIGINT NOT NULL
    )
    """,
    "INSERT INTO job_search_generation (id, generation) VALUES (1, 0)",
]
BUMP = "UPDATE job_search_generation SET generation = generation + 1"

POSTGRESQL_UPGRADE = [
    *CREATE_TABLE,
    f"""
    CREATE FUNCTION job_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {BUMP};
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER job_search_generation_jobs
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON jobs
    FOR EACH STATEMENT EXECUTE FUNCTION job_search_changed()
    """,
    """
    CREATE TRIGGER job_search_generation_employers AFTER UPDATE OF name ON employers
    FOR EACH STATEMENT EXECUTE FUNCTION job_search_changed()
    """,
]
POSTGRESQL_DOWNGRADE = [
    "DROP TRIGGER job_search_generation_employers ON employers",
    "DROP TRIGGER job_search_generation_jobs ON jobs",
    "DROP FUNCTION job_search_changed()",
    "DROP TABLE job_search_generation",
]

SQLITE_TRIGGERS = {
    "job_search_generation_jobs_insert": "AFTER INSERT ON jobs",
    "job_search_generation_jobs_update": "AFTER UPDATE ON jobs",
    "job_search_generation_jobs_delete": "AFTER DELETE ON jobs",
    "job_search_generation_employers": (
        "AFTER UPDATE OF name ON employers WHEN old.name IS NOT new.name"
    ),
}
SQLITE_UPGRADE = [
    *CREATE_TABLE,
    *(f"CREATE TRIGGER {name} {when} BEGIN {BUMP}; END" for name, when in SQLITE_TRIGGERS.items()),
]
SQLITE_DOWNGRADE = [
    *(f"DROP TRIGGER {name}" for name in reversed(SQLITE_TRIGGERS)),
    "DROP TABLE job_search_generation",
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
