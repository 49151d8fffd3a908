"""direct requests and blocks

Revision ID: 1ca9a5a1ade5
Revises: 563ddb54e8f0
Create Date: 2026-11-25 22:08:39.919434+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1ca9a5a1ade5"
down_revision: str | Sequence[str] | None = "563ddb54e8f0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=True),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(employer_id IS NULL) <> (partner_id IS NULL)",
            name=op.f("ck_blocks_one_blocked_party"),
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.account_id"],
            name=op.f("fk_blocks_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner_clients.id"],
            name=op.f("fk_blocks_partner_id_partner_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["seekers.account_id"],
            name=op.f("fk_blocks_seeker_id_seekers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blocks")),
        sa.UniqueConstraint("seeker_id", "employer_id", name="uq_blocks_seeker_id_employer_id"),
        sa.UniqueConstraint("seeker_id", "partner_id", name="uq_blocks_seeker_id_partner_id"),
    )
    op.create_table(
        "seeker_refs",
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.account_id"],
            name=op.f("fk_seeker_refs_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["seekers.account_id"],
            name=op.f("fk_seeker_refs_seeker_id_seekers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("ref", name=op.f("pk_seeker_refs")),
        sa.UniqueConstraint("employer_id", "seeker_id", name=op.f("uq_seeker_refs_employer_id")),
    )
    op.create_table(
        "direct_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("declined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_direct_requests_application_id_applications"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.account_id"],
            name=op.f("fk_direct_requests_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_direct_requests_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["seekers.account_id"],
            name=op.f("fk_direct_requests_seeker_id_seekers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_direct_requests")),
        sa.UniqueConstraint("job_id", "seeker_id", name=op.f("uq_direct_requests_job_id")),
    )
    with op.batch_alter_table("direct_requests", schema=None) as batch_op:
        batch_op.create_index("ix_direct_requests_seeker_id_id", ["seeker_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("direct_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_direct_requests_seeker_id_id")

    op.drop_table("direct_requests")
    op.drop_table("seeker_refs")
    op.drop_table("blocks")
