"""mail budgets

Revision ID: 5b0e3f1c9a27
Revises: 7a41c2e9d5b3
Create Date: 2026-11-28 23:00:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5b0e3f1c9a27"
down_revision: str | Sequence[str] | None = "7a41c2e9d5b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mail_budgets",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_mail_budgets")),
    )


def downgrade() -> None:
    op.drop_table("mail_budgets")
