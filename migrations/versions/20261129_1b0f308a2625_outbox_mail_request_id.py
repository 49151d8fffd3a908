"""outbox mail request id

Revision ID: 1b0f308a2625
Revises: 3f6c2d8e1b54
Create Date: 2026-11-29 09:00:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1b0f308a2625"
down_revision: str | Sequence[str] | None = "3f6c2d8e1b54"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The request that queued the mail (request_ids): the worker logs its sending under it.
    with op.batch_alter_table("outbox_mails") as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_mails") as batch_op:
        batch_op.drop_column("request_id")
