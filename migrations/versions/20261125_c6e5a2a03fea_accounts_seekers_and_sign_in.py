"""accounts seekers and sign-in

Revision ID: c6e5a2a03fea
Revises: d4dc608d4e5c
Create Date: 2026-11-25 20:37:12.564372+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c6e5a2a03fea"
down_revision: str | Sequence[str] | None = "d4dc608d4e5c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "seeker", "employer", "staff", "partner", name="role", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending_activation",
                "active",
                "restricted",
                "withdrawn",
                name="accountstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("restriction_reason", sa.String(length=200), nullable=True),
        sa.Column("token_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("email", name=op.f("uq_accounts_email")),
    )
    op.create_table(
        "login_throttles",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttles")),
    )
    op.create_table(
        "partner_clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_clients")),
        sa.UniqueConstraint("client_id", name=op.f("uq_partner_clients_client_id")),
    )
    op.create_table(
        "signups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("draft", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signups")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_signups_token_hash")),
    )
    with op.batch_alter_table("signups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signups_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "account_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "activation", "password_reset", name="tokenpurpose", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_account_tokens_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_tokens_token_hash")),
    )
    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_tokens_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "employers",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("has_mypage", sa.Boolean(), nullable=False),
        sa.Column("office_code", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_employers_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["office_code"], ["offices.office_code"], name=op.f("fk_employers_office_code_offices")
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_employers")),
    )
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employers_office_code"), ["office_code"], unique=False)

    op.create_table(
        "number_sequences",
        sa.Column("office_code", sa.String(length=5), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("seeker", "job", name="numberkind", native_enum=False, length=8),
            nullable=False,
        ),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_code"],
            ["offices.office_code"],
            name=op.f("fk_number_sequences_office_code_offices"),
        ),
        sa.PrimaryKeyConstraint("office_code", "kind", name=op.f("pk_number_sequences")),
    )
    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_refresh_tokens_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refresh_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_refresh_tokens_token_hash")),
    )
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_refresh_tokens_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_refresh_tokens_family"), ["family"], unique=False)

    op.create_table(
        "seekers",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("seeker_number", sa.String(length=14), nullable=False),
        sa.Column(
            "registrant_type",
            sa.Enum(
                "hellowork_user", "online_only", name="registranttype", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("office_code", sa.String(length=5), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("terms_version", sa.String(length=32), nullable=True),
        sa.Column("privacy_version", sa.String(length=32), nullable=True),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_seekers_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["office_code"], ["offices.office_code"], name=op.f("fk_seekers_office_code_offices")
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_seekers")),
        sa.UniqueConstraint("seeker_number", name=op.f("uq_seekers_seeker_number")),
    )
    with op.batch_alter_table("seekers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seekers_office_code"), ["office_code"], unique=False)

    op.create_table(
        "staff_members",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("office_code", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_staff_members_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["office_code"],
            ["offices.office_code"],
            name=op.f("fk_staff_members_office_code_offices"),
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_staff_members")),
    )
    with op.batch_alter_table("staff_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_members_office_code"), ["office_code"], unique=False
        )

    op.create_table(
        "registrations",
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column(
            "ended_by",
            sa.Enum(
                "self", "employed", "expired", name="inactivereason", native_enum=False, length=16
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["seekers.account_id"],
            name=op.f("fk_registrations_seeker_id_seekers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("seeker_id", name=op.f("pk_registrations")),
    )
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registrations_valid_until"), ["valid_until"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registrations_valid_until"))

    op.drop_table("registrations")
    with op.batch_alter_table("staff_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_members_office_code"))

    op.drop_table("staff_members")
    with op.batch_alter_table("seekers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seekers_office_code"))

    op.drop_table("seekers")
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_family"))
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_account_id"))

    op.drop_table("refresh_tokens")
    op.drop_table("number_sequences")
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employers_office_code"))

    op.drop_table("employers")
    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_tokens_account_id"))

    op.drop_table("account_tokens")
    with op.batch_alter_table("signups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signups_expires_at"))

    op.drop_table("signups")
    op.drop_table("partner_clients")
    op.drop_table("login_throttles")
    op.drop_table("accounts")
