"""jobs

Revision ID: 0838da5ac57f
Revises: aec60dcdf6b2
Create Date: 2026-11-25 21:30:05.945429+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0838da5ac57f"
down_revision: str | Sequence[str] | None = "aec60dcdf6b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_number", sa.String(length=14), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("occupation_code", sa.String(length=16), nullable=False),
        sa.Column("occupation_name", sa.String(length=50), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "employment_type",
            sa.Enum(
                "regular",
                "non_regular",
                "part_time",
                "dispatch",
                "contract_work",
                name="employmenttype",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "working_style",
            sa.Enum("full_time", "part_time", name="workingstyle", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column(
            "wage_unit",
            sa.Enum("monthly", "daily", "hourly", name="wageunit", native_enum=False, length=8),
            nullable=False,
        ),
        sa.Column("wage_min", sa.Integer(), nullable=False),
        sa.Column("wage_max", sa.Integer(), nullable=False),
        sa.Column("working_hours", sa.String(length=200), nullable=False),
        sa.Column("prefecture_code", sa.String(length=2), nullable=False),
        sa.Column("municipality_code", sa.String(length=5), nullable=False),
        sa.Column("accepts_online_applications", sa.Boolean(), nullable=False),
        sa.Column("publishes_employer_name", sa.Boolean(), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=False),
        sa.Column("referral_deadline", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("extended", sa.Boolean(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("search_tokens", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.account_id"],
            name=op.f("fk_jobs_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("job_number", name=op.f("uq_jobs_job_number")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_employer_id"), ["employer_id"], unique=False)
        batch_op.create_index(
            "ix_jobs_municipality_code_valid_until",
            ["municipality_code", "valid_until"],
            unique=False,
        )
        batch_op.create_index(
            "ix_jobs_prefecture_code_valid_until", ["prefecture_code", "valid_until"], unique=False
        )
        batch_op.create_index(
            "ix_jobs_valid_until_accepted_on", ["valid_until", "accepted_on", "id"], unique=False
        )
        batch_op.create_index(
            "ix_jobs_valid_until_referral_deadline",
            ["valid_until", "referral_deadline", "id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_valid_until_referral_deadline")
        batch_op.drop_index("ix_jobs_valid_until_accepted_on")
        batch_op.drop_index("ix_jobs_prefecture_code_valid_until")
        batch_op.drop_index("ix_jobs_municipality_code_valid_until")
        batch_op.drop_index(batch_op.f("ix_jobs_employer_id"))

    op.drop_table("jobs")
