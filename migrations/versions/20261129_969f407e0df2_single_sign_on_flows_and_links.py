"""single sign-on flows and links

Revision ID: 969f407e0df2
Revises: 5b0e3f1c9a27
Create Date: 2026-11-29 02:28:25.878967+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "969f407e0df2"
down_revision: str | Sequence[str] | None = "5b0e3f1c9a27"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sso_flows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=50), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum("sign_in", "link", name="ssopurpose", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("seeker_id", sa.Integer(), nullable=True),
        sa.Column("code_verifier", sa.String(length=128), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["seekers.account_id"],
            name=op.f("fk_sso_flows_seeker_id_seekers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_flows")),
        sa.UniqueConstraint("state_hash", name=op.f("uq_sso_flows_state_hash")),
    )
    with op.batch_alter_table("sso_flows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sso_flows_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_sso_flows_seeker_id"), ["seeker_id"], unique=False)

    op.create_table(
        "sso_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=50), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["seekers.account_id"],
            name=op.f("fk_sso_links_seeker_id_seekers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_links")),
        sa.UniqueConstraint("provider", "subject", name="uq_sso_links_provider_subject"),
        sa.UniqueConstraint("seeker_id", "provider", name="uq_sso_links_seeker_id_provider"),
    )
    with op.batch_alter_table("sso_links", schema=None) as batch_op:
        batch_op.create_index("ix_sso_links_seeker_id_id", ["seeker_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sso_links", schema=None) as batch_op:
        batch_op.drop_index("ix_sso_links_seeker_id_id")

    op.drop_table("sso_links")
    with op.batch_alter_table("sso_flows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sso_flows_seeker_id"))
        batch_op.drop_index(batch_op.f("ix_sso_flows_expires_at"))

    op.drop_table("sso_flows")
