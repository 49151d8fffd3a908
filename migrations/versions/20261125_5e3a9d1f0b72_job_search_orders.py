"""job search orders

B-tree indexes in the orders a search page is read in (newest acceptance first, soonest
referral deadline first), alone and after the prefecture, for jobs that are not closed.
With them a page stops after its own rows instead of sorting every match, and the capped
count of a prefecture reads the index alone (docs/decisions.md, "Search").

- Partial (``WHERE closed_on IS NULL``): every search asks for open jobs, and closed ones
  never come back. Both databases take partial indexes.
- PostgreSQL also keeps ``valid_until`` in them (INCLUDE), so validity is checked in the
  index: an index-only scan counts a prefecture's jobs without reading the table.
- Names start with ``job_search`` like the free-word index: autogenerate and the migration
  tests leave them alone (``search.sql.is_search_index``); the model does not declare them.

Revision ID: 5e3a9d1f0b72
Revises: 0c8d6f67cc31
Create Date: 2026-11-25 23:55:00.000000+00:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "5e3a9d1f0b72"
down_revision: str | Sequence[str] | None = "0c8d6f67cc31"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "job_search_accepted": ["accepted_on", "id"],
    "job_search_deadline": ["referral_deadline", "id"],
    "job_search_prefecture_accepted": ["prefecture_code", "accepted_on", "id"],
    "job_search_prefecture_deadline": ["prefecture_code", "referral_deadline", "id"],
}


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    for name, columns in INDEXES.items():
        include = " INCLUDE (valid_until)" if dialect == "postgresql" else ""
        op.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON jobs ({', '.join(columns)}){include} "
            "WHERE closed_on IS NULL"
        )


def downgrade() -> None:
    for name in reversed(INDEXES):
        op.execute(f"DROP INDEX IF EXISTS {name}")
