"""Events are derived, not stored: a step's durable write becomes its actions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

Until this revision every step stored each viewer's messages (``game_events``, ~7 KB per
step). From it on, missed events are rebuilt by replaying the engine (docs/adr/0008), which
needs three things the old layout did not keep:

* ``games.started_at``: when the game was dealt, the timestamp of its first event. Filled
  here from the stored event 1 of each dealt game (its ``timestamp``), so the first event
  of an old game is derived with the time it was sent.
* ``game_actions.event_id``: the first event id of the step that logged the entry (a
  timeout logs several entries in one step). Left NULL for the old entries: their steps
  are inferred when events are derived, and checked against the game's last event id.
* ``game_snapshots``: the state after every ``SNAPSHOT_EVERY`` actions with the event id it
  stood at, compressed, in a table of its own so the game row a step rewrites stays small.
  The old ``games.snapshot`` column (a cache without an event id) is dropped.

``game_events`` is dropped after the backfill: everything in it can be derived again.
``idempotency`` gains ``response_z`` (new responses are stored compressed, a third of their
size) and its ``response`` becomes optional; the rows already stored keep their text.

Downgrade restores the old columns and an empty ``game_events``; the earlier release then
answers a reconnect into a game with a fresh state instead of replaying (its documented
behaviour for a gap in the log), and rebuilds games from their action logs.

Spelled out here (not from ``schema.py``) so the revision stays what it was.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 500

_events = sa.table(
    "game_events",
    sa.column("game_id", sa.String),
    sa.column("viewer", sa.String),
    sa.column("event_id", sa.Integer),
    sa.column("message", sa.Text),
    sa.column("message_z", sa.LargeBinary),
)
_games = sa.table("games", sa.column("id", sa.String), sa.column("started_at", sa.Double))


def _first_event_time(message: str | None, message_z: bytes | None) -> float | None:
    """The ``timestamp`` of a stored message as seconds since the epoch (None if unreadable)."""
    try:
        if message is None:
            from mantimon.storage.sql import codec  # the bodies' format, not the schema

            assert message_z is not None
            message = codec.decompress(message_z).decode()
        stamp = orjson.loads(message)["timestamp"]
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    except (ValueError, KeyError, TypeError, AssertionError, orjson.JSONDecodeError):
        return None


def upgrade() -> None:
    op.add_column("games", sa.Column("started_at", sa.Double, nullable=True))
    op.add_column("game_actions", sa.Column("event_id", sa.Integer, nullable=True))
    op.create_table(
        "game_snapshots",
        sa.Column("game_id", sa.String, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("event_id", sa.Integer, nullable=False),
        sa.Column("state_z", sa.LargeBinary, nullable=False),
        sa.ForeignKeyConstraint(
            ["game_id"],
            ["games.id"],
            name="fk_game_snapshots_game_id_games",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("game_id", "seq", name="pk_game_snapshots"),
    )
    bind = op.get_bind()
    firsts = bind.execute(
        sa.select(_events.c.game_id, _events.c.message, _events.c.message_z).where(
            _events.c.event_id == 1, _events.c.viewer == "seat0"
        )
    )
    updates: list[dict[str, Any]] = []
    for game_id, message, message_z in firsts:
        when = _first_event_time(message, message_z)
        if when is not None:
            updates.append({"gid": game_id, "when": when})
    stmt = _games.update().where(_games.c.id == sa.bindparam("gid"))
    stmt = stmt.values(started_at=sa.bindparam("when"))
    for i in range(0, len(updates), BATCH):
        bind.execute(stmt, updates[i : i + BATCH])
    # Plain ALTER TABLE (SQLite >= 3.35 has DROP COLUMN): Alembic's batch mode would copy
    # ``games`` into a new table and drop the old one, and with foreign keys on, dropping
    # it deletes every row that references it (the action log, the idempotency results).
    op.execute("ALTER TABLE games DROP COLUMN snapshot")
    op.execute("ALTER TABLE games DROP COLUMN snapshot_seq")
    op.drop_table("game_events")
    # ``idempotency`` is referenced by nothing, so batch mode may copy it on SQLite.
    with op.batch_alter_table("idempotency") as batch:
        batch.add_column(sa.Column("response_z", sa.LargeBinary, nullable=True))
        batch.alter_column("response", existing_type=sa.Text, nullable=True)
        batch.create_check_constraint(
            "one_body", sa.text("(response IS NULL) <> (response_z IS NULL)")
        )


def downgrade() -> None:
    from mantimon.storage.sql import codec

    bind = op.get_bind()
    compressed = bind.execute(
        sa.text("SELECT game_id, user_id, message_id, response_z FROM idempotency"
                " WHERE response_z IS NOT NULL")
    ).all()  # fmt: skip
    for game_id, user_id, message_id, body in compressed:  # text again, as 0003 keeps it
        bind.execute(
            sa.text("UPDATE idempotency SET response = :r, response_z = NULL WHERE game_id = :g"
                    " AND user_id = :u AND message_id = :m"),
            {"r": codec.decompress(body).decode(), "g": game_id, "u": user_id, "m": message_id},
        )  # fmt: skip
    with op.batch_alter_table("idempotency") as batch:
        batch.drop_constraint("one_body", type_="check")
        batch.drop_column("response_z")
        batch.alter_column("response", existing_type=sa.Text, nullable=False)
    op.create_table(
        "game_events",
        sa.Column("game_id", sa.String, nullable=False),
        sa.Column("viewer", sa.String, nullable=False),
        sa.Column("event_id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("message", sa.Text, nullable=True),
        sa.Column("message_z", sa.LargeBinary, nullable=True),
        sa.CheckConstraint(
            "(message IS NULL) <> (message_z IS NULL)", name=op.f("ck_game_events_one_body")
        ),
        sa.ForeignKeyConstraint(
            ["game_id"], ["games.id"], name="fk_game_events_game_id_games", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("game_id", "viewer", "event_id", name="pk_game_events"),
    )
    op.drop_table("game_snapshots")
    # In place, not in batch mode (see ``upgrade``): copying ``games`` would delete the rows
    # that reference it.
    op.execute("ALTER TABLE games ADD COLUMN snapshot TEXT")
    op.execute("ALTER TABLE games ADD COLUMN snapshot_seq INTEGER NOT NULL DEFAULT 0")
    op.execute("ALTER TABLE games DROP COLUMN started_at")
    op.execute("ALTER TABLE game_actions DROP COLUMN event_id")
