"""Refresh token families: one row per sign-in, holding its current refresh generation.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06

Spelled out here (not from ``schema.py``) so the revision stays what it was when later
revisions change the schema.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "refresh_families",
        sa.Column("id", sa.String, nullable=False),
        sa.Column("user_id", sa.String, nullable=False),
        sa.Column("generation", sa.Integer, nullable=False),
        sa.Column("created_at", sa.Double, nullable=False),
        sa.Column("expires_at", sa.Double, nullable=False),
        sa.Column("revoked_at", sa.Double, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_refresh_families"),
    )
    op.create_index("ix_refresh_families_expires_at", "refresh_families", ["expires_at"])


def downgrade() -> None:
    op.drop_table("refresh_families")
