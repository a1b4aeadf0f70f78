"""The ranked ladder: each rated player's Glicko-2 rating, and their rating history.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

Two new tables (``schema.py`` says what each holds); nothing existing changes. Downgrade
drops them: a database taken back to 0006 forgets every rating.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ratings",
        sa.Column("user_id", sa.String, nullable=False),
        sa.Column("rating", sa.Double, nullable=False),
        sa.Column("rd", sa.Double, nullable=False),
        sa.Column("volatility", sa.Double, nullable=False),
        sa.Column("games", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.Double, nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_ratings"),
    )
    op.create_index("ix_ratings_rating", "ratings", ["rating"])
    op.create_table(
        "rating_history",
        sa.Column("user_id", sa.String, nullable=False),
        sa.Column("game_id", sa.String, nullable=False),
        sa.Column("opponent_id", sa.String, nullable=False),
        sa.Column("score", sa.Double, nullable=False),
        sa.Column("before", sa.Double, nullable=False),
        sa.Column("after", sa.Double, nullable=False),
        sa.Column("rd_after", sa.Double, nullable=False),
        sa.Column("at", sa.Double, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "game_id", name="pk_rating_history"),
    )


def downgrade() -> None:
    op.drop_table("rating_history")
    op.drop_index("ix_ratings_rating", table_name="ratings")
    op.drop_table("ratings")
