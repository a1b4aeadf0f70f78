"""The SQL schema as SQLAlchemy Core ``Table`` objects (the shape the adapter reads and writes).

What lives here: one ``MetaData`` with every table, column, key and index of the storage
(DESIGN.md §5), portable between SQLite and PostgreSQL (JSON columns are ``sa.JSON``: TEXT
on SQLite, ``json`` on PostgreSQL). What must not: queries, or anything the migrations
depend on: a migration spells its tables out itself, and a test compares the migrated
database with this module, so the two cannot drift apart silently.

Layout decisions:

* ``games.seats`` is JSON (the seat records in order); ``seat0_user_id``/``seat1_user_id``
  repeat the two user ids as indexed columns so ``games_of`` is an index lookup.
* ``games.seed`` is decimal text: seeds are arbitrary Python ints (often 64-bit unsigned),
  wider than PostgreSQL's ``bigint``.
* ``refresh_families`` has one row per sign-in (not per refresh token): the current
  generation is all that is needed to tell a reused token; rows are deleted once expired
  (indexed by ``expires_at``).
* No event is stored (docs/adr/0008): ``game_actions.event_id`` says which step logged an
  entry, and ``game_snapshots`` holds the state every few actions, compressed
  (``codec.py``), keyed (game, seq) so "the latest snapshot at or before event N" is one
  backward index scan. They live apart from ``games`` so the game row a step updates
  stays small (SQLite rewrites a whole row when one column changes).
* The answer to a client's action (its ``action_result``, for idempotency) is stored in
  the action's own row (``game_actions.message_id``/``result_z``, since revision 0005): a
  step on SQLite then writes one row and one index entry fewer, which measured as a third
  less written to the disk per action (docs/adr/0010, addendum 3). No index covers it: a
  repeated message id is answered by the session from memory, and the store is asked only
  for ids the process has forgotten (a scan of one game's log). ``idempotency`` keeps the
  answers stored before 0005 (compressed in ``response_z``, or as text in ``response``
  before 0004; exactly one is set) and any answer committed without its action.
"""

from __future__ import annotations

import sqlalchemy as sa

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("username", sa.String, nullable=True),
    sa.Column("password_hash", sa.String, nullable=True),
    sa.Column("created_at", sa.Double, nullable=False),
    sa.UniqueConstraint("username"),
)

refresh_families = sa.Table(
    "refresh_families",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("user_id", sa.String, nullable=False),
    sa.Column("generation", sa.Integer, nullable=False),
    sa.Column("created_at", sa.Double, nullable=False),
    sa.Column("expires_at", sa.Double, nullable=False),
    sa.Column("revoked_at", sa.Double, nullable=True),
    sa.Index(None, "expires_at"),
)

decks = sa.Table(
    "decks",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("owner_id", sa.String, nullable=False),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("preset", sa.String, nullable=False),
    sa.Column("cards", sa.JSON, nullable=False),
    sa.Column("energy", sa.JSON, nullable=False),
    sa.Column("created_at", sa.Double, nullable=False),
    sa.Column("updated_at", sa.Double, nullable=False),
    sa.Index(None, "owner_id", "created_at"),
)

games = sa.Table(
    "games",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
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
    sa.Column("started_at", sa.Double, nullable=True),
    sa.Column("created_at", sa.Double, nullable=False),
    sa.Column("updated_at", sa.Double, nullable=False),
    sa.CheckConstraint("status IN ('waiting', 'active', 'finished')", name="status"),
    sa.Index(None, "status", "created_at"),
    sa.Index(None, "seat0_user_id", "created_at"),
    sa.Index(None, "seat1_user_id", "created_at"),
)

game_actions = sa.Table(
    "game_actions",
    metadata,
    sa.Column(
        "game_id",
        sa.String,
        sa.ForeignKey("games.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("player_id", sa.String, nullable=False),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("chosen_by", sa.String, nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("at", sa.Double, nullable=False),
    sa.Column("event_id", sa.Integer, nullable=True),
    # The actor's ``action_result`` for this entry's client message, compressed (revision
    # 0005): the idempotency answer rides in the row the step writes anyway.
    sa.Column("message_id", sa.String, nullable=True),
    sa.Column("result_z", sa.LargeBinary, nullable=True),
)

game_snapshots = sa.Table(
    "game_snapshots",
    metadata,
    sa.Column(
        "game_id",
        sa.String,
        sa.ForeignKey("games.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("event_id", sa.Integer, nullable=False),
    sa.Column("state_z", sa.LargeBinary, nullable=False),
)

idempotency = sa.Table(
    "idempotency",
    metadata,
    sa.Column(
        "game_id",
        sa.String,
        sa.ForeignKey("games.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("user_id", sa.String, primary_key=True),
    sa.Column("message_id", sa.String, primary_key=True),
    sa.Column("response", sa.Text, nullable=True),
    sa.Column("response_z", sa.LargeBinary, nullable=True),
    sa.CheckConstraint("(response IS NULL) <> (response_z IS NULL)", name="one_body"),
)

# The campaign (revision 0006, docs/CAMPAIGN.md): one row per player who began it, the
# results it granted (the (user, game) key is what makes a grant happen at most once), the
# cards owned and every pack opened (seed and cards, for showing again and auditing).
campaigns = sa.Table(
    "campaigns",
    metadata,
    sa.Column("user_id", sa.String, primary_key=True),
    sa.Column("progress", sa.JSON, nullable=False),
    sa.Column("seed", sa.String, nullable=False),  # decimal text, as games.seed
    sa.Column("packs", sa.Integer, nullable=False),
    sa.Column("opened", sa.Integer, nullable=False),
    sa.Column("started_at", sa.Double, nullable=False),
    sa.Column("updated_at", sa.Double, nullable=False),
)

campaign_results = sa.Table(
    "campaign_results",
    metadata,
    sa.Column("user_id", sa.String, primary_key=True),
    sa.Column("game_id", sa.String, primary_key=True),
    sa.Column("duelist_id", sa.String, nullable=False),
    sa.Column("outcome", sa.String, nullable=False),
    sa.Column("deck_id", sa.String, nullable=False),
    sa.Column("packs", sa.Integer, nullable=False),
    sa.Column("medal", sa.String, nullable=True),
    sa.Column("promo", sa.String, nullable=True),
    sa.Column("crowned", sa.Boolean, nullable=False),
    sa.Column("at", sa.Double, nullable=False),
)

collections = sa.Table(
    "collections",
    metadata,
    sa.Column("user_id", sa.String, primary_key=True),
    sa.Column("card_id", sa.String, primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)

pack_openings = sa.Table(
    "pack_openings",
    metadata,
    sa.Column("user_id", sa.String, primary_key=True),
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seed", sa.String, nullable=False),
    sa.Column("cards", sa.JSON, nullable=False),
    sa.Column("at", sa.Double, nullable=False),
)

# The ladder (revision 0007, docs/LADDER.md): each rated player's Glicko-2 rating, and one
# row per (player, ranked game) that moved it: that key is what makes a game rate at most
# once; ``ix_ratings_rating`` orders the leaderboard.
ratings = sa.Table(
    "ratings",
    metadata,
    sa.Column("user_id", sa.String, primary_key=True),
    sa.Column("rating", sa.Double, nullable=False),
    sa.Column("rd", sa.Double, nullable=False),
    sa.Column("volatility", sa.Double, nullable=False),
    sa.Column("games", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.Double, nullable=False),
    sa.Index(None, "rating"),
)

rating_history = sa.Table(
    "rating_history",
    metadata,
    sa.Column("user_id", sa.String, primary_key=True),
    sa.Column("game_id", sa.String, primary_key=True),
    sa.Column("opponent_id", sa.String, nullable=False),
    sa.Column("score", sa.Double, nullable=False),
    sa.Column("before", sa.Double, nullable=False),
    sa.Column("after", sa.Double, nullable=False),
    sa.Column("rd_after", sa.Double, nullable=False),
    sa.Column("at", sa.Double, nullable=False),
)

TABLES = (
    users,
    refresh_families,
    decks,
    games,
    game_actions,
    game_snapshots,
    idempotency,
    campaigns,
    campaign_results,
    collections,
    pack_openings,
    ratings,
    rating_history,
)
