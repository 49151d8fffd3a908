"""applications and referral offers

Revision ID: f91f7400eb6f
Revises: c8a15195b92c
Create Date: 2026-11-25 21:50:24.767962+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f91f7400eb6f"
down_revision: str | Sequence[str] | None = "c8a15195b92c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "self_online",
                "referral_online",
                "referral_counter",
                name="channel",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("motivation", sa.Text(), nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posting", sa.JSON(), nullable=False),
        sa.Column("referral_office_code", sa.String(length=5), nullable=True),
        sa.Column("referral_staff_id", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "result",
            sa.Enum(
                "hired",
                "rejected",
                "withdrawn_by_employer",
                name="selectionresult",
                native_enum=False,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("result_note", sa.String(length=500), nullable=True),
        sa.Column("result_registered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("idempotency_key", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_applications_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["referral_office_code"],
            ["offices.office_code"],
            name=op.f("fk_applications_referral_office_code_offices"),
        ),
        sa.ForeignKeyConstraint(
            ["referral_staff_id"],
            ["staff_members.account_id"],
            name=op.f("fk_applications_referral_staff_id_staff_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["seekers.account_id"],
            name=op.f("fk_applications_seeker_id_seekers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_applications_job_id_applied_at", ["job_id", "applied_at"], unique=False
        )
        batch_op.create_index(
            "ix_applications_seeker_id_applied_at", ["seeker_id", "applied_at"], unique=False
        )
        batch_op.create_index(
            "uq_applications_live_seeker_job",
            ["seeker_id", "job_id"],
            unique=True,
            postgresql_where=sa.text("cancelled_at IS NULL"),
            sqlite_where=sa.text("cancelled_at IS NULL"),
        )
        batch_op.create_index(
            "uq_applications_seeker_idempotency_key", ["seeker_id", "idempotency_key"], unique=True
        )

    op.create_table(
        "referral_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("office_code", sa.String(length=5), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("apply_by", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_referral_offers_application_id_applications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_referral_offers_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["office_code"],
            ["offices.office_code"],
            name=op.f("fk_referral_offers_office_code_offices"),
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["seekers.account_id"],
            name=op.f("fk_referral_offers_seeker_id_seekers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_members.account_id"],
            name=op.f("fk_referral_offers_staff_id_staff_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_offers")),
    )
    with op.batch_alter_table("referral_offers", schema=None) as batch_op:
        batch_op.create_index("ix_referral_offers_seeker_id_id", ["seeker_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("referral_offers", schema=None) as batch_op:
        batch_op.drop_index("ix_referral_offers_seeker_id_id")

    op.drop_table("referral_offers")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("uq_applications_seeker_idempotency_key")
        batch_op.drop_index(
            "uq_applications_live_seeker_job",
            postgresql_where=sa.text("cancelled_at IS NULL"),
            sqlite_where=sa.text("cancelled_at IS NULL"),
        )
        batch_op.drop_index("ix_applications_seeker_id_applied_at")
        batch_op.drop_index("ix_applications_job_id_applied_at")

    op.drop_table("applications")
