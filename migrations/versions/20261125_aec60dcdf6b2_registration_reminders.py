"""registration reminders

Revision ID: aec60dcdf6b2
Revises: 9819297b8516
Create Date: 2026-11-25 21:13:20.858094+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "aec60dcdf6b2"
down_revision: str | Sequence[str] | None = "9819297b8516"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_sent_for", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("lapse_notice_sent_for", sa.Date(), nullable=True))
        batch_op.create_index(
            "ix_registrations_valid_until_seeker_id", ["valid_until", "seeker_id"], unique=False
        )
        # The composite index serves every query on valid_until the single one did.
        batch_op.drop_index("ix_registrations_valid_until")


def downgrade() -> None:
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.create_index("ix_registrations_valid_until", ["valid_until"], unique=False)
        batch_op.drop_index("ix_registrations_valid_until_seeker_id")
        batch_op.drop_column("lapse_notice_sent_for")
        batch_op.drop_column("reminder_sent_for")
