"""Message threads, messages, partners' daily sending count, partners' seeker refs

Revision ID: 0c8d6f67cc31
Revises: c7b7fb84b0b6
Create Date: 2026-11-25 23:23:52.800577+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0c8d6f67cc31"
down_revision: str | Sequence[str] | None = "c7b7fb84b0b6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partner_sending_days",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner_clients.id"],
            name=op.f("fk_partner_sending_days_partner_id_partner_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", "day", name=op.f("pk_partner_sending_days")),
    )
    op.create_table(
        "message_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "application",
                "request",
                "partner",
                "notice",
                name="threadkind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("employer_id", sa.Integer(), nullable=True),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("counterpart_name", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kind = 'application') = (application_id IS NOT NULL) AND (kind = 'request') = (request_id IS NOT NULL) AND (kind = 'partner') = (partner_id IS NOT NULL) AND (kind IN ('application', 'request')) = (employer_id IS NOT NULL)",
            name=op.f("ck_message_threads_thread_party"),
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_message_threads_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.account_id"],
            name=op.f("fk_message_threads_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner_clients.id"],
            name=op.f("fk_message_threads_partner_id_partner_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["direct_requests.id"],
            name=op.f("fk_message_threads_request_id_direct_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["seekers.account_id"],
            name=op.f("fk_message_threads_seeker_id_seekers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_threads")),
        sa.UniqueConstraint("application_id", name=op.f("uq_message_threads_application_id")),
        sa.UniqueConstraint("request_id", name=op.f("uq_message_threads_request_id")),
    )
    with op.batch_alter_table("message_threads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_message_threads_employer_id_active_at",
            ["employer_id", "active_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_message_threads_partner_id_active_at",
            ["partner_id", "active_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_message_threads_seeker_id_active_at",
            ["seeker_id", "active_at"],
            unique=False,
        )
        batch_op.create_index(
            "uq_message_threads_notice_seeker_id",
            ["seeker_id"],
            unique=True,
            postgresql_where=sa.text("kind = 'notice'"),
            sqlite_where=sa.text("kind = 'notice'"),
        )
        batch_op.create_index(
            "uq_message_threads_seeker_id_partner_id", ["seeker_id", "partner_id"], unique=True
        )

    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column(
            "sender",
            sa.Enum(
                "seeker",
                "employer",
                "partner",
                "hellowork",
                name="sender",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("sender_name", sa.String(length=200), nullable=True),
        sa.Column("subject", sa.String(length=100), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("favorite", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("counterpart_read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["seekers.account_id"],
            name=op.f("fk_messages_seeker_id_seekers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["message_threads.id"],
            name=op.f("fk_messages_thread_id_message_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index("ix_messages_expires_at", ["expires_at"], unique=False)
        batch_op.create_index("ix_messages_seeker_id_id", ["seeker_id", "id"], unique=False)
        batch_op.create_index("ix_messages_thread_id_id", ["thread_id", "id"], unique=False)
        batch_op.create_index(
            "ix_messages_unread",
            ["seeker_id", "expires_at"],
            unique=False,
            postgresql_where=sa.text("read_at IS NULL AND deleted_at IS NULL"),
            sqlite_where=sa.text("read_at IS NULL AND deleted_at IS NULL"),
        )

    with op.batch_alter_table("seeker_refs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("partner_id", sa.Integer(), nullable=True))
        batch_op.alter_column("employer_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_unique_constraint("uq_seeker_refs_partner_id", ["partner_id", "seeker_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_seeker_refs_partner_id_partner_clients"),
            "partner_clients",
            ["partner_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_check_constraint(
            op.f("ck_seeker_refs_one_viewer"), "(employer_id IS NULL) <> (partner_id IS NULL)"
        )


def downgrade() -> None:
    op.execute("DELETE FROM seeker_refs WHERE partner_id IS NOT NULL")
    with op.batch_alter_table("seeker_refs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_seeker_refs_one_viewer"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_seeker_refs_partner_id_partner_clients"), type_="foreignkey"
        )
        batch_op.drop_constraint("uq_seeker_refs_partner_id", type_="unique")
        batch_op.alter_column("employer_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("partner_id")

    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_messages_unread",
            postgresql_where=sa.text("read_at IS NULL AND deleted_at IS NULL"),
            sqlite_where=sa.text("read_at IS NULL AND deleted_at IS NULL"),
        )
        batch_op.drop_index("ix_messages_thread_id_id")
        batch_op.drop_index("ix_messages_seeker_id_id")
        batch_op.drop_index("ix_messages_expires_at")

    op.drop_table("messages")
    with op.batch_alter_table("message_threads", schema=None) as batch_op:
        batch_op.drop_index("uq_message_threads_seeker_id_partner_id")
        batch_op.drop_index(
            "uq_message_threads_notice_seeker_id",
            postgresql_where=sa.text("kind = 'notice'"),
            sqlite_where=sa.text("kind = 'notice'"),
        )
        batch_op.drop_index("ix_message_threads_seeker_id_active_at")
        batch_op.drop_index("ix_message_threads_partner_id_active_at")
        batch_op.drop_index("ix_message_threads_employer_id_active_at")

    op.drop_table("message_threads")
    op.drop_table("partner_sending_days")
