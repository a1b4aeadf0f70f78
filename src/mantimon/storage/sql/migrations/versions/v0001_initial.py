"""Initial schema: users, decks, games, the action log, the event log, idempotency results.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

Spelled out here (not ``metadata.create_all``) so the revision stays what it was when
later revisions change ``schema.py``; a test checks migrated databases against it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.String, nullable=False),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("username", sa.String, nullable=True),
        sa.Column("password_hash", sa.String, nullable=True),
        sa.Column("created_at", sa.Double, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "decks",
        sa.Column("id", sa.String, nullable=False),
        sa.Column("owner_id", sa.String, nullable=False),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("preset", sa.String, nullable=False),
        sa.Column("cards", sa.JSON, nullable=False),
        sa.Column("energy", sa.JSON, nullable=False),
        sa.Column("created_at", sa.Double, nullable=False),
        sa.Column("updated_at", sa.Double, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_decks"),
    )
    op.create_index("ix_decks_owner_id_created_at", "decks", ["owner_id", "created_at"])
    op.create_table(
        "games",
        sa.Column("id", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("preset", sa.String, nullable=False),
        sa.Column("rules", sa.JSON, nullable=False),
        sa.Column("seed", sa.String, nullable=False),
        sa.Column("seats", sa.JSON, nullable=False),
        sa.Column("seat0_user_id", sa.String, nullable=True),
        sa.Column("seat1_user_id", sa.String, nullable=True),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("timers", sa.JSON, nullable=False),
        sa.Column("winner_id", sa.String, nullable=True),
        sa.Column("end_reason", sa.String, nullable=True),
        sa.Column("last_seq", sa.Integer, nullable=False),
        sa.Column("last_event_id", sa.Integer, nullable=False),
        sa.Column("snapshot", sa.Text, nullable=True),
        sa.Column("snapshot_seq", sa.Integer, nullable=False),
        sa.Column("created_at", sa.Double, nullable=False),
        sa.Column("updated_at", sa.Double, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_games"),
        sa.CheckConstraint(
            "status IN ('waiting', 'active', 'finished')", name=op.f("ck_games_status")
        ),
    )
    op.create_index("ix_games_status_created_at", "games", ["status", "created_at"])
    op.create_index("ix_games_seat0_user_id_created_at", "games", ["seat0_user_id", "created_at"])
    op.create_index("ix_games_seat1_user_id_created_at", "games", ["seat1_user_id", "created_at"])
    op.create_table(
        "game_actions",
        sa.Column("game_id", sa.String, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("player_id", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("chosen_by", sa.String, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("at", sa.Double, nullable=False),
        sa.PrimaryKeyConstraint("game_id", "seq", name="pk_game_actions"),
        sa.ForeignKeyConstraint(
            ["game_id"], ["games.id"], name="fk_game_actions_game_id_games", ondelete="CASCADE"
        ),
    )
    op.create_table(
        "game_events",
        sa.Column("game_id", sa.String, nullable=False),
        sa.Column("viewer", sa.String, nullable=False),
        sa.Column("event_id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("message", sa.Text, nullable=True),
        sa.Column("message_z", sa.LargeBinary, nullable=True),
        sa.PrimaryKeyConstraint("game_id", "viewer", "event_id", name="pk_game_events"),
        sa.ForeignKeyConstraint(
            ["game_id"], ["games.id"], name="fk_game_events_game_id_games", ondelete="CASCADE"
        ),
        sa.CheckConstraint(
            "(message IS NULL) <> (message_z IS NULL)", name=op.f("ck_game_events_one_body")
        ),
    )
    op.create_table(
        "idempotency",
        sa.Column("game_id", sa.String, nullable=False),
        sa.Column("user_id", sa.String, nullable=False),
        sa.Column("message_id", sa.String, nullable=False),
        sa.Column("response", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("game_id", "user_id", "message_id", name="pk_idempotency"),
        sa.ForeignKeyConstraint(
            ["game_id"], ["games.id"], name="fk_idempotency_game_id_games", ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    for table in ("idempotency", "game_events", "game_actions", "games", "decks", "users"):
        op.drop_table(table)
