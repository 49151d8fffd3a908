"""job search generation

The search generation and the log of changed jobs, kept by triggers in the transaction
of every change a search page could show (``jobs.cache``):

- ``job_search_generation``: one row. ``generation`` moves with every statement that
  inserts, updates or deletes jobs (rows or not: a statement that changes none leaves it
  alone on PostgreSQL), truncates them, or renames an employer. ``pruned_through``: the
  changes up to it are not in the log (pruned, or too many or too broad to log: a
  statement changing more than 1,000 jobs, a TRUNCATE, a rename), so a page read before
  it must be read again.
- ``job_search_changes``: the ids of the jobs each generation changed.

PostgreSQL: statement-level triggers with transition tables (a COPY of a million jobs
moves the generation once and logs nothing). The generation row stays locked from the
writing statement to its commit, so generations follow the order of commits. SQLite:
row-level triggers (it has no others; one writer at a time anyway).

Names start with ``job_search`` like the other hand-made parts of the search:
autogenerate and the migration tests leave them alone (``search.sql.is_search_index``).

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

CREATE_TABLES = [
    """
    CREATE TABLE job_search_generation (
        id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        generation BIGINT NOT NULL,
        pruned_through BIGINT NOT NULL
    )
    """,
    "INSERT INTO job_search_generation (id, generation, pruned_through) VALUES (1, 0, 0)",
    "CREATE TABLE job_search_changes (generation BIGINT NOT NULL, job_id INTEGER NOT NULL)",
    "CREATE INDEX job_search_changes_generation ON job_search_changes (generation)",
]
DROP_TABLES = ["DROP TABLE job_search_changes", "DROP TABLE job_search_generation"]
BUMP = "UPDATE job_search_generation SET generation = generation + 1"
BUMP_UNLOGGED = f"{BUMP}, pruned_through = generation + 1"
LOGGED_AT_MOST = 1000

# The f-strings below put constants of this module into SQL, never input.
POSTGRESQL_UPGRADE = [
    *CREATE_TABLES,
    f"""
    CREATE FUNCTION job_search_jobs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        changed_generation bigint;
    BEGIN
        IF NOT EXISTS (SELECT FROM changed_jobs) THEN
            RETURN NULL;
        END IF;
        IF (SELECT count(*) FROM (SELECT FROM changed_jobs LIMIT {LOGGED_AT_MOST + 1}) AS first)
            > {LOGGED_AT_MOST} THEN
            {BUMP_UNLOGGED};
        ELSE
            {BUMP} RETURNING generation INTO changed_generation;
            INSERT INTO job_search_changes (generation, job_id)
            SELECT changed_generation, id FROM changed_jobs;
        END IF;
        RETURN NULL;
    END
    $$
    """,  # noqa: S608
    f"""
    CREATE FUNCTION job_search_all_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {BUMP_UNLOGGED};
        RETURN NULL;
    END
    $$
    """,
    *(
        f"""
        CREATE TRIGGER job_search_generation_{event.lower()} AFTER {event} ON jobs
        REFERENCING {table} TABLE AS changed_jobs
        FOR EACH STATEMENT EXECUTE FUNCTION job_search_jobs_changed()
        """
        for event, table in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
    ),
    """
    CREATE TRIGGER job_search_generation_truncate AFTER TRUNCATE ON jobs
    FOR EACH STATEMENT EXECUTE FUNCTION job_search_all_changed()
    """,
    """
    CREATE TRIGGER job_search_generation_employers AFTER UPDATE OF name ON employers
    FOR EACH STATEMENT EXECUTE FUNCTION job_search_all_changed()
    """,
]
POSTGRESQL_DOWNGRADE = [
    "DROP TRIGGER job_search_generation_employers ON employers",
    *(
        f"DROP TRIGGER job_search_generation_{event} ON jobs"
        for event in ("truncate", "delete", "update", "insert")
    ),
    "DROP FUNCTION job_search_all_changed()",
    "DROP FUNCTION job_search_jobs_changed()",
    *DROP_TABLES,
]


def _logged(row: str) -> str:
    return (
        f"{BUMP}; INSERT INTO job_search_changes (generation, job_id) "  # noqa: S608
        f"SELECT generation, {row}.id FROM job_search_generation;"
    )


SQLITE_TRIGGERS = {
    "job_search_generation_jobs_insert": ("AFTER INSERT ON jobs", _logged("new")),
    "job_search_generation_jobs_update": ("AFTER UPDATE ON jobs", _logged("new")),
    "job_search_generation_jobs_delete": ("AFTER DELETE ON jobs", _logged("old")),
    "job_search_generation_employers": (
        "AFTER UPDATE OF name ON employers WHEN old.name IS NOT new.name",
        f"{BUMP_UNLOGGED};",
    ),
}
SQLITE_UPGRADE = [
    *CREATE_TABLES,
    *(
        f"CREATE TRIGGER {name} {when} BEGIN {body} END"
        for name, (when, body) in SQLITE_TRIGGERS.items()
    ),
]
SQLITE_DOWNGRADE = [
    *(f"DROP TRIGGER {name}" for name in reversed(SQLITE_TRIGGERS)),
    *DROP_TABLES,
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
