"""The campaign: each player's progress, granted results, collection and pack openings.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

Four new tables (``schema.py`` says what each holds); nothing existing changes. Downgrade
drops them: a database taken back to 0005 forgets every campaign.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("user_id", sa.String, primary_key=True),
        sa.Column("progress", sa.JSON, nullable=False),
        sa.Column("seed", sa.String, nullable=False),
        sa.Column("packs", sa.Integer, nullable=False),
        sa.Column("opened", sa.Integer, nullable=False),
        sa.Column("started_at", sa.Double, nullable=False),
        sa.Column("updated_at", sa.Double, nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_campaigns"),
    )
    op.create_table(
        "campaign_results",
        sa.Column("user_id", sa.String, nullable=False),
        sa.Column("game_id", sa.String, nullable=False),
        sa.Column("duelist_id", sa.String, nullable=False),
        sa.Column("outcome", sa.String, nullable=False),
        sa.Column("deck_id", sa.String, nullable=False),
        sa.Column("packs", sa.Integer, nullable=False),
        sa.Column("medal", sa.String, nullable=True),
        sa.Column("promo", sa.String, nullable=True),
        sa.Column("crowned", sa.Boolean, nullable=False),
        sa.Column("at", sa.Double, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "game_id", name="pk_campaign_results"),
    )
    op.create_table(
        "collections",
        sa.Column("user_id", sa.String, nullable=False),
        sa.Column("card_id", sa.String, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "card_id", name="pk_collections"),
    )
    op.create_table(
        "pack_openings",
        sa.Column("user_id", sa.String, nullable=False),
        sa.Column("number", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("seed", sa.String, nullable=False),
        sa.Column("cards", sa.JSON, nullable=False),
        sa.Column("at", sa.Double, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "number", name="pk_pack_openings"),
    )


def downgrade() -> None:
    for table in ("pack_openings", "collections", "campaign_results", "campaigns"):
        op.drop_table(table)
