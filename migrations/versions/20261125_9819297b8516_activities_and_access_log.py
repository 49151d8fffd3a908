"""activities and access log

Revision ID: 9819297b8516
Revises: c6e5a2a03fea
Create Date: 2026-11-25 21:09:35.689932+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9819297b8516"
down_revision: str | Sequence[str] | None = "c6e5a2a03fea"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("office_code", sa.String(length=5), nullable=False),
        sa.Column(
            "action",
            sa.Enum("read", "change", name="accessaction", native_enum=False, length=8),
            nullable=False,
        ),
        sa.Column("what", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_code"], ["offices.office_code"], name=op.f("fk_access_log_office_code_offices")
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["seekers.account_id"],
            name=op.f("fk_access_log_seeker_id_seekers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_members.account_id"],
            name=op.f("fk_access_log_staff_id_staff_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.create_index("ix_access_log_seeker_id_id", ["seeker_id", "id"], unique=False)

    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "counselling",
                "referral",
                "employment",
                name="activitykind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("office_code", sa.String(length=5), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_code"], ["offices.office_code"], name=op.f("fk_activities_office_code_offices")
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["seekers.account_id"],
            name=op.f("fk_activities_seeker_id_seekers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_members.account_id"],
            name=op.f("fk_activities_staff_id_staff_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(
            "ix_activities_seeker_id_occurred_on", ["seeker_id", "occurred_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index("ix_activities_seeker_id_occurred_on")

    op.drop_table("activities")
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_index("ix_access_log_seeker_id_id")

    op.drop_table("access_log")
